//! Two sources that would get the same address, or a name that cannot be a folder everywhere:
//! `check` reports them naming both sources, and `build` stops with the same report, leaving the
//! previous output as it was (instead of failing on the second file written, naming neither).

use crate::harness::{SiteTest, fixture, tree};
use crate::invalid::overlay;

/// The base site built, then changed by the corpus case `case`; `check` and `build` must fail
/// reporting every one of `needles`.
fn fails_naming(case: &str, needles: &[&str]) {
    let site = SiteTest::copy_of(&fixture("base"));
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let before = tree(&site.path().join("public"));
    let case = fixture("invalid").join(case);
    overlay(&case, &case, &site);
    site.check_and_build_fail(&before, needles);
}

#[test]
fn deliberations_whose_organs_differ_only_in_case_name_both_rows() {
    fails_naming(
        "71-deliberation-organ-case-and-dots",
        &[
            "errore[R020 indirizzo-conteso]: la delibera cda 21/2025 (data/delibere.csv, riga 3) e la delibera CdA 21/2025 (data/delibere.csv, riga 2)",
            "--> data/delibere.csv, riga 3, colonna A (organo)",
        ],
    );
}

#[test]
fn a_code_named_like_the_file_of_every_page_is_reserved() {
    fails_naming(
        "72-code-index-html",
        &[
            "errore[R021 nome-riservato]: «index.html»",
            "--> data/piao-2025-2027/obiettivi.csv, riga 4, colonna A (codice)",
        ],
    );
}

#[test]
fn windows_device_names_are_reserved_in_codes_and_names() {
    fails_naming(
        "73-codes-windows-reserved-names",
        &[
            "«CON», che diventa il nome di una cartella del sito per la struttura CON (data/strutture.csv, riga 4)",
            "«Lpt1.txt»",
            "--> data/piao-2025-2027/obiettivi.csv, riga 4, colonna G (stakeholder)",
        ],
    );
}

#[test]
fn static_files_at_generated_addresses_name_what_is_generated_there() {
    fails_naming(
        "74-static-file-at-a-generated-address",
        &[
            "il file `static/index.html` e un file generato dal sito",
            "il file `static/delibere.xml` e un file generato dal sito",
            "il file `static/dati/piao-2025-2027/obiettivi.csv` e il download di `data/piao-2025-2027/obiettivi.csv`",
            "--> static/amministrazione-trasparente/index.html",
            "4 errori, 0 avvisi",
        ],
    );
}

#[test]
fn free_pages_at_the_same_address_name_both_files() {
    fails_naming(
        "75-free-pages-at-the-same-address",
        &["la pagina `content/guida-utente.md` e la pagina `content/guida utente.md`", "«con»", "--> content/con.md"],
    );
}

#[test]
fn content_files_differing_only_in_case_name_both_files() {
    let site = SiteTest::copy_of(&fixture("base"));
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let before = tree(&site.path().join("public"));
    site.write("content/privacy.md", "+++\ntitle = \"Privacy\"\n+++\nTesto.\n");
    site.write("content/Privacy.md", "+++\ntitle = \"Privacy\"\n+++\nAltro testo.\n");
    let report = site.check_and_build_fail(
        &before,
        &["errore[R020 indirizzo-conteso]: la pagina `content/privacy.md` e la pagina `content/Privacy.md`"],
    );
    assert!(report.ends_with("1 errore, 0 avvisi\n"), "{report}");
}

#[test]
fn a_site_stylesheet_replacing_the_theme_one_is_not_a_clash() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write("static/stile.css", "body { color: #000; }");
    let checked = site.check(&[]);
    assert_eq!((checked.stdout.as_str(), checked.code), ("0 errori, 0 avvisi\n", 0));
}
