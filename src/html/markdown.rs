//! Markdown and legacy HTML to safe HTML: pulldown-cmark (tables, footnotes, strikethrough) and
//! then the ammonia allow-list sanitiser, so nothing from data or content can run a script,
//! load a resource from elsewhere or break the page.

use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

/// Renders Markdown (which may contain HTML) to sanitised HTML. Plain text (most cells of a plan)
/// takes a fast path: escaped and wrapped in a paragraph, which is what the full path would give.
pub fn to_html(markdown: &str) -> String {
    if is_plain(markdown) {
        return format!("<p>{}</p>\n", super::escape(markdown.trim()));
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut rendered = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut rendered, Parser::new_ext(markdown, options));
    sanitise(&rendered)
}

/// The words of Markdown (which may contain HTML) as plain text, for the search index: the text
/// and code of every element, blocks separated by a space; tags and markup left out.
pub fn to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    if is_plain(markdown) {
        return markdown.trim().to_string();
    }
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(words) | Event::Code(words) => text.push_str(&words),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.trim_end().to_string()
}

/// True for one line of text that Markdown would render as a single plain paragraph.
fn is_plain(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && !text.bytes().any(|b| {
            matches!(b, b'<' | b'>' | b'&' | b'*' | b'_' | b'[' | b']' | b'`' | b'#' | b'|' | b'\\' | b'\n' | b'\r')
                || matches!(b, b'~' | b'!' | b'"' | b'\'')
        })
        && !text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '=' | ' '))
        && !text.contains("://")
        && !text.contains('@')
}

/// Removes from HTML everything that is not on the allow-list: scripts, styles, frames, event
/// handlers, `javascript:` links, images from other sites. A list without any item (legacy HTML
/// pasted from documents has them: `<ul> - uno - due`) is not a list: its tags are dropped and its
/// text kept, so the page stays valid.
pub fn sanitise(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    static WITHOUT_LISTS: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let lower = html.to_ascii_lowercase();
    if (lower.contains("<ul") || lower.contains("<ol")) && !lower.contains("<li") {
        return WITHOUT_LISTS
            .get_or_init(|| {
                let mut builder = cleaner();
                builder.rm_tags(["ul", "ol"]);
                builder
            })
            .clean(html)
            .to_string();
    }
    CLEANER.get_or_init(cleaner).clean(html).to_string()
}

/// The allow-list.
fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .add_generic_attributes(["id", "lang"])
        .add_tag_attributes("th", ["scope"])
        .add_tag_attributes("td", ["colspan", "rowspan"]);
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_the_words_and_drops_the_markup() {
        assert_eq!(to_text("Avvio del **servizio**"), "Avvio del servizio");
        assert_eq!(to_text("- uno\n- due\n\nUn <em>testo</em> e `codice`"), "uno due Un testo e codice");
        assert_eq!(to_text("Testo semplice"), "Testo semplice");
    }

    #[test]
    fn markdown_with_tables_and_footnotes() {
        let html = to_html("## Titolo\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTesto[^1].\n\n[^1]: Nota.\n");
        assert!(html.contains("<h2>Titolo</h2>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("Nota."), "{html}");
    }

    #[test]
    fn plain_text_takes_the_fast_path_with_the_same_result() {
        for text in [
            "Rendicontazione PIPPI 12",
            "Utilizzo risorse interne; fondi PNRR",
            "t<=0",
            "1. elenco",
            "Testo (con parentesi), virgole: e punti.",
        ] {
            let slow = {
                let mut rendered = String::new();
                html::push_html(
                    &mut rendered,
                    Parser::new_ext(
                        text,
                        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH,
                    ),
                );
                sanitise(&rendered)
            };
            assert_eq!(to_html(text), slow, "{text}");
        }
    }

    #[test]
    fn legacy_html_from_cells_is_kept() {
        assert_eq!(to_html("<p>Il CISA 12 ha avviato…</p>").trim_end(), "<p>Il CISA 12 ha avviato…</p>");
    }

    #[test]
    fn scripts_handlers_and_javascript_links_are_removed() {
        let html = to_html(
            "<p onclick=\"x()\">ciao</p><script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">link</a><iframe src=\"https://evil.example\"></iframe>",
        );
        for forbidden in ["onclick", "<script", "alert(1)</", "onerror", "javascript:", "<iframe"] {
            assert!(!html.contains(forbidden), "{forbidden} in {html}");
        }
        assert!(html.contains("ciao"));
    }

    #[test]
    fn lists_without_items_are_flattened() {
        let html = to_html("<ul style=\"list-style-type: none\"> - sede - alloggi <p>oltre</p>");
        assert!(!html.contains("<ul"), "{html}");
        assert!(html.contains("- sede - alloggi") && html.contains("<p>oltre</p>"), "{html}");
        assert!(to_html("<ul><li>uno</li></ul>").contains("<ul><li>uno</li></ul>"));
    }

    #[test]
    fn links_to_other_sites_do_not_leak_the_opener() {
        let html = to_html("[sito](https://www.example.it)");
        assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
    }
}
