//! The command line: exit codes, usage errors, the JSON report, and a file too big to commit.

use std::fmt::Write;

use crate::harness::{SiteTest, fixture, run, run_with};

#[test]
fn a_folder_that_is_not_a_site_exits_with_2() {
    let empty = tempfile::tempdir().unwrap();
    let result = run(&["check", "--site", empty.path().to_str().unwrap()]);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("non è un sito: manca config.toml"), "{}", result.stderr);
    let result = run(&["check", "--site", "/nessuna/cartella/così"]);
    assert_eq!(result.code, 2);
    assert!(result.stderr.contains("non si può aprire"), "{}", result.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(run(&["verifica"]).code, 2);
}

#[test]
fn warnings_only_exit_with_0_and_errors_with_1() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "data/piao-2025-2027/fasi.csv",
        "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;30/06/25\n1;9.1;Seconda;30/09/25\n",
    );
    let result = site.check(&[]);
    assert_eq!(result.code, 0, "{}", result.stdout);
    assert!(result.stdout.ends_with("0 errori, 1 avviso\n"), "{}", result.stdout);
    site.write("data/piao-2025-2027/fasi.csv", "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;30/02/25\n");
    let result = site.check(&[]);
    assert_eq!(result.code, 1);
    assert!(result.stdout.ends_with("1 errore, 0 avvisi\n"), "{}", result.stdout);
}

#[test]
fn json_report_has_every_field() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write("data/piao-2025-2027/fasi.csv", "obiettivo;codice;descrizione;scadenza\n1;1.1;Avvio;30/02/25\n");
    let result = site.check(&["--format", "json"]);
    assert_eq!(result.code, 1);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(report["errori"], 1);
    assert_eq!(report["avvisi"], 0);
    let diagnostic = &report["diagnostica"][0];
    assert_eq!(diagnostic["gravita"], "errore");
    assert_eq!(diagnostic["codice"], "V002");
    assert_eq!(diagnostic["regola"], "data-non-valida");
    assert_eq!(diagnostic["file"], "data/piao-2025-2027/fasi.csv");
    assert_eq!(diagnostic["riga"], 2);
    assert_eq!(diagnostic["colonna"], "scadenza");
    assert_eq!(diagnostic["valore"], "30/02/25");
    assert_eq!(diagnostic["messaggio"], "«30/02/25» non è una data valida");
    assert!(diagnostic["atteso"].as_str().unwrap().contains("31/12/2025"));
    assert!(diagnostic["suggerimento"].is_string());
}

