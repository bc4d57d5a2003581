//! Bytes to text: the encodings spreadsheets export, detected rather than configured.
//!
//! UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and Windows-1252 for
//! a file with no UTF-8 character but ASCII. A UTF-8 file with a few bytes that are not UTF-8
//! (a cell pasted from a Windows-1252 file) stays UTF-8: only those bytes are read as
//! Windows-1252, and [`Decoded::repaired`] says where, so that the reader can warn; a whole file
//! is never re-decoded because of them. Text that is UTF-8 read as Windows-1252 and saved again
//! (`cittÃ ` for `città`) is found by [`double_encoded`]. Files that are not text at all (NUL
//! bytes, control characters) are refused, so binary garbage gives one clear error instead of
//! nonsense cells.

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

/// A file's bytes as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text; line endings as they are (the CSV reader handles CRLF).
    pub text: Cow<'a, str>,
    /// The encoding of the file.
    pub encoding: Encoding,
    /// In a UTF-8 file, the offsets in `text` of the characters whose bytes were not UTF-8 and
    /// were read as Windows-1252, in order; empty for the other encodings.
    pub repaired: Vec<usize>,
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

/// Decodes a file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, NotText> {
    if let Some((_, kind)) = SIGNATURES.iter().find(|(signature, _)| bytes.starts_with(signature)) {
        return Err(NotText { looks_like: Some(kind), line: 1 });
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(text) => Decoded { text: Cow::Borrowed(text), encoding: Encoding::Utf8, repaired: Vec::new() },
            Err(_) => repaired_utf8(rest),
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, malformed) = encoding_rs::UTF_16LE.decode(bytes);
        if malformed {
            return Err(NotText { looks_like: None, line: 1 });
        }
        Decoded { text: Cow::Owned(text.into_owned()), encoding: Encoding::Utf16, repaired: Vec::new() }
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Decoded { text: Cow::Borrowed(text), encoding: Encoding::Utf8, repaired: Vec::new() }
    } else if holds_utf8(bytes) {
        repaired_utf8(bytes)
    } else {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        Decoded { text: Cow::Owned(text.into_owned()), encoding: Encoding::Windows1252, repaired: Vec::new() }
    };
    let text = decoded.text.as_ref();
    if !may_hold_binary_chars(text.as_bytes()) {
        return Ok(decoded);
    }
    match text.char_indices().find(|(_, c)| is_binary_char(*c)) {
        Some((offset, _)) => Err(NotText { looks_like: None, line: line_of(&text.as_bytes()[..offset]) }),
        None => Ok(decoded),
    }
}

/// True when `bytes` hold a UTF-8 character that is not ASCII and that Windows-1252 also has
/// (`à`, `€`, `’`: what Italian text holds), which tells a UTF-8 file. Other UTF-8 characters
/// are not evidence: two Windows-1252 characters can make one by chance (`É”` are the bytes of
/// `ɔ`).
fn holds_utf8(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| {
        let valid = chunk.valid();
        !valid.is_ascii() && valid.chars().any(|c| windows_1252_byte(c).is_some())
    })
}

/// `bytes` read as UTF-8, every byte that is not part of a UTF-8 character read as Windows-1252.
fn repaired_utf8(bytes: &[u8]) -> Decoded<'static> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut repaired = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for &byte in chunk.invalid() {
            repaired.push(text.len());
            text.push(windows_1252_char(byte));
        }
    }
    Decoded { text: Cow::Owned(text), encoding: Encoding::Utf8, repaired }
}

/// The characters of the bytes 0x80–0x9F in Windows-1252; the five bytes it leaves undefined
/// are read as the control characters of the same number, as `encoding_rs` reads them.
const HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The character of one byte in Windows-1252.
fn windows_1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The byte of a character that is not ASCII in Windows-1252, if it has one.
fn windows_1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        code @ 0xA0..=0xFF => u8::try_from(code).ok(),
        _ if c.is_control() => None,
        _ => HIGH.iter().position(|&high| high == c).and_then(|index| u8::try_from(0x80 + index).ok()),
    }
}

/// Where in `text` characters are written twice over: UTF-8 read as
/// Windows-1252 and saved again, so that each byte of the character became one character
/// (`Ã¨` for `è`, `â‚¬` for `€`; `Ã ` for `à`, its no-break space turned into a space). Only
/// characters that Windows-1252 has count, which the Italian text of a plan is made of.
pub fn double_encoded(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut free = 0;
    // The first of the characters is one of U+00C2–U+00EF, written C3 xx in UTF-8; the next
    // is a character of the bytes 0x80–0xBF, whose UTF-8 begins with C2, C5, C6, CB or E2.
    for at in memchr::memchr_iter(0xC3, bytes) {
        let next = bytes.get(at + 2).copied();
        let candidate = matches!(next, Some(0xC2 | 0xC5 | 0xC6 | 0xCB | 0xE2))
            || (bytes.get(at + 1) == Some(&0x83) && next == Some(b' '));
        if at < free || !candidate {
            continue;
        }
        if let Some((len, _)) = double_encoded_at(&text[at..]) {
            found.push(at..at + len);
            free = at + len;
        }
    }
    found
}

