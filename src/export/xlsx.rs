//! The XLSX download of a table, for people who open the data in a spreadsheet: a first sheet
//! (`colonne`) that describes each column from the table's declaration, then the records
//! (`dati`) with typed cells — codes, tax codes, VAT numbers and every other text as text cells
//! (nothing loses a leading zero or turns into a number, nothing runs as a formula), numbers as
//! numbers, percentages as percentages, dates as dates — under a frozen, filterable header row,
//! with column widths that fit. The same records give the same bytes: the workbook's creation
//! date is the data's update date, not the time of the build.
//!
//! The records go out row by row (rust_xlsxwriter's constant-memory worksheet, which keeps one
//! row in memory and the rest in a temporary file), with their text inline in the cells rather
//! than in a table of shared strings; the column widths are measured here as the rows pass, the
//! way the library's autofit measures them.

use std::io;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError, cell_autofit_width};

use super::tables::{Dataset, URL_MEANING};
use crate::model::Published;
use crate::schema::Kind;

/// Name of the sheet that describes the columns.
pub const COLUMNS_SHEET: &str = "colonne";
/// Name of the sheet of the records.
pub const DATA_SHEET: &str = "dati";

/// Widest a column grows to fit its cells, in pixels (about 50 characters); longer text stays
/// in its cell, cut at the edge.
const WIDEST: u32 = 360;

/// The deflate level of the workbook's parts: on the benchmark's 100,000 steps, level 5 takes
/// about 15 % less time than the usual 6 for a file 1.4 % larger.
const COMPRESSION_LEVEL: u8 = 5;

/// Pixels a cell needs beyond its text's width.
const CELL_PADDING: u32 = 7;
/// Pixels the filter's button takes in a header cell.
const FILTER_BUTTON: u32 = 16;
/// Width of a date cell shown `31/12/2025`, in pixels.
const DATE_WIDTH: u32 = 68 + CELL_PADDING;
/// Width of a boolean cell shown `TRUE`, in pixels.
const TRUE_WIDTH: u32 = 31 + CELL_PADDING;
/// Width of a boolean cell shown `FALSE`, in pixels.
const FALSE_WIDTH: u32 = 36 + CELL_PADDING;

/// The creation date of a workbook whose data carries no update date: fixed, so that builds
/// give the same bytes.
const NO_DATE: (u16, u8, u8) = (2000, 1, 1);

/// The cell formats of a workbook.
struct Formats {
    header: Format,
    percent: Format,
    date: Format,
    wrapped: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            header: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            wrapped: Format::new().set_text_wrap(),
        }
    }
}

/// The workbook of `dataset`, with the records' addresses under `base_url`, written to `out` as it
/// is compressed, never whole in memory.
pub fn write(dataset: &Dataset, base_url: &str, out: &mut (dyn io::Write + Send)) -> io::Result<()> {
    workbook(dataset, base_url).and_then(|mut workbook| workbook.save_to_writer(out)).map_err(|error| {
        io::Error::other(format!("{}: impossibile scrivere il file XLSX: {error}", dataset.path("xlsx")))
    })
}

fn workbook(dataset: &Dataset, base_url: &str) -> Result<Workbook, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let created = match dataset.updated {
        Some(date) => excel_date(date)?,
        None => ExcelDateTime::from_ymd(NO_DATE.0, NO_DATE.1, NO_DATE.2)?,
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&dataset.title)
            .set_subject(dataset.schema.description)
            .set_creation_datetime(&created),
    );
    workbook.set_zip_compression_level(COMPRESSION_LEVEL);
    columns_sheet(workbook.add_worksheet(), dataset, &formats)?;
    data_sheet(workbook.add_worksheet_with_constant_memory()?, dataset, base_url, &formats)?;
    Ok(workbook)
}

