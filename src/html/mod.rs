//! Text made safe for HTML and XML, decided in one place for pages, downloads, the feed and the
//! preview: [`escape`] for plain text, [`markdown`] for long texts (Markdown or legacy HTML, to
//! sanitised HTML).

pub mod markdown;

/// Escapes text for HTML: `&`, `<`, `>`, `"` and `'` (Tera's default also escapes `/`, which
/// only makes addresses and dates harder to read).
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    let mut unescaped_from = 0;
    for (index, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The escaped bytes are ASCII, so `index` is always a character boundary.
        escaped.push_str(&text[unescaped_from..index]);
        escaped.push_str(entity);
        unescaped_from = index + 1;
    }
    escaped.push_str(&text[unescaped_from..]);
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_the_five_characters_and_keeps_everything_else() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("Però è già 30/06/2025"), "Però è già 30/06/2025");
        assert_eq!(
            escape("<a href=\"x\">L'ente & l’ufficio</a>"),
            "&lt;a href=&quot;x&quot;&gt;L&#39;ente &amp; l’ufficio&lt;/a&gt;"
        );
        assert_eq!(escape("àè&"), "àè&amp;");
    }
}
