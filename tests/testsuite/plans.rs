//! A site with three successive plans (`tests/fixtures/three-plans/`): every plan at its own
//! address with its own downloads, the current one listed first and the others under «Piani
//! precedenti», the versions of an objective carried from plan to plan side by side, the rows of
//! steps and indicators as anchors the indexes link to, and the warning for a plan past its five
//! years of publication.

use std::path::Path;

use trasparenza::model::Scope;
use trasparenza::output::{Output, WhenBusy};
use trasparenza::serve::Preview;

use crate::harness::{SiteTest, fixture, tree};

const SECTION: &str = "amministrazione-trasparente/performance/piano-della-performance";
const PLANS: [&str; 3] = ["piao-2023-2025", "piao-2024-2026", "piao-2025-2027"];

/// The page at `address` (`a/b/`) of the site built in `site`.
fn page(site: &SiteTest, address: &str) -> String {
    let path = site.path().join("public").join(address).join("index.html");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn built(site: &SiteTest) {
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// Where `needle` is in `text`, which must hold it.
fn at(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("«{needle}» missing"))
}

/// The `main` element of a page.
fn main_of(html: &str) -> &str {
    &html[at(html, "<main")..at(html, "</main>")]
}

#[test]
fn the_three_plans_check_clean() {
    let run = SiteTest::copy_of(&fixture("three-plans")).check(&[]);
    assert_eq!((run.stdout.as_str(), run.code), ("0 errori, 0 avvisi\n", 0));
}

#[test]
fn every_plan_is_published_at_its_address_with_its_downloads_and_the_current_one_first() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    built(&site);
    for plan in PLANS {
        let html = page(&site, &format!("{SECTION}/{plan}/obiettivi/1"));
        assert!(html.contains("Sostegno alle famiglie"), "{plan}");
        for table in ["piano", "obiettivi", "fasi", "indicatori"] {
            for extension in ["csv", "json", "xlsx"] {
                let file = site.path().join(format!("public/dati/{plan}/{table}.{extension}"));
                assert!(file.is_file(), "{}", file.display());
            }
        }
    }
    assert!(page(&site, &format!("{SECTION}/piao-2024-2026/obiettivi/4")).contains("Servizi online per i cittadini"));
    let listing = page(&site, SECTION);
    let listing = main_of(&listing);
    let order = [
        at(listing, "<h2>Piano in vigore</h2>"),
        at(listing, "piao-2025-2027/\">PIAO 2025/2027</a>"),
        at(listing, "<h2>Piani precedenti</h2>"),
        at(listing, "piao-2024-2026/\">PIAO 2024/2026</a>"),
        at(listing, "piao-2023-2025/\">PIAO 2023/2025</a>"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{listing}");
    assert!(!listing.contains("Piani successivi"));
    let previous = page(&site, &format!("{SECTION}/piao-2023-2025"));
    assert!(previous.contains("Questo non è il piano in vigore: il piano in vigore è il <a href=\""), "{previous}");
    assert!(!page(&site, &format!("{SECTION}/piao-2025-2027")).contains("Questo non è il piano in vigore"));
    let transparency = page(
        &site,
        "amministrazione-trasparente/disposizioni-generali/piano-triennale-per-la-prevenzione-della-corruzione-e-della-trasparenza",
    );
    let transparency = main_of(&transparency);
    assert!(at(transparency, "PIAO 2025/2027") < at(transparency, "<h2>Piani precedenti</h2>"), "{transparency}");
}

#[test]
fn without_piano_corrente_the_latest_plan_comes_first_and_a_named_one_keeps_later_plans_apart() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    site.write("config.toml", "titolo = \"Ente di prova\"\nurl_base = \"https://trasparenza.ente-di-prova.it/\"\n");
    built(&site);
    let listing = page(&site, SECTION);
    let listing = main_of(&listing);
    assert!(at(listing, "PIAO 2025/2027") < at(listing, "<h2>Piani precedenti</h2>"), "{listing}");
    site.write(
        "config.toml",
        "titolo = \"Ente di prova\"\nurl_base = \"https://trasparenza.ente-di-prova.it/\"\npiano_corrente = \"piao-2024-2026\"\n",
    );
    built(&site);
    let listing = page(&site, SECTION);
    let listing = main_of(&listing);
    let order = [
        at(listing, "<h2>Piano in vigore</h2>"),
        at(listing, "PIAO 2024/2026"),
        at(listing, "<h2>Piani successivi</h2>"),
        at(listing, "PIAO 2025/2027"),
        at(listing, "<h2>Piani precedenti</h2>"),
        at(listing, "PIAO 2023/2025"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{listing}");
}

/// The rows of the versions table of a page, as text without tags, one string per row.
fn version_rows(html: &str) -> Vec<String> {
    let table = &html[at(html, "<table class=\"versioni\">")..];
    let body = &table[at(table, "<tbody>")..at(table, "</tbody>")];
    body.split("<tr").skip(1).map(|row| plain(&row[row.find('>').unwrap() + 1..])).collect()
}

/// `html` without its tags, its runs of white space made one space.
fn plain(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_objective_carried_through_the_plans_shows_its_versions_side_by_side() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    built(&site);
    let html = page(&site, &format!("{SECTION}/piao-2025-2027/obiettivi/2"));
    assert!(html.contains("<h2 id=\"versioni\">Versioni nei diversi piani</h2>"));
    let table = &html[at(&html, "<table class=\"versioni\">")..];
    let table = &table[..at(table, "</table>")];
    for plan in ["piao-2023-2025", "piao-2024-2026"] {
        assert!(table.contains(&format!("{SECTION}/{plan}/obiettivi/2/\">")), "{plan} linked");
    }
    assert!(!table.contains("piao-2025-2027/obiettivi/2/"), "the page does not link itself");
    assert_eq!(
        version_rows(&html),
        [
            "PIAO 2023/2025 2 Tempi di pagamento dei fornitori 30,00 % 2.i1: 20 giorni 75 % (validato nella Relazione sulla performance 2023)",
            "PIAO 2024/2026 2 Rispetto dei tempi di pagamento 35,00 % 2.i1: 10 giorni –",
            "PIAO 2025/2027 (questa pagina) 2 Rispetto dei tempi di pagamento 40,00 % 2.i1: 0 giorni 63,6 % al 30/06/2025 (calcolato dal monitoraggio)",
        ],
    );
    assert!(html.contains("<tr class=\"questa-versione\"><th scope=\"row\">PIAO 2025/2027<br>"));
    // Carried by the column obiettivo_precedente: objective 3 of 2023 became objective 4 of 2024.
    let renamed = page(&site, &format!("{SECTION}/piao-2024-2026/obiettivi/4"));
    assert!(renamed.contains(&format!("{SECTION}/piao-2023-2025/obiettivi/3/\">PIAO 2023/2025</a>")));
    let rows = version_rows(&renamed);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("3 Sportello digitale 20,00 %"), "{rows:?}");
    assert!(rows[1].contains("4 Servizi online per i cittadini 10,00 %"), "{rows:?}");
    let first = page(&site, &format!("{SECTION}/piao-2023-2025/obiettivi/3"));
    assert!(first.contains(&format!("{SECTION}/piao-2024-2026/obiettivi/4/\">PIAO 2024/2026</a>")));
    // An objective of a single plan has no versions.
    let single = SiteTest::copy_of(&fixture("base"));
    built(&single);
    assert!(!page(&single, &format!("{SECTION}/piao-2025-2027/obiettivi/2")).contains("Versioni nei diversi piani"));
}

#[test]
fn editing_a_version_rebuilds_the_pages_of_the_others() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    let folders = tempfile::tempdir().unwrap();
    let output = folders.path().join("anteprima");
    let claimed = Output::claim(site.path(), &output, WhenBusy::Stop).unwrap();
    let mut preview = Preview::new(site.path(), claimed, "http://127.0.0.1:1111/");
    preview.rebuild(None).unwrap();
    let objectives = "data/piao-2024-2026/obiettivi.csv";
    let text = std::fs::read_to_string(site.path().join(objectives)).unwrap();
    site.write(objectives, text.replace("Rispetto dei tempi di pagamento", "Pagamenti in trenta giorni"));
    let rebuilt = preview.rebuild(Some(&[objectives.to_string()])).unwrap();
    assert_eq!(rebuilt.scope, Scope::Everything);
    let later =
        std::fs::read_to_string(output.join(format!("{SECTION}/piao-2025-2027/obiettivi/2/index.html"))).unwrap();
    assert!(later.contains("Pagamenti in trenta giorni"));
}

/// Every link with a fragment in the pages under `public`, as (page, target file, fragment).
fn fragment_links(public: &Path) -> Vec<(String, std::path::PathBuf, String)> {
    let mut found = Vec::new();
    for (name, bytes) in tree(public) {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = public.join(&name);
        let dir = dir.parent().unwrap();
        for part in html.split("href=\"").skip(1) {
            let link = &part[..part.find('"').unwrap()];
            let Some((path, fragment)) = link.split_once('#') else { continue };
            if path.is_empty() || path.contains(':') {
                continue;
            }
            found.push((name.clone(), dir.join(path).join("index.html"), fragment.to_string()));
        }
    }
    found
}

#[test]
fn step_and_indicator_rows_are_anchors_that_the_indexes_link_to() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    built(&site);
    let objective = page(&site, &format!("{SECTION}/piao-2025-2027/obiettivi/1"));
    assert!(objective.contains("<tr id=\"fase-1-1\"><th scope=\"row\">1.1</th>"));
    assert!(objective.contains("<tr id=\"fase-1-2\"><th scope=\"row\">1.2</th>"));
    let indicator = page(&site, &format!("{SECTION}/piao-2025-2027/obiettivi/2"));
    assert!(indicator.contains("<tr id=\"indicatore-2-i1\"><th scope=\"row\">2.i1</th>"));
    let deadlines = page(&site, &format!("{SECTION}/piao-2025-2027/scadenze/2025"));
    assert!(deadlines.contains("piao-2025-2027/obiettivi/1/#fase-1-1\">Fase 1.1</a>"), "{deadlines}");
    let late = page(&site, &format!("{SECTION}/piao-2025-2027/fasi-in-ritardo"));
    assert!(late.contains("piao-2025-2027/obiettivi/1/#fase-1-2\">Fase 1.2</a>"), "{late}");
    let links = fragment_links(&site.path().join("public"));
    assert!(links.iter().filter(|(_, _, fragment)| fragment.starts_with("fase-")).count() >= 10);
    for (from, target, fragment) in links {
        let html = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{from}: {}: {e}", target.display()));
        assert!(html.contains(&format!("id=\"{fragment}\"")), "{from} links #{fragment} of {}", target.display());
    }
}

