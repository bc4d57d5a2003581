//! Pages: any text as a page of `content/` (TOML front matter and Markdown), then its Markdown
//! and any HTML of a cell through the sanitiser, must give a page or a diagnostic, never a
//! panic, and never HTML with a script, a frame, an event handler or a script-capable address.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trasparenza::html::markdown::{sanitise, to_html};
use trasparenza::load::content::parse_page;

/// Reads the tags of serialised HTML (attribute values always in double quotes, `<` in text
/// always escaped) and panics at the first one that could run something.
fn assert_inert(html: &str) {
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if name.is_empty() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        assert!(
            !matches!(lower.as_str(), "script" | "iframe" | "frame" | "object" | "embed" | "base"),
            "<{name}> in {html}"
        );
        rest = &rest[name.len()..];
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let end = rest.find(|c: char| c == '=' || c == '>' || c.is_whitespace()).unwrap_or(rest.len());
            let attribute = rest[..end].to_ascii_lowercase();
            rest = &rest[end..];
            let mut value = "";
            if let Some(after) = rest.strip_prefix("=\"") {
                let close = after.find('"').unwrap_or(after.len());
                value = &after[..close];
                rest = after.get(close + 1..).unwrap_or("");
            }
            assert!(!attribute.starts_with("on"), "{attribute} in {html}");
            let address = value.trim().to_ascii_lowercase();
            if matches!(attribute.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href") {
                assert!(
                    !address.starts_with("javascript:")
                        && !address.starts_with("data:")
                        && !address.starts_with("vbscript:"),
                    "{attribute}=\"{value}\" in {html}"
                );
            }
        }
    }
}

fuzz_target!(|text: &str| {
    if let Ok(page) = parse_page("content/pagina.md", text) {
        assert_inert(&to_html(&page.body));
    }
    assert_inert(&to_html(text));
    assert_inert(&sanitise(text));
});
