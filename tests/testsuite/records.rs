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

#[test]
fn indicators_are_read_by_their_measure_with_targets_per_year_and_the_plans_own_kinds() {
    let site = SiteTest::copy_of(&fixture("base"));
    let config = read(&site, "config.toml");
    site.write("config.toml", format!("{config}\n[vocabolari]\ntipi_indicatore = [\"Benessere organizzativo\"]\n"));
    site.write(
        "data/piao-2025-2027/indicatori.csv",
        "obiettivo;codice;descrizione;tipo;misura;direzione;valore_iniziale;target;unita\n\
         2;2.i1;Tempestività dei pagamenti;efficienza;tempestività;più basso è meglio;33;\"2025: 30; 2026: 15; 2027: 0\";giorni\n\
         2;2.i2;Pratiche evase;Attività / Processo;Percentuale;;70,00 %;\"2025: 80%; 2026: 90%; 2027: 100%\";\n\
         2;2.i3;Regolamento approvato;di risultato;data;;n.d.;entro il 30/09/2025;\n\
         2;2.i4;Sportello attivo;output;sì/no;;no;sì;\n\
         2;2.i5;Clima interno;benessere organizzativo;;;buono;ottimo;\n",
    );
    site.write(
        "data/piao-2025-2027/rilevazioni.csv",
        "obiettivo;fase;indicatore;data;stato;valore;nota\n1;1.1;;30/06/2025;completata;;\n2;;2.i2;30/06/2025;;85;\n2;;2.i4;30/06/2025;;sì;\n",
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    assert!(!built.stderr.contains("avviso"), "no warnings: {}", built.stderr);
    let page = read(&site, &format!("{PLAN}/obiettivi/2/index.html"));
    for needle in [
        "<th scope=\"col\">Tipo</th><th scope=\"col\">Misura</th>",
        "<td>efficienza</td><td>tempestività</td><td class=\"numero\">33 giorni</td>",
        "<td class=\"numero\">2025: 30 giorni<br>2026: 15 giorni<br>2027: 0 giorni</td>",
        "Direzione: decrescente: più basso è meglio",
        "<td>attività/processo</td><td>percentuale</td><td class=\"numero\">70 %</td>",
        "<td class=\"numero\">2025: 80 %<br>2026: 90 %<br>2027: 100 %</td>",
        "<td>outcome</td><td>data</td><td class=\"numero\">–</td>",
        "<td class=\"numero\">30/09/2025</td>",
        "<td>output</td><td>sì/no</td><td class=\"numero\">no</td>",
        "<td>Benessere organizzativo</td><td>–</td><td class=\"numero\">buono</td>",
    ] {
        assert!(page.contains(needle), "«{needle}» missing from {page}");
    }
    let indicators: serde_json::Value =
        serde_json::from_str(&read(&site, "public/dati/piao-2025-2027/indicatori.json")).unwrap();
    assert_eq!(indicators[0]["valore_iniziale"], 33.0);
    assert_eq!(indicators[0]["target"], "2025: 30; 2026: 15; 2027: 0");
    assert_eq!(indicators[0]["direzione"], "decrescente");
    assert_eq!(indicators[1]["tipo"], "attività/processo");
    assert_eq!(indicators[1]["valore_iniziale"], 70.0);
    assert_eq!(indicators[1]["target"], "2025: 80%; 2026: 90%; 2027: 100%");
    assert_eq!(indicators[2]["valore_iniziale"], serde_json::Value::Null, "n.d. is no value");
    assert_eq!(indicators[2]["target"], "2025-09-30");
    assert_eq!(
        (indicators[3]["valore_iniziale"].clone(), indicators[3]["target"].clone()),
        (false.into(), true.into())
    );
    assert_eq!(indicators[4]["tipo"], "Benessere organizzativo");
    let measurements: serde_json::Value =
        serde_json::from_str(&read(&site, "public/dati/piao-2025-2027/rilevazioni.json")).unwrap();
    assert_eq!(measurements[1]["valore"], 85.0, "a percentage in points, read by its indicator's measure");
    assert_eq!(measurements[2]["valore"], true);
    let csv = read(&site, "public/dati/piao-2025-2027/indicatori.csv");
    assert!(csv.contains(",false,true,"), "{csv}");
}

#[test]
fn staff_taking_part_are_counted_per_category_and_named_only_when_published() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "data/piao-2025-2027/personale-obiettivi.csv",
        "obiettivo;nominativo;categoria;profilo;ruolo\n\
         1;Anna Verdi;Funzionari;Assistente sociale;referente\n\
         1;Luca Neri;Istruttori;;partecipante\n\
         1;Sara Bianchi;Funzionari;Educatrice;partecipante\n\
         2;;;Istruttore contabile;\n",
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    assert!(built.stderr.contains("R009"), "names not published are reported: {}", built.stderr);
    let page = read(&site, &format!("{PLAN}/obiettivi/1/index.html"));
    assert!(page.contains("Partecipano all'obiettivo 3 persone."), "{page}");
    assert!(page.contains("<th scope=\"row\">Funzionari</th><td class=\"numero\">2</td>"), "{page}");
    assert!(page.contains("<th scope=\"row\">Istruttori</th><td class=\"numero\">1</td>"), "{page}");
    assert!(!page.contains("Anna Verdi") && !page.contains("Verdi"), "no name by default: {page}");
    let page = read(&site, &format!("{PLAN}/obiettivi/2/index.html"));
    assert!(
        page.contains("Partecipa all'obiettivo una persona.") && page.contains(">Istruttore contabile</th>"),
        "{page}"
    );
    let download = read(&site, "public/dati/piao-2025-2027/personale-obiettivi.csv");
    assert!(download.starts_with("obiettivo,categoria,profilo,ruolo,percentuale_impegno"), "{download}");
    assert!(!download.contains("Verdi"), "{download}");
    for (path, bytes) in crate::harness::tree(&site.path().join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("Anna Verdi"), "a name reached {path}");
    }

    let config = read(&site, "config.toml");
    site.write(
        "config.toml",
        format!("{config}\n[privacy]\ncolonne_pubblicate = [\"personale-obiettivi.nominativo\"]\n"),
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let page = read(&site, &format!("{PLAN}/obiettivi/1/index.html"));
    assert!(page.contains("<th scope=\"row\">Anna Verdi</th><td>Funzionari</td><td>referente</td>"), "{page}");
    let download = read(&site, "public/dati/piao-2025-2027/personale-obiettivi.csv");
    assert!(download.contains("Anna Verdi"), "{download}");
}