#[test]
fn a_plan_past_its_five_years_of_publication_is_pointed_out_and_still_published() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    site.write("data/piao-2015-2017/piano.csv", "titolo;anno_inizio;anno_fine\nPIAO 2015/2017;2015;2017\n");
    site.write("data/piao-2015-2017/obiettivi.csv", "codice;titolo;tipo\n9;Carta dei servizi;performance\n");
    let run = site.check(&[]);
    assert_eq!(run.code, 0, "a warning: {}", run.stdout);
    assert!(run.stdout.starts_with("══ data/piao-2015-2017/piano.csv ══\navviso[R046 piano-oltre-cinque-anni]: il PIAO 2015/2017 è terminato nel 2017: l'obbligo di pubblicarlo per cinque anni (art. 8, comma 3, D.Lgs. 33/2013) è finito il 31/12/2022, prima del 25/03/2025, la data più recente dei dati\n"), "{}", run.stdout);
    assert!(run.stdout.contains("il piano può essere spostato nell'archivio"), "{}", run.stdout);
    assert_eq!(run.stdout.matches("R046").count(), 1, "only the old plan: {}", run.stdout);
    assert!(run.stdout.ends_with("0 errori, 1 avviso\n"), "{}", run.stdout);
    built(&site);
    let listing = page(&site, SECTION);
    let listing = main_of(&listing);
    assert!(at(listing, "PIAO 2023/2025</a>") < at(listing, "PIAO 2015/2017</a>"), "the oldest comes last");
    assert!(page(&site, &format!("{SECTION}/piao-2015-2017/obiettivi/9")).contains("Carta dei servizi"));
}

