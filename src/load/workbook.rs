//! Workbooks (`.xlsx` read with calamine, `.ods` with spreadsheet-ods) to [`RawTable`]s: the
//! same tables of text cells that a CSV file gives, one per sheet named after a table.
//!
//! A cell is read by its type and written as the text the value parsers read: a date cell (or a
//! bare Excel date serial in a date column) as `GG/MM/AAAA`, a percentage-formatted cell as
//! `10%`, a number without float noise and with a decimal comma (a point in code columns), a
//! formula as its cached value. A formula with an error or without a cached value, and merged
//! cells, are errors; a hidden sheet read as a table and a sheet that is no table are warnings.
//! Every location names the sheet, so diagnostics read «foglio «fasi», riga 12, colonna D».

use std::io::Cursor;

use calamine::{Data, Reader, SheetType, SheetVisible, Xlsx};
use chrono::{NaiveDate, NaiveDateTime, Timelike};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule, spreadsheet_letter};
use crate::schema::{Kind, Scope, TABLES, Table};

use super::table::{self, Cells, RawRow, RawTable};
use super::text::Encoding;
use super::values::{date_text, fold_header};

/// True for the name of a file read as a workbook: `.xlsx` or `.ods`, in any case.
pub fn is_workbook(name: &str) -> bool {
    format_of(name).is_some()
}

/// The two formats of workbook read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Ods,
}

fn format_of(name: &str) -> Option<Format> {
    let (_, extension) = name.rsplit_once('.')?;
    match extension.to_ascii_lowercase().as_str() {
        "xlsx" => Some(Format::Xlsx),
        "ods" => Some(Format::Ods),
        _ => None,
    }
}

/// A cell as the workbook types it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A number formatted as a percentage: `0.1` shown as `10%`.
    Percent(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Bool(bool),
    /// A formula whose cached value is an error (`#DIV/0!`), with its formula.
    Error(String, String),
    /// A formula saved without its cached value.
    NoValue(String),
}

/// One sheet of a workbook: its cells from `A1`, row by row, and its merged regions
/// (first and last cell, 0-based row and column).
#[derive(Debug, Default)]
struct Sheet {
    name: String,
    hidden: bool,
    rows: Vec<Vec<Cell>>,
    merged: Vec<((u32, u32), (u32, u32))>,
}

impl Sheet {
    fn is_empty(&self) -> bool {
        self.rows.iter().all(|row| row.iter().all(|cell| *cell == Cell::Empty))
    }
}

/// Reads the workbook `path` (relative to the site folder) from its bytes: the tables of
/// `scope` its sheets hold, each with its problems reported in `diagnostics`. A sheet is a
/// table when its name, folded like a column name, is the table's file name without `.csv`
/// (`fasi`, `Obiettivi strategici`); in a workbook named after a table (`fasi.xlsx`) without
/// such a sheet, the first visible sheet is that table.
pub fn read_workbook(path: &str, bytes: &[u8], scope: Scope, diagnostics: &mut Diagnostics) -> Vec<RawTable> {
    let sheets = match open(path, bytes) {
        Ok(sheets) => sheets,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Vec::new();
        }
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let mut assigned: Vec<Option<&'static Table>> =
        sheets.iter().map(|sheet| table_named(&sheet.name, scope)).collect();
    if assigned.iter().all(Option::is_none)
        && let Some(table) = table_named(stem, scope)
        && let Some(first) = sheets.iter().position(|sheet| !sheet.hidden && !sheet.is_empty())
    {
        assigned[first] = Some(table);
    }
    let mut tables: Vec<RawTable> = Vec::new();
    for (sheet, table) in sheets.iter().zip(assigned) {
        let at = Location { sheet: Some(sheet.name.clone()), ..Location::file(path) };
        let Some(schema) = table else {
            if !sheet.is_empty() {
                diagnostics.push(ignored_sheet(at, &sheet.name, scope));
            }
            continue;
        };
        if tables.iter().any(|t| t.schema.id == schema.id) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::TwoSources,
                    at,
                    format!(
                        "il foglio «{}» contiene la tabella `{}`, che un altro foglio della stessa cartella di lavoro contiene già: viene letto solo il primo",
                        sheet.name, schema.file
                    ),
                )
                .hint("tenere la tabella in un solo foglio"),
            );
            continue;
        }
        if sheet.hidden {
            diagnostics.push(
                Diagnostic::new(
                    Rule::HiddenSheet,
                    at.clone(),
                    format!(
                        "il foglio «{}» è nascosto, ma contiene la tabella `{}`: i suoi dati vengono pubblicati",
                        sheet.name, schema.file
                    ),
                )
                .hint("mostrare il foglio, così si vede cosa si pubblica; se non va pubblicato, toglierlo dalla cartella di lavoro"),
            );
        }
        let table = sheet_table(path, sheet, schema, diagnostics).unwrap_or_else(|| RawTable {
            incomplete: true,
            sheet: Some(sheet.name.clone()),
            ..RawTable::empty(path.to_string(), schema)
        });
        tables.push(table);
    }
    tables
}

