//! The monitoring of `tests/fixtures/monitoring/` laid over the repository-root site: step
//! statuses, achievements as `docs/monitoring.md` computes them, charts, the late-steps index,
//! the report page and the downloads, all carrying the same figures.

use std::path::PathBuf;

use crate::harness::{SiteTest, copy_recursive, fixture, repo_root};

const PLAN: &str = "public/amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027";

fn monitored() -> SiteTest {
    let site = SiteTest::copy_of(&repo_root());
    copy_recursive(&fixture("monitoring/data"), &site.path().join("data"));
    // With a base address, so that the feed is written too.
    let built = site.build(&["--base-url", "https://trasparenza.example.it/"]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let said = format!("{}{}", built.stdout, built.stderr);
    assert!(said.contains("R040"), "the measurement of 15/07/2025 is reported: {said}");
    site
}

fn read(site: &SiteTest, relative: &str) -> String {
    let path: PathBuf = site.path().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

/// The rows of a downloaded CSV, as maps from column to cell.
fn rows(site: &SiteTest, table: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = read(site, &format!("public/dati/piao-2025-2027/{table}.csv"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    reader.records().map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect()).collect()
}

#[test]
fn each_step_shows_its_status_in_words_and_each_objective_its_achievement() {
    let site = monitored();
    let one = read(&site, &format!("{PLAN}/obiettivi/1/index.html"));
    // Objective 1: step 1.1 (weight 10 of 100) completed, indicator I1 at 7 of 10 from 0: 70 %;
    // the default method averages the two: (10 + 70) / 2 = 40 %.
    for needle in [
        "1 fase su 13 completata al 30/06/2025 · 1 in ritardo · raggiungimento 40 %",
        "<progress id=\"avanzamento\" max=\"100\" value=\"40\">40 %</progress>",
        "<span aria-hidden=\"true\">✓</span> completata in tempo",
        "<span aria-hidden=\"true\">!</span> in ritardo",
        "<span aria-hidden=\"true\">◔</span> in corso",
        "<span aria-hidden=\"true\">–</span> non rilevata",
        "<td class=\"numero\">7 famiglie<br><span class=\"nota\">al <time datetime=\"2025-06-30\">30/06/2025</time></span></td>",
        "<td class=\"numero\">70 %<br><span class=\"nota\">mancano 3 famiglie</span></td>",
        "role=\"img\" aria-labelledby=\"grafico-I1-titolo grafico-I1-descrizione\"",
        "<desc id=\"grafico-I1-descrizione\">Valori dell&#39;indicatore I1 rilevati dal 31/03/2025 al 30/06/2025: da 4 famiglie a 7 famiglie; target 10 famiglie (2025); valore iniziale 0 famiglie.</desc>",
    ] {
        assert!(one.contains(needle), "«{needle}» missing from objective 1");
    }
    assert!(!one.contains("15/07/2025"), "a measurement after the reference date does not count");
    let two = read(&site, &format!("{PLAN}/obiettivi/2/index.html"));
    assert!(two.contains("completata in ritardo"), "2.1 was completed on 15/05/2025, due 30/04/2025");
    assert!(two.contains("raggiungimento 80 %"), "the validated figure overrides the computed 5 %");
    assert!(two.contains("validato nella Relazione sulla performance 2025; calcolato dai dati del monitoraggio: 5 %"));
}

#[test]
fn the_plan_rolls_up_its_objectives_and_lists_exactly_the_late_steps() {
    let site = monitored();
    let plan = read(&site, &format!("{PLAN}/index.html"));
    assert!(plan.contains("Raggiungimento degli obiettivi al 30/06/2025"));
    // Objectives 1 (weight 10 %, 40 %) and 2 (weight 10 %, 80 %) have an achievement.
    let weights: Vec<f64> = rows(&site, "obiettivi")
        .iter()
        .filter(|r| r["codice"] == "1" || r["codice"] == "2")
        .map(|r| r["peso_primo_anno"].parse().unwrap())
        .collect();
    let expected = (weights[0] * 40.0 + weights[1] * 80.0) / (weights[0] + weights[1]);
    let shown = format!("Raggiungimento complessivo: <strong>{} %</strong>", format!("{expected}").replace('.', ","));
    assert!(plan.contains(&shown), "«{shown}» missing");
    assert!(plan.contains("Raggiungimento per area strategica al 30/06/2025"));
    // 2025: objective 1 completed 1.1 (10) of the steps due in 2025 (10 + 5 + 10 + 10 + 5 + 5 + 10);
    // objective 2 has its result validated for 2025 (80 %); the two weigh the same.
    let year = (100.0 * 10.0 / 55.0 + 80.0) / 2.0;
    let row =
        format!("<td class=\"numero\">2</td><td class=\"numero\">{} %</td>", format!("{:.1}", year).replace('.', ","));
    assert!(plan.contains("Raggiungimento per anno al 30/06/2025") && plan.contains(&row), "«{row}» missing");
    assert!(plan.contains("<text class=\"valore\""), "the bar chart labels each bar with its value");
    let late = read(&site, &format!("{PLAN}/fasi-in-ritardo/index.html"));
    let listed: Vec<&str> = late.match_indices("Fase ").map(|(at, _)| &late[at..at + 9]).collect();
    assert_eq!(listed, ["Fase 1.6<"], "only 1.6 is late: {late}");
    let area = read(&site, &format!("{PLAN}/aree/1/index.html"));
    assert!(area.contains("Raggiungimento degli obiettivi al 30/06/2025"));
}

#[test]
fn the_downloads_carry_the_figures_the_pages_show() {
    let site = monitored();
    let objectives = rows(&site, "raggiungimento-obiettivi");
    let one = objectives.iter().find(|r| r["obiettivo"] == "1").unwrap();
    assert_eq!(
        (&one["raggiungimento_fasi"][..], &one["raggiungimento_indicatori"][..], &one["raggiungimento"][..]),
        ("10", "70", "40")
    );
    assert_eq!((&one["fasi_completate"][..], &one["fasi_in_ritardo"][..]), ("1", "1"));
    let two = objectives.iter().find(|r| r["obiettivo"] == "2").unwrap();
    assert_eq!(
        (&two["raggiungimento_validato"][..], &two["anno_validazione"][..], &two["raggiungimento"][..]),
        ("80", "2025", "80")
    );
    let statuses = rows(&site, "stato-fasi");
    let status = |step: &str| statuses.iter().find(|r| r["fase"] == step).unwrap()["stato"].clone();
    assert_eq!(
        ["1.1", "1.2", "1.6", "1.11", "2.1", "2.2"].map(status),
        ["completata in tempo", "in corso", "in ritardo", "non rilevata", "completata in ritardo", "non avviata"]
    );
    let indicator = &rows(&site, "raggiungimento-indicatori")[0];
    assert_eq!(
        (&indicator["ultimo_valore"][..], &indicator["raggiungimento"][..], &indicator["distanza"][..]),
        ("7", "70", "3")
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "public/dati/piao-2025-2027/obiettivi/1.json")).unwrap();
    assert_eq!(json["raggiungimento"]["raggiungimento"], 40.0);
    assert_eq!(json["stato_fasi"][0]["stato"], "completata in tempo");
    assert_eq!(json["rilevazioni"].as_array().unwrap().len(), 8, "every measurement of objective 1");
    let package: serde_json::Value = serde_json::from_str(&read(&site, "public/dati/datapackage.json")).unwrap();
    let names: Vec<&str> =
        package["resources"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    for name in ["piao-2025-2027-stato-fasi", "piao-2025-2027-raggiungimento-obiettivi", "piao-2025-2027-risultati"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let feed = read(&site, "public/delibere.xml");
    assert!(!feed.contains("rilevazion") && !feed.contains("Monitoraggio"), "the feed gains no noise");
}

#[test]
fn the_report_page_says_who_validated_it_and_what_is_not_published() {
    let site = monitored();
    let section = "public/amministrazione-trasparente/performance/relazione-sulla-performance";
    let listing = read(&site, &format!("{section}/index.html"));
    assert!(listing.contains("Relazione sulla performance 2025 – PIAO 2025/2027"));
    for needle in [
        "<h2>Monitoraggio – PIAO 2025/2027 – Piano degli obiettivi</h2>",
        "monitoraggi/\">Monitoraggi</a> <span class=\"nota\">(2 monitoraggi)</span>",
        "Fasi in ritardo al 30/06/2025",
        "dati/piao-2025-2027/rilevazioni.csv\">Tutte le rilevazioni (CSV)</a> <span class=\"nota\">(10 rilevazioni)</span>",
    ] {
        assert!(listing.contains(needle), "«{needle}» missing from {listing}");
    }
    let report = read(&site, &format!("{section}/piao-2025-2027/2025/index.html"));
    for needle in [
        "<dt>Validata da</dt><dd>Nucleo di valutazione</dd>",
        "470 su 500",
        "<td class=\"numero\">80 %</td>",
        "<h2>Cosa non è pubblicato</h2>",
        "Le schede di valutazione individuali sono conservate agli atti e non sono pubblicate.",
    ] {
        assert!(report.contains(needle), "«{needle}» missing from {report}");
    }
}

#[test]
fn a_plan_without_monitoring_shows_no_status_and_no_computed_download() {
    let site = SiteTest::copy_of(&repo_root());
    assert_eq!(site.build(&[]).code, 0);
    let one = read(&site, &format!("{PLAN}/obiettivi/1/index.html"));
    assert!(!one.contains("A che punto è") && !one.contains("<svg"));
    assert!(!site.path().join("public/dati/piao-2025-2027/stato-fasi.csv").exists());
}

#[test]
fn each_round_has_a_page_with_what_changed_since_the_previous_one() {
    let site = monitored();
    let listing = read(&site, &format!("{PLAN}/monitoraggi/index.html"));
    assert!(listing.contains("Monitoraggio del primo trimestre 2025 (al 31/03/2025)"));
    let round = read(&site, &format!("{PLAN}/monitoraggi/2025-06-30/index.html"));
    for needle in [
        "<h2>Cosa è cambiato dal 31/03/2025</h2>",
        "Fase 1.6 dell&#39;obiettivo 1</a> <span class=\"nota\">(da «in corso» a «in ritardo»)</span>",
        "(raggiungimento da 20 % a 40 %)",
        "Indicatore I1 dell&#39;obiettivo 1</a> <span class=\"nota\">(30/06/2025: 7 famiglie)</span>",
    ] {
        assert!(round.contains(needle), "«{needle}» missing from {round}");
    }
    assert!(!round.contains("31/03/2025: non avviata"), "the first round's measurements are on its own page");
    let plan = read(&site, &format!("{PLAN}/index.html"));
    assert!(
        plan.contains("monitoraggi/\">Monitoraggi</a>")
            && plan.contains("fasi-in-ritardo/\">Fasi in ritardo al 30/06/2025</a>")
    );
}