#[test]
fn every_plan_table_also_downloads_with_the_rows_of_all_plans_each_with_its_plan() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    built(&site);
    let public = site.path().join("public");
    let read = |path: &str| std::fs::read_to_string(public.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let objectives = read("dati/tutti-i-piani/obiettivi.csv");
    let lines: Vec<&str> = objectives.lines().collect();
    assert!(lines[0].starts_with("piano,codice,titolo,"), "{}", lines[0]);
    assert_eq!(lines.len(), 1 + 3 + 3 + 2, "{objectives}");
    assert!(lines[1].starts_with("piao-2023-2025,1,Sostegno alle famiglie in difficoltà,"), "{}", lines[1]);
    assert!(lines[4].starts_with("piao-2024-2026,1,Sostegno alle famiglie,"), "{}", lines[4]);
    assert!(lines[8].starts_with("piao-2025-2027,2,Rispetto dei tempi di pagamento,"), "{}", lines[8]);
    let steps: serde_json::Value = serde_json::from_str(&read("dati/tutti-i-piani/fasi.json")).unwrap();
    let steps = steps.as_array().unwrap();
    assert_eq!(steps.len(), 3 + 3 + 4);
    assert_eq!(steps[0]["piano"], "piao-2023-2025");
    assert_eq!(steps[9]["piano"], "piao-2025-2027");
    assert_eq!(steps[9]["codice"], "2.2");
    assert!(steps[9]["url"].as_str().unwrap().ends_with("piao-2025-2027/obiettivi/2/"), "{}", steps[9]["url"]);
    // The data package keys the rows by plan and code, and the steps refer to their objective
    // in the same plan.
    let package: serde_json::Value = serde_json::from_str(&read("dati/datapackage.json")).unwrap();
    let resource = |name: &str| {
        package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} missing from datapackage.json"))
    };
    let all_objectives = resource("tutti-i-piani-obiettivi");
    assert_eq!(all_objectives["path"], "tutti-i-piani/obiettivi.csv");
    assert_eq!(all_objectives["schema"]["primaryKey"], serde_json::json!(["piano", "codice"]));
    assert_eq!(all_objectives["schema"]["fields"][0]["name"], "piano");
    let all_steps = resource("tutti-i-piani-fasi");
    assert_eq!(all_steps["schema"]["primaryKey"], serde_json::json!(["piano", "obiettivo", "codice"]));
    assert!(
        all_steps["schema"]["foreignKeys"].as_array().unwrap().contains(&serde_json::json!({
            "fields": ["piano", "obiettivo"],
            "reference": { "resource": "tutti-i-piani-obiettivi", "fields": ["piano", "codice"] }
        })),
        "{}",
        all_steps["schema"]
    );
    let catalogue = page(
        &site,
        "amministrazione-trasparente/altri-contenuti/accessibilita-e-catalogo-dei-dati-metadati-e-banche-dati/catalogo-dei-dati-metadati-e-delle-banche-dati",
    );
    assert!(catalogue.contains("dati/tutti-i-piani/obiettivi.csv\">Obiettivi – tutti i piani (CSV)</a>"));
    // A site of one plan has nothing to put together.
    let single = SiteTest::copy_of(&fixture("base"));
    built(&single);
    assert!(!single.path().join("public/dati/tutti-i-piani").exists());
}

