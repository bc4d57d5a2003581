//! `trasparenza build` on the example sites: pages, the section tree, links, determinism, and the
//! guarantee that a failed build leaves the previous output untouched.

use std::path::{Path, PathBuf};

use crate::harness::{SiteTest, fixture, repo_root, run, tree};

/// Builds a copy of `source` and returns the site and its output folder.
fn built(source: &Path) -> (SiteTest, PathBuf) {
    let site = SiteTest::copy_of(source);
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    let public = site.path().join("public");
    (site, public)
}

fn page(public: &Path, address: &str) -> String {
    std::fs::read_to_string(public.join(address).join("index.html"))
        .unwrap_or_else(|_| panic!("missing page {address}"))
}

/// `href` values of a page.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(|h| h.replace("&amp;", "&")).collect()
}

#[test]
fn every_objective_has_its_page_with_all_its_steps() {
    let (_site, public) = built(&repo_root());
    let checked = trasparenza::check(&repo_root()).unwrap();
    let plan = &checked.site.plans[0];
    for objective in &plan.objectives {
        let html = page(
            &public,
            &format!(
                "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/{}",
                objective.code
            ),
        );
        assert_eq!(html.matches("<h1>").count(), 1);
        assert!(html.contains(&format!("Obiettivo {} – ", objective.code)), "{}", objective.code);
        for step in plan.steps_of(&objective.code) {
            assert!(
                html.contains(&format!("<th scope=\"row\">{}</th>", step.code())),
                "step {} of {}",
                step.code(),
                objective.code
            );
        }
        assert!(html.contains("<caption>"));
    }
    let one =
        page(&public, "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/1");
    assert!(one.contains("<time datetime=\"2025-06-30\">30/06/2025</time>"));
    assert!(one.contains("18,18 %"));
}

#[test]
fn every_section_of_the_tree_exists_and_links_its_children_by_official_label() {
    let (_site, public) = built(&repo_root().join("examples/concass"));
    let root = page(&public, "amministrazione-trasparente");
    for section in trasparenza::render::tree::sections() {
        let html = page(&public, &format!("amministrazione-trasparente/{}", section.slug));
        assert!(html.contains(&format!("<h1>{}</h1>", tera_escape(&section.name))), "{}", section.slug);
        let parent = match section.parent() {
            None => root.clone(),
            Some(parent) => page(&public, &format!("amministrazione-trasparente/{parent}")),
        };
        assert!(
            parent.contains(&format!(">{}</a>", tera_escape(&section.name))),
            "{} is not linked by its label",
            section.slug
        );
    }
}

/// How pages escape text.
fn tera_escape(text: &str) -> String {
    trasparenza::html::escape(text)
}

#[test]
fn every_internal_link_resolves() {
    for source in [repo_root(), repo_root().join("examples/concass")] {
        let (_site, public) = built(&source);
        for (relative, bytes) in tree(&public).into_iter().filter(|(p, _)| p.ends_with(".html")) {
            let html = String::from_utf8(bytes).unwrap();
            let dir = public.join(&relative).parent().unwrap().to_path_buf();
            for link in links(&html).into_iter().filter(|l| !l.starts_with('#') && !l.contains(':')) {
                // Links from the site's root (the 404 page's) resolve from the output folder.
                let path = link.split('#').next().unwrap();
                let target = match path.strip_prefix('/') {
                    Some(from_root) => public.join(from_root),
                    None => dir.join(path),
                };
                let exists = if path.ends_with('/') || path.is_empty() {
                    target.join("index.html").is_file()
                } else {
                    target.is_file()
                };
                assert!(exists, "{relative}: broken link {link}");
            }
        }
    }
}

#[test]
fn two_builds_give_identical_output() {
    let (_a, first) = built(&repo_root());
    let (_b, second) = built(&repo_root());
    assert_eq!(tree(&first), tree(&second));
}

