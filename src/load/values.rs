//! Cell values as spreadsheets write them: Italian dates, numbers, percentages, lists and codes.
//!
//! Pure functions from text to values, never panicking (they are property-tested and fuzzed).
//! Each returns `None` when the text is not a value of its kind; the caller turns that into a
//! diagnostic with the file, row and column it knows.

use chrono::{Datelike, NaiveDate};

/// A date written as `31/12/2025`, `31/12/25`, `1/7/2025`, `31.12.2025`, `31-12-2025` or `2025-12-31`.
///
/// Two-digit years are in this century (`25` is 2025), as Italian spreadsheets export them.
///
/// ```
/// use trasparenza::load::values::parse_date;
/// let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 30);
/// assert_eq!(parse_date("30/06/25"), day);
/// assert_eq!(parse_date("2025-06-30"), day);
/// assert_eq!(parse_date("31/06/2025"), None);
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(date) = parse_iso_date(text) {
        return Some(date);
    }
    let separator = text.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
    let mut parts = text.split(separator);
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !all_digits(day, 1, 2) || !all_digits(month, 1, 2) {
        return None;
    }
    let year: i32 = match year.len() {
        2 if all_digits(year, 2, 2) => 2000 + year.parse::<i32>().ok()?,
        4 if all_digits(year, 4, 4) => year.parse().ok()?,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
}

/// A date as Italian readers write it, `GG/MM/AAAA`, which [`parse_date`] reads back.
///
/// ```
/// # use chrono::NaiveDate;
/// # use trasparenza::load::values::date_text;
/// assert_eq!(date_text(NaiveDate::from_ymd_opt(2025, 6, 3).unwrap()), "03/06/2025");
/// ```
pub fn date_text(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !all_digits(year, 4, 4) || !all_digits(month, 2, 2) || !all_digits(day, 2, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn all_digits(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

/// A number written the Italian way or the international way.
///
/// `1.234,5`, `1234,5`, `€ 624.091,00`, `85.588,08 €`, `-3`, `0.5`. With a decimal comma, dots
/// group thousands; without one, dots that split the digits into groups of three are thousands
/// (`35.719` is 35719) and a single other dot is a decimal point (`10.5`).
///
/// ```
/// use trasparenza::load::values::{parse_number, parse_percent};
/// assert_eq!(parse_number("€ 624.091,00"), Some(624091.0));
/// assert_eq!(parse_percent("18,18 %"), Some(18.18));
/// ```
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim().trim_start_matches('€').trim_end_matches('€').trim();
    let (negative, digits) = match text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    let (integer, fraction) = match digits.split_once(',') {
        Some((integer, fraction)) => {
            if fraction.contains([',', '.']) {
                return None;
            }
            (ungroup(integer)?, fraction)
        }
        None if is_grouped(digits) => (digits.replace('.', ""), ""),
        None => match digits.split_once('.') {
            Some((integer, fraction)) if !fraction.contains('.') => (integer.to_string(), fraction),
            Some(_) => return None,
            None => (digits.to_string(), ""),
        },
    };
    if integer.is_empty() && fraction.is_empty() {
        return None;
    }
    let value: f64 = format!(
        "{}.{}",
        if integer.is_empty() { "0" } else { &integer },
        if fraction.is_empty() { "0" } else { fraction }
    )
    .parse()
    .ok()?;
    Some(if negative { -value } else { value })
}

/// `1.234.567` → `1234567`; digits without dots stay as they are; badly grouped dots are refused.
fn ungroup(integer: &str) -> Option<String> {
    if !integer.contains('.') {
        return Some(integer.to_string());
    }
    is_grouped(integer).then(|| integer.replace('.', ""))
}

/// True for `1.234` and `12.345.678`: dots that separate groups of exactly three digits.
fn is_grouped(text: &str) -> bool {
    let mut groups = text.split('.');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty() && all_digits(first, 1, 3) && rest.iter().all(|g| all_digits(g, 3, 3))
}

/// A percentage, as percentage points: `10,00%`, `18,18 %`, `10 %` and `10` are all read as such.
pub fn parse_percent(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = text.strip_suffix('%').map(str::trim_end).unwrap_or(text);
    if number.contains('€') {
        return None;
    }
    parse_number(number)
}

/// A whole number: `15`, `35.719` (thousands dot), `1.000.000`.
pub fn parse_integer(text: &str) -> Option<i64> {
    let value = parse_number(text)?;
    let text = text.trim();
    if text.contains(',') || (text.contains('.') && !is_grouped(text.trim_start_matches(['-', '+']))) {
        return None;
    }
    (value.abs() < 9e15).then_some(value as i64)
}

/// A year between 1900 and 2200.
pub fn parse_year(text: &str) -> Option<i32> {
    let text = text.trim();
    if !all_digits(text, 4, 4) {
        return None;
    }
    let year: i32 = text.parse().ok()?;
    (1900..=2200).contains(&year).then_some(year)
}

/// The items of a multi-valued cell: split on `;`, trimmed, empty items dropped.
pub fn split_list(text: &str) -> Vec<String> {
    list_items(text).map(str::to_string).collect()
}

/// The items of a multi-valued cell, borrowed from it (see [`split_list`]).
pub fn list_items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// True for a code that can be used as is in a web address and a file name: letters, digits, `.`,
/// `-` and `_`, not starting with a dot, at most 64 characters (`1`, `1A`, `1.3`, `01.1`).
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && !code.starts_with('.')
        && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// A reference to a deliberation, `CdA 21/2026`: the organ, the number and the year.
pub fn parse_deliberation_ref(text: &str) -> Option<(String, String, i32)> {
    let text = text.trim();
    let (organ, number_year) = text.rsplit_once(char::is_whitespace)?;
    let (number, year) = number_year.split_once('/')?;
    let organ = organ.trim().trim_end_matches("n.").trim_end_matches("n").trim();
    let year = parse_year(year)?;
    (!organ.is_empty() && is_valid_code(number)).then(|| (organ.to_string(), number.to_string(), year))
}

/// Folds a header name so that `Peso obiettivo`, `peso_obiettivo` and `PESO-OBIETTIVO` match, and
/// `criticità` and `criticita'` match `criticita`.
pub fn fold_header(name: &str) -> String {
    name.trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'á' => 'a',
            'è' | 'é' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' => 'o',
            'ù' | 'ú' => 'u',
            ' ' | '-' => '_',
            other => other,
        })
        // An apostrophe in place of an accent, as typed without an Italian keyboard (`criticita'`).
        .filter(|c| !matches!(c, '\'' | '’' | '`'))
        .collect()
}

