//! The catalogue of rule codes: one stable code, name and severity per rule.
//!
//! Codes never change meaning once published (`docs/data-format.md` lists them); a new rule gets a
//! new code. `L` rules are about reading files, `V` about single values, `R` about the model.

use serde::{Serialize, Serializer};

use super::Severity;

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = ($code:literal, $name:literal, $severity:ident, $title:literal), )*) => {
        /// A validation rule: each diagnostic names the rule that found it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// Stable code, such as `R003`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// Stable Italian name, such as `codice-fase-incoerente`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// Whether the rule reports errors or warnings.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// One line saying what the rule checks, in Italian.
            pub fn title(self) -> &'static str {
                match self { $(Rule::$variant => $title,)* }
            }

            /// Where the rule's problems come in a report of one file: a problem of an earlier
            /// stage can cause problems of later ones, and the cause is shown first. Reading the
            /// file (`L`) comes first, then single values (`V`), then duplicate codes (R001: a
            /// code written twice makes the references to it and the rules over its records
            /// report consequences), then every other rule of the model.
            pub fn stage(self) -> u8 {
                match (self, self.code().as_bytes().first()) {
                    (_, Some(b'L')) => 0,
                    (_, Some(b'V')) => 1,
                    (Rule::DuplicateCode, _) => 2,
                    _ => 3,
                }
            }
        }
    };
}