#[test]
fn a_build_with_errors_leaves_the_previous_output_intact() {
    let (site, public) = built(&fixture("base"));
    let before = tree(&public);
    site.write("data/piao-2025-2027/fasi.csv", "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;31/02/2025\n");
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 1);
    assert!(result.stderr.contains("V002"), "{}", result.stderr);
    assert!(result.stderr.contains("non è stato pubblicato"), "{}", result.stderr);
    assert_eq!(tree(&public), before);
    // The template fails halfway through the page, after the page's head is written.
    site.write(
        "templates/objective.html",
        "{% extends \"base.html\" %}{% block content %}<p>Inizio</p>{{ non_esiste.campo }}{% endblock content %}",
    );
    site.write("data/piao-2025-2027/fasi.csv", std::fs::read(fixture("base/data/piao-2025-2027/fasi.csv")).unwrap());
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(result.stderr.contains("/obiettivi/1/ non si può generare"), "{}", result.stderr);
    assert!(result.stderr.contains("non_esiste.campo"), "{}", result.stderr);
    assert_eq!(tree(&public), before);
}

#[test]
fn script_in_a_data_cell_is_neutralised() {
    let site = SiteTest::copy_of(&fixture("base"));
    let objectives = std::fs::read_to_string(fixture("base/data/piao-2025-2027/obiettivi.csv")).unwrap();
    let objectives = objectives
        .replace("<p>Situazione di partenza.</p>", "<p onclick=\"\"x()\"\">Partenza</p><script>alert('x')</script>");
    let objectives = objectives.replace(";Sostegno alle famiglie;", ";<script>alert(1)</script> Sostegno;");
    site.write("data/piao-2025-2027/obiettivi.csv", objectives);
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stderr.contains("V008"), "the cell is reported: {}", result.stderr);
    let html = page(
        &site.path().join("public"),
        "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/1",
    );
    assert!(!html.contains("<script>"), "{html}");
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=\"../../../../../../sito.js\" defer>").count()
    );
    assert!(!html.contains("onclick"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Sostegno"), "titles are escaped");
    assert!(html.contains("<p>Partenza</p>"));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write("templates/objective.html", "{% extends \"base.html\" %}{% block content %}<p>Modello del sito per {{ objective.code }}</p>{% endblock content %}");
    site.write("static/stile.css", "body { color: #000; }");
    site.write("static/delibere/cda-21-2025.pdf", "%PDF-1.4 documento");
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let public = site.path().join("public");
    let objective =
        page(&public, "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/2");
    assert!(objective.contains("<p>Modello del sito per 2</p>"), "{objective}");
    let plan = page(&public, "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027");
    assert!(plan.contains("<caption>Obiettivi del PIAO 2025/2027"), "the theme's other templates stay");
    assert_eq!(std::fs::read_to_string(public.join("stile.css")).unwrap(), "body { color: #000; }");
    assert!(public.join("delibere/cda-21-2025.pdf").is_file());
}

#[test]
fn content_pages_replace_placeholders_and_free_pages_are_published() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "content/amministrazione-trasparente/bandi-di-gara-e-contratti.md",
        "+++\ntitle = \"Bandi\"\n+++\nI bandi sono pubblicati sulla piattaforma regionale.\n",
    );
    site.write("content/privacy.md", "+++\ntitle = \"Privacy dell'ente\"\n+++\nTesto dell'ente.\n");
    site.write("content/bozza.md", "+++\ntitle = \"Bozza\"\ndraft = true\n+++\nNon pubblicare.\n");
    let result = run(&["build", "--site", site.path().to_str().unwrap()]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let public = site.path().join("public");
    let section = page(&public, "amministrazione-trasparente/bandi-di-gara-e-contratti");
    assert!(section.contains("I bandi sono pubblicati sulla piattaforma regionale."));
    assert!(!section.contains("non contiene ancora informazioni"));
    let other = page(&public, "amministrazione-trasparente/bilanci");
    assert!(other.contains("non contiene ancora informazioni"), "sections without content keep the placeholder");
    assert!(page(&public, "privacy").contains("Testo dell'ente."));
    assert!(page(&public, "dichiarazione-di-accessibilita").contains("WCAG 2.1"));
    assert!(!public.join("bozza").exists());
}

