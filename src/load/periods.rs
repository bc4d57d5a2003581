//! Periods as plans write them, in Italian, read into a range of dates: `gennaio/febbraio`,
//! `da gennaio a dicembre`, `entro giugno`, `I trimestre`, `secondo semestre 2025`,
//! `2025–2026`, `marzo 2025`, `entro il 30/09/2024`, `dal 01/03/2025 al 30/06/2025`.
//!
//! A month or a part of a year without a year belongs to the year of the plan it is read for
//! (its first year, unless the period names another one); a year written once at the end applies
//! to every month or part before it (`gennaio/febbraio 2026`). `entro …` ("by …") starts on the
//! first day of the year it ends in. What cannot be read is `None`: the period stays as text.

use chrono::{Datelike, NaiveDate};

use super::values::parse_date;

/// A range of dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day: the deadline, wherever a deadline is used.
    pub to: NaiveDate,
}

/// One element of a period, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Point {
    /// Months `first..=last` (1–12) of a year, if written.
    Months { first: u32, last: u32, year: Option<i32> },
    /// A whole year.
    Year(i32),
    /// A date.
    Date(NaiveDate),
}

const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// Words that carry no meaning of their own in a period.
const FILLERS: &[&str] = &[
    "da", "dal", "dalla", "dall", "il", "lo", "la", "mese", "mesi", "di", "del", "dell", "anno", "e", "fine", "inizio",
];

/// Words that separate the two ends of a range.
const RANGE_WORDS: &[&str] = &["a", "al", "alla", "all", "fino", "sino"];

/// The period written as `text`, for a plan whose first year is `plan_year`.
pub fn parse_period(text: &str, plan_year: i32) -> Option<Period> {
    let lower = text.trim().to_lowercase().replace(['’', '\''], " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let by = words.first() == Some(&"entro");
    if by {
        words.remove(0);
    }
    let mut points = Vec::new();
    let mut ordinal: Option<u32> = None;
    for word in words.iter().flat_map(|w| split_range(w)) {
        let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')'));
        if word.is_empty() || FILLERS.contains(&word) || RANGE_WORDS.contains(&word) {
            continue;
        }
        if let Some(month) = MONTHS.iter().position(|m| *m == word || (word.len() >= 3 && m.starts_with(word))) {
            let month = month as u32 + 1;
            points.push(Point::Months { first: month, last: month, year: None });
        } else if let Some(n) = ordinal_value(word) {
            ordinal = Some(n);
        } else if let Some(length) = part_length(word) {
            let n = ordinal.take()?;
            if n == 0 || n * length > 12 {
                return None;
            }
            points.push(Point::Months { first: (n - 1) * length + 1, last: n * length, year: None });
        } else if let Some(year) = parse_year(word) {
            match points.last_mut() {
                Some(Point::Months { year: slot @ None, .. }) => *slot = Some(year),
                _ => points.push(Point::Year(year)),
            }
        } else if let Some(date) = parse_date(word) {
            points.push(Point::Date(date))
        } else if matches!(word, "annuale" | "intero" | "tutto" | "annualità") {
            points.push(Point::Months { first: 1, last: 12, year: None });
        } else {
            return None;
        }
    }
    if ordinal.is_some() || points.is_empty() {
        return None;
    }
    resolve(&points, plan_year, by)
}

/// `gennaio/febbraio` → `gennaio`, `febbraio`; dates keep their slashes.
fn split_range(word: &str) -> Vec<&str> {
    if parse_date(word).is_some() {
        return vec![word];
    }
    word.split(['/', '-', '–', '—', '÷']).collect()
}

/// `I`, `II`, `primo`, `1°`, `1` … as the number of a part of a year.
fn ordinal_value(word: &str) -> Option<u32> {
    let roman = ["i", "ii", "iii", "iv", "v", "vi"];
    let words = ["primo", "secondo", "terzo", "quarto", "quinto", "sesto"];
    if let Some(i) = roman.iter().position(|r| *r == word).or_else(|| words.iter().position(|w| *w == word)) {
        return Some(i as u32 + 1);
    }
    let digits = word.trim_end_matches(['°', 'º', '^']);
    (digits.len() == 1).then(|| digits.parse().ok()).flatten()
}

/// Months in a part of a year named `word` (`trimestre` → 3).
fn part_length(word: &str) -> Option<u32> {
    match word {
        "bimestre" => Some(2),
        "trimestre" => Some(3),
        "quadrimestre" => Some(4),
        "semestre" => Some(6),
        _ => None,
    }
}