/// The table of `scope` whose file name without `.csv` is `name`, both folded like column names.
fn table_named(name: &str, scope: Scope) -> Option<&'static Table> {
    let folded = fold_header(name);
    TABLES.iter().find(|t| t.scope == scope && fold_header(t.file.trim_end_matches(".csv")) == folded)
}

/// The warning for the sheet `name` at `at`, which is no table of `scope`.
fn ignored_sheet(at: Location, name: &str, scope: Scope) -> Diagnostic {
    let names: Vec<&str> =
        TABLES.iter().filter(|t| t.scope == scope).map(|t| t.file.trim_end_matches(".csv")).collect();
    Diagnostic::new(
        Rule::IgnoredSheet,
        at,
        format!("il foglio «{name}» non ha il nome di una tabella del formato e viene ignorato"),
    )
    .expected(format!("fogli con il nome di una tabella: {}", names.join(", ")))
    .hint("rinominare il foglio come la tabella che contiene; un foglio di appunti va in un file fuori da `data/`")
}

/// The sheets of the workbook `path`, or the error that says why it cannot be opened.
fn open(path: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Box<Diagnostic>> {
    let read = match format_of(path) {
        Some(Format::Ods) => ods_sheets(bytes).map_err(|_| ()),
        _ => xlsx_sheets(bytes).map_err(|_| ()),
    };
    read.map_err(|()| {
        let encrypted = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
        let (message, hint) = if encrypted {
            (
                "la cartella di lavoro è protetta da password (cifrata) e non si può leggere",
                "salvarla di nuovo senza password (in Excel: «File» → «Informazioni» → «Proteggi cartella di lavoro» → «Crittografa con password», cancellando la password)",
            )
        } else {
            (
                "la cartella di lavoro non si può aprire: è danneggiata, o non è un file .xlsx o .ods",
                "aprirla nel foglio di calcolo e salvarla di nuovo in formato .xlsx o .ods; se non si apre, ripartire da una copia",
            )
        };
        Box::new(
            Diagnostic::new(Rule::UnreadableWorkbook, Location::file(path), message)
                .expected("una cartella di lavoro .xlsx o .ods senza password")
                .hint(hint),
        )
    })
}

/// The worksheets of an `.xlsx` workbook.
fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, calamine::XlsxError> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))?;
    let metadata: Vec<calamine::Sheet> = workbook.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for meta in metadata.into_iter().filter(|m| m.typ == SheetType::WorkSheet) {
        let values = workbook.worksheet_range(&meta.name)?;
        let formulas = workbook.worksheet_formula(&meta.name)?;
        let styles = workbook.worksheet_style(&meta.name)?;
        let merged = workbook.merge_cells_by_sheet_name(&meta.name)?;
        let end = |start: Option<(u32, u32)>, end: Option<(u32, u32)>| start.and(end);
        let (rows, columns) = [end(values.start(), values.end()), end(formulas.start(), formulas.end())]
            .into_iter()
            .flatten()
            .fold((0, 0), |(rows, columns), (row, column)| (rows.max(row + 1), columns.max(column + 1)));
        let mut grid = Vec::with_capacity(rows as usize);
        for row in 0..rows {
            let mut cells = Vec::with_capacity(columns as usize);
            for column in 0..columns {
                let formula = formulas.get_value((row, column)).filter(|f| !f.is_empty());
                let percent = styles
                    .get((row, column))
                    .and_then(|style| style.number_format.as_ref())
                    .is_some_and(|format| is_percent_format(&format.format_code));
                cells.push(xlsx_cell(values.get_value((row, column)), formula, percent));
            }
            grid.push(cells);
        }
        sheets.push(Sheet {
            name: meta.name,
            hidden: meta.visible != SheetVisible::Visible,
            rows: grid,
            merged: merged.iter().map(|d| (d.start, d.end)).collect(),
        });
    }
    Ok(sheets)
}