/// `text` with every character written twice over ([`double_encoded`]) written once.
pub fn undo_double_encoding(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let (len, intended) = double_encoded_at(rest).unwrap_or((c.len_utf8(), c));
        out.push(intended);
        rest = &rest[len..];
    }
    out
}

/// The length in `text` and the character of a character written twice over at its start.
fn double_encoded_at(text: &str) -> Option<(usize, char)> {
    let mut chars = text.char_indices();
    let (_, first) = chars.next()?;
    let lead = windows_1252_byte(first)?;
    let continuations = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0];
    for byte in bytes.iter_mut().skip(1).take(continuations) {
        *byte = match chars.next()? {
            (_, ' ') if first == 'Ã' => 0xA0,
            (_, c) => windows_1252_byte(c).filter(|b| (0x80..=0xBF).contains(b))?,
        };
    }
    let len = chars.next().map_or(text.len(), |(offset, _)| offset);
    let intended = std::str::from_utf8(&bytes[..=continuations]).ok()?.chars().next()?;
    windows_1252_byte(intended).map(|_| (len, intended))
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

    /// The text and encoding of `bytes`, checking that nothing was repaired.
    fn text_of(bytes: &[u8]) -> (String, Encoding) {
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.repaired, [] as [usize; 0], "{bytes:?}");
        (decoded.text.into_owned(), decoded.encoding)
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert!(matches!(decode("città".as_bytes()).unwrap().text, Cow::Borrowed("città")));
        assert_eq!(text_of(b"\xEF\xBB\xBFcitt\xC3\xA0"), ("città".into(), Encoding::Utf8));
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes = b"citt\xE0 \x80 624.091,00 \x93ok\x94";
        assert_eq!(text_of(bytes), ("città € 624.091,00 “ok”".into(), Encoding::Windows1252));
        // Two Windows-1252 characters that make a UTF-8 one Windows-1252 does not have.
        assert_eq!(text_of(b"PERCH\xC9\x94 \xE8"), ("PERCHÉ” è".into(), Encoding::Windows1252));
    }

    #[test]
    fn windows_1252_bytes_in_utf8_are_repaired_one_by_one() {
        let bytes = b"citt\xC3\xA0;attivit\xE0;\x93ok\x94 \xE2\x82\xAC\n\xE8";
        let decoded = decode(bytes).unwrap();
        assert_eq!(decoded.text, "città;attività;“ok” €\nè");
        assert_eq!(decoded.encoding, Encoding::Utf8);
        let repaired: Vec<&str> = decoded.repaired.iter().map(|&at| &decoded.text[at..]).collect();
        assert_eq!(repaired, ["à;“ok” €\nè", "“ok” €\nè", "” €\nè", "è"]);
        // After a byte-order mark, even without other UTF-8 characters.
        let decoded = decode(b"\xEF\xBB\xBFa\xE0").unwrap();
        assert_eq!((decoded.text.as_ref(), decoded.encoding, decoded.repaired), ("aà", Encoding::Utf8, vec![1]));
    }

    #[test]
    fn the_characters_of_windows_1252_are_those_of_encoding_rs() {
        for byte in 0x80..=0xFF_u8 {
            let bytes = [byte];
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            let c = windows_1252_char(byte);
            assert_eq!(text, c.to_string(), "{byte:#x}");
            assert_eq!(windows_1252_byte(c), (!c.is_control()).then_some(byte), "{byte:#x}");
        }
        assert_eq!((windows_1252_byte('a'), windows_1252_byte('ɔ')), (None, None));
    }

    #[test]
    fn text_written_twice_over_is_found_and_undone() {
        let text = "citt\u{C3}\u{A0}; cittÃ  e perchÃ© Ã¨ â‚¬ 5 â€™ ÃˆÃ‰ Â° Ã";
        let found: Vec<&str> = double_encoded(text).into_iter().map(|range| &text[range]).collect();
        assert_eq!(found, ["Ã\u{A0}", "Ã ", "Ã©", "Ã¨", "â‚¬", "â€™", "Ãˆ", "Ã‰", "Â°"]);
        assert_eq!(undo_double_encoding(text), "città; città e perché è € 5 ’ ÈÉ ° Ã");
        for right in ["città è già così – «ok» € 5 PERCHÉ” Ã", "Ä€", "", "Ã"] {
            assert!(double_encoded(right).is_empty(), "{right}");
            assert_eq!(undo_double_encoding(right), right);
        }
    }

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = "\u{feff}codice;città".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(text_of(&bytes), ("codice;città".into(), Encoding::Utf16));
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"PK\x03\x04\x14\x00").unwrap_err().looks_like,
            Some("un file Excel (.xlsx), OpenDocument (.ods) o ZIP")
        );
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n").unwrap_err().looks_like, Some("un'immagine PNG"));
        assert_eq!(decode(b"\xEF\xBB\xBF\x81").unwrap_err(), NotText { looks_like: None, line: 1 });
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
