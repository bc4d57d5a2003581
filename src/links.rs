//! Which addresses may become links. A link written in the data (a deliberation's document, the
//! entity's website) or in the configuration (`url_base`) ends up in an `href`, in the feed and in
//! the catalogue, where a `javascript:` or `data:` address would run in the reader's browser. Only
//! three kinds are accepted ([`Target`]): absolute `http:`/`https:` addresses, `mailto:` addresses
//! and paths to a file inside the site. Everything else is refused with a reason ([`Refused`]),
//! including the tricks browsers undo before looking at the scheme: control characters, tabs and
//! line breaks, invisible characters, HTML character references and percent-encoding.
//!
//! The model keeps only links that pass [`classify`]; the renderer checks again with
//! [`is_safe_href`] before writing an `href`, so that no other scheme reaches a page.

/// A link that may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// An absolute `http:` or `https:` address, as written.
    Web(&'a str),
    /// A `mailto:` address, as written.
    Mail(&'a str),
    /// A path to a file inside the site, from its root, without the leading `/`.
    Site(&'a str),
}

impl Target<'_> {
    /// The address to link: absolute addresses as written, site paths from the site root.
    pub fn href(&self) -> &str {
        match self {
            Target::Web(text) | Target::Mail(text) | Target::Site(text) => text,
        }
    }
}

/// Why an address cannot become a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Nothing but slashes, or nothing at all.
    Empty,
    /// Control characters, tabs, line breaks or invisible characters.
    Invisible,
    /// A scheme other than `http:`, `https:` and `mailto:` (lowercased).
    Scheme(String),
    /// `:` where no allowed scheme is: perhaps a scheme hidden by codes or spaces.
    Colon,
    /// An HTML character reference (`&#106;`, `&colon;`).
    Entity,
    /// `http://` or `https://` without a host name.
    NoHost,
    /// Spaces in an absolute address.
    Space,
    /// `//host`: an address of another site without a scheme.
    SchemeRelative,
    /// A backslash, which browsers read as `/`.
    Backslash,
    /// A `..` segment, which leaves the site's folders.
    OutsideSite,
}

impl Refused {
    /// What is wrong, in Italian, to complete "l'indirizzo …".
    pub fn describe(&self) -> String {
        match self {
            Refused::Empty => "è vuoto".into(),
            Refused::Invisible => "contiene caratteri di controllo, tabulazioni, a capo o caratteri invisibili".into(),
            Refused::Scheme(scheme) => format!("usa lo schema `{scheme}:`, che non è ammesso"),
            Refused::Colon => "contiene `:` senza cominciare con https://, http:// o mailto:".into(),
            Refused::Entity => "contiene un'entità HTML (come `&#106;`)".into(),
            Refused::NoHost => "non indica il nome del sito dopo `://`".into(),
            Refused::Space => "contiene spazi".into(),
            Refused::SchemeRelative => "comincia con `//`: indica un altro sito senza dire lo schema".into(),
            Refused::Backslash => "contiene una barra rovesciata `\\`".into(),
            Refused::OutsideSite => "contiene un segmento `..`, che esce dalle cartelle del sito".into(),
        }
    }
}

/// What a link in the data may be, in Italian (for diagnostics and the documentation).
pub const ALLOWED: &str = "un indirizzo che comincia con https://, http:// o mailto:, oppure il percorso di un file in static/ (come `delibere/cda-21-2026.pdf`)";

/// Classifies an address written in the data or the configuration.
pub fn classify(text: &str) -> Result<Target<'_>, Refused> {
    if text.chars().any(is_invisible) {
        return Err(Refused::Invisible);
    }
    if has_entity(text) {
        return Err(Refused::Entity);
    }
    if let Some((scheme, rest)) = text.split_once(':') {
        let lower = scheme.to_ascii_lowercase();
        return match lower.as_str() {
            "http" | "https" => web(text, rest),
            "mailto" if rest.trim().is_empty() => Err(Refused::Empty),
            "mailto" if text.contains(' ') => Err(Refused::Space),
            "mailto" => Ok(Target::Mail(text)),
            _ if is_scheme(scheme) => Err(Refused::Scheme(lower)),
            _ => Err(Refused::Colon),
        };
    }
    site_path(text)
}

/// An absolute `http:` or `https:` address, as `url_base` must be.
pub fn absolute_web(text: &str) -> Result<&str, Refused> {
    match classify(text)? {
        Target::Web(text) => Ok(text),
        Target::Mail(_) => Err(Refused::Scheme("mailto".into())),
        Target::Site(_) => Err(Refused::NoHost),
    }
}

/// The address a link from the data is published at: a web or `mailto:` address as it is, a file
/// of `static/` from the site root. The model holds only links that [`classify`] accepts; anything
/// else (which cannot come from a valid site) gets no address, so no other scheme can reach a page
/// or the feed.
pub fn href(link: &str) -> Option<String> {
    classify(link).ok().map(|target| target.href().to_string())
}

/// Whether the renderer may write `url` in an `href`: an address [`classify`] accepts, or a
/// `tel:` number made only of digits and `+` (the contacts page builds those from the data).
pub fn is_safe_href(url: &str) -> bool {
    match url.strip_prefix("tel:") {
        Some(number) => !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '+'),
        None => classify(url).is_ok(),
    }
}

fn web<'a>(text: &'a str, rest: &str) -> Result<Target<'a>, Refused> {
    let Some(after) = rest.strip_prefix("//") else { return Err(Refused::NoHost) };
    let host = after.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() {
        Err(Refused::NoHost)
    } else if text.contains(' ') {
        Err(Refused::Space)
    } else if text.contains('\\') {
        Err(Refused::Backslash)
    } else {
        Ok(Target::Web(text))
    }
}