/// Folds a term of a vocabulary so that `Attività / Processo`, `attivita'/processo` and
/// `ATTIVITÀ/PROCESSO` match: case, accents, spaces around `/` and runs of spaces do not count.
pub fn fold_term(text: &str) -> String {
    let folded: String = text
        .trim()
        .trim_end_matches('.')
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '`'))
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'à' | 'á' => 'a',
            'è' | 'é' => 'e',
            'ì' | 'í' => 'i',
            'ò' | 'ó' => 'o',
            'ù' | 'ú' => 'u',
            '_' | '-' if text.trim().chars().count() > 1 => ' ',
            other => other,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ").replace(" /", "/").replace("/ ", "/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dates_in_italian_and_iso_forms() {
        assert_eq!(parse_date("31/12/2025"), date(2025, 12, 31));
        assert_eq!(parse_date("31/12/25"), date(2025, 12, 31));
        assert_eq!(parse_date("30/6/2025"), date(2025, 6, 30));
        assert_eq!(parse_date(" 1.7.2025 "), date(2025, 7, 1));
        assert_eq!(parse_date("31-12-2025"), date(2025, 12, 31));
        assert_eq!(parse_date("2025-12-31"), date(2025, 12, 31));
        assert_eq!(parse_date("29/02/2024"), date(2024, 2, 29));
    }

    #[test]
    fn impossible_or_malformed_dates_are_refused() {
        for bad in [
            "31/06/2025",
            "29/02/2025",
            "32/01/2025",
            "00/01/2025",
            "12/2025",
            "31/12/202",
            "2025/12/31",
            "oggi",
            "",
            "1/2/3/4",
            "2025-1-31",
            "31/12/2025x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_with_comma_dots_and_euro() {
        assert_eq!(parse_number("10,00"), Some(10.0));
        assert_eq!(parse_number("€ 624.091,00"), Some(624091.0));
        assert_eq!(parse_number("85.588,08 €"), Some(85588.08));
        assert_eq!(parse_number("35.719"), Some(35719.0));
        assert_eq!(parse_number("1.000.000"), Some(1_000_000.0));
        assert_eq!(parse_number("10.5"), Some(10.5));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number(",5"), Some(0.5));
        assert_eq!(parse_number("36"), Some(36.0));
    }

    #[test]
    fn malformed_numbers_are_refused() {
        for bad in ["", "abc", "1,2,3", "1.23.4", "12.34,5.6", "1,000.5", "€", "-", "1 000", "10%", "1e5", ".", ","] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn percentages_as_spreadsheets_export_them() {
        assert_eq!(parse_percent("10,00%"), Some(10.0));
        assert_eq!(parse_percent("18,18 %"), Some(18.18));
        assert_eq!(parse_percent("10%"), Some(10.0));
        assert_eq!(parse_percent("33,33"), Some(33.33));
        assert_eq!(parse_percent("%"), None);
        assert_eq!(parse_percent("€ 10"), None);
        assert_eq!(parse_percent("dieci"), None);
    }

    #[test]
    fn integers_and_years() {
        assert_eq!(parse_integer("35.719"), Some(35719));
        assert_eq!(parse_integer("15"), Some(15));
        assert_eq!(parse_integer("1,5"), None);
        assert_eq!(parse_integer("10.5"), None);
        assert_eq!(parse_year("2025"), Some(2025));
        assert_eq!(parse_year("25"), None);
        assert_eq!(parse_year("1800"), None);
        assert_eq!(parse_year("2025.0"), None);
    }

    #[test]
    fn lists_split_on_semicolons() {
        assert_eq!(split_list("1A; 1B;;5A ;"), ["1A", "1B", "5A"]);
        assert!(split_list("  ").is_empty());
    }

    #[test]
    fn codes_safe_for_addresses() {
        for good in ["1", "1A", "1.3", "01.1", "ufficio-di-piano", "a_b"] {
            assert!(is_valid_code(good), "{good}");
        }
        for bad in ["", "..", "../x", "a/b", "a b", ".1", "<script>", "à", &"x".repeat(65)] {
            assert!(!is_valid_code(bad), "{bad}");
        }
    }

    #[test]
    fn deliberation_references() {
        assert_eq!(parse_deliberation_ref("CdA 21/2026"), Some(("CdA".into(), "21".into(), 2026)));
        assert_eq!(parse_deliberation_ref("CdA n. 21/2026"), Some(("CdA".into(), "21".into(), 2026)));
        assert_eq!(parse_deliberation_ref("Assemblea dei sindaci 3/2025").unwrap().0, "Assemblea dei sindaci");
        assert_eq!(parse_deliberation_ref("21/2026"), None);
        assert_eq!(parse_deliberation_ref("CdA 21"), None);
        assert_eq!(parse_deliberation_ref("CdA 21/26"), None);
    }

    #[test]
    fn headers_fold_case_spaces_and_accents() {
        assert_eq!(fold_header("\u{feff} Peso Obiettivo "), "peso_obiettivo");
        assert_eq!(fold_header("Criticità"), "criticita");
        assert_eq!(fold_header("criticita'"), "criticita");
        assert_eq!(fold_header("Criticita’"), "criticita");
        assert_eq!(fold_header("anno-inizio"), "anno_inizio");
    }

    proptest! {
        #[test]
        fn parsers_never_panic(text in "\\PC{0,40}") {
            let _ = parse_date(&text);
            let _ = parse_number(&text);
            let _ = parse_percent(&text);
            let _ = parse_integer(&text);
            let _ = parse_year(&text);
            let _ = parse_deliberation_ref(&text);
            let _ = fold_header(&text);
        }

        #[test]
        fn italian_numbers_round_trip(whole in 0u64..10_000_000, cents in 0u32..100) {
            let grouped = whole.to_string().as_bytes().rchunks(3).rev()
                .map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(".");
            let text = format!("{grouped},{cents:02}");
            let expected = whole as f64 + f64::from(cents) / 100.0;
            prop_assert!((parse_number(&text).unwrap() - expected).abs() < 1e-6);
        }

        #[test]
        fn italian_dates_round_trip(days in 0i64..40_000) {
            let day = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(&day.format("%d/%m/%Y").to_string()), Some(day));
            prop_assert_eq!(parse_date(&day.format("%Y-%m-%d").to_string()), Some(day));
        }
    }
}
