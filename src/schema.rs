//! The data format, as data: every table, every column, its type and whether it is required.
//!
//! This is the staff's user interface (Italian file and column names), the single source for the
//! loader's header checks, the model's value parsing, `docs/data-format.md` (generated from here by
//! [`markdown_reference`]) and, later, the published table schemas.

use crate::diagnostics::Rule;

/// The largest files and cells the generator reads: a larger one is an error found before it is
/// read into memory ([`Rule::FileTooLarge`], [`Rule::CellTooLarge`]), so that a wrong file (a
/// disk image saved as `fasi.csv`, a link to a device) cannot exhaust the memory.
pub mod limits {
    /// A size for messages: `256 MiB`, `1,5 MiB`, `300 byte`.
    pub fn megabytes(bytes: u64) -> String {
        const MIB: u64 = 1 << 20;
        if bytes < MIB / 10 {
            return format!("{bytes} byte");
        }
        let tenths = (bytes * 10 + MIB / 2) / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{},{} MiB", tenths / 10, tenths % 10)
        }
    }

    const MIB: u64 = 1 << 20;

    /// A table: a plan of 50,000 objectives has a `fasi.csv` of about 180 MB.
    pub const TABLE: u64 = 256 * MIB;
    /// One cell of a table: a long text is a few kilobytes.
    pub const CELL: usize = MIB as usize;
    /// A Markdown page of `content/`: a thousand printed pages of text.
    pub const PAGE: u64 = 4 * MIB;
    /// A template.
    pub const TEMPLATE: u64 = MIB;
    /// A file of `static/` (documents, images), copied as it is: also held in memory while copied.
    pub const STATIC: u64 = 128 * MIB;
    /// `config.toml`.
    pub const CONFIG: u64 = MIB;
    /// A workbook (`.xlsx`, `.ods`): compressed, it holds several times its size in cells, all
    /// read into memory at once.
    pub const WORKBOOK: u64 = 32 * MIB;

    /// Every limit, with what it applies to in Italian, for the documentation.
    pub const ALL: [(&str, u64); 7] = [
        ("una tabella (`data/…/*.csv`)", TABLE),
        ("una cartella di lavoro (`data/…/*.xlsx`, `data/…/*.ods`)", WORKBOOK),
        ("una cella di una tabella", CELL as u64),
        ("una pagina Markdown di `content/`", PAGE),
        ("un modello (`templates/`, `themes/<tema>/templates/`)", TEMPLATE),
        ("un file di `static/` (o `themes/<tema>/static/`)", STATIC),
        ("`config.toml`", CONFIG),
    ];
}

/// Where a table lives: once per site, or once per plan folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `data/<file>`.
    Site,
    /// `data/<plan>/<file>`.
    Plan,
}

/// Every table of the data format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    /// `ente.csv`.
    Entity,
    /// `strutture.csv`.
    Offices,
    /// `delibere.csv`.
    Deliberations,
    /// `piano.csv`.
    Plan,
    /// `aree-strategiche.csv`.
    StrategicAreas,
    /// `obiettivi-strategici.csv`.
    StrategicObjectives,
    /// `obiettivi.csv`.
    Objectives,
    /// `fasi.csv`.
    Steps,
    /// `indicatori.csv`.
    Indicators,
    /// `monitoraggi.csv`.
    MonitoringRounds,
    /// `rilevazioni.csv`.
    Measurements,
    /// `relazioni.csv`.
    Reports,
    /// `risultati.csv`.
    Results,
    /// `personale-obiettivi.csv`.
    ObjectiveStaff,
    /// `dotazione-organica.csv`.
    Staffing,
    /// `piano-assunzioni.csv`.
    Hiring,
    /// `stato-fasi` (computed, only downloaded).
    StepStatuses,
    /// `raggiungimento-indicatori` (computed, only downloaded).
    IndicatorAchievements,
    /// `raggiungimento-obiettivi` (computed, only downloaded).
    ObjectiveAchievements,
}

/// What a column holds, which decides how its cells are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text on one line.
    Text,
    /// Long text: Markdown, or legacy HTML that is sanitised when published.
    LongText,
    /// A code as the plan writes it (`1`, `1A`, `1.3`): letters, digits, `.`, `-`, `_`.
    Code,
    /// A whole number (`35.719` is thirty-five thousand).
    Integer,
    /// A decimal number with comma or point, thousands dots and an optional `€`.
    Number,
    /// A percentage: `10,00%`, `18,18 %`, `10`.
    Percent,
    /// A date: `31/12/2025`, `31/12/25` or `2025-12-31`.
    Date,
    /// A period as plans write it: `gennaio/febbraio`, `I trimestre`, `entro giugno`, `2025–2026`.
    Period,
    /// A year: `2025`.
    Year,
    /// Several text items separated by `;`.
    List,
    /// One of a fixed list of values.
    Choice(&'static [&'static str]),
    /// A term of a vocabulary, written in any of its spellings (`Attività / processo`,
    /// `di processo`), and, where the vocabulary allows it, a term the configuration adds.
    Terms(&'static Vocabulary),
    /// A value of an indicator, read by the row's `misura` (guessed from the value when the row
    /// has none): a number, a percentage, a date, yes/no or text.
    Measured,
    /// The targets of an indicator, read by the row's `misura`: one value, or one per year
    /// (`2025: 10%; 2026: 20%`).
    Targets,
    /// The code of a record of another table.
    Reference(TableId),
    /// Several codes of records of another table, separated by `;`.
    References(TableId),
    /// A deliberation written as `organo numero/anno` (`CdA 21/2026`).
    DeliberationRef,
    /// A link: an `https:`, `http:` or `mailto:` address, or the path of a file of `static/`
    /// (see [`crate::links`]).
    Link,
}

