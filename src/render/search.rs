//! The site's search index, built with the site: objectives (with the words of their steps and
//! indicators, which lead to the objective's page), offices, deliberations, pages of `content/`
//! and the sections of the tree, as an elasticlunr.js index
//! (elasticlunr-rs) with the title, address and context of each result. It is written as a script,
//! `ricerca/indice.js`, so that the search page reads it also from a folder on disk, where a page
//! cannot fetch a JSON file. Words are lower-cased, their accents folded (`attività` → `attivita`)
//! and the commonest Italian function words left out, here and, with the list the index carries,
//! in the browser (`ricerca.js`), which also matches words by their beginning.

use elasticlunr::{IndexBuilder, Language, Pipeline};
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use crate::address;
use crate::html::markdown;
use crate::model::Site;

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

/// One thing search finds.
struct Entry {
    title: String,
    address: String,
    context: String,
    text: String,
}

/// Text as the index holds it: lower-cased, accents folded.
pub fn fold(text: &str) -> String {
    text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The words of `text` that the index holds, in order.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !FUNCTION_WORDS.contains(word))
        .map(String::from)
        .collect()
}

/// Italian as the index reads it: [`words`], and no stemming, which the browser could not repeat.
struct Folded;

impl Language for Folded {
    fn name(&self) -> String {
        "Italian".into()
    }

    fn code(&self) -> String {
        "it".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        words(text)
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}

/// Everything search finds on the site.
fn entries(site: &Site) -> Vec<Entry> {
    let mut entries = Vec::new();
    for section in tree::sections() {
        entries.push(Entry {
            title: section.name.clone(),
            address: address::section(&section.slug),
            context: "Sezione di Amministrazione trasparente".into(),
            text: String::new(),
        });
    }
    for plan in &site.plans {
        for objective in &plan.objectives {
            let name = format!("Obiettivo {} – {}", objective.code, objective.title);
            let mut text = objective.description.as_deref().map(markdown::to_text).unwrap_or_default();
            for &i in plan.step_positions(&objective.code) {
                let step = &plan.steps[i];
                for words in [Some(step.description.as_str()), step.kpi.as_deref()].into_iter().flatten() {
                    text.push(' ');
                    text.push_str(&markdown::to_text(words));
                }
            }
            for &i in plan.indicator_positions(&objective.code) {
                text.push(' ');
                text.push_str(&markdown::to_text(&plan.indicators[i].description));
            }
            entries.push(Entry {
                title: shorten(&name, TITLE_LENGTH),
                address: address::objective(&plan.id, &objective.code),
                context: plan.title.clone(),
                text,
            });
        }
    }
    for office in &site.offices {
        let cited =
            site.plans.iter().rev().find(|plan| plan.objectives.iter().any(|o| o.offices.contains(&office.code)));
        let Some(plan) = cited else { continue };
        entries.push(Entry {
            title: office.name.clone(),
            address: address::plan_index(&plan.id, "strutture", Some(&office.code)),
            context: format!("Struttura · {}", plan.title),
            text: [office.kind.as_deref(), office.head.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "),
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
            text: format!(
                "{} {} {}",
                deliberation.subject,
                deliberation.organ,
                deliberation.kind.as_deref().unwrap_or("")
            ),
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
            text: opening.join(" "),
        });
    }
    entries
}

/// The search index of `site`, as the script `ricerca/indice.js`: it sets `window.indiceRicerca`
/// to the elasticlunr.js index (fields `titolo` and `testo`, documents not stored, made
/// lighter), the results by reference (`[titolo, pagina, àncora, contesto]`, with pages and
/// contexts listed once in `pagine` and `contesti`) and the words the index leaves out.
pub fn index_script(site: &Site) -> String {
    let entries = entries(site);
    let mut index = IndexBuilder::with_language(Box::new(Folded))
        .save_docs(false)
        .add_field("titolo")
        .add_field_with_tokenizer("testo", Box::new(words_without_numbers))
        .build();
    let mut pages = Listed::default();
    let mut contexts = Listed::default();
    let mut results = Vec::with_capacity(entries.len());
    for (reference, entry) in entries.iter().enumerate() {
        index.add_doc(&reference.to_string(), [entry.title.as_str(), entry.text.as_str()]);
        let (page, anchor) = entry.address.split_once('#').unwrap_or((&entry.address, ""));
        results.push(serde_json::json!([entry.title, pages.number(page), anchor, contexts.number(&entry.context)]));
    }
    let mut index = serde_json::to_value(&index).unwrap_or_default();
    if let Some(fields) = index.get_mut("index").and_then(serde_json::Value::as_object_mut) {
        fields.values_mut().filter_map(|field| field.get_mut("root")).for_each(lighter);
    }
    let data = serde_json::json!({
        "indice": index,
        "risultati": results,
        "pagine": pages.texts,
        "contesti": contexts.texts,
        "paroleVuote": FUNCTION_WORDS,
    });
    format!("window.indiceRicerca = {data};\n")
}

/// The words of a text field: [`words`] without the numbers, which only titles (codes, years)
/// make worth finding.
fn words_without_numbers(text: &str) -> Vec<String> {
    words(text).into_iter().filter(|word| !word.chars().all(|c| c.is_ascii_digit())).collect()
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

/// Makes a node of elasticlunr's inverted index (a tree of characters) lighter without changing
/// what elasticlunr.js finds: a node that ends no word loses its empty `docs` and zero `df` (the
/// library only reads them where `df` is above zero), and term frequencies keep two decimals.
fn lighter(node: &mut serde_json::Value) {
    let Some(node) = node.as_object_mut() else { return };
    let ends_a_word = node.get("docs").and_then(serde_json::Value::as_object).is_some_and(|docs| !docs.is_empty());
    if ends_a_word {
        for doc in
            node.get_mut("docs").and_then(serde_json::Value::as_object_mut).into_iter().flat_map(|d| d.values_mut())
        {
            if let Some(tf) = doc.get("tf").and_then(serde_json::Value::as_f64) {
                doc["tf"] = serde_json::json!((tf * 100.0).round() / 100.0);
            }
        }
    } else {
        node.remove("docs");
        node.remove("df");
    }
    for (key, child) in node.iter_mut() {
        if key != "docs" && key != "df" {
            lighter(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_function_words_left_out() {
        assert_eq!(words("Qualità dell'ATTIVITÀ e della città"), ["qualita", "attivita", "citta"]);
        assert_eq!(fold("Perché più"), "perche piu");
    }
}