/// True for an Excel number format that shows a percentage: a `%` in its first section, outside
/// quoted text and escapes.
fn is_percent_format(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if !quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A cell of an `.xlsx` sheet from its cached value, its formula and whether its format is a
/// percentage.
fn xlsx_cell(value: Option<&Data>, formula: Option<&String>, percent: bool) -> Cell {
    let number = |value: f64| if percent { Cell::Percent(value) } else { Cell::Number(value) };
    match value.unwrap_or(&Data::Empty) {
        Data::Empty | Data::String(_) if formula.is_some() && value.is_none_or(|v| *v == Data::Empty) => {
            Cell::NoValue(formula.cloned().unwrap_or_default())
        }
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(value) => number(*value as f64),
        Data::Float(value) => number(*value),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(value) if value.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = value.to_ymd_hms_milli();
            let date = NaiveDate::from_ymd_opt(year.into(), month.into(), day.into());
            match (date, (hour, minute, second)) {
                (Some(date), (0, 0, 0)) => Cell::Date(date),
                (Some(date), _) => date
                    .and_hms_opt(hour.into(), minute.into(), second.into())
                    .map_or(Cell::Number(value.as_f64()), Cell::DateTime),
                (None, _) => Cell::Number(value.as_f64()),
            }
        }
        Data::DateTime(value) => Cell::Number(value.as_f64()),
        Data::DateTimeIso(text) => iso_cell(text),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(error) => Cell::Error(error.to_string(), formula.cloned().unwrap_or_default()),
    }
}

/// A date or date and time written in ISO 8601.
fn iso_cell(text: &str) -> Cell {
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Cell::Date(date);
    }
    match NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
        Ok(time) if time.time() == chrono::NaiveTime::MIN => Cell::Date(time.date()),
        Ok(time) => Cell::DateTime(time),
        Err(_) => Cell::Text(text.to_string()),
    }
}

