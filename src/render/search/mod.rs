//! The site's search index, built with the site: objectives (with the words of their steps and
//! indicators, which lead to the objective's page), offices, deliberations, pages of `content/`
//! and the sections of the tree, as an elasticlunr.js index (written by the submodule
//! `elasticlunr`) with the title, address and context of each result. It is written as a script,
//! `ricerca/indice.js`, so that the search page reads it also from a folder on disk, where a page
//! cannot fetch a JSON file. Words are lower-cased, their accents folded (`attività` → `attivita`)
//! and the commonest Italian function words left out, here and, with the list the index carries,
//! in the browser (`ricerca.js`), which also matches words by their beginning.

mod elasticlunr;

use std::borrow::Cow;
use std::io;

use rayon::prelude::*;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::address;
use crate::html::markdown;
use crate::model::{Objective, Plan, Site};

use super::format::shorten;
use super::tree;

/// Words too common to find anything, left out of the index and of the queries.
const FUNCTION_WORDS: &[&str] = &[
    "a", "ad", "al", "all", "alla", "alle", "agli", "ai", "che", "con", "da", "dal", "dalla", "dall", "d", "dei",
    "del", "dell", "della", "delle", "degli", "di", "e", "ed", "gli", "i", "il", "in", "l", "la", "le", "lo", "nel",
    "nell", "nella", "nelle", "negli", "o", "per", "si", "su", "sul", "sull", "sulla", "tra", "un", "una", "uno",
];

/// The most words of a page's text that are indexed: titles and the opening of a text find it.
const MOST_WORDS: usize = 150;

/// The most characters of a result's title.
const TITLE_LENGTH: usize = 90;

/// The most entries whose words are held at once: an objective's text, with its steps and
/// indicators, is made when its words are and dropped once they are in the index.
const CHUNK: usize = 1024;

/// One thing search finds.
struct Entry<'a> {
    title: String,
    address: String,
    context: String,
    text: Text<'a>,
}

/// The text of an entry whose words are indexed besides its title.
enum Text<'a> {
    /// Written out.
    Written(String),
    /// An objective's description, with its steps' descriptions and KPIs and its indicators'
    /// descriptions, made when its words are.
    Objective(&'a Plan, &'a Objective),
}

impl Text<'_> {
    /// The text, made now if it is an objective's.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Text::Written(text) => Cow::Borrowed(text),
            Text::Objective(plan, objective) => Cow::Owned(objective_text(plan, objective)),
        }
    }
}

/// The text an objective is found by: its description, its steps' descriptions and KPIs, its
/// indicators' descriptions.
fn objective_text(plan: &Plan, objective: &Objective) -> String {
    let mut text = objective.description.as_deref().map(markdown::to_text).unwrap_or_default();
    for &i in plan.step_positions(&objective.code) {
        let step = &plan.steps[i];
        for words in [Some(step.description()), step.kpi()].into_iter().flatten() {
            text.push(' ');
            text.push_str(&markdown::to_text(words));
        }
    }
    for &i in plan.indicator_positions(&objective.code) {
        text.push(' ');
        text.push_str(&markdown::to_text(&plan.indicators[i].description));
    }
    text
}

/// The words of `text` that the index holds, in order, separated by a space: lower-cased, their
/// accents folded, without the function words and, unless `numbers`, without those all of digits.
fn words(text: &str, numbers: bool) -> String {
    let mut words = String::with_capacity(text.len());
    let mut start = 0;
    // Ends the word begun at `start`: keeps it, with a space after it, or leaves it out.
    let end = |words: &mut String, start: usize| {
        let word = &words[start..];
        if FUNCTION_WORDS.contains(&word) || (!numbers && word.bytes().all(|b| b.is_ascii_digit())) {
            words.truncate(start);
        } else if !word.is_empty() {
            words.push(' ');
        }
    };
    let mut add = |c: char| {
        if c.is_alphanumeric() {
            words.push(c);
        } else {
            end(&mut words, start);
            start = words.len();
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            add(c.to_ascii_lowercase());
        } else {
            // Each character's canonical decomposition: the marks it would reorder are dropped.
            decompose_canonical(c, |c| {
                if !is_combining_mark(c) {
                    c.to_lowercase().for_each(&mut add);
                }
            });
        }
    }
    end(&mut words, start);
    if words.ends_with(' ') {
        words.pop();
    }
    words
}