fn parse_year(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

/// The range covered by `points`: from the start of the first to the end of the last; a year
/// written only after the last month applies to the earlier months too.
fn resolve(points: &[Point], plan_year: i32, by: bool) -> Option<Period> {
    let trailing_year = match points.last() {
        Some(Point::Months { year: Some(year), .. }) if points.len() > 1 => Some(*year),
        _ => None,
    };
    let mut year = trailing_year.unwrap_or(plan_year);
    let mut ranges = Vec::with_capacity(points.len());
    for point in points {
        let range = match *point {
            Point::Months { first, last, year: written } => {
                year = written.unwrap_or(year);
                (first_day(year, first)?, last_day(year, last)?)
            }
            Point::Year(written) => {
                year = written;
                (first_day(written, 1)?, last_day(written, 12)?)
            }
            Point::Date(date) => {
                year = date.year();
                (date, date)
            }
        };
        ranges.push(range);
    }
    let (from, _) = *ranges.first()?;
    let (_, to) = *ranges.last()?;
    let from = if by { first_day(to.year(), 1)? } else { from };
    (from <= to).then_some(Period { from, to })
}

fn first_day(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (next_year, next_month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    first_day(next_year, next_month)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str) -> Option<(String, String)> {
        parse_period(text, 2025).map(|p| (p.from.to_string(), p.to.to_string()))
    }

    fn range(from: &str, to: &str) -> Option<(String, String)> {
        Some((from.to_string(), to.to_string()))
    }

    #[test]
    fn months_and_spans_of_months() {
        assert_eq!(period("gennaio"), range("2025-01-01", "2025-01-31"));
        assert_eq!(period("gennaio/febbraio"), range("2025-01-01", "2025-02-28"));
        assert_eq!(period("Gennaio - Marzo"), range("2025-01-01", "2025-03-31"));
        assert_eq!(period("da gennaio a dicembre"), range("2025-01-01", "2025-12-31"));
        assert_eq!(period("dal mese di settembre al mese di novembre"), range("2025-09-01", "2025-11-30"));
        assert_eq!(period("gen-feb"), range("2025-01-01", "2025-02-28"));
        assert_eq!(period("febbraio 2028"), range("2028-02-01", "2028-02-29"));
    }

    #[test]
    fn a_year_at_the_end_applies_to_every_month() {
        assert_eq!(period("gennaio/febbraio 2026"), range("2026-01-01", "2026-02-28"));
        assert_eq!(period("da marzo 2025 a giugno 2026"), range("2025-03-01", "2026-06-30"));
        assert_eq!(period("novembre 2025 - febbraio 2026"), range("2025-11-01", "2026-02-28"));
    }

    #[test]
    fn by_a_month_or_a_date() {
        assert_eq!(period("entro giugno"), range("2025-01-01", "2025-06-30"));
        assert_eq!(period("Entro il mese di marzo 2026"), range("2026-01-01", "2026-03-31"));
        assert_eq!(period("entro il 30/09/2024"), range("2024-01-01", "2024-09-30"));
        assert_eq!(period("entro fine anno"), None, "no month: not a period");
    }

    #[test]
    fn parts_of_a_year() {
        assert_eq!(period("I trimestre"), range("2025-01-01", "2025-03-31"));
        assert_eq!(period("IV trimestre 2026"), range("2026-10-01", "2026-12-31"));
        assert_eq!(period("secondo semestre 2025"), range("2025-07-01", "2025-12-31"));
        assert_eq!(period("1° semestre"), range("2025-01-01", "2025-06-30"));
        assert_eq!(period("II quadrimestre"), range("2025-05-01", "2025-08-31"));
        assert_eq!(period("V trimestre"), None);
    }

    #[test]
    fn years_and_dates() {
        assert_eq!(period("2025–2026"), range("2025-01-01", "2026-12-31"));
        assert_eq!(period("2026"), range("2026-01-01", "2026-12-31"));
        assert_eq!(period("anno 2027"), range("2027-01-01", "2027-12-31"));
        assert_eq!(period("dal 01/03/2025 al 30/06/2025"), range("2025-03-01", "2025-06-30"));
        assert_eq!(period("annuale"), range("2025-01-01", "2025-12-31"));
    }

    #[test]
    fn what_is_not_a_period_is_none() {
        for text in ["", "quando possibile", "giugno dicembre e poi", "trimestre", "dicembre a gennaio", "31/02/2025"] {
            assert_eq!(period(text), None, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_never_panics(text in "\\PC{0,40}") {
            let _ = parse_period(&text, 2025);
        }
    }
}
