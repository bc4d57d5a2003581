//! The values of an indicator as plans write them, read by its measure (`misura`): a number
//! (`33`, `1.234,5`), a percentage (`100%`, `70,00 %`), a date (`30/09/2024`, `entro il
//! 30/09/2024`), yes or no (`sì`, `no`), or text. The targets of a triennial plan come one per
//! year: `2025: 10%; 2026: 20%; 2027: 30%`.

use chrono::NaiveDate;

use super::values::{parse_date, parse_number, parse_percent};
use crate::schema::Measure;

/// One value of an indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Amount {
    /// A number.
    Number(f64),
    /// A percentage, in points (`100%` is 100).
    Percent(f64),
    /// A date.
    Date(NaiveDate),
    /// Yes (`true`) or no.
    YesNo(bool),
    /// Text.
    Text(String),
}

impl Amount {
    /// The value as the downloads write it: numbers with `.`, percentages in points with `%`,
    /// ISO dates, `sì`/`no`.
    pub fn data_text(&self) -> String {
        match self {
            Amount::Number(number) => format!("{number}"),
            Amount::Percent(points) => format!("{points}%"),
            Amount::Date(date) => date.to_string(),
            Amount::YesNo(yes) => (if *yes { "sì" } else { "no" }).to_string(),
            Amount::Text(text) => text.clone(),
        }
    }

    /// The number the value stands for, when it is one (a number or a percentage).
    pub fn number(&self) -> Option<f64> {
        match self {
            Amount::Number(number) | Amount::Percent(number) => Some(*number),
            _ => None,
        }
    }
}

/// The target of an indicator for one year of the plan, or for the whole plan (`year` `None`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Target {
    /// The year, when the plan sets a target per year.
    pub year: Option<i32>,
    /// The value to reach.
    pub amount: Amount,
}

/// Why a value could not be read by its measure.
#[derive(Debug, Clone, PartialEq)]
pub enum Misfit {
    /// The value is not of the measure (a percentage where a number is expected).
    Measure(Measure),
    /// A percentage written as a bare fraction (`0,7`): 0,7 % or 70 %? Read as 0,7 %.
    Fraction(f64),
    /// A per-year target without a usable year (`2025 10`, `anno: 10`).
    Year(String),
}

/// Texts that say a value is not available: read as no value.
const NOT_AVAILABLE: &[&str] = &["n.d.", "n.d", "nd", "n/d", "n.a.", "-", "–", "—", "/"];

/// The date of `text` as plans write a deadline: `30/09/2024`, `entro il 30/09/2024`, `al 30/09/2024`.
fn parse_deadline(text: &str) -> Option<NaiveDate> {
    let lower = text.trim().to_lowercase();
    let date = ["entro il ", "entro ", "al ", "il ", "prima del "]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(&lower);
    parse_date(date.trim())
}

fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "sì" | "si" | "si'" | "sì." | "vero" | "raggiunto" => Some(true),
        "no" | "falso" | "non raggiunto" => Some(false),
        _ => None,
    }
}

/// What `text` looks like when no measure says how to read it.
pub fn infer(text: &str) -> Measure {
    let text = text.trim();
    if text.ends_with('%') && parse_percent(text).is_some() {
        Measure::Percent
    } else if parse_deadline(text).is_some() {
        Measure::Date
    } else if parse_yes_no(text).is_some() {
        Measure::YesNo
    } else if parse_number(text).is_some() {
        Measure::Number
    } else {
        Measure::Text
    }
}

/// Reads one value by `measure` (inferred from the text when `None`); `Ok(None)` for an empty or
/// not-available value (`n.d.`, `-`). A misfit of [`Misfit::Fraction`] comes with the value read.
pub fn parse_amount(text: &str, measure: Option<Measure>) -> Result<Option<Amount>, (Misfit, Option<Amount>)> {
    let text = text.trim();
    if text.is_empty() || NOT_AVAILABLE.contains(&text.to_lowercase().as_str()) {
        return Ok(None);
    }
    let measure = measure.unwrap_or_else(|| infer(text));
    let misfit = || (Misfit::Measure(measure), None);
    let amount = match measure {
        Measure::Number if text.ends_with('%') => return Err(misfit()),
        Measure::Number => Amount::Number(parse_number(text).ok_or_else(misfit)?),
        Measure::Percent => {
            let points = parse_percent(text).ok_or_else(misfit)?;
            if !text.ends_with('%') && points > 0.0 && points < 1.0 {
                return Err((Misfit::Fraction(points), Some(Amount::Percent(points))));
            }
            Amount::Percent(points)
        }
        Measure::Date => Amount::Date(parse_deadline(text).ok_or_else(misfit)?),
        Measure::YesNo => Amount::YesNo(parse_yes_no(text).ok_or_else(misfit)?),
        Measure::Text => Amount::Text(text.to_string()),
    };
    Ok(Some(amount))
}