/// The sheets of an `.ods` workbook.
fn ods_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, spreadsheet_ods::OdsError> {
    use spreadsheet_ods::Value;
    let workbook = spreadsheet_ods::read_ods_buf(bytes)?;
    let mut sheets = Vec::new();
    for index in 0..workbook.num_sheets() {
        let ods = workbook.sheet(index);
        let (rows, columns) = ods.used_grid_size();
        let mut sheet = Sheet {
            name: ods.name().clone(),
            hidden: !ods.display(),
            rows: vec![vec![Cell::Empty; columns as usize]; rows as usize],
            merged: Vec::new(),
        };
        for ((row, column), content) in ods.iter() {
            let formula = content.formula().filter(|f| !f.is_empty());
            let cell = match content.value() {
                Value::Empty => formula.map_or(Cell::Empty, |f| Cell::NoValue(f.clone())),
                Value::Boolean(value) => Cell::Bool(*value),
                Value::Number(value) | Value::Currency(value, _) => Cell::Number(*value),
                Value::Percentage(value) => Cell::Percent(*value),
                Value::DateTime(time) if time.time() == chrono::NaiveTime::MIN => Cell::Date(time.date()),
                Value::DateTime(time) => Cell::DateTime(*time),
                Value::TimeDuration(duration) => Cell::Text(format!(
                    "{:02}:{:02}:{:02}",
                    duration.num_hours(),
                    duration.num_minutes() % 60,
                    duration.num_seconds() % 60
                )),
                value @ (Value::Text(_) | Value::TextXml(_)) => {
                    let text = value.as_cow_str_or("").into_owned();
                    match formula {
                        Some(formula) if is_error_text(&text) => Cell::Error(text, formula.clone()),
                        _ => Cell::Text(text),
                    }
                }
            };
            if let Some(place) = sheet.rows.get_mut(row as usize).and_then(|cells| cells.get_mut(column as usize)) {
                *place = cell;
            }
            let (row_span, column_span) = (content.row_span().max(1), content.col_span().max(1));
            if row_span > 1 || column_span > 1 {
                sheet.merged.push(((row, column), (row + row_span - 1, column + column_span - 1)));
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// True for the text LibreOffice saves as the value of a formula that gives an error.
fn is_error_text(text: &str) -> bool {
    text.starts_with("Err:") || ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"].contains(&text)
}

/// `B1` or `B1:C3`: a cell or a region (0-based rows and columns) as spreadsheets name it.
fn region_name(start: (u32, u32), end: (u32, u32)) -> String {
    let cell = |(row, column): (u32, u32)| format!("{}{}", spreadsheet_letter(column as usize + 1), row + 1);
    if start == end { cell(start) } else { format!("{}:{}", cell(start), cell(end)) }
}

/// The table `schema` from the sheet `sheet` of the workbook `path`: its first row is the
/// header. `None` when the sheet is empty.
fn sheet_table(path: &str, sheet: &Sheet, schema: &'static Table, diagnostics: &mut Diagnostics) -> Option<RawTable> {
    let at = Location { sheet: Some(sheet.name.clone()), ..Location::file(path) };
    if sheet.is_empty() {
        diagnostics.push(
            Diagnostic::new(Rule::EmptyFile, at, format!("il foglio «{}» è vuoto", sheet.name))
                .expected(format!(
                    "almeno la riga di intestazione: {}",
                    schema.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                ))
                .hint("una tabella senza dati contiene comunque la riga con i nomi delle colonne"),
        );
        return None;
    }
    for &(start, end) in &sheet.merged {
        diagnostics.push(
            Diagnostic::new(
                Rule::MergedCells,
                Location { row: Some(u64::from(start.0) + 1), column_index: Some(start.1 as usize + 1), ..at.clone() },
                format!(
                    "le celle {} sono unite: il valore sta solo nella prima, le altre risultano vuote",
                    region_name(start, end)
                ),
            )
            .expected("una cella per ogni valore, senza celle unite")
            .hint("separare le celle («Unisci e allinea al centro» in Excel, «Unisci celle» in LibreOffice) e scrivere il valore in ognuna"),
        );
    }
    let mut header: Vec<String> = match sheet.rows.first() {
        Some(cells) => cells.iter().map(|cell| text(cell, Kind::Text).unwrap_or_default()).collect(),
        None => Vec::new(),
    };
    while header.last().is_some_and(|name| name.trim().is_empty()) {
        header.pop();
    }
    let mut table = RawTable {
        path: path.to_string(),
        sheet: Some(sheet.name.clone()),
        schema,
        columns: table::bind_header(&at, &header, schema, diagnostics),
        header,
        rows: Vec::new(),
        starts: Vec::new(),
        encoding: Encoding::Utf8,
        delimiter: b',',
        incomplete: false,
    };
    table.incomplete |= schema.columns.iter().any(|c| c.required && table.column_position(c.name).is_none());
    let kinds: Vec<Kind> = table.columns.iter().map(|c| c.map_or(Kind::Text, |c| c.kind)).collect();
    let mut unnamed: Vec<usize> = Vec::new();
    for (index, cells) in sheet.rows.iter().enumerate().skip(1) {
        let row = index as u64 + 1;
        let mut texts = Vec::with_capacity(kinds.len());
        let mut usable = true;
        for (column, cell) in cells.iter().enumerate() {
            let Some(&kind) = kinds.get(column) else {
                if *cell != Cell::Empty && !unnamed.contains(&column) {
                    unnamed.push(column);
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::UnknownColumn,
                            Location { row: Some(row), column_index: Some(column + 1), ..at.clone() },
                            "la colonna non ha un nome nella riga di intestazione e i suoi valori vengono ignorati",
                        )
                        .value(text(cell, Kind::Text).unwrap_or_default())
                        .hint("scrivere nella riga 1 il nome della colonna, o cancellarne i valori"),
                    );
                }
                continue;
            };
            match text(cell, kind) {
                Ok(text) => texts.push(text),
                Err(diagnostic) => {
                    usable = false;
                    diagnostics.push(Diagnostic { location: table.cell_location(row, column), ..*diagnostic });
                }
            }
        }
        texts.resize(kinds.len(), String::new());
        if !usable {
            table.incomplete = true;
            continue;
        }
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        if let Some(diagnostic) =
            table::row_too_large(table.file_location(Some(row)), texts.iter().map(String::len).sum())
        {
            table.incomplete = true;
            diagnostics.push(diagnostic);
            continue;
        }
        let cells: Cells = texts.iter().collect();
        if let Some((column, cell)) = table::oversized_cell(&cells) {
            table.incomplete = true;
            diagnostics.push(table::cell_too_large(table.cell_location(row, column), cell));
            continue;
        }
        table.rows.push(RawRow { row, cells });
    }
    Some(table)
}

/// The text of `cell` in a column of `kind`, as the value parsers read it, or the error for a
/// formula without a usable value (its location is set by the caller).
fn text(cell: &Cell, kind: Kind) -> Result<String, Box<Diagnostic>> {
    let nowhere = Location::default();
    Ok(match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => text.clone(),
        Cell::Number(value) if kind == Kind::Date => {
            serial_date(*value).map_or_else(|| number_text(*value, kind), date_text)
        }
        Cell::Number(value) => number_text(*value, kind),
        Cell::Percent(value) => format!("{}%", number_text(value * 100.0, kind)),
        Cell::Date(date) => date_text(*date),
        Cell::DateTime(time) => format!("{} {:02}:{:02}", date_text(time.date()), time.hour(), time.minute()),
        Cell::Bool(true) => "VERO".to_string(),
        Cell::Bool(false) => "FALSO".to_string(),
        Cell::Error(error, formula) => {
            return Err(Box::new(
                Diagnostic::new(
                    Rule::FormulaWithoutValue,
                    nowhere,
                    format!("la formula della cella dà l'errore {error}: la riga non viene letta"),
                )
                .value(formula.clone())
                .expected("una formula che dà un valore, o il valore scritto nella cella")
                .hint("correggere la formula, o i valori a cui si riferisce, nel foglio di calcolo"),
            ));
        }
        Cell::NoValue(formula) => {
            return Err(Box::new(Diagnostic::new(
                Rule::FormulaWithoutValue,
                nowhere,
                "la formula della cella è stata salvata senza il suo valore calcolato: la riga non viene letta",
            )
            .value(formula.clone())
            .expected("una formula salvata con il suo valore, o il valore scritto nella cella")
            .hint("aprire la cartella di lavoro nel foglio di calcolo e salvarla di nuovo: le formule vengono calcolate e il valore salvato")));
        }
    })
}

/// The day an Excel date serial stands for (1900 date system, as Excel and LibreOffice save
/// `.xlsx`), if `value` is a whole day from 1900 to 9999.
fn serial_date(value: f64) -> Option<NaiveDate> {
    if value.fract() != 0.0 || !(1.0..=2_958_465.0).contains(&value) {
        return None;
    }
    // Day 60 is 29/02/1900, a day that never was (kept by Excel for Lotus 1-2-3).
    let days = if value < 60.0 { value as i64 } else { value as i64 - 1 };
    NaiveDate::from_ymd_opt(1899, 12, 31)?.checked_add_signed(chrono::Duration::days(days))
}

/// A number as the value parsers read it: at most 15 significant digits, as spreadsheets keep
/// them (so `0.1 + 0.2` is `0,3`), with a decimal comma, or a point in a column of codes.
fn number_text(value: f64, kind: Kind) -> String {
    let rounded: f64 = format!("{value:.14e}").parse().unwrap_or(value);
    let text = format!("{}", if rounded == 0.0 { 0.0 } else { rounded });
    if kind == Kind::Code { text } else { text.replace('.', ",") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_without_float_noise() {
        assert_eq!(number_text(0.1 + 0.2, Kind::Number), "0,3");
        assert_eq!(number_text(0.1818 * 100.0, Kind::Percent), "18,18");
        assert_eq!(number_text(624_091.0, Kind::Number), "624091");
        assert_eq!(number_text(-3.5, Kind::Number), "-3,5");
        assert_eq!(number_text(1.3, Kind::Code), "1.3");
        assert_eq!(number_text(-0.0, Kind::Number), "0");
    }

    #[test]
    fn cells_are_written_by_their_type() {
        let text = |cell: Cell, kind| text(&cell, kind).unwrap();
        assert_eq!(text(Cell::Percent(0.1), Kind::Percent), "10%");
        assert_eq!(text(Cell::Number(45_838.0), Kind::Date), "30/06/2025");
        assert_eq!(text(Cell::Number(45_838.0), Kind::Integer), "45838");
        assert_eq!(text(Cell::Number(0.5), Kind::Date), "0,5");
        assert_eq!(text(Cell::Date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()), Kind::Date), "30/06/2025");
        assert_eq!(text(Cell::Bool(true), Kind::Text), "VERO");
        assert_eq!(iso_cell("2025-06-30T00:00:00"), Cell::Date(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        let error = self::text(&Cell::Error("#DIV/0!".into(), "A1/0".into()), Kind::Number).unwrap_err();
        assert_eq!((error.rule, error.value.as_deref()), (Rule::FormulaWithoutValue, Some("A1/0")));
        assert!(self::text(&Cell::NoValue("SUM(A1:A2)".into()), Kind::Number).is_err());
    }

    #[test]
    fn serials_count_from_1900_as_excel_does() {
        assert_eq!(serial_date(1.0), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(serial_date(61.0), NaiveDate::from_ymd_opt(1900, 3, 1));
        assert_eq!(serial_date(45_658.0), NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(serial_date(45_658.5), None);
    }

    #[test]
    fn percent_formats_are_told_from_others() {
        for code in ["0%", "0.00%", "0,00 %", "#,##0.0%;-0%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in ["General", "0.00", "\"%\"0", "0\\%", "dd/mm/yyyy", "0;0%"] {
            assert!(!is_percent_format(code), "{code}");
        }
    }

    #[test]
    fn sheet_names_fold_like_column_names() {
        assert_eq!(table_named("Fasi", Scope::Plan).map(|t| t.file), Some("fasi.csv"));
        assert_eq!(table_named("Obiettivi strategici", Scope::Plan).map(|t| t.file), Some("obiettivi-strategici.csv"));
        assert_eq!(table_named("Strutture", Scope::Site).map(|t| t.file), Some("strutture.csv"));
        assert!(table_named("Strutture", Scope::Plan).is_none());
        assert_eq!(region_name((0, 1), (0, 2)), "B1:C1");
        assert_eq!(region_name((4, 0), (4, 0)), "A5");
    }

    #[test]
    fn bytes_that_are_no_workbook_are_one_error() {
        for bytes in [&b""[..], b"PK\x03\x04garbage", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"] {
            for path in ["data/p/fasi.xlsx", "data/p/fasi.ods"] {
                let mut found = Diagnostics::new();
                assert!(read_workbook(path, bytes, Scope::Plan, &mut found).is_empty());
                let rules: Vec<&str> = found.iter().map(|d| d.rule.code()).collect();
                assert_eq!(rules, ["L026"], "{path} {bytes:?}");
            }
        }
    }
}
