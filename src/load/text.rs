//! Bytes to text: the encodings spreadsheets export, detected rather than configured.
//!
//! UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and Windows-1252 for
//! anything that is not valid UTF-8. Files that are not text at all (NUL bytes, control
//! characters) are refused, so binary garbage gives one clear error instead of nonsense cells.

use std::borrow::Cow;

/// The encoding a file turned out to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little or big endian, with a byte-order mark.
    Utf16,
    /// Windows-1252 (the "ANSI" of Italian Windows), a superset of ISO-8859-1.
    Windows1252,
}

/// Why bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    /// What the file looks like, when its first bytes say so (`un file Excel (.xlsx) o ZIP`).
    pub looks_like: Option<&'static str>,
    /// Line of the first character that gives the file away as binary.
    pub line: u64,
}

/// Well-known file signatures, to tell staff what they saved by mistake.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "un file Excel (.xlsx), OpenDocument (.ods) o ZIP"),
    (b"\xD0\xCF\x11\xE0", "un file Excel 97-2003 (.xls)"),
    (b"%PDF", "un PDF"),
    (b"\x89PNG", "un'immagine PNG"),
    (b"\xFF\xD8\xFF", "un'immagine JPEG"),
];

/// Decodes a file's bytes; line endings are left as they are (the CSV reader handles CRLF).
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), NotText> {
    if let Some((_, kind)) = SIGNATURES.iter().find(|(signature, _)| bytes.starts_with(signature)) {
        return Err(NotText { looks_like: Some(kind), line: 1 });
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest)
            .map_err(|e| NotText { looks_like: None, line: line_of(&rest[..e.valid_up_to()]) })?;
        (Cow::Borrowed(text), Encoding::Utf8)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, malformed) = encoding_rs::UTF_16LE.decode(bytes);
        if malformed {
            return Err(NotText { looks_like: None, line: 1 });
        }
        (Cow::Owned(text.into_owned()), Encoding::Utf16)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), Encoding::Utf8)
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        (Cow::Owned(text.into_owned()), Encoding::Windows1252)
    };
    if !may_hold_binary_chars(text.as_bytes()) {
        return Ok((text, encoding));
    }
    match text.char_indices().find(|(_, c)| is_binary_char(*c)) {
        Some((offset, _)) => Err(NotText { looks_like: None, line: line_of(text[..offset].as_bytes()) }),
        None => Ok((text, encoding)),
    }
}

/// Line (1-based) reached at the end of `before`.
fn line_of(before: &[u8]) -> u64 {
    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
}

/// False when no byte of the UTF-8 `text` can start a character of [`is_binary_char`]: no ASCII
/// control but tab, CR and LF, no lead byte of U+0080–U+009F (0xC2) or of U+FFFD (0xEF). A scan
/// of whole blocks, which the compiler vectorises, so that a large file skips the slower scan
/// of characters.
fn may_hold_binary_chars(text: &[u8]) -> bool {
    let suspicious = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2 || b == 0xEF;
    text.chunks(64).any(|block| block.iter().fold(false, |found, &b| found | suspicious(b)))
}

/// Control characters that never appear in a spreadsheet export (tab, CR and LF do).
fn is_binary_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFD}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("città".as_bytes()).unwrap(), (Cow::Borrowed("città"), Encoding::Utf8));
        assert_eq!(decode(b"\xEF\xBB\xBFcitt\xC3\xA0").unwrap().0, "città");
    }

    #[test]
    fn windows_1252_is_detected() {
        let (text, encoding) = decode(b"citt\xE0 \x80 624.091,00 \x93ok\x94").unwrap();
        assert_eq!(text, "città € 624.091,00 “ok”");
        assert_eq!(encoding, Encoding::Windows1252);
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = "\u{feff}codice;città".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let (text, encoding) = decode(&bytes).unwrap();
        assert_eq!(text, "codice;città");
        assert_eq!(encoding, Encoding::Utf16);
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x14\x00").unwrap_err().looks_like,
            Some("un file Excel (.xlsx), OpenDocument (.ods) o ZIP")
        );
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n").unwrap_err().looks_like, Some("un'immagine PNG"));
        assert_eq!(decode(b"\xEF\xBB\xBF\xFF\xFE").unwrap_err(), NotText { looks_like: None, line: 1 });
        assert_eq!(decode(b"a;b\nc;d\n\x00\x01").unwrap_err(), NotText { looks_like: None, line: 3 });
    }

    #[test]
    fn the_quick_scan_misses_no_character_the_slow_one_finds() {
        let long = "Attività di verifica; «ufficio»: 30°\tok\r\n".repeat(40);
        for text in
            [long.clone(), format!("{long}\u{7}"), format!("{long}\u{85}x"), format!("{long}\u{FFFD}"), "\u{7F}".into()]
        {
            let slow = text.chars().any(is_binary_char);
            assert!(may_hold_binary_chars(text.as_bytes()) || !slow, "{text:?}");
            assert_eq!(decode(text.as_bytes()).is_err(), slow, "{text:?}");
        }
        assert!(!may_hold_binary_chars("Città – è già così\r\n".repeat(100).as_bytes()));
    }
}
