//! Steps with a period in place of, or beside, a deadline: shown as written, due at the end of
//! the period in the deadlines index, and a warning when the period cannot be read.

use crate::harness::{SiteTest, fixture};

const PLAN: &str = "amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027";

#[test]
fn a_period_is_shown_as_written_and_counts_as_the_deadline() {
    let site = SiteTest::copy_of(&fixture("base"));
    let case = fixture("invalid/100-step-period-unreadable/data/piao-2025-2027/fasi.csv");
    site.write("data/piao-2025-2027/fasi.csv", std::fs::read(case).unwrap());
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(built.stderr.contains("V011"), "{}", built.stderr);
    let public = site.path().join("public");
    let page = std::fs::read_to_string(public.join(format!("{PLAN}/obiettivi/1/index.html"))).unwrap();
    assert!(page.contains(r#"<time datetime="2025-02-28">gennaio/febbraio</time>"#), "{page}");
    assert!(page.contains("quando possibile"), "an unreadable period is still shown");
    let year_2025 = std::fs::read_to_string(public.join(format!("{PLAN}/scadenze/2025/index.html"))).unwrap();
    assert!(year_2025.contains("periodo gennaio/febbraio, entro il 28/02/2025"), "{year_2025}");
    let year_2027 = std::fs::read_to_string(public.join(format!("{PLAN}/scadenze/2027/index.html"))).unwrap();
    assert!(year_2027.contains("periodo secondo semestre 2027, entro il 31/12/2027"), "{year_2027}");
    let steps = std::fs::read_to_string(public.join("dati/piao-2025-2027/fasi.csv")).unwrap();
    assert!(steps.lines().next().unwrap().contains(",periodo,"), "the download has the column: {steps}");
    assert!(steps.contains("gennaio/febbraio"), "{steps}");
}

#[test]
fn an_objective_shows_its_description_first_its_schedule_dup_reference_and_coordinating_office() {
    let site = SiteTest::copy_of(&fixture("base"));
    let case = fixture("invalid/101-objective-schedule-and-coordinating-office/data/piao-2025-2027/obiettivi.csv");
    let text = std::fs::read_to_string(case).unwrap().replace("ragioneria", "amministrazione").replace("2029", "2026");
    site.write("data/piao-2025-2027/obiettivi.csv", text);
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let public = site.path().join("public");
    let page = std::fs::read_to_string(public.join(format!("{PLAN}/obiettivi/1/index.html"))).unwrap();
    let description = page.find("<h2>Descrizione</h2>").expect("a heading of its own");
    assert!(
        page[description..].starts_with("<h2>Descrizione</h2>\n<p>Accompagnare le famiglie fragili.</p>"),
        "{page}"
    );
    assert_eq!(page.find("<h2>"), Some(description), "the description is the first text of the page");
    assert!(
        page.contains(r#"<dt>Scadenza</dt><dd><time datetime="2025-12-31">da gennaio a dicembre</time></dd>"#),
        "{page}"
    );
    assert!(page.contains("<dt>Riferimento al DUP</dt><dd>Missione 12, programma 5</dd>"), "{page}");
    assert!(page.contains("<dt>Struttura di coordinamento</dt><dd><a href="), "{page}");
    let second = std::fs::read_to_string(public.join(format!("{PLAN}/obiettivi/2/index.html"))).unwrap();
    assert!(second.contains(r#"<time datetime="2026-12-31">31/12/2026</time>"#), "{second}");
    assert!(second.contains(">Servizio amministrativo</a></dd>"), "{second}");
    let objectives = std::fs::read_to_string(public.join("dati/piao-2025-2027/obiettivi.json")).unwrap();
    let objectives: serde_json::Value = serde_json::from_str(&objectives).unwrap();
    assert_eq!(objectives[0]["descrizione"], "Accompagnare le famiglie fragili.");
    assert_eq!(objectives[0]["periodo"], "da gennaio a dicembre");
    assert_eq!(objectives[1]["scadenza"], "2026-12-31");
    assert_eq!(objectives[1]["struttura_coordinatrice"], "amministrazione");
}