#[test]
fn a_step_edited_in_the_preview_reaches_the_download_of_every_plan() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    let folders = tempfile::tempdir().unwrap();
    let output = folders.path().join("anteprima");
    let claimed = Output::claim(site.path(), &output, WhenBusy::Stop).unwrap();
    // An objective of the last plan only, so that editing it rebuilds its plan alone.
    let (objectives, steps) = ("data/piao-2025-2027/obiettivi.csv", "data/piao-2025-2027/fasi.csv");
    let append = |path: &str, row: &str| {
        let text = std::fs::read_to_string(site.path().join(path)).unwrap();
        site.write(path, format!("{}\n{row}\n", text.trim_end()));
    };
    append(objectives, "9;Biblioteca aperta;operativo;2A;2;amministrazione;Cittadini;;2025;");
    append(steps, "9;9.1;Orari estesi;31/12/25;aperture serali;100,00%;");
    let mut preview = Preview::new(site.path(), claimed, "http://127.0.0.1:1111/");
    preview.rebuild(None).unwrap();
    let text = std::fs::read_to_string(site.path().join(steps)).unwrap();
    site.write(steps, text.replace("Orari estesi", "Orari estesi il sabato"));
    let rebuilt = preview.rebuild(Some(&[steps.to_string()])).unwrap();
    assert!(
        matches!(&rebuilt.scope, Scope::Objectives { plan, .. } if plan == "piao-2025-2027"),
        "{:?}",
        rebuilt.scope
    );
    let together = std::fs::read_to_string(output.join("dati/tutti-i-piani/fasi.csv")).unwrap();
    assert!(together.contains("piao-2025-2027,9,9.1,Orari estesi il sabato,"), "{together}");
    let alone = std::fs::read_to_string(output.join("dati/piao-2025-2027/fasi.csv")).unwrap();
    assert!(alone.contains("9,9.1,Orari estesi il sabato,"), "{alone}");
}

#[test]
fn the_catalogue_gives_each_dataset_the_years_of_its_plan_and_those_of_every_plan_together_all_years() {
    let site = SiteTest::copy_of(&fixture("three-plans"));
    built(&site);
    let catalogue: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path().join("public/dati/catalogo.jsonld")).unwrap()).unwrap();
    let years = |name: &str| {
        let dataset = catalogue["dcat:dataset"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["dct:identifier"] == format!("cdp_prova:{name}"))
            .unwrap_or_else(|| panic!("no dataset {name}"));
        let period = &dataset["dct:temporal"];
        (period["dcat:startDate"]["@value"].clone(), period["dcat:endDate"]["@value"].clone())
    };
    assert_eq!(years("piao-2024-2026-obiettivi"), ("2024-01-01".into(), "2026-12-31".into()));
    assert_eq!(years("tutti-i-piani-obiettivi"), ("2023-01-01".into(), "2027-12-31".into()));
    assert_eq!(years("delibere"), ("2023-01-01".into(), "2027-12-31".into()));
}