/// The first sheet: the table's title and description, then one row per column with its name,
/// type and meaning, as the table's declaration gives them.
fn columns_sheet(sheet: &mut Worksheet, dataset: &Dataset, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(COLUMNS_SHEET)?;
    sheet.write_string_with_format(0, 0, &dataset.title, &formats.header)?;
    sheet.write_string(1, 0, dataset.schema.description)?;
    sheet.write_string(2, 0, format!("Righe: {}. I dati sono nel foglio «{DATA_SHEET}».", dataset.len()))?;
    let header = 4;
    for (column, name) in ["colonna", "tipo", "significato"].into_iter().enumerate() {
        sheet.write_string_with_format(header, column as u16, name, &formats.header)?;
    }
    let mut rows: Vec<(&str, String, &str)> =
        dataset.columns.iter().map(|c| (c.name, c.kind.describe(), c.description)).collect();
    if dataset.pages.is_some() {
        rows.push(("url", "indirizzo".into(), URL_MEANING));
    }
    for (row, (name, kind, meaning)) in (header + 1..).zip(&rows) {
        sheet.write_string(row, 0, *name)?;
        sheet.write_string_with_format(row, 1, kind, &formats.wrapped)?;
        sheet.write_string_with_format(row, 2, *meaning, &formats.wrapped)?;
    }
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(2, 80)?;
    Ok(())
}

/// The second sheet: the header row, frozen and with an autofilter, then one row per record,
/// written row by row, with each column as wide as its widest cell.
fn data_sheet(sheet: &mut Worksheet, dataset: &Dataset, base_url: &str, formats: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(DATA_SHEET)?;
    let names: Vec<&str> =
        dataset.columns.iter().map(|c| c.name).chain(dataset.pages.as_ref().map(|_| "url")).collect();
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, dataset.len() as u32, names.len().saturating_sub(1) as u16)?;
    // The header's cells also hold the filter's button.
    let mut widths: Vec<u32> = names.iter().map(|name| text_width(name) + FILTER_BUTTON).collect();
    for (column, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *name, &formats.header)?;
    }
    let mut address = String::new();
    for index in 0..dataset.len() {
        let row = index as u32 + 1;
        for (column, (value, declared)) in dataset.record(index).into_iter().zip(&dataset.columns).enumerate() {
            let width = cell(sheet, row, column as u16, &value, declared.kind, formats)?;
            widths[column] = widths[column].max(width);
        }
        if let Some(pages) = &dataset.pages {
            let column = dataset.columns.len();
            address.clear();
            address.push_str(base_url);
            address.push_str(&pages[index]);
            sheet.write_string(row, column as u16, &address)?;
            widths[column] = widths[column].max(text_width(&address));
        }
    }
    for (column, width) in widths.into_iter().enumerate() {
        sheet.set_column_autofit_width(column as u16, width.min(WIDEST))?;
    }
    Ok(())
}

/// One value as a cell: text as a text cell, whatever it looks like; a percentage (in points)
/// as a fraction shown with `%`; a date as a date shown `31/12/2025`, or as ISO text before
/// 1900, where spreadsheets have no dates. Returns the width the cell needs, in pixels.
fn cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &Published,
    kind: Kind,
    formats: &Formats,
) -> Result<u32, XlsxError> {
    let width = match value {
        Published::Null => 0,
        Published::Text(text) => {
            sheet.write_string(row, column, text.as_ref())?;
            text_width(text)
        }
        Published::Number(number) if !number.is_finite() => 0,
        Published::Number(number) if kind == Kind::Percent => {
            sheet.write_number_with_format(row, column, number / 100.0, &formats.percent)?;
            number_width(number / 100.0)
        }
        Published::Number(number) => {
            sheet.write_number(row, column, *number)?;
            number_width(*number)
        }
        Published::Integer(integer) => {
            sheet.write_number(row, column, *integer as f64)?;
            number_width(*integer as f64)
        }
        Published::Date(date) => match excel_date(*date) {
            Ok(date) => {
                sheet.write_date_with_format(row, column, &date, &formats.date)?;
                DATE_WIDTH
            }
            Err(_) => {
                let text = date.to_string();
                sheet.write_string(row, column, &text)?;
                text_width(&text)
            }
        },
        Published::Bool(yes) => {
            sheet.write_boolean(row, column, *yes)?;
            if *yes { TRUE_WIDTH } else { FALSE_WIDTH }
        }
        Published::List(items) => {
            let text = items.join(";");
            sheet.write_string(row, column, &text)?;
            text_width(&text)
        }
    };
    Ok(width)
}