#[test]
fn every_page_states_the_date_of_last_update_from_the_data() {
    let (_site, public) = built(&repo_root().join("examples/concass"));
    let deliberations =
        page(&public, "amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico");
    assert!(deliberations.contains("Data di ultimo aggiornamento: <time datetime=\"2026-03-25\">25/03/2026</time>"));
    assert!(deliberations.contains("<th scope=\"row\"><a href=\"../../../amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico/cda-2026-21/\">CdA n. 21</a></th><td>25/03/2026</td>"), "{deliberations}");
    let act =
        page(&public, "amministrazione-trasparente/provvedimenti/provvedimenti-organi-indirizzo-politico/cda-2026-21");
    assert!(act.contains("<h1>Deliberazione CdA n. 21 del 25/03/2026</h1>"), "{act}");
    assert!(act.contains("<th scope=\"row\">Protocollo</th><td>535</td>"), "{act}");
    let staffing = page(&public, "amministrazione-trasparente/personale/dotazione-organica");
    assert!(staffing.contains("<caption>Dotazione organica – "));
    assert!(staffing.contains("<caption>Piano delle assunzioni – "));
    let fed = [
        "index.html",
        "amministrazione-trasparente/index.html",
        "amministrazione-trasparente/performance/piano-della-performance/index.html",
        "amministrazione-trasparente/performance/piano-della-performance/piao-2026-2028/index.html",
        "amministrazione-trasparente/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati/index.html",
    ];
    let pages: Vec<(String, String)> = tree(&public)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| (p, String::from_utf8(bytes).unwrap()))
        .collect();
    for (relative, html) in &pages {
        assert!(!html.contains("non indicata"), "a page without data says nothing of its date: {relative}");
        let objective = relative.contains("/obiettivi/");
        if objective || fed.contains(&relative.as_str()) {
            assert!(html.contains("Data di ultimo aggiornamento: <time datetime=\"20"), "{relative}");
        }
    }
    for relative in fed {
        assert!(pages.iter().any(|(p, _)| p == relative), "{relative} is published");
    }
}

#[test]
fn sections_fed_by_the_data_show_it() {
    let (_root_site, root) = built(&repo_root());
    let corruption = page(&root, "amministrazione-trasparente/altri-contenuti/prevenzione-della-corruzione");
    assert!(
        corruption.contains("Obiettivo 5 – Attuazione misure di trasparenza e di contrasto alla corruzione</a>"),
        "{corruption}"
    );
    let performance = page(&root, "amministrazione-trasparente/performance/piano-della-performance");
    assert!(performance.contains(">PIAO 2025/2027 – Piano degli obiettivi</a>"));
    let year =
        page(&root, "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/scadenze/2027");
    assert!(year.contains("Fase 1.13") && !year.contains("Fase 1.1<"), "{year}");
    let area = page(&root, "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/aree/1");
    assert!(area.contains("1A – Potenziamento degli interventi") && area.contains("Obiettivo 1 – Sostegno"));
    let (_site, concass) = built(&repo_root().join("examples/concass"));
    let offices = page(&concass, "amministrazione-trasparente/organizzazione/articolazione-degli-uffici");
    assert!(offices.contains("<caption>Articolazione degli uffici e responsabili</caption>"));
    assert!(offices.contains("Direttore"));
    let contacts = page(&concass, "amministrazione-trasparente/organizzazione/telefono-e-posta-elettronica");
    assert!(
        contacts
            .contains("<a href=\"mailto:amministrazioneconcass@legalmail.it\">amministrazioneconcass@legalmail.it</a>"),
        "{contacts}"
    );
    let documents = page(
        &concass,
        "amministrazione-trasparente/disposizioni-generali/atti-generali/documenti-di-programmazione-strategico-gestionale",
    );
    assert!(documents.contains("approvato con deliberazione CdA n. 21 del 25/03/2026"), "{documents}");
    let plan = page(&concass, "amministrazione-trasparente/performance/piano-della-performance/piao-2026-2028");
    assert!(plan.contains("<h2>Sezioni del piano</h2>"), "the plan lists its sections from content/");
    let (_base_site, base) = built(&fixture("base"));
    let objective =
        page(&base, "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/2");
    assert!(objective.contains("<caption>Indicatori dell'obiettivo 2</caption>"));
    assert!(objective.contains(">Servizio amministrativo</a>"), "offices are linked by name");
}