/// Everything search finds on the site.
fn entries(site: &Site) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    for section in tree::sections() {
        entries.push(Entry {
            title: section.name.clone(),
            address: address::section(&section.slug),
            context: "Sezione di Amministrazione trasparente".into(),
            text: Text::Written(String::new()),
        });
    }
    for plan in &site.plans {
        entries.par_extend(plan.objectives.par_iter().map(|objective| {
            let name = format!("Obiettivo {} – {}", objective.code, objective.title);
            Entry {
                title: shorten(&name, TITLE_LENGTH),
                address: address::objective(&plan.id, &objective.code),
                context: plan.title.clone(),
                text: Text::Objective(plan, objective),
            }
        }));
    }
    for office in &site.offices {
        let cited =
            site.plans.iter().rev().find(|plan| plan.objectives.iter().any(|o| o.offices.contains(&office.code)));
        let Some(plan) = cited else { continue };
        entries.push(Entry {
            title: office.name.clone(),
            address: address::plan_index(&plan.id, "strutture", Some(&office.code)),
            context: format!("Struttura · {}", plan.title),
            text: Text::Written(
                [office.kind.as_deref(), office.head.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "),
            ),
        });
    }
    for deliberation in &site.deliberations {
        entries.push(Entry {
            title: shorten(&deliberation.subject, TITLE_LENGTH),
            address: deliberation.address(),
            context: format!(
                "{} – deliberazione n. {} del {}",
                deliberation.organ,
                deliberation.number,
                crate::load::values::date_text(deliberation.date)
            ),
            text: Text::Written(format!(
                "{} {} {}",
                deliberation.subject,
                deliberation.organ,
                deliberation.kind.as_deref().unwrap_or("")
            )),
        });
    }
    let plans: Vec<&str> = site.plans.iter().map(|plan| plan.id.as_str()).collect();
    for page in site.pages.iter().filter(|page| !page.front.draft) {
        let Some(address) = address::content_page(plans.iter().copied(), &page.path) else { continue };
        let title = page.title();
        let text = markdown::to_text(&page.body);
        let opening: Vec<&str> = text.split_whitespace().take(MOST_WORDS).collect();
        entries.push(Entry {
            title: shorten(&title, TITLE_LENGTH),
            address,
            context: page.front.description.clone().map_or_else(|| "Pagina".into(), |d| shorten(&d, TITLE_LENGTH)),
            text: Text::Written(opening.join(" ")),
        });
    }
    entries
}

/// The search index of `site`, written to `out` as the script `ricerca/indice.js`: it sets
/// `window.indiceRicerca` to the elasticlunr.js index (fields `titolo` and `testo`, documents not
/// stored, made lighter as it is written), the results by reference (`[titolo, pagina, àncora,
/// contesto]`, with pages and contexts listed once in `pagine` and `contesti`) and the words the
/// index leaves out.
/// The entries' words are made in parallel, `CHUNK` entries at a time; only adding them to the
/// index is in turn.
pub fn index_script(site: &Site, out: &mut dyn io::Write) -> io::Result<()> {
    let entries = entries(site);
    let mut index = elasticlunr::Index::default();
    let mut pages = Listed::default();
    let mut contexts = Listed::default();
    let mut results = Vec::with_capacity(entries.len());
    for entries in entries.chunks(CHUNK) {
        let tokens: Vec<[String; 2]> = entries
            .par_iter()
            // Numbers only in titles (codes, years): in a text they find too much.
            .map(|entry| [words(&entry.title, true), words(&entry.text.text(), false)])
            .collect();
        for (entry, tokens) in entries.iter().zip(&tokens) {
            index.add(tokens);
            let (page, anchor) = entry.address.split_once('#').unwrap_or((&entry.address, ""));
            results.push((entry.title.as_str(), pages.number(page), anchor, contexts.number(&entry.context)));
        }
    }
    out.write_all(b"window.indiceRicerca = {\"indice\":")?;
    index.write(out)?;
    drop(index);
    out.write_all(b",\"risultati\":")?;
    serde_json::to_writer(&mut *out, &results)?;
    out.write_all(b",\"pagine\":")?;
    serde_json::to_writer(&mut *out, &pages.texts)?;
    out.write_all(b",\"contesti\":")?;
    serde_json::to_writer(&mut *out, &contexts.texts)?;
    out.write_all(b",\"paroleVuote\":")?;
    serde_json::to_writer(&mut *out, FUNCTION_WORDS)?;
    out.write_all(b"};\n")
}

/// Texts listed once, each by its number.
#[derive(Default)]
struct Listed {
    texts: Vec<String>,
    numbers: std::collections::HashMap<String, usize>,
}

impl Listed {
    fn number(&mut self, text: &str) -> usize {
        if let Some(&number) = self.numbers.get(text) {
            return number;
        }
        self.texts.push(text.to_string());
        self.numbers.insert(text.to_string(), self.texts.len() - 1);
        self.texts.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_function_words_left_out() {
        assert_eq!(words("Qualità dell'ATTIVITÀ e della città", true), "qualita attivita citta");
        assert_eq!(words("  Perché più: l'anno 2025, il 3° ", true), "perche piu anno 2025 3");
        assert_eq!(words("Perché più: l'anno 2025, il 3° ", false), "perche piu anno");
        assert_eq!(words("e di 12", false), "");
        // Decomposed, precomposed, with marks in either order, ligatures and other scripts.
        assert_eq!(
            words("Qualita\u{300} pie\u{301}\u{327} Œuvre ǅemal Ὀδυσσεύς", true),
            "qualita pie œuvre ǆemal οδυσσευς"
        );
    }

    proptest::proptest! {
        /// Folding each character alone gives the words that folding the whole text gives.
        #[test]
        fn words_fold_as_the_whole_text_decomposed(text in "\\PC{0,40}", numbers: bool) {
            use unicode_normalization::UnicodeNormalization;
            let folded: String =
                text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
            let expected = words(&folded, numbers);
            proptest::prop_assert_eq!(words(&text, numbers), expected);
        }
    }
}
