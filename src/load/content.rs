//! Markdown pages of `content/`: the TOML front matter between `+++` lines, and the body.
//!
//! The body stays Markdown here; rendering it is the renderer's job.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

use crate::diagnostics::{Diagnostic, Location, Rule};

use super::values::parse_date;

/// A page of `content/`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContentPage {
    /// Path relative to the site folder (`content/piani/piao-2026-2028/01-premessa.md`).
    pub path: String,
    /// The front matter.
    pub front: FrontMatter,
    /// The Markdown body.
    pub body: String,
}

impl ContentPage {
    /// Its title: the front matter's, or else the name of its file (of its folder, for an
    /// `_index.md`), as the page shows it and search lists it.
    pub fn title(&self) -> String {
        if let Some(title) = &self.front.title {
            return title.clone();
        }
        let relative = self.path.trim_start_matches("content/").trim_end_matches(".md");
        let relative = relative.strip_suffix("/_index").unwrap_or(relative);
        relative.rsplit('/').next().unwrap_or(relative).to_string()
    }
}

/// The TOML front matter of a page.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title of the page.
    pub title: Option<String>,
    /// Short description, for the index pages and the `<meta>` description.
    pub description: Option<String>,
    /// Date of the content.
    #[serde(default, deserialize_with = "date")]
    pub date: Option<NaiveDate>,
    /// Date of the last update of the content.
    #[serde(default, deserialize_with = "date")]
    pub updated: Option<NaiveDate>,
    /// Template to render the page with, instead of the default one.
    pub template: Option<String>,
    /// Position among sibling pages (lower first).
    pub weight: Option<i64>,
    /// A draft is checked but not published.
    #[serde(default)]
    pub draft: bool,
}

/// Dates in front matter may be TOML dates (`2026-03-25`) or Italian strings (`"25/03/2026"`).
fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Written {
        Toml(toml::value::Datetime),
        Text(String),
    }
    let text = match Written::deserialize(deserializer)? {
        Written::Toml(datetime) => datetime.to_string(),
        Written::Text(text) => text,
    };
    let day = text.get(..10).and_then(parse_date).or_else(|| parse_date(&text));
    day.map(Some).ok_or_else(|| serde::de::Error::custom(format!("data non valida «{text}»")))
}

/// Splits and parses a page. The front matter is optional; when present it must be valid.
pub fn parse_page(path: &str, text: &str) -> Result<ContentPage, Box<Diagnostic>> {
    let text = text.trim_start_matches('\u{feff}');
    let Some(rest) = text.strip_prefix("+++").filter(|rest| rest.starts_with(['\n', '\r'])) else {
        return Ok(ContentPage { path: path.into(), front: FrontMatter::default(), body: text.into() });
    };
    let Some(end) = find_closing(rest) else {
        return Err(Box::new(
            Diagnostic::new(
                Rule::FrontMatter,
                Location { file: path.into(), row: Some(1), ..Location::default() },
                "l'intestazione aperta da `+++` non viene mai chiusa",
            )
            .expected("una riga `+++` dopo l'intestazione TOML")
            .hint("aggiungere una riga con `+++` prima del testo della pagina"),
        ));
    };
    let (toml_text, body) = (&rest[..end], rest[end..].trim_start_matches('+').trim_start_matches(['\r', '\n']));
    let front: FrontMatter = toml::from_str(toml_text).map_err(|error| {
        let line = error
            .span()
            .map(|span| 2 + toml_text[..span.start.min(toml_text.len())].lines().count().saturating_sub(1) as u64);
        Box::new(
            Diagnostic::new(
                Rule::FrontMatter,
                Location { file: path.into(), row: line.or(Some(1)), ..Location::default() },
                format!("l'intestazione della pagina non è valida: {}", super::toml_messages::italian(error.message())),
            )
            .expected("chiavi title, description, date, updated, template, weight, draft")
            .hint("controllare la riga indicata: le stringhe vanno tra virgolette, le date come 2026-03-25"),
        )
    })?;
    Ok(ContentPage { path: path.into(), front, body: body.to_string() })
}

/// Offset of the closing `+++` line in the text after the opening one.
fn find_closing(rest: &str) -> Option<usize> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if offset > 0 && line.trim_end() == "+++" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_a_title_is_named_by_its_file() {
        let untitled =
            |path: &str| ContentPage { path: path.into(), front: FrontMatter::default(), body: String::new() };
        assert_eq!(untitled("content/piani/piao-2025-2027/01-premessa.md").title(), "01-premessa");
        assert_eq!(untitled("content/amministrazione-trasparente/bilanci/_index.md").title(), "bilanci");
        let titled = parse_page("content/a.md", "+++\ntitle = \"Premessa\"\n+++\n").unwrap();
        assert_eq!(titled.title(), "Premessa");
    }

    #[test]
    fn front_matter_and_body() {
        let page = parse_page(
            "content/a.md",
            "+++\ntitle = \"Premessa\"\nweight = 1\ndate = 2026-03-25\nupdated = \"01/04/2026\"\n+++\n\n## Testo\n",
        )
        .unwrap();
        assert_eq!(page.front.title.as_deref(), Some("Premessa"));
        assert_eq!(page.front.weight, Some(1));
        assert_eq!(page.front.date, NaiveDate::from_ymd_opt(2026, 3, 25));
        assert_eq!(page.front.updated, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert_eq!(page.body, "## Testo\n");
    }

    #[test]
    fn pages_without_front_matter_are_plain_markdown() {
        let page = parse_page("content/a.md", "# Titolo\n").unwrap();
        assert_eq!(page.front, FrontMatter::default());
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let error = parse_page("content/a.md", "+++\ntitle = \"x\"\ncolour = 3\n+++\n").unwrap_err();
        assert_eq!(error.rule, Rule::FrontMatter);
        assert_eq!(error.location.row, Some(3));
        assert_eq!(error.message, "l'intestazione della pagina non è valida: la chiave `colour` non esiste");
        let error = parse_page("content/a.md", "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(error.message.contains("mai chiusa"));
        let error = parse_page("content/a.md", "+++\ndate = \"31/02/2026\"\n+++\n").unwrap_err();
        assert!(error.message.ends_with("data non valida «31/02/2026»"), "{}", error.message);
    }
}