impl Kind {
    /// The type in words, for the documentation.
    pub fn describe(self) -> String {
        match self {
            Kind::Text => "testo".into(),
            Kind::LongText => "testo lungo (Markdown o HTML)".into(),
            Kind::Code => "codice".into(),
            Kind::Integer => "numero intero".into(),
            Kind::Number => "numero".into(),
            Kind::Percent => "percentuale".into(),
            Kind::Date => "data".into(),
            Kind::Period => {
                "periodo (`gennaio/febbraio`, `da gennaio a dicembre`, `entro giugno`, `I trimestre`, `secondo semestre 2025`, `2025–2026`)".into()
            }
            Kind::Year => "anno".into(),
            Kind::List => "elenco separato da `;`".into(),
            Kind::Choice(values) => format!("uno tra: {}", values.join(", ")),
            Kind::Terms(vocabulary) => vocabulary.describe(),
            Kind::Measured => "valore secondo la `misura`: numero, percentuale (`100%`), data (`30/09/2024`, `entro il 30/09/2024`), `sì`/`no` o testo; `n.d.` o `-` se non disponibile".into(),
            Kind::Targets => "valore secondo la `misura`, oppure uno per anno: `2025: 10%; 2026: 20%`".into(),
            Kind::Reference(table) => format!("codice di `{}`", schema(table).file),
            Kind::References(table) => format!("codici di `{}` separati da `;`", schema(table).file),
            Kind::DeliberationRef => "riferimento a `delibere.csv` (`organo numero/anno`)".into(),
            Kind::Link => "indirizzo (`https://`, `http://`, `mailto:`) o percorso di un file in `static/`".into(),
        }
    }

    /// The rules that check a cell of this kind (besides `V001` for required cells).
    pub fn rules(self) -> Vec<Rule> {
        match self {
            Kind::Text | Kind::List => vec![],
            Kind::LongText => vec![Rule::UnsafeHtml],
            Kind::Code => vec![Rule::InvalidCode, Rule::DuplicateCode],
            Kind::Integer | Kind::Number => vec![Rule::InvalidNumber],
            Kind::Percent => vec![Rule::InvalidPercent],
            Kind::Date => vec![Rule::InvalidDate],
            Kind::Period => vec![Rule::UnreadPeriod],
            Kind::Year => vec![Rule::InvalidYear],
            Kind::Choice(_) | Kind::Terms(_) => vec![Rule::NotAllowed],
            Kind::Measured | Kind::Targets => vec![Rule::MeasureMisfit, Rule::PercentFraction],
            Kind::Reference(_) | Kind::References(_) => vec![Rule::InvalidCode, Rule::DanglingReference],
            Kind::DeliberationRef => vec![Rule::InvalidDeliberationRef, Rule::DanglingReference],
            Kind::Link => vec![Rule::UnsafeLink],
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Name in the header row.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether every record must fill it in.
    pub required: bool,
    /// Whether it holds personal data, published only if the configuration says so.
    pub personal: bool,
    /// What it means, in Italian.
    pub description: &'static str,
    /// An example value.
    pub example: &'static str,
    /// Its heading on the pages, when the name with spaces does not read well (`Criticità` for
    /// `criticita`).
    pub label: Option<&'static str>,
}

impl Column {
    /// The same column with `label` as its heading on the pages.
    pub const fn labelled(self, label: &'static str) -> Column {
        Column { label: Some(label), ..self }
    }

    /// Its heading on the pages: the label, or else the name with spaces and a capital
    /// (`referente_politico` is «Referente politico»).
    pub fn heading(&self) -> String {
        if let Some(label) = self.label {
            return label.to_string();
        }
        let spaced = self.name.replace('_', " ");
        let mut chars = spaced.chars();
        chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }
}

/// One table of the data format.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    /// Which table.
    pub id: TableId,
    /// File name, in `data/` or in each plan folder.
    pub file: &'static str,
    /// Site-wide or per plan.
    pub scope: Scope,
    /// Whether the file must exist.
    pub required_file: bool,
    /// Whether the table holds exactly one record.
    pub single_record: bool,
    /// Name of the table in Italian.
    pub title: &'static str,
    /// What it holds, in Italian.
    pub description: &'static str,
    /// Its columns, in the order of the example files.
    pub columns: &'static [Column],
}

impl Table {
    /// The column called `name`, if the table has one.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The name of the table as used in `config.toml` (`obiettivi` for `obiettivi.csv`).
    pub fn stem(&self) -> &'static str {
        self.file.trim_end_matches(".csv")
    }
}

const fn col(name: &'static str, kind: Kind, description: &'static str, example: &'static str) -> Column {
    Column { name, kind, required: false, personal: false, description, example, label: None }
}

const fn req(name: &'static str, kind: Kind, description: &'static str, example: &'static str) -> Column {
    Column { name, kind, required: true, personal: false, description, example, label: None }
}

const fn personal(name: &'static str, kind: Kind, description: &'static str, example: &'static str) -> Column {
    Column { name, kind, required: false, personal: true, description, example, label: None }
}

/// The first column of the downloads that hold every plan's rows together
/// ([`crate::address::ALL_PLANS`]): the plan each row belongs to.
pub static PLAN_COLUMN: Column =
    req("piano", Kind::Code, "cartella del piano a cui appartiene la riga", "piao-2025-2027");

/// Values allowed in `obiettivi.tipo`.
pub const OBJECTIVE_KINDS: &[&str] = &["performance", "peg", "operativo"];
/// How the values of an indicator are read (see [`Kind::Measured`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Measure {
    /// A number, with an optional unit beside it (`unita`).
    Number,
    /// A percentage, in points.
    Percent,
    /// A date: the target is met by that day.
    Date,
    /// Yes or no.
    YesNo,
    /// Text.
    Text,
}

impl Measure {
    /// The measure in words, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Measure::Number => "un numero (come 33 o 1.234,5)",
            Measure::Percent => "una percentuale (come 100% o 70,00 %)",
            Measure::Date => "una data (come 30/09/2024 o «entro il 30/09/2024»)",
            Measure::YesNo => "sì o no",
            Measure::Text => "un testo",
        }
    }
}

