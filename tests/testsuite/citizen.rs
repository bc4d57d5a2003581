//! What a citizen meets first: the home page that leads to the plan, the header with the main
//! sections and a search field, the footer with the entity's contacts and legal pages, short
//! breadcrumbs, and the search index.

use crate::harness::{SiteTest, fixture, repo_root, tree};

fn read(site: &SiteTest, relative: &str) -> String {
    std::fs::read_to_string(site.path().join("public").join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

#[test]
fn the_home_page_leads_to_the_current_plan_its_areas_and_the_sections_with_content_first() {
    let site = SiteTest::copy_of(&repo_root());
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let home = read(&site, "index.html");
    let plan = "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/";
    assert!(home.contains(&format!("Il piano in corso: <a href=\"{plan}\">PIAO 2025/2027")), "{home}");
    assert!(home.contains("<span class=\"cifra\">8</span> obiettivi"), "{home}");
    assert!(home.contains("<span class=\"cifra\">76</span> fasi"), "{home}");
    assert!(home.contains(&format!("<a href=\"{plan}aree/1/\">Minori e famiglie</a>")), "{home}");
    let with = home.find("<a href=\"amministrazione-trasparente/performance/\">Performance</a>").expect("Performance");
    let without = home.find("Sezioni ancora senza contenuti").expect("the sections without content");
    let empty = home.find("<a href=\"amministrazione-trasparente/bandi-di-concorso/\">Bandi di concorso</a>").unwrap();
    assert!(with < without && without < empty, "sections with content come first");
    assert!(home.contains("<form class=\"ricerca-home\" role=\"search\" action=\"ricerca/\""), "{home}");
    assert!(!home.contains("Questa sezione non contiene ancora informazioni"), "{home}");
}

#[test]
fn a_monitored_plan_shows_its_achievement_and_late_steps_on_the_home_page() {
    let site = SiteTest::copy_of(&repo_root());
    crate::harness::copy_recursive(&fixture("monitoring").join("data"), &site.path().join("data"));
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let home = read(&site, "index.html");
    assert!(home.contains("Raggiungimento al "), "{home}");
    assert!(home.contains("fasi-in-ritardo/\">") || home.contains("Nessuna fase in ritardo."), "{home}");
}

#[test]
fn header_footer_and_legal_pages_come_from_the_entity_and_the_configuration() {
    let site = SiteTest::copy_of(&repo_root().join("examples/concass"));
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = read(&site, "amministrazione-trasparente/index.html");
    for needle in [
        "<span class=\"it-brand-title\">Consorzio Casalasco Servizi Sociali</span>",
        "<input type=\"search\" id=\"cerca-nel-sito\" name=\"q\"",
        "<nav class=\"navigazione\" aria-label=\"Sezioni principali\">",
        "<a href=\"../amministrazione-trasparente/performance/piano-della-performance/piao-2026-2028/\">Piano della performance</a>",
        "Via Corsica, 1 – 26041 Casalmaggiore (CR)",
        "Codice fiscale 90007540199 – Partita IVA 01421090190",
        "<li>Telefono 0375/203122</li>",
        "<a href=\"mailto:amministrazione@concass.it\">amministrazione@concass.it</a>",
        "PEC <a href=\"mailto:amministrazioneconcass@legalmail.it\">",
        "<a href=\"../note-legali/\">Note legali</a>",
        "<a href=\"../amministrazione-trasparente/altri-contenuti/accesso-civico/\">Accesso civico</a>",
        "<a href=\"../mappa-del-sito/\">Mappa del sito</a>",
        "<a href=\"../dichiarazione-di-accessibilita/\">Dichiarazione di accessibilità</a>",
    ] {
        assert!(page.contains(needle), "«{needle}» missing from {page}");
    }
    let legal = read(&site, "note-legali/index.html");
    assert!(legal.contains("https://creativecommons.org/licenses/by/4.0/"), "{legal}");
    let map = read(&site, "mappa-del-sito/index.html");
    assert!(map.contains("piao-2026-2028/\">"), "the site map lists the plans: {map}");
    assert!(map.contains("Bandi di concorso</a>"), "{map}");
}

#[test]
fn the_parent_body_and_the_logo_appear_in_the_header_when_the_entity_names_them() {
    let site = SiteTest::copy_of(&fixture("base"));
    let entity = std::fs::read_to_string(site.path().join("data/ente.csv")).unwrap();
    let mut lines = entity.lines();
    let (header, row) = (lines.next().unwrap(), lines.next().unwrap());
    let separator = if header.contains(';') { ';' } else { ',' };
    site.write(
        "data/ente.csv",
        format!(
            "{header}{separator}logo{separator}ente_superiore{separator}sito_ente_superiore\n\
             {row}{separator}logo.svg{separator}Regione Piemonte{separator}https://www.regione.piemonte.it/\n"
        ),
    );
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"></svg>");
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let home = read(&site, "index.html");
    assert!(
        home.contains("<a class=\"navbar-brand\" href=\"https://www.regione.piemonte.it/\">Regione Piemonte</a>"),
        "{home}"
    );
    assert!(home.contains("<img class=\"logo\" src=\"logo.svg\" alt=\"\""), "{home}");
}

#[test]
fn breadcrumbs_show_short_labels() {
    let site = SiteTest::copy_of(&repo_root());
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = read(
        &site,
        "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027/obiettivi/1/index.html",
    );
    let start = page.find("<ol class=\"breadcrumb\">").expect("breadcrumbs");
    let end = start + page[start..].find("</ol>").unwrap();
    for label in page[start..end].split("</li>").filter_map(|item| item.rsplit_once('>').map(|(_, label)| label)) {
        assert!(label.chars().count() <= 41, "«{label}» is too long for a breadcrumb");
    }
    assert!(page[start..end].contains("aria-current=\"page\">Obiettivo 1 – "), "{}", &page[start..end]);
}

#[test]
fn the_search_index_finds_objectives_steps_offices_and_pages_and_is_under_a_fifth_of_the_html() {
    for example in [repo_root(), repo_root().join("examples/concass"), repo_root().join("examples/cissac")] {
        let site = SiteTest::copy_of(&example);
        let built = site.build(&[]);
        assert_eq!(built.code, 0, "{}", built.stderr);
        let files = tree(&site.path().join("public"));
        let html: usize = files.iter().filter(|(p, _)| p.ends_with(".html")).map(|(_, b)| b.len()).sum();
        let script = String::from_utf8(files["ricerca/indice.js"].clone()).unwrap();
        assert!(script.len() * 5 < html, "{}: index {} bytes, HTML {html}", example.display(), script.len());
        let json = script.strip_prefix("window.indiceRicerca = ").and_then(|s| s.strip_suffix(";\n")).unwrap();
        let data: serde_json::Value = serde_json::from_str(json).unwrap();
        let pages = data["pagine"].as_array().unwrap();
        for result in data["risultati"].as_array().unwrap() {
            let page = pages[result[1].as_u64().unwrap() as usize].as_str().unwrap();
            assert!(files.contains_key(&format!("{page}index.html")), "{page} is a page of the site");
        }
    }
    let site = SiteTest::copy_of(&repo_root());
    site.build(&[]);
    let script = read(&site, "ricerca/indice.js");
    let titles: Vec<&str> = script.split("\"risultati\":").nth(1).unwrap().split("],[").collect();
    assert!(titles.iter().any(|t| t.contains("Obiettivo 1 – ")), "objectives are found");
    // A word of step 1.1's indicator («caricamento post assessment su piattaforma RPM») leads
    // to its objective.
    let data: serde_json::Value = serde_json::from_str(
        script.strip_prefix("window.indiceRicerca = ").and_then(|s| s.strip_suffix(";\n")).unwrap(),
    )
    .unwrap();
    let node = "assessment".chars().fold(&data["indice"]["index"]["testo"]["root"], |node, c| &node[c.to_string()]);
    let found: Vec<&str> = node["docs"].as_object().expect("the word is indexed").keys().map(String::as_str).collect();
    let first =
        data["risultati"].as_array().unwrap().iter().position(|r| r[0].as_str().unwrap().starts_with("Obiettivo 1 – "));
    assert!(found.contains(&first.unwrap().to_string().as_str()), "{found:?}");
    let inverted = &script[..script.find("\"risultati\"").unwrap()];
    assert!(!inverted.contains(['à', 'è', 'é', 'ì', 'ò', 'ù', 'À']), "words are indexed with their accents folded");
    assert!(script.contains("Attività") || script.contains("attività"), "results keep their accents");
    let search = read(&site, "ricerca/index.html");
    assert!(search.contains("<label for=\"campo-ricerca\">"), "{search}");
    assert!(search.contains("role=\"status\" aria-live=\"polite\""), "{search}");
    assert!(
        search.contains("piao-2025-2027/scadenze/\">Fasi per scadenza</a>"),
        "without JavaScript, the indexes: {search}"
    );
}

#[test]
fn pages_have_a_description_and_with_a_base_address_a_canonical_link_and_open_graph() {
    let site = SiteTest::copy_of(&repo_root().join("examples/concass"));
    let built = site.build(&["--base-url", "https://www.ente.it/trasparenza/"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = read(&site, "amministrazione-trasparente/performance/index.html");
    for needle in [
        "<meta name=\"description\" content=\"Performance – Amministrazione trasparente di Consorzio Casalasco Servizi Sociali\">",
        "<link rel=\"canonical\" href=\"https://www.ente.it/trasparenza/amministrazione-trasparente/performance/\">",
        "<meta property=\"og:url\" content=\"https://www.ente.it/trasparenza/amministrazione-trasparente/performance/\">",
        "<meta property=\"og:title\" content=\"Performance\">",
        "<link rel=\"icon\" href=\"../../favicon.svg\" type=\"image/svg+xml\">",
    ] {
        assert!(page.contains(needle), "«{needle}» missing from {page}");
    }
    let missing = read(&site, "404.html");
    assert!(missing.contains("<h1>Pagina non trovata</h1>"), "{missing}");
    assert!(missing.contains("<a href=\"/trasparenza/ricerca/\">Cerca nel sito</a>"), "{missing}");
    assert!(!missing.contains("rel=\"canonical\""), "{missing}");
    assert!(!read(&site, "sitemap.xml").contains("404"), "the 404 page is not in the sitemap");
    let unbased = SiteTest::copy_of(&repo_root());
    unbased.build(&[]);
    let page = read(&unbased, "amministrazione-trasparente/performance/index.html");
    assert!(!page.contains("canonical") && !page.contains("og:url"), "no canonical link without a base address");
    assert!(read(&unbased, "404.html").contains("<a href=\"/mappa-del-sito/\">Mappa del sito</a>"));
}

#[test]
fn the_accessibility_statement_and_the_privacy_notice_are_filled_from_the_configuration() {
    let site = SiteTest::copy_of(&fixture("base"));
    let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
    let config = config.replace(
        "piano_corrente = \"piao-2025-2027\"",
        "piano_corrente = \"piao-2025-2027\"\n\n[privacy]\nresponsabile_protezione_dati = \"Studio Rossi\"\nemail_responsabile_protezione_dati = \"dpo@ente-di-prova.it\"",
    );
    site.write("config.toml", &config);
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!built.stderr.contains("R047"), "{}", built.stderr);
    let statement = read(&site, "dichiarazione-di-accessibilita/index.html");
    for needle in [
        "Consorzio di prova si impegna a rendere il proprio sito accessibile",
        "si applica a il sito https://trasparenza.ente-di-prova.it/",
        "Il sito è <strong>parzialmente conforme</strong>",
        "<li>I documenti PDF anteriori al 2024 sono scansioni senza testo",
        "redatta il 20/09/2025, con autovalutazione, ed è stata riesaminata l'ultima volta il 15/01/2026",
        "<a href=\"mailto:prova@pec.it\">prova@pec.it</a>",
        "href=\"https://form.agid.gov.it/\"",
    ] {
        assert!(statement.contains(needle), "«{needle}» missing from {statement}");
    }
    let privacy = read(&site, "privacy/index.html");
    assert!(privacy.contains("Titolare del trattamento: Consorzio di prova"), "{privacy}");
    assert!(privacy.contains("(RPD/DPO): Studio Rossi, <a href=\"mailto:dpo@ente-di-prova.it\""), "{privacy}");
    let config = config.replace("data_dichiarazione = \"20/09/2025\"", "data_dichiarazione = \"settembre\"");
    site.write("config.toml", config);
    let checked = site.check(&[]);
    assert!(
        checked.stdout.contains(
            "avviso[R047 dichiarazione-accessibilita-incompleta]: [accessibilita] data_dichiarazione non è una data"
        ),
        "{}",
        checked.stdout
    );
}
