//! R032: one name, one spelling. The stakeholders and tags of a plan's objectives become index
//! pages, one entry per name; offices are listed by name. Two spellings of one name (`ASL TO 5`
//! and `ASL TO5`, `Comuni` and `comuni`, `Cittadini e famiglie` and `Cittadini/famiglie`) split
//! an entry in two, or — when their addresses are the same ([`address::slug`]) — are merged into
//! one entry under the first spelling, which the index page does without a word. Either way the
//! rule warns, naming both spellings and where each first appears.
//!
//! Two names are the same name spelled twice when they have the same address, or when they are
//! equal once case, accents, spaces and punctuation are set aside and the small words (`e`, `di`,
//! `della`, `per`, …) left out ([`fold`]).

use std::collections::{HashMap, HashSet};

use crate::address;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::model::{Objective, Origin, Site};

/// Small words that do not tell two names apart.
const SMALL_WORDS: [&str; 31] = [
    "e", "ed", "o", "od", "di", "d", "del", "dello", "della", "dei", "degli", "delle", "il", "lo", "la", "l", "i",
    "gli", "le", "a", "al", "alla", "ai", "agli", "alle", "da", "per", "con", "in", "un", "una",
];

/// The name with case, accents, spaces, punctuation and small words set aside: `Cittadini e
/// famiglie` and `Cittadini/famiglie` are both `cittadinifamiglie`.
pub fn fold(name: &str) -> String {
    address::slug(name).split('-').filter(|word| !SMALL_WORDS.contains(word)).collect()
}

/// The lists of names of an objective that become index pages: column, page, names.
type NameList = (&'static str, &'static str, fn(&Objective) -> &[String]);

/// The stakeholders and the tags of an objective.
const LISTS: [NameList; 2] = [
    ("stakeholder", "degli stakeholder", |objective| &objective.stakeholders),
    ("etichette", "delle etichette", |objective| &objective.tags),
];

/// Checks the stakeholders and tags of every plan and the names of the offices.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for plan in &site.plans {
        for (column, page, names_of) in LISTS {
            let mut names = Spellings::new(column, Some(page));
            for objective in &plan.objectives {
                for name in names_of(objective) {
                    names.add(name, &objective.record.origin, diagnostics);
                }
            }
        }
    }
    let mut offices = Spellings::new("nome", None);
    for office in &site.offices {
        offices.add(&office.name, &office.record.origin, diagnostics);
    }
}

/// The first place a spelling was seen.
struct Seen {
    name: String,
    at: Location,
}

impl Seen {
    /// `«ASL TO 5» (data/…/obiettivi.csv, riga 3, colonna stakeholder)`.
    fn describe(&self) -> String {
        let row = self.at.row.map(|row| format!(", riga {row}")).unwrap_or_default();
        format!("«{}» ({}{row}, colonna {})", self.name, self.at.file, self.at.column.as_deref().unwrap_or_default())
    }
}

/// The spellings of one list of names seen so far.
struct Spellings<'a> {
    /// The column the names are in.
    column: &'a str,
    /// The index page that lists the names (`degli stakeholder`), if any.
    page: Option<&'a str>,
    /// Every spelling seen.
    seen: HashSet<String>,
    /// The first spelling of each address.
    by_slug: HashMap<String, Seen>,
    /// The first spelling of each folded name.
    by_fold: HashMap<String, Seen>,
}

impl<'a> Spellings<'a> {
    fn new(column: &'a str, page: Option<&'a str>) -> Self {
        Spellings { column, page, seen: HashSet::new(), by_slug: HashMap::new(), by_fold: HashMap::new() }
    }

    /// Records `name`, found in the record at `origin`, and warns when an earlier spelling differs
    /// from it only in what [`fold`] sets aside or gets the same address.
    fn add(&mut self, name: &str, origin: &Origin, diagnostics: &mut Diagnostics) {
        if !self.seen.insert(name.to_string()) {
            return;
        }
        let at = origin.at(self.column);
        let (slug, folded) = (address::slug(name), fold(name));
        let merged = self.by_slug.get(&slug);
        let first = merged.or_else(|| self.by_fold.get(&folded).filter(|_| !folded.is_empty()));
        if let Some(first) = first {
            let page = match (self.page, merged.is_some()) {
                (Some(page), true) => {
                    format!("; nella pagina {page} diventano una sola voce, intitolata «{}»", first.name)
                }
                (Some(page), false) => format!("; nella pagina {page} sono due voci separate"),
                (None, _) => String::new(),
            };
            diagnostics.push(
                Diagnostic::new(
                    Rule::SimilarNames,
                    at.clone(),
                    format!(
                        "«{name}» e {} differiscono solo per spazi, maiuscole, punteggiatura o una parola breve{page}",
                        first.describe()
                    ),
                )
                .value(name)
                .expected(format!("lo stesso nome scritto sempre allo stesso modo, per esempio «{}»", first.name))
                .hint("scegliere una grafia e usarla in tutte le righe; se sono due nomi diversi, renderli più distinguibili"),
            );
        }
        self.by_slug.entry(slug).or_insert_with(|| Seen { name: name.to_string(), at: at.clone() });
        self.by_fold.entry(folded).or_insert_with(|| Seen { name: name.to_string(), at });
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn spellings_of_one_name_fold_together_and_different_names_do_not() {
        assert_eq!(fold("ASL TO 5"), fold("ASL TO5"));
        assert_eq!(fold("Comuni"), fold("comuni"));
        assert_eq!(fold("Cittadini e famiglie"), fold("Cittadini/famiglie"));
        assert_eq!(fold("Università"), fold("universita"));
        assert_ne!(fold("ASL TO 5"), fold("ASL TO 4"));
        assert_ne!(fold("Comuni"), fold("Comunità"));
        assert_ne!(fold("Cittadini"), fold("Famiglie"));
    }
}