/// The `<li>` entries of the lists of a page, in order (the pagination links left out), with
/// links from the site's root.
fn entries(html: &str) -> Vec<String> {
    let lists = html.split("<ul class=\"elenco\">").skip(1).map(|rest| rest.split("</ul>").next().unwrap());
    let from_root = |item: &str| item.trim_end_matches("</li>").replace("../", "");
    lists.flat_map(|list| list.split("<li>").skip(1).map(from_root)).collect()
}

#[test]
fn long_indexes_continue_on_numbered_pages_with_every_entry_once() {
    let deadlines = "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/scadenze/2025/";
    let (_whole_site, whole) = built(&repo_root());
    let all = entries(&page(&whole, deadlines));
    assert!(all.len() > 25, "the 2025 deadlines list {} steps", all.len());
    assert!(!page(&whole, deadlines).contains("paginazione"), "200 entries per page by default");

    let site = SiteTest::copy_of(&repo_root());
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    site.write("config.toml", format!("voci_per_pagina = 10\n{config}"));
    let result = run(&["build", "--site", site.path().to_str().unwrap(), "--base-url", "https://ente.example/"]);
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    let public = site.path().join("public");
    let total = all.len().div_ceil(10);
    let mut seen = Vec::new();
    for number in 1..=total {
        let address = if number == 1 { deadlines.to_string() } else { format!("{deadlines}pagina/{number}/") };
        let html = page(&public, &address);
        let listed = entries(&html);
        assert!(listed.len() <= 10, "page {number} lists {}", listed.len());
        assert!(html.contains(&format!("<p>Pagina {number} di {total}</p>")), "{html}");
        assert_eq!(html.contains("rel=\"next\""), number < total, "page {number}");
        assert_eq!(html.contains("rel=\"prev\""), number > 1, "page {number}");
        if number > 1 {
            assert!(html.contains(&format!("<title>Fasi in scadenza nel 2025 – pagina {number} di {total}")), "{html}");
        }
        seen.extend(listed);
    }
    assert_eq!(seen, all, "the pages together list every entry once, in order");
    assert!(!public.join(format!("{deadlines}pagina/{}/index.html", total + 1)).exists());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(&format!("{deadlines}pagina/{total}/</loc>")), "every page is in the sitemap");
}

#[test]
fn zero_entries_per_page_is_a_configuration_error() {
    let site = SiteTest::copy_of(&fixture("base"));
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    site.write("config.toml", format!("voci_per_pagina = 0\n{config}"));
    let result = site.check(&[]);
    assert_ne!(result.code, 0);
    assert!(
        result.stdout.contains("`voci_per_pagina` deve essere un numero intero maggiore di zero"),
        "{}",
        result.stdout
    );
}

/// Two spellings with the same address (`Comuni`, `comuni`) make one entry of the stakeholder
/// index, under the first spelling, listing the objectives of both (R032 warns about it); two
/// spellings with different addresses (`ASL TO 5`, `ASL TO5`) stay two entries.
#[test]
fn spellings_with_one_address_share_one_index_entry_under_the_first_spelling() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "data/piao-2025-2027/obiettivi.csv",
        "codice;titolo;tipo;obiettivi_strategici;aree_strategiche;strutture;stakeholder;peso_primo_anno\n\
         1;Sostegno alle famiglie;performance;1A;1;direzione;\"Comuni; ASL TO 5\";60%\n\
         2;Rispetto dei tempi di pagamento;peg;2A;2;amministrazione;\"comuni; ASL TO5\";40%\n",
    );
    let result = site.build(&[]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert_eq!(result.stderr.matches("avviso[R032 nomi-simili]").count(), 2, "{}", result.stderr);
    let public = site.path().join("public");
    let index = "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/stakeholder";
    let comuni = page(&public, &format!("{index}/comuni"));
    assert!(comuni.contains("<h1>Comuni</h1>") || comuni.contains(">Comuni<"), "{comuni}");
    assert!(comuni.contains("Sostegno alle famiglie") && comuni.contains("Rispetto dei tempi di pagamento"));
    page(&public, &format!("{index}/asl-to-5"));
    page(&public, &format!("{index}/asl-to5"));
}