/// Reads the targets of an indicator: one value (the target of the plan), or one per year,
/// `2025: 10%; 2026: 20%` (`=` or `:` after the year, items separated by `;` or line breaks).
/// Each value is read by `measure`, as [`parse_amount`] does; the first misfit stops the reading.
pub fn parse_targets(text: &str, measure: Option<Measure>) -> Result<Vec<Target>, (Misfit, String)> {
    let items: Vec<&str> = text.split([';', '\n']).map(str::trim).filter(|item| !item.is_empty()).collect();
    let per_year = items.len() > 1 || items.first().is_some_and(|item| year_prefix(item).is_some());
    let mut targets = Vec::new();
    for item in items {
        let (year, value) = if per_year {
            year_prefix(item).ok_or_else(|| (Misfit::Year(item.to_string()), item.to_string()))?
        } else {
            (None, item)
        };
        match parse_amount(value, measure) {
            Ok(Some(amount)) => targets.push(Target { year, amount }),
            Ok(None) => {}
            Err((misfit, _)) => return Err((misfit, value.to_string())),
        }
    }
    Ok(targets)
}

/// `2025: 10%` as the year and the value.
fn year_prefix(item: &str) -> Option<(Option<i32>, &str)> {
    let (year, value) = item.split_once([':', '='])?;
    let year = year.trim().trim_start_matches("anno").trim();
    let year: i32 = year.parse().ok().filter(|y| (1900..=2200).contains(y))?;
    Some((Some(year), value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn values_are_read_by_their_measure() {
        assert_eq!(parse_amount("100%", Some(Measure::Percent)), Ok(Some(Amount::Percent(100.0))));
        assert_eq!(parse_amount("70,00 %", Some(Measure::Percent)), Ok(Some(Amount::Percent(70.0))));
        assert_eq!(parse_amount("70", Some(Measure::Percent)), Ok(Some(Amount::Percent(70.0))));
        assert_eq!(
            parse_amount("0,7", Some(Measure::Percent)),
            Err((Misfit::Fraction(0.7), Some(Amount::Percent(0.7)))),
            "never silently 0,7 % for 70 %"
        );
        assert_eq!(parse_amount("1.234,5", Some(Measure::Number)), Ok(Some(Amount::Number(1234.5))));
        assert_eq!(parse_amount("100%", Some(Measure::Number)), Err((Misfit::Measure(Measure::Number), None)));
        assert_eq!(parse_amount("entro il 30/09/2024", Some(Measure::Date)), Ok(Some(Amount::Date(date(2024, 9, 30)))));
        assert_eq!(parse_amount("Entro 30/09/24", None), Ok(Some(Amount::Date(date(2024, 9, 30)))));
        assert_eq!(parse_amount("Sì", Some(Measure::YesNo)), Ok(Some(Amount::YesNo(true))));
        assert_eq!(parse_amount("forse", Some(Measure::YesNo)), Err((Misfit::Measure(Measure::YesNo), None)));
        assert_eq!(parse_amount("n.d.", Some(Measure::Number)), Ok(None));
        assert_eq!(parse_amount(" ", None), Ok(None));
        assert_eq!(parse_amount("100%", None), Ok(Some(Amount::Percent(100.0))));
        assert_eq!(parse_amount("33", None), Ok(Some(Amount::Number(33.0))));
        assert_eq!(parse_amount("aumento", None), Ok(Some(Amount::Text("aumento".into()))));
    }

    #[test]
    fn targets_come_one_per_year_or_one_for_the_plan() {
        let percent = |year, points| Target { year: Some(year), amount: Amount::Percent(points) };
        assert_eq!(
            parse_targets("2025: 10%; 2026: 20 %;\n2027 = 30%", Some(Measure::Percent)),
            Ok(vec![percent(2025, 10.0), percent(2026, 20.0), percent(2027, 30.0)])
        );
        assert_eq!(parse_targets("0", None), Ok(vec![Target { year: None, amount: Amount::Number(0.0) }]));
        assert_eq!(parse_targets("anno 2026: sì", None).unwrap()[0].year, Some(2026));
        assert_eq!(parse_targets("", None), Ok(vec![]));
        assert_eq!(parse_targets("10; 20", None), Err((Misfit::Year("10".into()), "10".into())));
        assert_eq!(
            parse_targets("2025: 100%", Some(Measure::Number)),
            Err((Misfit::Measure(Measure::Number), "100%".into()))
        );
    }
}