/// A term of a [`Vocabulary`] and the other spellings plans use for it.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    /// The term as published.
    pub name: &'static str,
    /// Other spellings, folded like the cells (case, accents and spaces do not count).
    pub synonyms: &'static [&'static str],
}

const fn term(name: &'static str, synonyms: &'static [&'static str]) -> Term {
    Term { name, synonyms }
}

/// The terms a column accepts.
#[derive(Debug)]
pub struct Vocabulary {
    /// The terms.
    pub terms: &'static [Term],
    /// The key of `[vocabolari]` in `config.toml` that adds terms, if the vocabulary is open.
    pub config_key: Option<&'static str>,
}

/// A vocabulary is the same as another only if it is the same declaration.
impl PartialEq for Vocabulary {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Vocabulary {}

impl Vocabulary {
    /// The terms, for messages: `uno tra: efficacia, efficienza, …`.
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.terms.iter().map(|term| term.name).collect();
        format!("uno tra: {} (o un'altra grafia elencata in docs/data-format.md)", names.join(", "))
    }

    /// The vocabulary in words, for the documentation.
    pub fn describe(&self) -> String {
        let terms: Vec<String> = self
            .terms
            .iter()
            .map(|term| match term.synonyms {
                [] => format!("`{}`", term.name),
                synonyms => format!(
                    "`{}` (o {})",
                    term.name,
                    synonyms.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                ),
            })
            .collect();
        let mut text = format!("uno tra: {}", terms.join(", "));
        if let Some(key) = self.config_key {
            text.push_str(&format!("; altri si aggiungono in `config.toml`, `[vocabolari] {key}`"));
        }
        text
    }
}

/// The kinds of indicators (`indicatori.tipo`): the dimensions plans measure.
pub static INDICATOR_KINDS: Vocabulary = Vocabulary {
    terms: &[
        term("efficacia", &["efficacia quantitativa", "efficacia qualitativa"]),
        term("efficienza", &["efficienza economica", "efficienza temporale"]),
        term("economicità", &["economico", "economico-finanziario"]),
        term("qualità", &["qualitativo", "qualità erogata", "qualità percepita"]),
        term("quantità", &["quantitativo", "volume"]),
        term("tempestività", &["tempo", "tempi", "temporale"]),
        term("attività/processo", &["attività", "processo", "di processo", "di attività", "realizzazione"]),
        term("output", &["prodotto", "di output", "di prodotto"]),
        term("outcome", &["risultato", "di risultato", "di outcome"]),
        term("impatto", &["di impatto", "impatto sociale"]),
        term("customer satisfaction", &["soddisfazione", "gradimento", "soddisfazione degli utenti"]),
        term("stato delle risorse", &["salute", "salute organizzativa", "stato di salute"]),
    ],
    config_key: Some("tipi_indicatore"),
};

/// The measures of indicators (`indicatori.misura`), each with how its values are read.
pub static INDICATOR_MEASURES: Vocabulary = Vocabulary {
    terms: &[
        term("numero", &["numerico", "valore", "valore assoluto", "n."]),
        term("quantità", &["quantitativo"]),
        term("tempestività", &["giorni", "tempo medio"]),
        term("percentuale", &["%", "percento", "tasso", "rapporto percentuale"]),
        term("data", &["scadenza", "termine"]),
        term("sì/no", &["booleano", "binario", "on/off", "raggiunto/non raggiunto"]),
        term("testo", &["descrittivo", "qualitativo"]),
    ],
    config_key: None,
};

/// How the values of each term of [`INDICATOR_MEASURES`] are read, in the same order.
pub const MEASURE_KINDS: [Measure; 7] =
    [Measure::Number, Measure::Number, Measure::Number, Measure::Percent, Measure::Date, Measure::YesNo, Measure::Text];

/// Whether a higher or a lower value of an indicator is better (`indicatori.direzione`).
pub static DIRECTIONS: Vocabulary = Vocabulary {
    terms: &[
        term("crescente", &["aumento", "in aumento", "maggiore", "più alto è meglio", "↑", "+"]),
        term("decrescente", &["diminuzione", "in diminuzione", "riduzione", "minore", "più basso è meglio", "↓", "-"]),
    ],
    config_key: None,
};
/// Values allowed in `rilevazioni.stato`.
pub const STEP_STATUSES: &[&str] = &["completata", "in corso", "in ritardo", "non avviata"];
/// Values allowed in `strutture.tipo_ufficio`, the two kinds of office of the ANAC art. 13 schema.
pub const OFFICE_LEVELS: &[&str] = &["dirigenziale", "non dirigenziale"];
/// Values allowed in `piano-assunzioni.stato`.
pub const HIRING_STATUSES: &[&str] = &["effettuata", "in corso", "prevista"];

const UPDATED: Column =
    col("data_aggiornamento", Kind::Date, "data dell'ultimo aggiornamento dei dati della riga", "15/01/2026");

/// Every table, site-wide first, in the order the documentation lists them.
pub const TABLES: &[Table] = &[
    Table {
        id: TableId::Entity,
        file: "ente.csv",
        scope: Scope::Site,
        required_file: true,
        single_record: true,
        title: "Ente",
        description: "L'anagrafica dell'ente: una sola riga.",
        columns: &[
            req("denominazione", Kind::Text, "nome dell'ente", "Consorzio Casalasco Servizi Sociali"),
            col("tipologia", Kind::Text, "tipo di ente", "Consorzio"),
            col("indirizzo", Kind::Text, "via e numero civico", "Via Corsica, 1"),
            col("cap", Kind::Text, "codice di avviamento postale", "26041"),
            col("comune", Kind::Text, "comune della sede", "Casalmaggiore"),
            col("provincia", Kind::Text, "sigla della provincia", "CR"),
            col("codice_fiscale", Kind::Text, "codice fiscale", "90007540199"),
            col("partita_iva", Kind::Text, "partita IVA", "01421090190"),
            col("codice_ipa", Kind::Text, "codice dell'ente nell'Indice PA", "ccss"),
            col("telefono", Kind::Text, "telefono del centralino", "0375/203122"),
            col("email", Kind::Text, "posta elettronica", "amministrazione@concass.it"),
            col("pec", Kind::Text, "posta elettronica certificata", "amministrazioneconcass@legalmail.it"),
            col("sito_web", Kind::Link, "indirizzo del sito istituzionale", "https://www.concass.it/"),
            col(
                "logo",
                Kind::Link,
                "stemma o logo dell'ente, un file SVG o PNG in `static/`, mostrato nell'intestazione",
                "logo.svg",
            ),
            col(
                "ente_superiore",
                Kind::Text,
                "l'ente di cui fa parte o a cui fa capo, mostrato sopra l'intestazione",
                "Regione Lombardia",
            ),
            col("sito_ente_superiore", Kind::Link, "indirizzo del sito dell'ente superiore", "https://www.regione.lombardia.it/"),
            col("dipendenti", Kind::Integer, "numero di dipendenti", "15"),
            col("dipendenti_al", Kind::Date, "data a cui si riferisce il numero di dipendenti", "31/12/2025"),
            col("abitanti", Kind::Integer, "abitanti del territorio servito", "35.719"),
            col("abitanti_al", Kind::Date, "data a cui si riferisce il numero di abitanti", "01/01/2025"),
            UPDATED,
        ],
    },
    Table {
        id: TableId::Offices,
        file: "strutture.csv",
        scope: Scope::Site,
        required_file: false,
        single_record: false,
        title: "Strutture",
        description: "Le articolazioni degli uffici: aree, servizi, uffici e i loro responsabili.",
        columns: &[
            req("codice", Kind::Code, "codice della struttura, unico", "programmazione"),
            req("nome", Kind::Text, "nome della struttura", "Area programmazione"),
            col(
                "tipo",
                Kind::Text,
                "tipo di struttura, come lo chiama l'ente (settore, area, servizio, ufficio, unità operativa, segreteria…)",
                "area",
            )
            .labelled("Tipo di struttura"),
            col(
                "tipo_ufficio",
                Kind::Choice(OFFICE_LEVELS),
                "se la struttura è un ufficio dirigenziale (diretto da un dirigente) o no, come lo chiede lo schema ANAC dell'art. 13",
                "non dirigenziale",
            )
            .labelled("Ufficio"),
            col("struttura_superiore", Kind::Reference(TableId::Offices), "struttura di cui fa parte", "direzione"),
            col(
                "organo",
                Kind::Text,
                "organo di indirizzo politico o di amministrazione da cui la struttura dipende (se vuoto: quello della struttura superiore)",
                "Consiglio di amministrazione",
            ),
            col("responsabile", Kind::Text, "responsabile (incarico o nome, pubblicato per legge)", "Direttore"),
            col("qualifica", Kind::Text, "qualifica del responsabile", "Funzionario, incaricato di elevata qualificazione")
                .labelled("Qualifica del responsabile"),
            col("incarico_dal", Kind::Date, "inizio dell'incarico del responsabile", "01/01/2025")
                .labelled("Incarico dal"),
            col("incarico_al", Kind::Date, "fine dell'incarico del responsabile", "31/12/2027").labelled("Incarico fino al"),
            col(
                "funzioni",
                Kind::LongText,
                "funzioni e competenze della struttura (Markdown)",
                "Programmazione, controllo di gestione e rendicontazione",
            ),
            col("email", Kind::Text, "posta elettronica della struttura", "ufficio@ente.it").labelled("E-mail"),
            col("pec", Kind::Text, "posta elettronica certificata della struttura", "ufficio@pec.ente.it").labelled("PEC"),
            col("telefono", Kind::Text, "telefono della struttura", "0375 203122"),
            col("dal", Kind::Date, "data di istituzione della struttura", "01/01/2024").labelled("Istituita il"),
            col("al", Kind::Date, "data di soppressione della struttura", "").labelled("Soppressa il"),
            UPDATED,
        ],
    },
    Table {
        id: TableId::Deliberations,
        file: "delibere.csv",
        scope: Scope::Site,
        required_file: false,
        single_record: false,
        title: "Delibere",
        description: "Le deliberazioni degli organi di indirizzo politico.",
        columns: &[
            req("organo", Kind::Text, "organo che ha deliberato", "CdA"),
            req("numero", Kind::Code, "numero della deliberazione", "21"),
            req("data", Kind::Date, "data della deliberazione", "25/03/2026"),
            req("oggetto", Kind::Text, "oggetto", "Approvazione del PIAO 2026/2028"),
            col("tipo", Kind::Text, "tipo di atto", "Deliberazione"),
            col("protocollo", Kind::Text, "numero di protocollo", "535"),
            col("documento", Kind::Link, "file in static/ o indirizzo web del documento", "delibere/cda-21-2026.pdf"),
            UPDATED,
        ],
    },
    Table {
        id: TableId::Plan,
        file: "piano.csv",
        scope: Scope::Plan,
        required_file: true,
        single_record: true,
        title: "Piano",
        description: "Il piano (PIAO) della cartella: una sola riga.",
        columns: &[
            req("titolo", Kind::Text, "titolo del piano", "PIAO 2026/2028"),
            req("anno_inizio", Kind::Year, "primo anno del piano", "2026"),
            req("anno_fine", Kind::Year, "ultimo anno del piano", "2028"),
            col("delibera_approvazione", Kind::DeliberationRef, "delibera che approva il piano", "CdA 21/2026"),
            col("data_approvazione", Kind::Date, "data di approvazione", "25/03/2026"),
            col("descrizione", Kind::LongText, "presentazione del piano", "Il piano integra…"),
            col(
                "data_riferimento",
                Kind::Date,
                "data a cui si riferisce il monitoraggio (se manca: quella dell'ultimo di `monitoraggi.csv`)",
                "30/06/2026",
            ),
            UPDATED,
        ],
    },
    Table {
        id: TableId::StrategicAreas,
        file: "aree-strategiche.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Aree strategiche",
        description: "Le aree (o linee) strategiche del piano.",
        columns: &[
            req("codice", Kind::Code, "codice dell'area, unico nel piano", "1"),
            req("nome", Kind::Text, "nome dell'area", "Minori e famiglie"),
            col("descrizione", Kind::LongText, "descrizione", ""),
            col("referente_politico", Kind::Text, "referente politico", ""),
        ],
    },
    Table {
        id: TableId::StrategicObjectives,
        file: "obiettivi-strategici.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Obiettivi strategici",
        description: "Gli obiettivi strategico-operativi, ciascuno in un'area strategica.",
        columns: &[
            req("codice", Kind::Code, "codice, unico nel piano", "1A"),
            req("area", Kind::Reference(TableId::StrategicAreas), "area strategica", "1").labelled("Area strategica"),
            req("titolo", Kind::Text, "titolo", "Potenziamento degli interventi di prevenzione"),
            col("riferimento_dup", Kind::Text, "riferimento al Documento unico di programmazione", "")
                .labelled("Riferimento al DUP"),
        ],
    },
    Table {
        id: TableId::Objectives,
        file: "obiettivi.csv",
        scope: Scope::Plan,
        required_file: true,
        single_record: false,
        title: "Obiettivi",
        description: "Gli obiettivi di performance, di PEG od operativi: una pagina ciascuno.",
        columns: &[
            req("codice", Kind::Code, "codice, unico nel piano", "1"),
            req("titolo", Kind::Text, "titolo", "Rispetto dei tempi di pagamento"),
            req("tipo", Kind::Choice(OBJECTIVE_KINDS), "tipo di obiettivo", "performance"),
            col(
                "descrizione",
                Kind::LongText,
                "descrizione dell'obiettivo, mostrata per prima nella sua pagina",
                "Ridurre i tempi medi di pagamento delle fatture",
            ),
            col("scadenza", Kind::Date, "termine entro cui l'obiettivo va raggiunto", "31/12/2025"),
            col(
                "periodo",
                Kind::Period,
                "quando si svolge l'obiettivo, come lo scrive il piano; in mancanza della scadenza, la sua fine vale come scadenza",
                "da gennaio a dicembre",
            ),
            col(
                "riferimento_dup",
                Kind::Text,
                "riferimento al Documento unico di programmazione",
                "Missione 1, programma 3",
            ),
            col(
                "struttura_coordinatrice",
                Kind::Reference(TableId::Offices),
                "struttura che coordina l'obiettivo (le altre partecipano)",
                "programmazione",
            ),
            col(
                "obiettivi_strategici",
                Kind::References(TableId::StrategicObjectives),
                "obiettivi strategici collegati",
                "1A; 1B; 5A",
            ),
            col("aree_strategiche", Kind::References(TableId::StrategicAreas), "aree strategiche", "1; 5"),
            col("dimensioni_valore_pubblico", Kind::List, "dimensioni del valore pubblico", "1. Mission istituzionale"),
            col("strutture", Kind::References(TableId::Offices), "strutture responsabili", "programmazione"),
            col("stakeholder", Kind::List, "portatori di interesse", "Comuni consorziati; ASL TO5"),
            col("peso_primo_anno", Kind::Percent, "incidenza sul primo anno del piano", "10%"),
            col("anno_primo_inserimento", Kind::Year, "anno di primo inserimento nel PIAO", "2025"),
            col(
                "obiettivo_precedente",
                Kind::Text,
                "codice dell'obiettivo nel piano precedente, quando è cambiato: le versioni di un obiettivo nei diversi piani si collegano da sole quando il codice è lo stesso (R045)",
                "3",
            ),
            col("situazione_attuale", Kind::LongText, "situazione di partenza", ""),
            col("criticita", Kind::LongText, "criticità", ""),
            col("situazione_attesa", Kind::LongText, "situazione attesa", ""),
            col("benefici", Kind::LongText, "vantaggi per cittadini e/o ente", ""),
            col("azioni", Kind::LongText, "descrizione sintetica delle azioni", ""),
            col("operatori", Kind::LongText, "categorie di operatori coinvolti", "Tutti gli operatori dell'Ente"),
            col("costi", Kind::LongText, "costi e risorse", "Utilizzo risorse interne"),
            col("indicatore_generale", Kind::LongText, "indicatore generale di raggiungimento", ""),
            col(
                "etichette",
                Kind::List,
                "etichette (anticorruzione, trasparenza, PNRR, …)",
                "anticorruzione; trasparenza",
            ),
            personal(
                "personale_coinvolto",
                Kind::List,
                "nomi dei dipendenti coinvolti (dati personali)",
                "Mario Rossi",
            ),
            UPDATED,
        ],
    },
    Table {
        id: TableId::Steps,
        file: "fasi.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Fasi",
        description: "Le fasi (step intermedi) di ogni obiettivo, con scadenza, KPI e pesi.",
        columns: &[
            req("obiettivo", Kind::Reference(TableId::Objectives), "obiettivo della fase", "1"),
            req("codice", Kind::Code, "codice della fase, unico nell'obiettivo", "1.1"),
            req("descrizione", Kind::LongText, "descrizione", "Rendicontazione PIPPI 12"),
            col("scadenza", Kind::Date, "termine", "30/06/25"),
            col(
                "periodo",
                Kind::Period,
                "quando si svolge la fase, come lo scrive il piano; in mancanza della scadenza, la sua fine vale come scadenza",
                "gennaio/febbraio",
            ),
            col("kpi", Kind::LongText, "indicatore (KPI)", "caricamento dati sulla piattaforma"),
            col("peso_obiettivo", Kind::Percent, "peso della fase sull'obiettivo", "10,00%"),
            col("peso_primo_anno", Kind::Percent, "peso della fase sul primo anno (vuoto se scade dopo)", "18,18%"),
            UPDATED,
        ],
    },
    Table {
        id: TableId::Indicators,
        file: "indicatori.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Indicatori",
        description: "Gli indicatori di ogni obiettivo, con valore iniziale e target.",
        columns: &[
            req("obiettivo", Kind::Reference(TableId::Objectives), "obiettivo dell'indicatore", "8"),
            req("codice", Kind::Code, "codice dell'indicatore, unico nell'obiettivo", "8.i1"),
            req("descrizione", Kind::LongText, "descrizione", "Indicatore di tempestività dei pagamenti"),
            col("tipo", Kind::Terms(&INDICATOR_KINDS), "dimensione misurata", "efficienza"),
            col("misura", Kind::Terms(&INDICATOR_MEASURES), "come si leggono valore iniziale, target e rilevazioni", "tempestività"),
            col(
                "direzione",
                Kind::Terms(&DIRECTIONS),
                "se è meglio un valore più alto (crescente) o più basso (decrescente); se manca si ricava da valore iniziale e target",
                "decrescente",
            ),
            col("valore_iniziale", Kind::Measured, "valore di partenza", "33"),
            col("target", Kind::Targets, "valore atteso, per il piano o per ogni anno", "2025: 30; 2026: 15; 2027: 0"),
            col("unita", Kind::Text, "unità di misura", "giorni").labelled("Unità di misura"),
            UPDATED,
        ],
    },
    Table {
        id: TableId::MonitoringRounds,
        file: "monitoraggi.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Monitoraggi",
        description: "I monitoraggi del piano (semestrali, annuali…): uno per riga, ciascuno con la data a cui si riferisce. Ogni rilevazione appartiene al primo monitoraggio che non la precede.",
        columns: &[
            req("data_riferimento", Kind::Date, "data a cui si riferisce il monitoraggio", "30/06/2026"),
            req("titolo", Kind::Text, "titolo del monitoraggio", "Monitoraggio del primo semestre 2026"),
            col("delibera", Kind::DeliberationRef, "delibera che ne prende atto", "CdA 40/2026"),
            col("nota", Kind::LongText, "nota", ""),
        ],
    },
    Table {
        id: TableId::Measurements,
        file: "rilevazioni.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Rilevazioni",
        description: "Le rilevazioni del monitoraggio: stato di una fase o valore di un indicatore a una data.",
        columns: &[
            req("obiettivo", Kind::Reference(TableId::Objectives), "obiettivo", "8"),
            col("fase", Kind::Code, "codice della fase rilevata", "7.1"),
            col("indicatore", Kind::Code, "codice dell'indicatore rilevato", ""),
            req("data", Kind::Date, "data della rilevazione", "30/06/2025"),
            col("stato", Kind::Choice(STEP_STATUSES), "stato della fase", "completata"),
            col("valore", Kind::Measured, "valore misurato dell'indicatore, secondo la sua misura", ""),
            col("nota", Kind::LongText, "nota", ""),
            col("documento", Kind::Link, "documento che attesta la rilevazione: file di `static/` o indirizzo web", ""),
        ],
    },
    Table {
        id: TableId::Reports,
        file: "relazioni.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Relazioni sulla performance",
        description: "La Relazione annuale sulla performance: una riga per anno, con chi l'ha validata e cosa non è pubblicato.",
        columns: &[
            req("anno", Kind::Year, "anno a cui si riferisce la relazione", "2026"),
            req("titolo", Kind::Text, "titolo", "Relazione sulla performance 2026"),
            col("validata_da", Kind::Text, "chi ha validato la relazione", "Nucleo di valutazione"),
            col("data_validazione", Kind::Date, "data della validazione", "30/06/2027"),
            col("delibera", Kind::DeliberationRef, "delibera che approva la relazione", "CdA 30/2027"),
            col("sintesi", Kind::LongText, "sintesi dei risultati", ""),
            col(
                "non_pubblicato",
                Kind::LongText,
                "ciò che la relazione non pubblica, e perché",
                "Le schede di valutazione individuali sono conservate agli atti.",
            ),
        ],
    },
    Table {
        id: TableId::Results,
        file: "risultati.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Risultati",
        description: "I risultati di ogni anno, come la Relazione sulla performance li riporta: per obiettivo (il grado di raggiungimento validato prevale su quello calcolato) o per struttura o area (punteggi).",
        columns: &[
            req("anno", Kind::Year, "anno del risultato", "2026"),
            col("obiettivo", Kind::Reference(TableId::Objectives), "obiettivo (vuoto per un risultato di struttura o area)", "1"),
            col("struttura", Kind::Reference(TableId::Offices), "struttura valutata", "direzione"),
            col("area", Kind::Reference(TableId::StrategicAreas), "area strategica valutata", ""),
            col("raggiungimento", Kind::Percent, "grado di raggiungimento validato", "100%"),
            col("punteggio", Kind::Number, "punteggio attribuito", "480"),
            col("punteggio_massimo", Kind::Number, "punteggio massimo possibile", ""),
            col("nota", Kind::LongText, "nota", ""),
        ],
    },
    Table {
        id: TableId::ObjectiveStaff,
        file: "personale-obiettivi.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Personale degli obiettivi",
        description: "Il personale che partecipa a ogni obiettivo: una riga per persona e obiettivo. Le pagine mostrano quante persone per categoria; i nomi solo se `[privacy]` li pubblica.",
        columns: &[
            req("obiettivo", Kind::Reference(TableId::Objectives), "obiettivo a cui partecipa", "1"),
            personal("nominativo", Kind::Text, "nome del dipendente (dati personali)", "Mario Rossi"),
            col("categoria", Kind::Text, "categoria o area contrattuale", "Funzionari e elevata qualificazione"),
            col("profilo", Kind::Text, "profilo professionale", "Istruttore amministrativo"),
            col("ruolo", Kind::Text, "ruolo nell'obiettivo", "referente"),
            col("percentuale_impegno", Kind::Percent, "quota del suo tempo dedicata all'obiettivo", "30%")
                .labelled("Impegno"),
        ],
    },
    Table {
        id: TableId::Staffing,
        file: "dotazione-organica.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Dotazione organica",
        description: "La dotazione del personale: una riga per posto.",
        columns: &[
            req("area", Kind::Text, "area", "Area programmazione"),
            col("servizio", Kind::Text, "servizio", "Progettazione"),
            req("profilo", Kind::Text, "profilo professionale", "Funzionario amministrativo"),
            col("ore_settimanali", Kind::Number, "ore settimanali", "36"),
            col("mansioni", Kind::Text, "mansioni", "Progettazione/rendicontazioni"),
            col("finanziamento", Kind::Text, "fonte di finanziamento", "Bilancio Concass"),
            col("note", Kind::Text, "note", ""),
            personal("nominativo", Kind::Text, "nome del dipendente (dati personali)", ""),
        ],
    },
    Table {
        id: TableId::Hiring,
        file: "piano-assunzioni.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Piano delle assunzioni",
        description: "Le assunzioni previste dal piano dei fabbisogni di personale.",
        columns: &[
            req("anno", Kind::Year, "anno dell'assunzione", "2026"),
            req("profilo", Kind::Text, "profilo professionale", "Funzionario - Psicologo"),
            req("numero", Kind::Integer, "numero di unità", "1"),
            col("regime", Kind::Text, "regime orario e contrattuale", "tempo pieno e determinato"),
            col("area", Kind::Text, "area o servizio di destinazione", "Servizio tutela minori e affidi"),
            col("modalita", Kind::Text, "modalità di assunzione", "concorso pubblico"),
            col("stato", Kind::Choice(HIRING_STATUSES), "stato", "effettuata"),
            col("finanziamento", Kind::Text, "fonte di finanziamento", ""),
            col("note", Kind::Text, "note", ""),
        ],
    },
];

/// The tables the monitoring computes at the plan's reference date, published as downloads
/// beside the plan's own tables, never read from files (see `docs/monitoring.md`).
pub const DERIVED: &[Table] = &[
    Table {
        id: TableId::StepStatuses,
        file: "stato-fasi.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Stato delle fasi",
        description: "Lo stato di ogni fase alla data di riferimento del monitoraggio, calcolato dalle rilevazioni.",
        columns: &[
            req("obiettivo", Kind::Code, "obiettivo", "1"),
            req("fase", Kind::Code, "fase", "1.1"),
            req("data_riferimento", Kind::Date, "data a cui si riferisce lo stato", "30/06/2026"),
            req(
                "stato",
                Kind::Choice(DERIVED_STEP_STATUSES),
                "stato calcolato: completata in tempo, completata in ritardo, in corso, in ritardo, non avviata, non rilevata",
                "in corso",
            ),
            col("scadenza", Kind::Date, "scadenza, o fine del periodo", "31/12/2026"),
            col("data_rilevazione", Kind::Date, "data della rilevazione da cui viene lo stato", "30/06/2026"),
            col("data_completamento", Kind::Date, "prima data in cui la fase risulta completata", ""),
        ],
    },
    Table {
        id: TableId::IndicatorAchievements,
        file: "raggiungimento-indicatori.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Raggiungimento degli indicatori",
        description: "L'ultimo valore di ogni indicatore alla data di riferimento, il target con cui si confronta e il raggiungimento calcolato.",
        columns: &[
            req("obiettivo", Kind::Code, "obiettivo", "1"),
            req("indicatore", Kind::Code, "indicatore", "I1"),
            req("data_riferimento", Kind::Date, "data di riferimento del monitoraggio", "30/06/2026"),
            col("ultimo_valore", Kind::Text, "ultimo valore rilevato, come nella misura dell'indicatore", "7"),
            col("data_ultimo_valore", Kind::Date, "data dell'ultimo valore", "30/06/2026"),
            col("target", Kind::Text, "target con cui si confronta (dell'anno del valore, o del piano)", "10"),
            col("anno_target", Kind::Year, "anno del target, se il piano ne fissa uno per anno", "2026"),
            col("raggiungimento", Kind::Percent, "raggiungimento, da 0 a 100 %", "70%"),
            col("distanza", Kind::Number, "quanto manca al target (target meno valore)", "3"),
        ],
    },
    Table {
        id: TableId::ObjectiveAchievements,
        file: "raggiungimento-obiettivi.csv",
        scope: Scope::Plan,
        required_file: false,
        single_record: false,
        title: "Raggiungimento degli obiettivi",
        description: "Per ogni obiettivo, alla data di riferimento: fasi completate e in ritardo, raggiungimento calcolato dalle fasi e dagli indicatori, quello validato nella Relazione sulla performance e quello pubblicato.",
        columns: &[
            req("obiettivo", Kind::Code, "obiettivo", "1"),
            req("data_riferimento", Kind::Date, "data di riferimento del monitoraggio", "30/06/2026"),
            req("fasi", Kind::Integer, "numero di fasi", "5"),
            req("fasi_completate", Kind::Integer, "fasi completate", "3"),
            req("fasi_in_ritardo", Kind::Integer, "fasi in ritardo", "1"),
            col("raggiungimento_fasi", Kind::Percent, "quota del peso delle fasi completate", "60%"),
            col("raggiungimento_indicatori", Kind::Percent, "media del raggiungimento degli indicatori", "70%"),
            col(
                "raggiungimento_calcolato",
                Kind::Percent,
                "raggiungimento secondo il metodo di `[monitoraggio] metodo`",
                "65%",
            ),
            col(
                "raggiungimento_validato",
                Kind::Percent,
                "raggiungimento validato nella Relazione sulla performance",
                "",
            ),
            col("anno_validazione", Kind::Year, "anno della relazione che lo ha validato", ""),
            col(
                "raggiungimento",
                Kind::Percent,
                "raggiungimento pubblicato: il validato se c'è, altrimenti il calcolato",
                "65%",
            ),
            req("metodo", Kind::Choice(ACHIEVEMENT_METHODS), "metodo di calcolo", "fasi e indicatori"),
        ],
    },
];

/// Values of `stato-fasi.stato`.
pub const DERIVED_STEP_STATUSES: &[&str] =
    &["completata in tempo", "completata in ritardo", "in corso", "in ritardo", "non avviata", "non rilevata"];
/// Values of `[monitoraggio] metodo` and of `raggiungimento-obiettivi.metodo`.
pub const ACHIEVEMENT_METHODS: &[&str] = &["fasi", "indicatori", "fasi e indicatori"];

/// The schema of one table, read from files or computed.
pub fn schema(id: TableId) -> &'static Table {
    TABLES.iter().chain(DERIVED).find(|t| t.id == id).expect("every TableId has a schema")
}

