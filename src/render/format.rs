//! How pages write values: dates in both their forms, Italian numbers and percentages, and the
//! values of indicators with their units.

use chrono::NaiveDate;
use serde::Serialize;

use crate::load::measures::Amount;
use crate::load::values::date_text;

/// A date in the two forms pages need.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `30/06/2025`.
    pub text: String,
    /// `2025-06-30`.
    pub iso: String,
}

impl DateView {
    /// Both forms of a date.
    pub fn new(date: NaiveDate) -> Self {
        DateView { text: date_text(date), iso: date.to_string() }
    }
}

/// `10,00 %`.
pub fn percent(value: f64) -> String {
    format!("{value:.2} %").replace('.', ",")
}

/// A value of an indicator as a page shows it: `33 giorni`, `70 %`, `30/09/2024`, `sì`.
pub fn amount_text(amount: &Amount, unit: Option<&str>) -> String {
    let with_unit = |number: String| match unit {
        Some(unit) => format!("{number} {unit}"),
        None => number,
    };
    match amount {
        Amount::Number(number) => with_unit(number_text(*number)),
        Amount::Percent(points) => format!("{} %", number_text(*points)),
        Amount::Date(date) => date_text(*date),
        Amount::YesNo(yes) => (if *yes { "sì" } else { "no" }).to_string(),
        Amount::Text(text) => text.clone(),
    }
}

/// `1234,5`: a decimal number with the Italian comma.
pub fn number_text(value: f64) -> String {
    format!("{value}").replace('.', ",")
}

/// `35.719`: a whole number with the Italian thousands dots.
pub fn integer_text(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// `text` cut to at most `max` characters at a word boundary, with `…` when something was cut:
/// the short labels of breadcrumbs and search results.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&i| i > max / 2).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation()))
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn shortened_labels_end_at_a_word() {
        assert_eq!(shorten("Breve", 10), "Breve");
        assert_eq!(shorten("Sostegno alle capacità genitoriali e prevenzione", 30), "Sostegno alle capacità…");
        assert_eq!(shorten("Parolalunghissimasenzaspazi", 10), "Parolalung…");
    }
}
