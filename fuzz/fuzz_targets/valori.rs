//! The value parsers: any text, as a date, number, percentage, whole number, year, list, code,
//! deliberation, period or indicator value and target of every measure, must be read or refused,
//! never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trasparenza::load::{measures, periods, values};
use trasparenza::schema::Measure;

fuzz_target!(|text: &str| {
    let _ = values::parse_date(text);
    let _ = values::parse_number(text);
    let _ = values::parse_percent(text);
    let _ = values::parse_integer(text);
    let _ = values::parse_year(text);
    let _ = values::split_list(text);
    let _ = values::is_valid_code(text);
    let _ = values::parse_deliberation_ref(text);
    let _ = values::fold_header(text);
    let _ = values::fold_term(text);
    for year in [2025, i32::MIN, i32::MAX] {
        let _ = periods::parse_period(text, year);
    }
    let _ = measures::infer(text);
    for measure in [
        None,
        Some(Measure::Number),
        Some(Measure::Percent),
        Some(Measure::Date),
        Some(Measure::YesNo),
        Some(Measure::Text),
    ] {
        if let Ok(Some(amount)) = measures::parse_amount(text, measure) {
            let _ = (amount.data_text(), amount.number());
        }
        let _ = measures::parse_targets(text, measure);
    }
});