/// Builds `site` and returns the tree of areas of its plan's page.
fn built_plan_tree(site: &SiteTest) -> String {
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let page = read(site, &format!("{PLAN}/index.html"));
    let tree = &page[page.find("<ul class=\"albero\">").expect("the plan's tree")..];
    tree[..tree.find("\n</ul>\n").unwrap()].to_string()
}

#[test]
fn the_plan_page_shows_areas_then_strategic_objectives_then_objectives() {
    let site = SiteTest::copy_of(&fixture("base"));
    let tree = built_plan_tree(&site);
    let positions: Vec<usize> = ["Area strategica 1.", "Obiettivo strategico 1A", "Obiettivo 1 –", "Obiettivo 2 –"]
        .into_iter()
        .map(|needle| tree.find(needle).unwrap_or_else(|| panic!("«{needle}» missing from {tree}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{tree}");
    assert!(tree.contains("Area strategica 2. Amministrazione"), "{tree}");
    assert_eq!(tree.matches("Obiettivo 2 –").count(), 2, "under 1A and under 2A: {tree}");
    assert!(tree.contains("piao-2025-2027/aree/1/\">Area strategica 1."), "areas link to their pages: {tree}");
}

#[test]
fn the_plan_tree_ends_with_the_objectives_under_no_area() {
    let site = SiteTest::copy_of(&fixture("base"));
    let objectives = read(&site, "data/piao-2025-2027/obiettivi.csv");
    site.write(
        "data/piao-2025-2027/obiettivi.csv",
        format!("{objectives}3;Archivio <digitale> & aperto;operativo;;;;;;2025;\n"),
    );
    let tree = built_plan_tree(&site);
    let unplaced = &tree[tree.find("Obiettivi non collegati a un'area").unwrap_or_else(|| panic!("{tree}"))..];
    assert!(
        unplaced
            .contains("piao-2025-2027/obiettivi/3/\">Obiettivo 3 – Archivio &lt;digitale&gt; &amp; aperto</a></li>"),
        "{unplaced}"
    );
    assert!(!unplaced.contains("Obiettivo 1 –"), "{unplaced}");
}

#[test]
fn objective_tables_leave_out_the_columns_no_row_fills() {
    let site = SiteTest::copy_of(&fixture("base"));
    site.write(
        "data/piao-2025-2027/fasi.csv",
        "obiettivo;codice;descrizione;scadenza;kpi;peso_obiettivo;peso_primo_anno\n\
         1;1.1;Avvio;30/06/25;;;\n1;1.2;Rendicontazione;;;;\n\
         2;2.1;Riduzione ritardo;30/09/25;t<=15gg;40,00%;\n2;2.2;Rispetto dei termini;31/12/25;;60,00%;\n",
    );
    site.write(
        "data/piao-2025-2027/indicatori.csv",
        "obiettivo;codice;descrizione;tipo;misura;valore_iniziale;target;unita\n2;2.i1;Tempestività;;;;0;giorni\n",
    );
    let built = site.build(&[]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    let first = read(&site, &format!("{PLAN}/obiettivi/1/index.html"));
    assert!(first.contains("<th scope=\"col\">Scadenza</th></tr>"), "only the deadline is filled: {first}");
    for absent in ["KPI", "Peso sull'obiettivo", "Peso sul primo anno"] {
        assert!(!first.contains(&format!("<th scope=\"col\">{absent}</th>")), "«{absent}» is empty in every row");
    }
    assert!(first.contains("Rendicontazione</p>\n</td><td class=\"stato stato-non-rilevata\"><span aria-hidden=\"true\">–</span> non rilevata</td><td></td></tr>"), "a row without a deadline keeps its cell: {first}");
    let second = read(&site, &format!("{PLAN}/obiettivi/2/index.html"));
    assert!(
        second.contains(
            "<th scope=\"col\">Scadenza</th><th scope=\"col\">KPI</th><th scope=\"col\">Peso sull'obiettivo</th></tr>"
        ),
        "{second}"
    );
    assert!(second.contains("t&lt;=15gg</p>\n</td><td class=\"numero\">40,00 %</td></tr>"), "{second}");
    assert!(
        second.contains("<th scope=\"col\">Codice</th><th scope=\"col\">Descrizione</th><th scope=\"col\">Ultimo valore</th><th scope=\"col\">Target</th><th scope=\"col\">Raggiungimento</th></tr>"),
        "kind, measure and baseline are empty: {second}"
    );
}
