//! What the records say reaches the pages: every declared column is in the templates' context by
//! its name, and the pages of areas, strategic objectives and offices show their own records.

use crate::harness::{SiteTest, fixture};

const PLAN: &str = "public/amministrazione-trasparente/performance/piano-della-performance/piao-2025-2027";

fn read(site: &SiteTest, relative: &str) -> String {
    std::fs::read_to_string(site.path().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

#[test]
fn a_template_shows_any_declared_column_by_its_name() {
    let site = SiteTest::copy_of(&fixture("base"));
    let objectives = read(&site, "data/piao-2025-2027/obiettivi.csv");
    let mut lines: Vec<String> = objectives.lines().map(String::from).collect();
    lines[0].push_str(";riferimento_dup;criticita;scadenza;dimensioni_valore_pubblico");
    lines[1].push_str(";Missione 12;Poche **risorse** <script>x()</script>;31/12/2025;\"Sociale; Economico\"");
    for line in &mut lines[2..] {
        line.push_str(";;;;");
    }
    site.write("data/piao-2025-2027/obiettivi.csv", lines.join("\n") + "\n");
    site.write(
        "templates/objective.html",
        "{% extends \"base.html\" %}{% block content %}\
         <p id=\"dup\">{{ objective.columns.riferimento_dup | default(value=\"\") }}</p>\
         <div id=\"criticita\">{{ objective.columns.criticita_html | default(value=\"\") | safe }}</div>\
         <p id=\"scadenza\">{{ objective.columns.scadenza | default(value=\"\") }}</p>\
         <p id=\"peso\">{{ objective.columns.peso_primo_anno }}</p>\
         <ul>{% for item in objective.columns.dimensioni_valore_pubblico | default(value=[]) %}<li>{{ item }}</li>{% endfor %}</ul>\
         <p id=\"assente\">{{ objective.columns.costi | default(value=\"nessuno\") }}</p>\
         {% for step in objective.steps %}<p class=\"fase\">{{ step.columns.codice }}</p>{% endfor %}\
         {% endblock content %}",
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let page = read(&site, &format!("{PLAN}/obiettivi/1/index.html"));
    assert!(page.contains("<p id=\"dup\">Missione 12</p>"), "{page}");
    assert!(page.contains("<strong>risorse</strong>") && !page.contains("<script>x()"), "sanitised: {page}");
    assert!(page.contains("<p id=\"scadenza\">31/12/2025</p>"), "{page}");
    assert!(page.contains("<p id=\"peso\">60,00 %</p>"), "{page}");
    assert!(page.contains("<li>Sociale</li><li>Economico</li>"), "{page}");
    assert!(page.contains("<p id=\"assente\">nessuno</p>"), "an empty column is left out: {page}");
    assert!(page.contains("<p class=\"fase\">1.1</p>"), "{page}");
}

#[test]
fn areas_strategic_objectives_and_offices_show_their_records_and_link_up() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "data/piao-2025-2027/aree-strategiche.csv",
        "codice;nome;descrizione;referente_politico\n1;Minori e famiglie;Interventi per **minori** e famiglie;Assessora Rossi\n2;Amministrazione;;\n",
    );
    site.write(
        "data/piao-2025-2027/obiettivi-strategici.csv",
        "codice;area;titolo;riferimento_dup\n1A;1;Prevenzione del disagio;Missione 12, programma 1\n2A;2;Uso corretto delle risorse;\n",
    );
    site.write(
        "data/strutture.csv",
        "codice;nome;tipo;struttura_superiore;responsabile;qualifica;incarico_dal;incarico_al;funzioni;email\n\
         direzione;Direzione;Direzione generale;;Direttore;Dirigente;01/01/2025;31/12/2027;\"Coordina gli uffici.\n\n- firma gli atti\";direzione@ente.example\n\
         amministrazione;Servizio amministrativo;Unità operativa;direzione;;;;;;\n",
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let area = read(&site, &format!("{PLAN}/aree/1/index.html"));
    assert!(
        area.contains("<dt>Descrizione</dt><dd><p>Interventi per <strong>minori</strong> e famiglie</p>"),
        "{area}"
    );
    assert!(area.contains("<dt>Referente politico</dt><dd>Assessora Rossi</dd>"), "{area}");
    let strategic = read(&site, &format!("{PLAN}/obiettivi-strategici/1A/index.html"));
    assert!(strategic.contains("<dt>Area strategica</dt><dd><a href=\""), "{strategic}");
    assert!(strategic.contains("piao-2025-2027/aree/1/\">1. Minori e famiglie</a>"), "{strategic}");
    assert!(strategic.contains("<dt>Riferimento al DUP</dt><dd>Missione 12, programma 1</dd>"), "{strategic}");
    let office = read(&site, &format!("{PLAN}/strutture/direzione/index.html"));
    for needle in [
        "<dt>Tipo di struttura</dt><dd>Direzione generale</dd>",
        "<dt>Responsabile</dt><dd>Direttore</dd>",
        "<dt>Qualifica del responsabile</dt><dd>Dirigente</dd>",
        "<dt>Incarico dal</dt><dd>01/01/2025</dd>",
        "<dt>Incarico fino al</dt><dd>31/12/2027</dd>",
        "<dt>Funzioni</dt><dd><p>Coordina gli uffici.</p>",
        "<li>firma gli atti</li>",
        "<dt>E-mail</dt><dd>direzione@ente.example</dd>",
    ] {
        assert!(office.contains(needle), "«{needle}» missing from {office}");
    }
    let office = read(&site, &format!("{PLAN}/strutture/amministrazione/index.html"));
    assert!(office.contains("<dt>Tipo di struttura</dt><dd>Unità operativa</dd>"), "an open list of kinds: {office}");
    assert!(office.contains("<dt>Struttura superiore</dt><dd><a href=\""), "{office}");
    let offices: serde_json::Value = serde_json::from_str(&read(&site, "public/dati/strutture.json")).unwrap();
    assert_eq!(offices[0]["incarico_al"], "2027-12-31");
    assert_eq!(offices[0]["qualifica"], "Dirigente");
}