/// The reference of the data format in Markdown: one section per table, one row per column.
pub fn markdown_reference() -> String {
    let mut out = String::new();
    out.push_str(&tables_reference(TABLES));
    out.push_str("### Dati calcolati\n\nQueste tabelle non si scrivono: il sito le calcola dal monitoraggio alla data di riferimento e le pubblica in `dati/<piano>/` accanto alle altre, solo per i piani con un monitoraggio. Le formule sono in `docs/monitoring.md`.\n\n");
    out.push_str(&tables_reference(DERIVED));
    out
}

fn tables_reference(tables: &[Table]) -> String {
    let mut out = String::new();
    for table in tables {
        let derived = DERIVED.iter().any(|t| t.id == table.id);
        let place = match table.scope {
            _ if derived => format!("dati/<piano>/{}", table.file),
            Scope::Site => format!("data/{}", table.file),
            Scope::Plan => format!("data/<piano>/{}", table.file),
        };
        out.push_str(&format!("### {} — `{place}`\n\n{}", table.title, table.description));
        if !table.required_file && !derived {
            out.push_str(" Il file può mancare: vale come tabella vuota.");
        }
        out.push_str("\n\n| colonna | tipo | obbligatoria | esempio | significato | regole |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for column in table.columns {
            let mut rules: Vec<&str> = Vec::new();
            if column.required {
                rules.push(Rule::RequiredValue.code());
            }
            rules.extend(column.kind.rules().iter().map(|r| r.code()));
            if column.personal {
                rules.push(Rule::PersonalData.code());
            }
            let meaning = if column.personal {
                format!("{} — **dato personale**", column.description)
            } else {
                column.description.into()
            };
            let example = if column.example.is_empty() { String::new() } else { format!("`{}`", column.example) };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} | {} |\n",
                column.name,
                column.kind.describe(),
                if column.required { "sì" } else { "no" },
                example,
                meaning,
                rules.join(", ")
            ));
        }
        out.push('\n');
    }
    out
}

