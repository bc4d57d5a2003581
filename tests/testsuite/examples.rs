//! The example sites pass `check` with exactly the warnings their seeds' real data deserve.

use crate::harness::{repo_root, run};

/// `(rule, file, row, column, value)` of a diagnostic.
type Found = (String, String, u64, String, String);

/// The exit code, and every diagnostic `check --format json` reports.
fn diagnostics(site: &std::path::Path) -> (i32, Vec<Found>) {
    let result = run(&["check", "--site", site.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    let found = report["diagnostica"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (text("codice"), text("file"), d["riga"].as_u64().unwrap_or(0), text("colonna"), text("valore"))
        })
        .collect();
    (result.code, found)
}

#[test]
fn cisa_12_reports_the_misnumbered_steps_of_objective_8_two_stakeholders_spelled_twice_and_no_base_address() {
    let (code, found) = diagnostics(&repo_root());
    let fasi = "data/piao-2025-2027/fasi.csv";
    let warning =
        |row: u64, value: &str| ("R003".to_string(), fasi.to_string(), row, "codice".to_string(), value.to_string());
    // The seed does not say at which address the entity publishes: url_base stays empty (R031).
    let no_base = ("R031".to_string(), "config.toml".to_string(), 0, String::new(), String::new());
    // Two stakeholders of the seed are spelled in two ways (R032).
    let obiettivi = "data/piao-2025-2027/obiettivi.csv";
    let similar = |row: u64, value: &str| {
        ("R032".to_string(), obiettivi.to_string(), row, "stakeholder".to_string(), value.to_string())
    };
    // The seed says nothing of the site's accessibility statement (R047) nor when its data was
    // last updated (R048), nor gives the entity's IPA code (R049).
    let statement = ("R047".to_string(), "config.toml".to_string(), 0, String::new(), String::new());
    let undated = ("R048".to_string(), "data/".to_string(), 0, String::new(), String::new());
    let no_ipa = ("R049".to_string(), "config.toml".to_string(), 0, String::new(), String::new());
    // The seed describes no offices: the ANAC art. 13 files cannot be written (R050).
    let no_offices = ("R050".to_string(), "data/".to_string(), 0, String::new(), String::new());
    assert_eq!(
        found,
        [
            no_base,
            statement,
            no_ipa,
            undated,
            no_offices,
            warning(75, "7.1"),
            warning(76, "7.2"),
            warning(77, "7.3"),
            similar(5, "ASL TO 5"),
            similar(6, "Fornitori di beni e servizi specifici"),
        ]
    );
    assert_eq!(code, 0);
}

#[test]
fn cisa_12_text_report_ends_with_the_summary() {
    let result = run(&["check", "--site", repo_root().to_str().unwrap()]);
    assert!(result.stdout.ends_with("\n0 errori, 10 avvisi\n"), "{}", result.stdout);
    assert!(result.stdout.starts_with("══ config.toml ══\navviso[R031 url-base-mancante]"), "{}", result.stdout);
    assert!(result.stdout.contains("\n══ data/piao-2025-2027/fasi.csv ══\n"), "{}", result.stdout);
}

#[test]
fn concass_reports_only_its_accessibility_statement_not_yet_written_and_its_ipa_code() {
    // The PIAO (seed 000) says nothing of the site's accessibility statement (R047) and does not
    // give the entity's IPA code (R049); it names the offices but not what the ANAC art. 13
    // schema asks of them, nor when they were last updated (R050, twice).
    let (code, found) = diagnostics(&repo_root().join("examples/concass"));
    let config = |code: &str| (code.to_string(), "config.toml".to_string(), 0, String::new(), String::new());
    let art13 = ("R050".to_string(), "data/strutture.csv".to_string(), 2, String::new(), String::new());
    assert_eq!((code, found), (0, vec![config("R047"), config("R049"), art13.clone(), art13]));
}

#[test]
fn cisa_12_model_holds_the_whole_plan() {
    let checked = trasparenza::check(&repo_root()).unwrap();
    let plan = &checked.site.plans[0];
    assert_eq!(plan.id, "piao-2025-2027");
    assert_eq!((plan.start_year, plan.end_year), (2025, 2027));
    assert_eq!(plan.areas.len(), 6);
    assert_eq!(plan.strategic_objectives.len(), 9);
    let codes: Vec<&str> = plan.objectives.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["1", "2", "3", "4", "5", "6", "7", "8"]);
    let weights: f64 = plan.objectives.iter().filter_map(|o| o.weight).sum();
    assert!((weights - 100.0).abs() < 1e-9);
    let first = &plan.objectives[0];
    assert_eq!(first.strategic_objectives, ["1A", "1B", "5A", "6A"]);
    assert_eq!(plan.steps_of("1").count(), 13);
    let step = plan.steps_of("1").next().unwrap();
    assert_eq!(step.code(), "1.1");
    assert_eq!(step.schedule.deadline, chrono::NaiveDate::from_ymd_opt(2025, 6, 30));
    assert_eq!((step.weight(), step.year_weight()), (Some(10.0), Some(18.18)));
    let eighth: Vec<&str> = plan.steps_of("8").map(|s| s.code()).collect();
    assert_eq!(eighth, ["7.1", "7.2", "7.3"]);
    assert_eq!(plan.objectives[7].kind, "peg");
}