fn site_path(text: &str) -> Result<Target<'_>, Refused> {
    if text.contains('\\') {
        return Err(Refused::Backslash);
    }
    if text.starts_with("//") {
        return Err(Refused::SchemeRelative);
    }
    let path = text.trim_start_matches('/');
    if path.is_empty() || path.starts_with(['?', '#']) {
        return Err(Refused::Empty);
    }
    // Browsers decode percent-escapes in paths: what they would see is checked too.
    let decoded = percent_decoded(path.split(['?', '#']).next().unwrap_or(""));
    if decoded.chars().any(is_invisible) {
        return Err(Refused::Invisible);
    }
    if decoded.contains(':') {
        return Err(Refused::Colon);
    }
    if decoded.contains('\\') {
        return Err(Refused::Backslash);
    }
    if decoded.split('/').any(|segment| segment.trim() == "..") {
        return Err(Refused::OutsideSite);
    }
    Ok(Target::Site(path))
}

/// Control characters (tabs and line breaks among them), white space other than the plain space,
/// and the invisible format characters (zero-width, direction marks, byte-order mark).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// True when `text` holds an HTML character reference: `&#…` or `&name;`.
fn has_entity(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let rest = &text[at + 1..];
        rest.starts_with('#') || {
            let name_len = rest.chars().take_while(char::is_ascii_alphanumeric).count();
            name_len > 0 && rest[name_len..].starts_with(';')
        }
    })
}

/// A scheme as RFC 3986 spells it: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `text` with its `%XX` escapes decoded (invalid escapes kept as they are, bytes that are not
/// UTF-8 replaced).
fn percent_decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mail_and_site_paths_are_accepted() {
        assert_eq!(classify("https://www.concass.it/"), Ok(Target::Web("https://www.concass.it/")));
        assert_eq!(classify("HTTP://ente.it/a?b=1#c"), Ok(Target::Web("HTTP://ente.it/a?b=1#c")));
        assert_eq!(classify("mailto:ufficio@ente.it"), Ok(Target::Mail("mailto:ufficio@ente.it")));
        assert_eq!(classify("delibere/cda-21-2026.pdf"), Ok(Target::Site("delibere/cda-21-2026.pdf")));
        assert_eq!(classify("/delibere/atto 21.pdf#page=2"), Ok(Target::Site("delibere/atto 21.pdf#page=2")));
        assert_eq!(classify("delibere/a&b.pdf"), Ok(Target::Site("delibere/a&b.pdf")));
        assert_eq!(classify("delibere/..pdf").map(|t| t.href().to_string()), Ok("delibere/..pdf".to_string()));
    }

    #[test]
    fn other_schemes_and_disguised_ones_are_refused() {
        let scheme = |s: &str| Err(Refused::Scheme(s.into()));
        for (text, why) in [
            ("javascript:alert(1)", scheme("javascript")),
            ("JaVaScRiPt:alert(1)", scheme("javascript")),
            ("data:text/html;base64,PHNjcmlwdD4=", scheme("data")),
            ("vbscript:msgbox", scheme("vbscript")),
            ("file:///etc/passwd", scheme("file")),
            ("ftp://ente.it/a", scheme("ftp")),
            (" javascript:alert(1)", Err(Refused::Colon)),
            ("java script:alert(1)", Err(Refused::Colon)),
            ("\tjavascript:alert(1)", Err(Refused::Invisible)),
            ("java\tscript:alert(1)", Err(Refused::Invisible)),
            ("java\nscript:alert(1)", Err(Refused::Invisible)),
            ("java\u{0}script:alert(1)", Err(Refused::Invisible)),
            ("java\u{200B}script:alert(1)", Err(Refused::Invisible)),
            ("java&#x09;script:alert(1)", Err(Refused::Entity)),
            ("&#106;avascript:alert(1)", Err(Refused::Entity)),
            ("javascript&colon;alert(1)", Err(Refused::Entity)),
            ("jav%61script:alert(1)", Err(Refused::Colon)),
            ("%6a%61vascript%3aalert(1)", Err(Refused::Colon)),
            ("a%09b.pdf", Err(Refused::Invisible)),
            ("//evil.example/x.pdf", Err(Refused::SchemeRelative)),
            ("/\\evil.example", Err(Refused::Backslash)),
            ("../../etc/passwd", Err(Refused::OutsideSite)),
            ("delibere/%2e%2e/%2e%2e/x", Err(Refused::OutsideSite)),
            ("https:evil.example", Err(Refused::NoHost)),
            ("https:///x", Err(Refused::NoHost)),
            ("https://ente.it/a b", Err(Refused::Space)),
            ("mailto:", Err(Refused::Empty)),
            ("/", Err(Refused::Empty)),
        ] {
            assert_eq!(classify(text), why, "{text:?}");
        }
    }

    #[test]
    fn the_base_address_must_be_absolute_web() {
        assert_eq!(absolute_web("https://www.concass.it/"), Ok("https://www.concass.it/"));
        assert_eq!(absolute_web("javascript:alert(1)//"), Err(Refused::Scheme("javascript".into())));
        assert_eq!(absolute_web("mailto:a@b.it"), Err(Refused::Scheme("mailto".into())));
        assert_eq!(absolute_web("sito/"), Err(Refused::NoHost));
    }

    #[test]
    fn hrefs_are_checked_again_before_rendering() {
        assert!(is_safe_href("delibere/a.pdf"));
        assert!(is_safe_href("tel:+390375203122"));
        assert!(!is_safe_href("tel:javascript:x"));
        assert!(!is_safe_href("javascript:alert(1)"));
        assert!(!is_safe_href("DATA:text/html,x"));
    }
}