/// The size limits in Markdown, one row per kind of file.
pub fn markdown_limits() -> String {
    let mut out = String::from("| file | dimensione massima |\n|---|---|\n");
    for (what, limit) in limits::ALL {
        out.push_str(&format!("| {what} | {} |\n", limits::megabytes(limit)));
    }
    out
}

/// The catalogue of rules in Markdown: code, name, severity and what each checks.
pub fn markdown_rules() -> String {
    let mut out = String::from("| codice | nome | gravità | controlla che… |\n|---|---|---|---|\n");
    for rule in Rule::ALL {
        let severity = match rule.severity() {
            crate::diagnostics::Severity::Errore => "errore",
            crate::diagnostics::Severity::Avviso => "avviso",
        };
        out.push_str(&format!("| {} | `{}` | {severity} | {} |\n", rule.code(), rule.name(), rule.title()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/data-format.md` holds the generated reference between markers; it must match the code.
    /// `UPDATE_EXPECT=1 cargo test` rewrites it.
    #[test]
    fn documentation_matches_the_schema() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/data-format.md");
        let text = std::fs::read_to_string(path).unwrap();
        let mut updated = text.clone();
        for (name, generated) in
            [("tabelle", markdown_reference()), ("limiti", markdown_limits()), ("regole", markdown_rules())]
        {
            let begin = format!("<!-- generato:{name} -->\n");
            let end = format!("<!-- fine:{name} -->");
            let start = updated.find(&begin).expect("begin marker") + begin.len();
            let stop = updated.find(&end).expect("end marker");
            updated.replace_range(start..stop, &generated);
        }
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(path, &updated).unwrap();
        } else {
            assert!(text == updated, "docs/data-format.md is out of date: run UPDATE_EXPECT=1 cargo test");
        }
    }

    #[test]
    fn every_table_id_has_one_schema_and_unique_columns() {
        for table in TABLES {
            assert_eq!(TABLES.iter().filter(|t| t.id == table.id).count(), 1, "{}", table.file);
            for column in table.columns {
                let same = table.columns.iter().filter(|c| c.name == column.name).count();
                assert_eq!(same, 1, "{}.{}", table.file, column.name);
            }
        }
    }

    #[test]
    fn personal_columns_are_declared() {
        assert!(schema(TableId::Objectives).column("personale_coinvolto").unwrap().personal);
        assert!(schema(TableId::Staffing).column("nominativo").unwrap().personal);
        assert!(!schema(TableId::Offices).column("responsabile").unwrap().personal);
    }
}