/// The width of a text cell, in pixels: that of its longest line as a spreadsheet shows it.
fn text_width(text: &str) -> u32 {
    text.lines().filter(|line| !line.is_empty()).map(cell_autofit_width).max().unwrap_or(0)
}

/// The width of a number cell, in pixels: 7 for each character of its shortest decimal form.
fn number_width(number: f64) -> u32 {
    7 * number.to_string().len() as u32 + CELL_PADDING
}

fn excel_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    let year = u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::export::datasets;

    /// The text of the part `name` of a workbook.
    fn part(workbook: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(io::Cursor::new(workbook)).unwrap();
        let mut text = String::new();
        archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn codes_that_look_like_numbers_are_text_cells_and_the_bytes_do_not_depend_on_the_build() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        let all = datasets(&site);
        let steps = all.iter().find(|d| d.schema.stem() == "fasi").unwrap();
        let mut first = Vec::new();
        write(steps, "https://ente.example/", &mut first).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let mut second = Vec::new();
        write(steps, "https://ente.example/", &mut second).unwrap();
        assert!(first == second, "two writes of the same records give the same bytes");
        let data = part(&first, "xl/worksheets/sheet2.xml");
        assert!(data.contains("<is><t>1.10</t></is>") && data.contains("<is><t>1.1</t></is>"), "{data}");
        // Column B holds the codes: every cell of it is a string, none a number.
        let codes: Vec<&str> = data.split("<c r=\"B").skip(1).collect();
        assert_eq!(codes.len(), steps.len() + 1);
        assert!(codes.iter().all(|cell| cell.split('>').next().unwrap().contains("t=\"inlineStr\"")), "{data}");
        assert!(data.contains("<pane ySplit=\"1\"") && data.contains("<autoFilter ref=\"A1:J77\""), "{data}");
        assert!(part(&first, "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
        let book = part(&first, "xl/workbook.xml");
        assert!(book.find("name=\"colonne\"").unwrap() < book.find("name=\"dati\"").unwrap(), "{book}");
    }

    #[test]
    fn percentages_are_fractions_shown_with_a_percent_sign_and_dates_are_dates() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        let all = datasets(&site);
        let steps = all.iter().find(|d| d.schema.stem() == "fasi").unwrap();
        let mut workbook = Vec::new();
        write(steps, "", &mut workbook).unwrap();
        let styles = part(&workbook, "xl/styles.xml");
        assert!(styles.contains("formatCode=\"0.00%\"") && styles.contains("formatCode=\"dd/mm/yyyy\""), "{styles}");
        let data = part(&workbook, "xl/worksheets/sheet2.xml");
        // The first step weighs 18,18 % of the year and is due on 30 June 2025 (serial 45838).
        assert!(data.contains("<v>0.1818</v>") && data.contains("<v>45838</v>"), "{data}");
    }

    #[test]
    fn the_columns_are_as_wide_as_the_spreadsheet_autofit_makes_them() {
        let site = crate::check(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap().site;
        for dataset in &datasets(&site) {
            let columns = |autofit: bool| {
                let mut workbook = Workbook::new();
                let sheet = workbook.add_worksheet();
                data_sheet(sheet, dataset, "https://ente.example/", &Formats::new()).unwrap();
                if autofit {
                    sheet.set_autofit_max_width(WIDEST).autofit();
                }
                let xml = part(&workbook.save_to_buffer().unwrap(), "xl/worksheets/sheet1.xml");
                xml[xml.find("<cols>").unwrap()..xml.find("</cols>").unwrap()].to_string()
            };
            assert_eq!(columns(false), columns(true), "{}", dataset.path("xlsx"));
        }
    }
}