#[test]
fn cissac_reports_only_its_missing_base_address_statement_and_update_date() {
    // The 2022 report (seed 004) does not say at which address the consortium publishes, nor
    // anything of the site's accessibility statement, of when its data was last updated or of
    // the consortium's IPA code.
    let (code, found) = diagnostics(&repo_root().join("examples/cissac"));
    let config = |code: &str| (code.to_string(), "config.toml".to_string(), 0, String::new(), String::new());
    let undated = ("R048".to_string(), "data/".to_string(), 0, String::new(), String::new());
    // Nor does it give the consortium's tax code and contacts, or the offices' bodies, competences
    // and contacts that the ANAC art. 13 schema asks for (R050).
    let art13 = |file: &str| ("R050".to_string(), file.to_string(), 2, String::new(), String::new());
    assert_eq!(
        (code, found),
        (
            0,
            vec![
                config("R031"),
                config("R047"),
                config("R049"),
                undated,
                art13("data/ente.csv"),
                art13("data/strutture.csv"),
                art13("data/strutture.csv"),
            ]
        )
    );
}

#[test]
fn cissac_builds_its_relazione_sulla_performance_from_the_report_of_2022() {
    let site = crate::harness::SiteTest::copy_of(&repo_root().join("examples/cissac"));
    assert_eq!(site.build(&[]).code, 0);
    let section = site.path().join("public/amministrazione-trasparente/performance/relazione-sulla-performance");
    let listing = std::fs::read_to_string(section.join("index.html")).unwrap();
    assert!(listing.contains("Relazione sulla performance 2022 – Piano della performance 2022"));
    let report = std::fs::read_to_string(section.join("piano-performance-2022/2022/index.html")).unwrap();
    // The scores the Nucleo di valutazione proposes for each area, as the report gives them.
    let scores: Vec<(&str, &str)> = [
        ("Direzione - Area amministrativa", "480"),
        ("Area specialistica", "470"),
        ("Area amministrativa", "460"),
        ("Area famiglie", "470"),
    ]
    .into();
    for (office, score) in scores {
        let row = format!("<tr><th scope=\"row\">{office}</th><td class=\"numero\">{score}</td></tr>");
        assert!(report.contains(&row), "«{row}» missing from {report}");
    }
    assert!(report.contains("<dt>Validata da</dt><dd>Nucleo di valutazione</dd>"));
    assert!(report.contains("sono conservate agli atti non essendo oggetto di pubblicazione"));
    let plan = std::fs::read_to_string(site.path().join(
        "public/amministrazione-trasparente/performance/piano-della-performance/piano-performance-2022/index.html",
    ))
    .unwrap();
    assert!(
        plan.contains("Scopo, Visione e Missione del CISSAC"),
        "the report's narrative sections are the plan's pages"
    );
    let results =
        std::fs::read_to_string(site.path().join("public/dati/piano-performance-2022/risultati.csv")).unwrap();
    assert_eq!(results.lines().count(), 5, "{results}");
}
