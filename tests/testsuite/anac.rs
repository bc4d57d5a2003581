//! The files of the ANAC art. 13 schema (delibera ANAC 495/2024): named by the dates of the data,
//! with the exact header and rows, the JSON's keys and nesting, linked from "Articolazione degli
//! uffici", absent without offices, the same across builds.

use std::collections::BTreeMap;

use crate::harness::{SiteTest, fixture, tree};

/// Builds `site` and returns every file of its output.
fn built(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    tree(&site.path().join("public"))
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path}: {:?}", files.keys())).clone()).unwrap()
}

const SECTION: &str = "amministrazione-trasparente/organizzazione/articolazione-degli-uffici";

#[test]
fn the_art13_files_are_named_by_the_dates_of_the_data_and_hold_the_offices() {
    let site = SiteTest::copy_of(&fixture("base"));
    let built = built(&site);
    let name = |id: &str, ext: &str| format!("{SECTION}/art.13-{id}-20250110-20260115.{ext}");
    let csv = text(&built, &name("op", "csv"));
    assert_eq!(
        csv,
        "DENOMINAZIONE_ORGANO;COMPETENZE_ORGANO;DENOMINAZIONE_UFFICIO_DIRIGENZIALE;DENOMINAZIONE_UFFICIO_NON_DIRIGENZIALE;COMPETENZE_UFFICIO;NOMINATIVO_DIRIGENTE;QUALIFICA_DIRIGENTE;RECAPITO_TELEFONICO;POSTA_ELETTRONICA_ORDINARIA;POSTA_ELETTRONICA_CERTIFICATA\n\
         Consiglio di amministrazione;;Direzione;;Direzione generale del consorzio;Direttore;Dirigente;0375 000001;direzione@prova.it;\n\
         Consiglio di amministrazione;;;Servizio amministrativo;Contabilità e personale;Funzionario amministrativo;Funzionario;0375 000002;;amministrazione@pec.prova.it\n"
    );
    assert_eq!(
        text(&built, &name("rif", "csv")),
        "RECAPITO_TELEFONICO;POSTA_ELETTRONICA_ORDINARIA;POSTA_ELETTRONICA_CERTIFICATA\n0375 000000;;prova@pec.it\n"
    );
    let json: serde_json::Value = serde_json::from_str(&text(&built, &name("pa", "json"))).unwrap();
    let header = &json["intestazione"];
    assert_eq!(header["amministrazione"]["codiceFiscale"], "90000000000");
    assert_eq!(header["amministrazione"]["denominazione"], "Consorzio di prova");
    assert_eq!(
        (header["dataPrimaPubblicazione"].as_str(), header["dataUltimaModifica"].as_str()),
        (Some("10/01/2025"), Some("15/01/2026"))
    );
    let organs = json["orgPubblicheAmministrazioni"]["organi"].as_array().unwrap();
    assert_eq!(organs.len(), 1, "the service inherits the body of the office above it: {json}");
    assert_eq!(organs[0]["denominazione"], "Consiglio di amministrazione");
    let offices = organs[0]["uffici"].as_array().unwrap();
    let keys: Vec<&str> = offices[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "tipologiaUfficio",
            "denominazioneUfficio",
            "competenzeUfficio",
            "nominativoDirigenteResp",
            "qualificaDirigenteResp",
            "contatti"
        ]
    );
    assert_eq!(offices[0]["tipologiaUfficio"], "Ufficio dirigenziale");
    assert_eq!(offices[1]["tipologiaUfficio"], "Ufficio non dirigenziale");
    assert_eq!(offices[1]["contatti"]["pec"], "amministrazione@pec.prova.it");
    let page = text(&built, &format!("{SECTION}/index.html"));
    for (id, ext) in [("pa", "json"), ("op", "csv"), ("rif", "csv")] {
        let file = format!("art.13-{id}-20250110-20260115.{ext}");
        assert!(page.contains(&format!("{file}\">{file}</a>")), "{file}: {page}");
    }
    assert!(page.contains("schema ANAC (art. 13 D.Lgs. 33/2013, delibera ANAC 495/2024)"), "{page}");
}

#[test]
fn without_offices_there_are_no_art13_files_and_check_says_so() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.remove("data/strutture.csv");
    let objectives = "data/piao-2025-2027/obiettivi.csv";
    let text_of = std::fs::read_to_string(site.path().join(objectives)).unwrap();
    site.write(objectives, text_of.replace(";direzione;", ";;").replace(";amministrazione;", ";;"));
    let checked = site.check(&[]);
    assert!(
        checked.stdout.contains("avviso[R050 schema-anac-art13-incompleto]: non ci sono strutture"),
        "{}",
        checked.stdout
    );
    let built = built(&site);
    assert!(!built.keys().any(|f| f.contains("art.13-")), "{:?}", built.keys());
    assert!(!text(&built, &format!("{SECTION}/index.html")).contains("art.13-"));
}

#[test]
fn without_update_dates_the_files_are_named_without_dates_and_the_build_is_byte_identical() {
    let site = SiteTest::copy_of(&fixture("base"));
    let read = |relative: &str| std::fs::read_to_string(site.path().join(relative)).unwrap();
    let offices = read("data/strutture.csv").replace(";10/01/2025", ";").replace(";15/01/2026", ";");
    site.write("data/strutture.csv", offices);
    site.write("data/ente.csv", read("data/ente.csv").replace(";15/01/2026", ";"));
    let first = built(&site);
    let again = built(&site);
    let art13: Vec<&String> = first.keys().filter(|f| f.contains("art.13-")).collect();
    assert_eq!(
        art13,
        ["art.13-op.csv", "art.13-pa.json", "art.13-rif.csv"]
            .map(|f| format!("{SECTION}/{f}"))
            .iter()
            .collect::<Vec<_>>()
    );
    for file in art13 {
        assert_eq!(first[file], again[file], "{file}");
    }
    assert!(text(&first, &format!("{SECTION}/art.13-op.csv")).starts_with("DENOMINAZIONE_ORGANO;"));
    assert!(site.check(&[]).stdout.contains("sono nominati senza le date"));
}