/// A 50 MB steps table, generated here rather than committed, with one bad date in its last row.
#[test]
fn a_50_mb_table_is_read_whole_and_its_last_row_located() {
    let site = SiteTest::copy_of(&fixture("base"));
    let mut text = String::from("obiettivo;codice;descrizione;scadenza;kpi\n");
    let filler = "descrizione lunga della fase, con un testo che occupa spazio come nei piani veri";
    let mut rows = 0u64;
    while text.len() < 50 * 1024 * 1024 {
        rows += 1;
        writeln!(text, "1;1.{rows};{filler};30/06/2025;KPI della fase {rows}").unwrap();
    }
    writeln!(text, "2;2.1;ultima fase;31/02/2025;KPI").unwrap();
    site.write("data/piao-2025-2027/fasi.csv", &text);
    let result = site.check(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(report["errori"], 1, "{}", result.stdout);
    assert_eq!(report["diagnostica"][0]["codice"], "V002");
    assert_eq!(report["diagnostica"][0]["riga"], rows + 2);
    assert_eq!(report["diagnostica"][0]["colonna"], "scadenza");
}

/// A steps table of 10,000 rows, each with the same kind of bad date: the text report is one
/// short entry naming the first rows and counting the others; the JSON report lists them all.
#[test]
fn a_column_wrong_in_10000_rows_is_one_short_entry_of_the_text_report_and_10000_in_json() {
    let site = SiteTest::copy_of(&fixture("base"));
    let mut text = String::from("obiettivo;codice;descrizione;scadenza\n");
    for row in 1..=10_000 {
        writeln!(text, "1;1.{row};fase {row};2025-30-06").unwrap();
    }
    site.write("data/piao-2025-2027/fasi.csv", &text);
    let report = site.check(&[]);
    assert_eq!(report.code, 1);
    assert!(report.stdout.len() < 2_000, "the text report has {} bytes:\n{}", report.stdout.len(), report.stdout);
    assert!(
        report.stdout.contains("10.000 righe della colonna scadenza hanno lo stesso tipo di problema"),
        "{}",
        report.stdout
    );
    assert!(
        report.stdout.contains("colonna D (scadenza), righe 2, 3, 4, 5, 6 e altre 9.995 righe\n"),
        "{}",
        report.stdout
    );
    assert!(report.stdout.contains("   | riga 2: «2025-30-06»\n"), "{}", report.stdout);
    assert!(report.stdout.ends_with("\n10.000 errori, 0 avvisi\n"), "{}", report.stdout);
    let json = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let all = json["diagnostica"].as_array().unwrap();
    assert_eq!((all.len(), json["errori"].as_u64()), (10_000, Some(10_000)));
    assert!(all.iter().all(|d| d["codice"] == "V002" && d["colonna"] == "scadenza"));
    assert_eq!(all[9_999]["riga"], 10_001);
}

#[test]
fn init_creates_a_site_that_checks_with_only_its_placeholders_reported_and_builds() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("nuovo-sito");
    let site = dir.to_str().unwrap();
    let result = run(&["init", site]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(dir.join("GUIDA.md").is_file());
    for table in trasparenza::schema::TABLES {
        let path = match table.scope {
            trasparenza::schema::Scope::Site => dir.join("data").join(table.file),
            trasparenza::schema::Scope::Plan => dir.join("data/piao-2026-2028").join(table.file),
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(';').collect();
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(header, columns, "{}", table.file);
        assert_eq!(text.lines().count(), 2, "{}: header and one example row", table.file);
    }
    let check = run(&["check", "--site", site, "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let found: Vec<(&str, &str, &str)> = report["diagnostica"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["codice"].as_str().unwrap(), d["file"].as_str().unwrap(), d["colonna"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(report["errori"], 0, "{}", check.stdout);
    // Only the placeholders to replace are reported: the title, and the example cells.
    assert!(found.contains(&("R031", "config.toml", "")), "{found:?}");
    assert!(found.contains(&("R030", "config.toml", "")), "the title: {found:?}");
    for (file, column) in [
        ("data/ente.csv", "denominazione"),
        ("data/ente.csv", "codice_fiscale"),
        ("data/ente.csv", "partita_iva"),
        ("data/ente.csv", "pec"),
        ("data/strutture.csv", "email"),
        ("data/delibere.csv", "oggetto"),
        ("data/delibere.csv", "documento"),
        ("data/piao-2026-2028/obiettivi.csv", "titolo"),
        ("data/piao-2026-2028/fasi.csv", "descrizione"),
    ] {
        assert!(found.contains(&("R030", file, column)), "{file} {column}: {found:?}");
    }
    assert!(found.contains(&("R047", "config.toml", "")), "the statement is still to be written: {found:?}");
    assert!(found.iter().all(|(code, _, _)| ["R030", "R031", "R047"].contains(code)), "{found:?}");
    for (file, column) in [("data/delibere.csv", "organo"), ("data/piao-2026-2028/obiettivi.csv", "tipo")] {
        assert!(!found.contains(&("R030", file, column)), "real values are not examples: {file} {column}");
    }
    let build = run(&["build", "--site", site]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(dir.join("public/amministrazione-trasparente/performance/piano-della-performance/piao-2026-2028/obiettivi/1/index.html").is_file());
    let again = run(&["init", site]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("non è vuota"), "{}", again.stderr);
}

#[test]
fn stage_times_are_printed_only_when_asked_for() {
    let site = SiteTest::copy_of(&fixture("base"));
    let path = site.path().to_str().unwrap();
    let quiet = run(&["build", "--site", path]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("tempo:"), "{}", quiet.stderr);
    let timed = run(&["build", "--site", path, "--tempi"]);
    assert_eq!(timed.code, 0, "{}", timed.stderr);
    let stages: Vec<&str> = timed
        .stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix("tempo: "))
        .map(|rest| {
            // `pagine 12 ms (memoria 40 MB, picco 52 MB)`: the memory where the system says it.
            let (time, memory) = rest.split_once(" ms").unwrap();
            let (stage, milliseconds) = time.rsplit_once(' ').unwrap();
            assert!(milliseconds.parse::<u64>().is_ok(), "{rest}");
            if cfg!(target_os = "linux") {
                let memory = memory.strip_prefix(" (memoria ").and_then(|m| m.strip_suffix(" MB)")).unwrap();
                let (now, peak) = memory.split_once(" MB, picco ").unwrap();
                assert!(now.parse::<u64>().unwrap() <= peak.parse::<u64>().unwrap(), "{rest}");
            }
            stage
        })
        .collect();
    // The objectives' pages, the downloads and the search index are made side by side: they end
    // in any order, after the theme and before the other pages, or after them for the index.
    let mut side_by_side: Vec<&str> = stages
        .iter()
        .copied()
        .filter(|stage| ["pagine degli obiettivi", "download", "ricerca"].contains(stage))
        .collect();
    let in_order = [
        "lettura dei dati",
        "modello e regole",
        "tema e file statici",
        "pagine",
        "metadati",
        "sostituzione della cartella",
    ];
    assert_eq!(
        stages.iter().filter(|stage| in_order.contains(stage)).copied().collect::<Vec<_>>(),
        in_order,
        "{}",
        timed.stderr
    );
    side_by_side.sort_unstable();
    assert_eq!(side_by_side, ["download", "pagine degli obiettivi", "ricerca"], "{}", timed.stderr);
    let position = |name: &str| stages.iter().position(|stage| *stage == name).unwrap();
    assert!(position("tema e file statici") < position("download"), "{}", timed.stderr);
    assert!(position("download") < position("pagine"), "{}", timed.stderr);
    assert!(position("pagine degli obiettivi") < position("pagine"), "{}", timed.stderr);
    assert!(position("ricerca") < position("metadati"), "{}", timed.stderr);
    assert!(!timed.stderr.contains("Generazione del sito"), "times, not progress: {}", timed.stderr);
    let checked = run(&["--tempi", "check", "--site", path]);
    assert!(checked.stderr.contains("tempo: modello e regole"), "{}", checked.stderr);
}

#[test]
fn a_base_url_that_is_not_http_or_https_is_a_usage_error_and_writes_nothing() {
    let site = SiteTest::copy_of(&fixture("base"));
    let folder = site.path().to_str().unwrap().to_string();
    for bad in ["javascript:alert(1)//", "JaVaScRiPt:alert(1)", "data:text/html,x", "//altro.example/", "sito/"] {
        let result = run(&["build", "--site", &folder, "--base-url", bad]);
        assert_eq!(result.code, 2, "{bad}: {}", result.stderr);
        assert!(result.stderr.contains("--base-url «"), "{}", result.stderr);
        assert!(result.stderr.contains("non è un indirizzo assoluto http:// o https://"), "{}", result.stderr);
        assert!(!site.path().join("public").exists(), "{bad}: nothing is written");
    }
    let result = run(&["build", "--site", &folder, "--base-url", "https://www.ente.it/"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let feed = std::fs::read_to_string(site.path().join("public/delibere.xml")).unwrap();
    assert!(feed.contains("<link>https://www.ente.it/"), "{feed}");
}

/// Without url_base, `check` and `build` warn (R031); `build --base-url` gives the address, and
/// then the warning is not shown.
#[test]
fn a_missing_base_address_is_a_warning_unless_build_is_given_one() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write("config.toml", "titolo = \"Ente di prova\"\npiano_corrente = \"piao-2025-2027\"\n");
    let path = site.path().to_str().unwrap();
    let output = tempfile::tempdir().unwrap();
    let public = output.path().join("sito");
    let public = public.to_str().unwrap();
    let check = site.check(&[]);
    assert_eq!(check.code, 0);
    assert!(check.stdout.contains("avviso[R031 url-base-mancante]"), "{}", check.stdout);
    let build = run(&["build", "--site", path, "--output", public]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stderr.contains("avviso[R031 url-base-mancante]"), "{}", build.stderr);
    let given = run(&["build", "--site", path, "--output", public, "--base-url", "https://trasparenza.ente.it/"]);
    assert_eq!(given.code, 0, "{}", given.stderr);
    assert!(!given.stderr.contains("R031"), "{}", given.stderr);
}

/// clap's help and errors are in Italian, like everything else, with exit code 2 for a mistake.
#[test]
fn help_and_command_line_mistakes_are_in_italian() {
    let unknown = run(&["--nonesiste"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(unknown.stderr.contains("l'argomento «--nonesiste» non esiste"), "{}", unknown.stderr);
    assert!(unknown.stderr.contains("Uso: trasparenza"), "{}", unknown.stderr);
    assert!(unknown.stderr.contains("Per l'aiuto: trasparenza --help"), "{}", unknown.stderr);
    let misspelt = run(&["build", "--sito", "."]);
    assert!(misspelt.stderr.contains("forse si intendeva «--site»"), "{}", misspelt.stderr);
    assert!(misspelt.stderr.contains("Per l'aiuto: trasparenza build --help"), "{}", misspelt.stderr);
    let command = run(&["buidl"]);
    assert!(command.stderr.contains("il comando «buidl» non esiste"), "{}", command.stderr);
    let value = run(&["check", "--format", "xml"]);
    assert_eq!(value.code, 2);
    assert!(value.stderr.contains("il valore «xml» non è valido per --format"), "{}", value.stderr);
    assert!(value.stderr.contains("valori ammessi: text, json"), "{}", value.stderr);
    for output in [&unknown, &misspelt, &command, &value] {
        for english in ["error:", "Usage:", "tip:", "For more information"] {
            assert!(!output.stderr.contains(english), "{english}: {}", output.stderr);
        }
    }
    for args in [&["--help"][..], &["build", "--help"], &["serve", "-h"], &["init", "--help"], &["check", "--help"]] {
        let help = run(args);
        assert_eq!(help.code, 0, "{args:?}");
        assert!(help.stdout.contains("Uso: trasparenza"), "{args:?}: {}", help.stdout);
        assert!(help.stdout.contains("Opzioni:"), "{args:?}: {}", help.stdout);
        assert!(help.stdout.contains("Mostra questo aiuto"), "{args:?}: {}", help.stdout);
        for english in ["Usage:", "Options:", "Commands:", "Arguments:", "[default:", "Print help"] {
            assert!(!help.stdout.contains(english), "{args:?}: {english}: {}", help.stdout);
        }
    }
    assert!(run(&["--help"]).stdout.contains("Comandi:"));
    assert!(run(&["init", "--help"]).stdout.contains("Argomenti:"));
    assert_eq!(run(&["--version"]).stdout, format!("trasparenza {}\n", env!("CARGO_PKG_VERSION")));
}

/// Piped, a build's progress is plain lines in Italian: one as each stage starts, with the files
/// written against a total that never changes once known, and one at each further tenth of the
/// files; the last line is the whole total. No escape code anywhere: the warnings and clap's
/// errors are coloured only on a terminal (or when colours are forced).
#[test]
fn piped_a_build_prints_plain_progress_lines_and_nothing_in_colour() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write("config.toml", "titolo = \"Ente di prova\"\npiano_corrente = \"piao-2025-2027\"\n");
    let path = site.path().to_str().unwrap();
    let built = run(&["build", "--site", path]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let files: u64 = built.stdout.trim().rsplit_once(": ").unwrap().1.strip_suffix(" file.").unwrap().parse().unwrap();
    let progress: Vec<&str> =
        built.stderr.lines().filter_map(|line| line.strip_prefix("Generazione del sito: ")).collect();
    assert_eq!(progress[..3], ["lettura dei dati", "modello e regole", "tema e file statici"], "{}", built.stderr);
    let mut stages = Vec::new();
    let mut done_before = 0;
    for line in &progress[3..] {
        // `pagine, 71 di 228 file (31 %)`
        let (stage, counts) = line.split_once(", ").unwrap();
        let (done, rest) = counts.split_once(" di ").unwrap();
        let (total, percent) = rest.split_once(" file (").unwrap();
        let (done, total): (u64, u64) = (done.parse().unwrap(), total.parse().unwrap());
        assert_eq!(total, files, "the total is known from the start: {line}");
        assert!(done_before <= done && done <= total, "{line}");
        assert_eq!(percent, format!("{} %)", done * 100 / total), "{line}");
        done_before = done;
        if stages.last() != Some(&stage) {
            stages.push(stage);
        }
    }
    // The objectives' pages, the downloads and the search index are made side by side, in any
    // order; the other pages follow the first two, and the metadata all of them.
    let position = |name: &str| stages.iter().position(|stage| *stage == name).unwrap_or(usize::MAX);
    let mut seen = stages.clone();
    seen.sort_unstable();
    assert_eq!(
        seen,
        ["download", "metadati", "pagine", "pagine degli obiettivi", "ricerca", "sostituzione della cartella"],
        "{}",
        built.stderr
    );
    assert!(position("download") < position("pagine"), "{}", built.stderr);
    assert!(position("pagine degli obiettivi") < position("pagine"), "{}", built.stderr);
    assert_eq!(stages[4..], ["metadati", "sostituzione della cartella"], "{}", built.stderr);
    assert!(progress.len() <= 9 + 10, "a line per stage and per tenth, not per file: {}", built.stderr);
    assert_eq!(
        progress.last(),
        Some(&format!("sostituzione della cartella, {files} di {files} file (100 %)").as_str())
    );
    assert!(built.stderr.contains("avviso[R031 url-base-mancante]"), "{}", built.stderr);
    let mistake = run(&["buidl"]);
    assert!(mistake.stderr.contains("il comando «buidl» non esiste"), "{}", mistake.stderr);
    for printed in [&built.stdout, &built.stderr, &mistake.stderr] {
        assert!(!printed.contains('\x1b'), "an escape code when piped: {printed:?}");
    }
    let forced = run_with(&["build", "--site", path], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stderr.contains("\x1b["), "the warnings have colours to drop: {:?}", forced.stderr);
    assert!(forced.stderr.contains("Generazione del sito: lettura dei dati\n"), "{:?}", forced.stderr);
}