rules! {
    /// A file the site needs does not exist.
    MissingFile = ("L001", "file-mancante", Errore, "un file obbligatorio non esiste"),
    /// A file exists but cannot be read.
    UnreadableFile = ("L002", "file-illeggibile", Errore, "un file non si può leggere"),
    /// A file is not text (binary data, or an unsupported encoding).
    NotText = ("L003", "file-non-testuale", Errore, "un file non contiene testo"),
    /// A table file has no header row.
    EmptyFile = ("L004", "file-vuoto", Errore, "un file di tabella non ha nemmeno la riga di intestazione"),
    /// A quoted cell is never closed.
    UnclosedQuote = ("L005", "virgolette-non-chiuse", Errore, "una cella tra virgolette non viene mai chiusa"),
    /// A row has more or fewer cells than the header.
    CellCount = ("L006", "numero-celle", Errore, "una riga ha un numero di celle diverso dall'intestazione"),
    /// A required column is missing from the header.
    MissingColumn = ("L007", "colonna-mancante", Errore, "manca una colonna obbligatoria"),
    /// A column is not part of the data format.
    UnknownColumn = ("L008", "colonna-sconosciuta", Avviso, "una colonna non fa parte del formato e viene ignorata"),
    /// A column appears twice in the header.
    DuplicateColumn = ("L009", "colonna-ripetuta", Errore, "una colonna compare due volte nell'intestazione"),
    /// A one-record table (entity, plan) has no record or more than one.
    SingleRecord = ("L010", "record-unico", Errore, "una tabella a record unico ne ha zero o più di uno"),
    /// The configuration file is missing or invalid.
    Config = ("L011", "configurazione", Errore, "config.toml manca o non è valido"),
    /// The front matter of a Markdown page is invalid.
    FrontMatter = ("L012", "intestazione-pagina", Errore, "l'intestazione TOML di una pagina Markdown non è valida"),
    /// A plan folder name cannot be used in a web address.
    PlanFolder = ("L013", "cartella-piano", Errore, "il nome di una cartella di piano non è utilizzabile negli indirizzi"),
    /// A symbolic link leads out of the site folder.
    LinkOutsideSite = ("L014", "collegamento-esterno", Errore, "un collegamento simbolico porta fuori dalla cartella del sito"),
    /// A named pipe, device or socket is where a file of the site should be.
    SpecialFile = ("L015", "file-speciale", Errore, "un file del sito è una pipe, un dispositivo o un socket"),
    /// A file is larger than the limit for its kind.
    FileTooLarge = ("L016", "file-troppo-grande", Errore, "un file supera la dimensione massima per il suo tipo"),
    /// A cell of a table is larger than the limit for one cell.
    CellTooLarge = ("L017", "cella-troppo-grande", Errore, "una cella di una tabella supera la dimensione massima"),
    /// A symbolic link leads nowhere, loops or is hidden, and is ignored.
    IgnoredLink = ("L018", "collegamento-ignorato", Avviso, "un collegamento simbolico non porta a nulla, forma un ciclo o è nascosto, e viene ignorato"),
    /// An unknown column looks like a column of the format that the file lacks.
    SimilarColumn = ("L020", "colonna-simile", Errore, "una colonna sconosciuta somiglia a una colonna del formato che manca nel file"),
    /// A file looks like a table of the format that is missing (a near-miss of its name, or a
    /// workbook): its data would not be read.
    SimilarFileName = ("L021", "nome-file-simile", Errore, "un file ha quasi il nome di una tabella che manca: i suoi dati non verrebbero letti"),
    /// A file in `data/` or in a plan folder is not a table of the format and is ignored.
    IgnoredFile = ("L022", "file-ignorato", Avviso, "un file in data/ o in una cartella di piano non è una tabella del formato e viene ignorato"),
    /// Bytes of a UTF-8 file that are not UTF-8 were read as Windows-1252.
    RepairedCharacters = ("L023", "caratteri-riparati", Avviso, "alcuni caratteri di un file UTF-8 non sono UTF-8 e sono stati letti come Windows-1252"),
    /// Text looks converted twice (UTF-8 read as Windows-1252 and saved again).
    DoubleEncoding = ("L024", "doppia-codifica", Avviso, "un testo sembra convertito due volte (UTF-8 letto come Windows-1252 e salvato di nuovo)"),
    /// Two files or sheets hold the same table.
    TwoSources = ("L025", "tabella-doppia", Errore, "la stessa tabella è in due file o in due fogli"),
    /// A workbook cannot be opened: damaged, protected by a password, or not a workbook.
    UnreadableWorkbook = ("L026", "cartella-di-lavoro-illeggibile", Errore, "una cartella di lavoro (.xlsx, .ods) non si può aprire: è danneggiata, protetta da password o non è una cartella di lavoro"),
    /// A formula of a sheet gives an error, or was saved without its computed value.
    FormulaWithoutValue = ("L027", "formula-senza-valore", Errore, "una formula di un foglio dà un errore o è stata salvata senza il suo valore calcolato"),
    /// Cells of a sheet are merged: the value is only in the first of them.
    MergedCells = ("L028", "celle-unite", Errore, "alcune celle di un foglio sono unite: il valore sta solo nella prima e le altre risultano vuote"),
    /// A sheet holding a table is hidden: its data is published all the same.
    HiddenSheet = ("L029", "foglio-nascosto", Avviso, "un foglio che contiene una tabella è nascosto: i suoi dati vengono pubblicati comunque"),
    /// A sheet of a workbook is not a table of the format and is ignored.
    IgnoredSheet = ("L030", "foglio-ignorato", Avviso, "un foglio di una cartella di lavoro non è una tabella del formato e viene ignorato"),
    /// A required cell is empty.
    RequiredValue = ("V001", "valore-obbligatorio", Errore, "una cella obbligatoria è vuota"),
    /// A cell is not a valid date.
    InvalidDate = ("V002", "data-non-valida", Errore, "una data non è valida"),
    /// A cell is not a valid number.
    InvalidNumber = ("V003", "numero-non-valido", Errore, "un numero non è valido"),
    /// A cell is not a valid percentage.
    InvalidPercent = ("V004", "percentuale-non-valida", Errore, "una percentuale non è valida"),
    /// A cell is not a valid year.
    InvalidYear = ("V005", "anno-non-valido", Errore, "un anno non è valido"),
    /// A cell holds a value outside the allowed list.
    NotAllowed = ("V006", "valore-non-ammesso", Errore, "un valore non è tra quelli ammessi"),
    /// A code contains characters that cannot be used in a web address.
    InvalidCode = ("V007", "codice-non-valido", Errore, "un codice contiene caratteri non ammessi"),
    /// A cell holds HTML that will be removed when publishing (scripts, event handlers, frames).
    UnsafeHtml = ("V008", "html-non-sicuro", Avviso, "una cella contiene HTML che verrà rimosso alla pubblicazione"),
    /// A reference to a deliberation is not written as `organo numero/anno`.
    InvalidDeliberationRef = ("V009", "riferimento-delibera", Errore, "un riferimento a una delibera non è nella forma `organo numero/anno`"),
    /// A link is not an `https:`, `http:` or `mailto:` address nor a path inside the site.
    UnsafeLink = ("V010", "indirizzo-non-ammesso", Errore, "un collegamento non è un indirizzo https://, http://, mailto: o un percorso di un file del sito"),
    /// A period cannot be read as a range of dates.
    UnreadPeriod = ("V011", "periodo-non-riconosciuto", Avviso, "un periodo non si riesce a leggere come intervallo di date e resta solo testo"),
    /// A value of an indicator does not fit its measure (a percentage where a number is expected).
    MeasureMisfit = ("V012", "valore-non-adatto-alla-misura", Errore, "un valore di un indicatore non è adatto alla sua misura (`misura`)"),
    /// A percentage written as a bare fraction (`0,7`): read as 0,7 %, perhaps 70 % was meant.
    PercentFraction = ("V013", "percentuale-come-frazione", Avviso, "una percentuale è scritta come frazione (`0,7`): vale 0,7 %, non 70 %"),
    /// Two records of a table have the same code.
    DuplicateCode = ("R001", "codice-duplicato", Errore, "due righe hanno lo stesso codice"),
    /// A reference names a code that does not exist.
    DanglingReference = ("R002", "riferimento-inesistente", Errore, "un riferimento indica un codice che non esiste"),
    /// A step code does not start with its objective's code.
    StepCodePrefix = ("R003", "codice-fase-incoerente", Avviso, "il codice di una fase non comincia con il codice del suo obiettivo"),
    /// The steps' weights on their objective do not add up to 100 %.
    StepWeights = ("R004", "pesi-fasi", Avviso, "i pesi delle fasi sull'obiettivo non fanno 100 %"),
    /// The steps' weights on the first year do not add up to 100 %.
    StepYearWeights = ("R005", "pesi-fasi-anno", Avviso, "i pesi delle fasi sul primo anno non fanno 100 %"),
    /// The objectives' weights on the first year do not add up to 100 %.
    ObjectiveWeights = ("R006", "pesi-obiettivi", Avviso, "i pesi degli obiettivi sul primo anno non fanno 100 %"),
    /// A deadline falls outside the plan's years.
    DeadlineOutsidePlan = ("R007", "scadenza-fuori-piano", Avviso, "una scadenza cade fuori dagli anni del piano"),
    /// A measurement is dated outside the plan's years.
    MeasurementOutsidePlan = ("R008", "rilevazione-fuori-piano", Avviso, "una rilevazione è datata fuori dagli anni del piano"),
    /// A personal-data column is filled in but the configuration does not publish it.
    PersonalData = ("R009", "dati-personali", Avviso, "una colonna di dati personali è compilata ma non verrà pubblicata"),
    /// A measurement refers to neither a step nor an indicator, or to both.
    MeasurementTarget = ("R010", "rilevazione-senza-oggetto", Errore, "una rilevazione deve riferirsi a una fase oppure a un indicatore"),
    /// A plan's years are inconsistent.
    PlanYears = ("R011", "anni-piano", Errore, "l'anno finale del piano precede quello iniziale"),
    /// A step has a weight on the first year but its deadline falls in another year.
    YearWeightOutsideYear = ("R012", "peso-anno-fuori-anno", Avviso, "una fase ha un peso sul primo anno ma scade in un altro anno"),
    /// The end of a span (an office's closure, a head's term) comes before its start.
    SpanReversed = ("R013", "intervallo-invertito", Errore, "la data di fine di un intervallo (`al`, `incarico_al`) precede quella di inizio"),
    /// Two records or files would get the same address in the site.
    ContestedAddress = ("R020", "indirizzo-conteso", Errore, "due righe o due file avrebbero lo stesso indirizzo nel sito"),
    /// A code or name that becomes part of an address is a reserved name.
    ReservedName = ("R021", "nome-riservato", Errore, "un codice o un nome che diventa parte di un indirizzo è un nome riservato (index.html, CON, NUL, …)"),
    /// A cell or the site title still holds an example value written by `trasparenza init`.
    ExampleValue = ("R030", "valore-di-esempio", Avviso, "una cella o il titolo del sito contiene ancora un valore di esempio scritto da `trasparenza init`"),
    /// The configuration has no base address, which the feed, the catalogue and the sitemap need.
    MissingBaseUrl = ("R031", "url-base-mancante", Avviso, "manca url_base, l'indirizzo a cui il sito sarà pubblicato"),
    /// Two names of a list differ only by spaces, case, punctuation or a small word.
    SimilarNames = ("R032", "nomi-simili", Avviso, "due nomi differiscono solo per spazi, maiuscole, punteggiatura o una parola breve"),
    /// A measurement is dated after the date the monitoring refers to.
    MeasurementAfterReference = ("R040", "rilevazione-dopo-riferimento", Avviso, "una rilevazione è datata dopo la data di riferimento del monitoraggio e non viene contata"),
    /// Two measurements of the same step or indicator on the same date.
    MeasurementTwice = ("R041", "rilevazione-doppia", Errore, "due rilevazioni della stessa fase o dello stesso indicatore hanno la stessa data"),
    /// A step's status goes back: completed, then in progress.
    StatusBack = ("R042", "stato-all-indietro", Avviso, "lo stato di una fase torna indietro (completata, poi in corso)"),
    /// A result names none, or more than one, of objective, office and area.
    ResultTarget = ("R043", "risultato-senza-oggetto", Errore, "un risultato deve riferirsi a un obiettivo, a una struttura oppure a un'area"),
    /// Two results of the same objective, office or area for the same year, or two reports of a year.
    ResultTwice = ("R044", "risultato-doppio", Errore, "due risultati dello stesso obiettivo, struttura o area, o due relazioni, per lo stesso anno"),
    /// An objective's `obiettivo_precedente` names no objective of the previous plan, or one that
    /// another objective continues already.
    PreviousObjective = ("R045", "obiettivo-precedente", Avviso, "l'obiettivo precedente indicato non è un obiettivo del piano precedente, o un altro obiettivo lo prosegue già"),
    /// A plan ended more than five years before the latest date of the data: its publication is
    /// no longer required (art. 8, c. 3, D.Lgs. 33/2013).
    PlanPastPublication = ("R046", "piano-oltre-cinque-anni", Avviso, "un piano è terminato da più di cinque anni: l'obbligo di pubblicazione (art. 8, comma 3, D.Lgs. 33/2013) è finito e può andare in archivio"),
    /// The accessibility statement lacks its conformity status or its date, or a date is not one.
    AccessibilityStatement = ("R047", "dichiarazione-accessibilita-incompleta", Avviso, "la dichiarazione di accessibilità ([accessibilita] in config.toml) non indica lo stato di conformità o la data, o una data non è valida"),
    /// No row of the data has a date of last update, so no page can say how recent it is.
    NoUpdateDate = ("R048", "nessuna-data-aggiornamento", Avviso, "nessuna riga dei dati indica la data di ultimo aggiornamento: le pagine non possono dire quanto sono recenti"),
    /// Neither the configuration nor the entity's registry gives the entity's IPA code, which the
    /// DCAT-AP_IT catalogue needs for its identifiers.
    MissingIpaCode = ("R049", "codice-ipa-mancante", Avviso, "manca il codice IPA dell'ente, con cui il catalogo DCAT-AP_IT identifica l'ente e i suoi dataset"),
    /// The offices or the entity lack what the ANAC art. 13 schema (delibera ANAC 495/2024)
    /// requires: the files are written with those fields empty, or not at all without offices.
    Art13Incomplete = ("R050", "schema-anac-art13-incompleto", Avviso, "le strutture o l'ente non hanno tutti i dati che lo schema ANAC dell'art. 13 (delibera 495/2024) richiede: organo, tipo di ufficio, competenze, responsabile, qualifica, recapiti, date di aggiornamento"),
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique() {
        let codes: HashSet<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        let names: HashSet<_> = Rule::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(codes.len(), Rule::ALL.len());
        assert_eq!(names.len(), Rule::ALL.len());
    }
}
