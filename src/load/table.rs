//! Table files to [`RawTable`]s: decoding, delimiter sniffing, CSV records with their positions,
//! and the header checked against the schema.
//!
//! Cells stay text here; the model parses them. Every row keeps its number as a spreadsheet shows
//! it and every column its position, so that any later diagnostic can name file, row and column.

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::schema::{Column, Table, limits};

use super::text::{self, Encoding};
use super::values::fold_header;

/// A table as read from its file: header bound to the schema, rows of text cells.
#[derive(Debug)]
pub struct RawTable {
    /// Path relative to the site folder, with `/` separators.
    pub path: String,
    /// The sheet of the workbook at `path` the table was read from (`None` for a CSV file).
    pub sheet: Option<String>,
    /// The schema the header was checked against.
    pub schema: &'static Table,
    /// Header cells as written in the file.
    pub header: Vec<String>,
    /// For each column of the file, the schema column it is (`None` for unknown columns).
    pub columns: Vec<Option<&'static Column>>,
    /// Records, blank ones left out.
    pub rows: Vec<RawRow>,
    /// For a CSV file, where each of `rows` starts in its text (after any byte-order mark), as
    /// the CSV reader places it; empty for a sheet of a workbook.
    pub starts: Vec<usize>,
    /// The encoding detected.
    pub encoding: Encoding,
    /// The delimiter detected.
    pub delimiter: u8,
    /// True when rows were dropped or required columns are missing: references into this table are
    /// not checked, to avoid a cascade of consequences of one error.
    pub incomplete: bool,
}

/// One record of a table.
#[derive(Debug)]
pub struct RawRow {
    /// Row of the record as a spreadsheet shows it: the header is row 1 and each record one row,
    /// blank lines included, however many line breaks the cells of earlier records hold (a line
    /// of the file is not a row when it continues a quoted cell).
    pub row: u64,
    /// Cells, one per header column.
    pub cells: Cells,
}

/// The cells of one record as written, kept as one text and the end of each cell: two
/// allocations per row rather than one per cell (a plan of 10,000 objectives has a million cells).
/// An end fits in 32 bits, since a table file is at most [`limits::TABLE`] bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    text: Box<str>,
    ends: Box<[u32]>,
}

impl Cells {
    /// The `index`-th cell (0-based), if the record has it.
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = index.checked_sub(1).map_or(0, |previous| self.ends[previous] as usize);
        self.text.get(start..end)
    }

    /// The cells in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().scan(0, |start, &end| {
            let cell = self.text.get(*start..end as usize);
            *start = end as usize;
            cell
        })
    }

    /// How many cells the record has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the record has no cells.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Keeps the first `len` cells.
    fn truncate(&mut self, len: usize) {
        if len < self.len() {
            let end = len.checked_sub(1).map_or(0, |last| self.ends[last] as usize);
            self.text = self.text[..end].into();
            self.ends = self.ends[..len].into();
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for Cells {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Self {
        let mut text = String::new();
        let ends = cells
            .into_iter()
            .map(|cell| {
                text.push_str(cell.as_ref());
                end(text.len())
            })
            .collect();
        Cells { text: text.into(), ends }
    }
}

impl From<&csv::StringRecord> for Cells {
    fn from(record: &csv::StringRecord) -> Self {
        let ends = record
            .iter()
            .scan(0, |length, cell| {
                *length += cell.len();
                Some(end(*length))
            })
            .collect();
        Cells { text: record.as_slice().into(), ends }
    }
}

/// The end of a cell, `length` bytes into its record's text. A record of a CSV file is part of a
/// file of at most [`limits::TABLE`] bytes, and a sheet's row longer than that is refused before
/// its cells are kept ([`row_too_large`]), so the end always fits.
fn end(length: usize) -> u32 {
    u32::try_from(length).expect("a record is at most limits::TABLE bytes long")
}

impl RawTable {
    /// Position (0-based) in the file of the schema column `name`, if the file has it.
    pub fn column_position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.is_some_and(|c| c.name == name))
    }

    /// The location of the file (and sheet) of the table, at the row `row` if given.
    pub fn file_location(&self, row: Option<u64>) -> Location {
        Location { file: self.path.clone(), sheet: self.sheet.clone(), row, ..Location::default() }
    }

    /// The location of a cell in the row `row` (as a spreadsheet shows it), for diagnostics.
    pub fn location(&self, row: u64, column: &str) -> Location {
        Location {
            column: Some(column.to_string()),
            column_index: self.column_position(column).map(|p| p + 1),
            ..self.file_location(Some(row))
        }
    }

    /// The location of the `index`-th cell (0-based) of the file's row `row`, for diagnostics.
    pub fn cell_location(&self, row: u64, index: usize) -> Location {
        let column = match self.columns.get(index) {
            Some(Some(column)) => Some(column.name.to_string()),
            _ => self.header.get(index).cloned(),
        };
        Location { column, column_index: Some(index + 1), ..self.file_location(Some(row)) }
    }

    /// The `index`-th cell (0-based) of the file's row `row` (the header is row 1), if the table
    /// kept that row.
    pub fn cell(&self, row: u64, index: usize) -> Option<&str> {
        if row == 1 {
            return self.header.get(index).map(String::as_str);
        }
        let found = self.rows.binary_search_by_key(&row, |record| record.row).ok()?;
        self.rows[found].cells.get(index)
    }

    /// True when the `index`-th column of the file (0-based) holds personal data.
    pub fn is_personal(&self, index: usize) -> bool {
        self.columns.get(index).is_some_and(|column| column.is_some_and(|column| column.personal))
    }

    /// An empty table, for an optional file that does not exist.
    pub fn empty(path: String, schema: &'static Table) -> Self {
        RawTable {
            path,
            sheet: None,
            schema,
            header: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            starts: Vec::new(),
            encoding: Encoding::Utf8,
            delimiter: b',',
            incomplete: false,
        }
    }
}

/// Reads a table from its bytes. Returns `None` when nothing usable could be read.
pub fn parse_table(
    path: &str,
    bytes: &[u8],
    schema: &'static Table,
    diagnostics: &mut Diagnostics,
) -> Option<RawTable> {
    let text::Decoded { text, encoding, repaired } = match text::decode(bytes) {
        Ok(decoded) => decoded,
        Err(not_text) => {
            let message = match not_text.looks_like {
                Some(kind) => format!("il file non è testo: sembra {kind}"),
                None => format!("il file non è testo: contiene caratteri di controllo alla riga {}", not_text.line),
            };
            let stem = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".csv");
            let hint = if bytes.starts_with(b"PK\x03\x04") {
                format!(
                    "se è una cartella di lavoro salvata con il nome sbagliato, rinominarla in `{stem}.xlsx` (Excel) o `{stem}.ods` (LibreOffice): viene letta così com'è"
                )
            } else {
                "dal foglio di calcolo usare «Salva con nome» → «CSV (delimitato dal separatore di elenco)», o salvare la tabella come cartella di lavoro .xlsx o .ods".to_string()
            };
            diagnostics.push(
                Diagnostic::new(Rule::NotText, Location::file(path), message)
                    .expected("un file CSV di testo (UTF-8, UTF-16 o Windows-1252)")
                    .hint(hint),
            );
            return None;
        }
    };
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(Rule::EmptyFile, Location::file(path), "il file è vuoto")
                .expected(format!("almeno la riga di intestazione: {}", header_example(schema)))
                .hint("una tabella senza dati contiene comunque la riga con i nomi delle colonne"),
        );
        return None;
    }
    let delimiter = sniff_delimiter(&text);
    let mut incomplete = false;
    let quoted = memchr::memchr(b'"', text.as_bytes()).is_some();
    let unclosed = if quoted { unclosed_quote_row(&text, delimiter) } else { None };
    if let Some(row) = unclosed {
        incomplete = true;
        diagnostics.push(
            Diagnostic::new(
                Rule::UnclosedQuote,
                Location { file: path.into(), row: Some(row), ..Location::default() },
                "le virgolette aperte in questa riga non vengono mai chiuse: il resto del file sarebbe una sola cella",
            )
            .expected("una cella tra virgolette chiusa da altre virgolette (`\"testo\"`)")
            .hint("chiudere le virgolette o raddoppiare quelle che fanno parte del testo (`\"\"`)"),
        );
    }
    let mut reader = csv_reader(text.as_bytes(), delimiter);
    let mut first = csv::StringRecord::new();
    let header: Vec<String> = match reader.read_record(&mut first) {
        Ok(true) => first.iter().map(str::to_string).collect(),
        _ => return None,
    };
    if let Some((index, cell)) = oversized_cell(&Cells::from(&first)) {
        let at = Location { file: path.into(), row: Some(1), column_index: Some(index + 1), ..Location::default() };
        diagnostics.push(cell_too_large(at, cell));
        return None;
    }
    let mut table = RawTable {
        path: path.to_string(),
        sheet: None,
        schema,
        columns: bind_header(&Location::file(path), &header, schema, diagnostics),
        header,
        rows: Vec::new(),
        starts: Vec::new(),
        encoding,
        delimiter,
        incomplete,
    };
    table.incomplete |= schema.columns.iter().any(|c| c.required && table.column_position(c.name).is_none());
    let mut lines = LineCounter::default();
    // Line breaks inside the quoted cells read so far: lines of the file that are not rows.
    let mut breaks_in_cells = 0;
    let records = body_records(&text, reader, delimiter);
    table.rows.reserve_exact(records.len());
    table.starts.reserve_exact(records.len());
    for (offset, cells) in records {
        let row = lines.line_at(&text, offset) - breaks_in_cells;
        if quoted {
            breaks_in_cells += memchr::memchr_iter(b'\n', cells.text.as_bytes()).count() as u64;
        }
        if unclosed.is_some_and(|open| row >= open) {
            break;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some((index, cell)) = oversized_cell(&cells) {
            table.incomplete = true;
            let at = Location {
                file: path.into(),
                row: Some(row),
                column: table.header.get(index).cloned(),
                column_index: Some(index + 1),
                ..Location::default()
            };
            diagnostics.push(cell_too_large(at, cell));
            continue;
        }
        if let Some(record) = check_cell_count(&mut table, row, cells, diagnostics) {
            table.rows.push(record);
            table.starts.push(offset);
        }
    }
    if !repaired.is_empty() {
        report_repairs(&table, &text, &repaired, diagnostics);
    }
    report_double_encoding(&table, &text, diagnostics);
    table.rows.shrink_to_fit();
    table.starts.shrink_to_fit();
    Some(table)
}

/// At most this many cells are named by the warnings about a file's characters.
const MAX_CELLS: usize = 5;

/// The cells (row as a spreadsheet shows it, 0-based column) of the bytes at `offsets` (in
/// order) of the text of `table`, one for each offset.
fn cells_at(table: &RawTable, text: &str, offsets: impl IntoIterator<Item = usize>) -> Vec<(u64, usize)> {
    let mut scan = Scan::new(text, table.delimiter);
    offsets
        .into_iter()
        .map(|offset| {
            scan.advance_to(offset);
            (scan.row, scan.column)
        })
        .collect()
}

/// `riga 3 colonna D, riga 5 colonna B e altre 2 celle`: the first [`MAX_CELLS`] of the
/// `places` of a file, and how many more there are, as `one` more or `many` more (`celle`).
pub(super) fn first_places(places: &[String], one: &str, many: &str) -> String {
    let named = places[..places.len().min(MAX_CELLS)].join(", ");
    match places.len().saturating_sub(MAX_CELLS) {
        0 => named,
        1 => format!("{named} e {one}"),
        more => format!("{named} e altre {more} {many}"),
    }
}

/// The warning, at `at`, for the characters of a UTF-8 file at the offsets `repaired` of its
/// text `text` that were not UTF-8 and were read as Windows-1252 ([`text::Decoded::repaired`]),
/// found in `places` (their list, [`first_places`]).
pub(super) fn repaired_characters(at: Location, text: &str, repaired: &[usize], places: &str) -> Diagnostic {
    let mut characters: Vec<char> = repaired.iter().filter_map(|&at| text[at..].chars().next()).collect();
    characters.sort_unstable();
    characters.dedup();
    let characters: Vec<String> = characters.iter().map(|c| format!("«{c}»")).collect();
    let what = match repaired.len() {
        1 => "1 carattere non è in UTF-8 come il resto del file ed è stato letto come Windows-1252".to_string(),
        n => format!("{n} caratteri non sono in UTF-8 come il resto del file e sono stati letti come Windows-1252"),
    };
    Diagnostic::new(Rule::RepairedCharacters, at, format!("{what} ({}): {places}", characters.join(", ")))
        .expected("un file salvato tutto in UTF-8")
        .hint(
            "controllare che i caratteri letti così siano giusti, poi salvare di nuovo il file in UTF-8 \
             (un CSV da LibreOffice: «Salva con nome» → «Modifica impostazioni filtro» → «Unicode (UTF-8)»; \
             da Excel: «CSV UTF-8»)",
        )
}

/// The warning for the characters of a UTF-8 file that were not UTF-8 and were read as
/// Windows-1252 ([`text::Decoded::repaired`]), at the first of them, naming the first cells.
fn report_repairs(table: &RawTable, text: &str, repaired: &[usize], diagnostics: &mut Diagnostics) {
    let mut cells = cells_at(table, text, repaired.iter().copied());
    cells.dedup();
    let Some(&(row, column)) = cells.first() else { return };
    let places: Vec<String> = cells
        .iter()
        .map(|&(row, column)| format!("riga {row} colonna {}", crate::diagnostics::spreadsheet_letter(column + 1)))
        .collect();
    let places = first_places(&places, "un'altra cella", "celle");
    let mut diagnostic = repaired_characters(table.cell_location(row, column), text, repaired, &places)
        .personal(table.is_personal(column));
    if let Some(cell) = table.cell(row, column) {
        diagnostic = diagnostic.value(cell);
    }
    diagnostics.push(diagnostic);
}

/// A warning for each of the first cells of `table` whose text is written twice over
/// ([`text::double_encoded`]), with the text it probably was.
fn report_double_encoding(table: &RawTable, text: &str, diagnostics: &mut Diagnostics) {
    let found = text::double_encoded(text);
    if found.is_empty() {
        return;
    }
    let at = cells_at(table, text, found.iter().map(|range| range.start));
    // The first text written twice over in each cell.
    let mut cells: Vec<((u64, usize), std::ops::Range<usize>)> = Vec::new();
    for (cell, range) in at.into_iter().zip(found) {
        if cells.last().is_none_or(|(last, _)| *last != cell) {
            cells.push((cell, range));
        }
    }
    let more = cells.len().saturating_sub(MAX_CELLS);
    for (index, ((row, column), range)) in cells.into_iter().take(MAX_CELLS).enumerate() {
        let more = match more {
            _ if index + 1 < MAX_CELLS => String::new(),
            0 => String::new(),
            1 => " (lo stesso in un'altra cella del file)".to_string(),
            more => format!(" (lo stesso in altre {more} celle del file)"),
        };
        let written = &text[range];
        let mut diagnostic = Diagnostic::new(
            Rule::DoubleEncoding,
            table.cell_location(row, column),
            format!(
                "il testo sembra convertito due volte (UTF-8 letto come Windows-1252 e salvato di nuovo): «{written}» sta per «{}»{more}",
                text::undo_double_encoding(written)
            ),
        )
        .expected("il testo come è stato scritto")
        .personal(table.is_personal(column));
        if let Some(cell) = table.cell(row, column) {
            diagnostic = diagnostic.value(cell).hint(format!(
                "probabilmente il testo era «{}»: correggerlo, o ripartire da una copia del file che non sia stata convertita",
                text::undo_double_encoding(cell)
            ));
        }
        diagnostics.push(diagnostic);
    }
}

/// The first cell of a record larger than [`limits::CELL`], with its position; cheap for the
/// rows that fit whole in the limit, which cannot have such a cell.
pub(super) fn oversized_cell(cells: &Cells) -> Option<(usize, &str)> {
    if cells.text.len() <= limits::CELL {
        return None;
    }
    cells.iter().enumerate().find(|(_, cell)| cell.len() > limits::CELL)
}

/// The error for the cell `cell` at `at`, larger than the limit.
pub(super) fn cell_too_large(at: Location, cell: &str) -> Diagnostic {
    let start: String = cell.chars().take(40).collect();
    Diagnostic::new(
        Rule::CellTooLarge,
        at,
        format!(
            "la cella è troppo grande: {} su un massimo di {}",
            limits::megabytes(cell.len() as u64),
            limits::megabytes(limits::CELL as u64)
        ),
    )
    .value(format!("{start}…"))
    .expected(format!("una cella di al massimo {}", limits::megabytes(limits::CELL as u64)))
    .hint("controllare le virgolette della riga; i testi molto lunghi vanno in una pagina di content/")
}

/// The error for a sheet's row at `at` whose cells hold `length` bytes in all, more than a whole
/// table file may; `None` for a row within that size.
pub(super) fn row_too_large(at: Location, length: usize) -> Option<Diagnostic> {
    let limit = limits::TABLE;
    (length as u64 > limit).then(|| {
        Diagnostic::new(
            Rule::CellTooLarge,
            at,
            format!(
                "la riga è troppo grande: {} su un massimo di {}",
                limits::megabytes(length as u64),
                limits::megabytes(limit)
            ),
        )
        .expected(format!("una riga di al massimo {}, come un'intera tabella", limits::megabytes(limit)))
        .hint("controllare che il foglio non abbia celle enormi; i testi molto lunghi vanno in una pagina di content/")
    })
}

pub(super) fn csv_reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(bytes)
}

/// Bytes of the parts a large table is cut into, to be parsed in parallel.
const PART: usize = 1 << 20;

/// The records that `reader` (just past the header of `text`, reading with `delimiter`) has left, each with the offset in
/// `text` where it starts; unreadable records are left out. Without quotes every line break
/// ends a record, so a large table is cut at line breaks and its parts parsed in parallel.
fn body_records(text: &str, reader: csv::Reader<&[u8]>, delimiter: u8) -> Vec<(usize, Cells)> {
    let start = reader.position().byte() as usize;
    let body = &text.as_bytes()[start.min(text.len())..];
    let record = |offset: usize, record: csv::StringRecord| {
        (offset + record.position().map_or(0, |p| p.byte() as usize), Cells::from(&record))
    };
    if body.len() < 2 * PART || body.contains(&b'"') {
        return reader.into_records().filter_map(Result::ok).map(|r| record(0, r)).collect();
    }
    let mut parts = Vec::new();
    let mut from = 0;
    while from < body.len() {
        let to = part_end(body, from);
        parts.push(from..to);
        from = to;
    }
    let parsed: Vec<Vec<(usize, Cells)>> = parts
        .into_par_iter()
        .map(|part| {
            let offset = start + part.start;
            csv_reader(&body[part], delimiter)
                .into_records()
                .filter_map(Result::ok)
                .map(|r| record(offset, r))
                .collect()
        })
        .collect();
    let mut records = Vec::with_capacity(parsed.iter().map(Vec::len).sum());
    parsed.into_iter().for_each(|part| records.extend(part));
    records
}

/// Where the part of `body` starting at `from` ends: just after the first line break at least
/// [`PART`] bytes further on (not before a byte-order mark, which a reader would skip at the
/// start of a part), or at the end.
fn part_end(body: &[u8], from: usize) -> usize {
    let mut search = from + PART;
    while search < body.len() {
        match body[search..].iter().position(|&b| b == b'\n') {
            Some(found) if body.get(search + found + 1) != Some(&0xEF) => return search + found + 1,
            Some(found) => search += found + 1,
            None => break,
        }
    }
    body.len()
}

/// Line numbers of byte offsets, counted incrementally (offsets only grow).
#[derive(Default)]
pub(super) struct LineCounter {
    offset: usize,
    newlines: u64,
}

impl LineCounter {
    /// Line (1-based) of the record that the reader places at `offset`: where it started to
    /// look for it, so that the line breaks there (the `\n` of a CRLF pair, blank lines, which
    /// the reader skips) come before the record.
    pub(super) fn line_at(&mut self, text: &str, offset: usize) -> u64 {
        let bytes = text.as_bytes();
        let mut offset = offset.min(bytes.len());
        while matches!(bytes.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset > self.offset {
            self.newlines += memchr::memchr_iter(b'\n', &bytes[self.offset..offset]).count() as u64;
            self.offset = offset;
        }
        1 + self.newlines
    }
}

/// The `cells` of a record without the empty cells beyond the header's `expected` (trailing
/// delimiters left by spreadsheets).
pub(super) fn without_extra_empty_cells(mut cells: Cells, expected: usize) -> Cells {
    let mut kept = cells.len();
    while kept > expected && cells.get(kept - 1).is_some_and(|c| c.trim().is_empty()) {
        kept -= 1;
    }
    cells.truncate(kept);
    cells
}

/// Keeps a row whose cells match the header; extra cells that are empty (trailing delimiters left
/// by spreadsheets) are dropped silently.
fn check_cell_count(table: &mut RawTable, row: u64, cells: Cells, diagnostics: &mut Diagnostics) -> Option<RawRow> {
    let expected = table.header.len();
    let cells = without_extra_empty_cells(cells, expected);
    if cells.len() == expected {
        return Some(RawRow { row, cells });
    }
    table.incomplete = true;
    let separator = char::from(table.delimiter);
    let other = [',', ';', '\t'].into_iter().find(|c| *c != separator && cells.iter().any(|cell| cell.contains(*c)));
    let (what, hint) = match other {
        Some(other) if cells.len() < expected => (
            "mancano delle celle".to_string(),
            format!(
                "la riga sembra separata da `{}` invece che da `{separator}` come l'intestazione",
                other.escape_default()
            ),
        ),
        _ if cells.len() < expected => (
            "mancano delle celle: la riga è troncata".to_string(),
            "completare la riga o controllare i separatori e le virgolette".to_string(),
        ),
        _ => (
            "ci sono più celle che colonne".to_string(),
            "racchiudere tra virgolette le celle che contengono il separatore".to_string(),
        ),
    };
    let found = if cells.len() == 1 { "1 cella".to_string() } else { format!("{} celle", cells.len()) };
    diagnostics.push(
        Diagnostic::new(
            Rule::CellCount,
            table.file_location(Some(row)),
            format!("la riga ha {found} ma l'intestazione ha {expected} colonne: {what}"),
        )
        .value(cells.iter().collect::<Vec<_>>().join(&char::from(table.delimiter).to_string()))
        .personal(table.schema.columns.iter().any(|column| column.personal))
        .expected(format!("{expected} celle separate da `{}`", char::from(table.delimiter)))
        .hint(hint),
    );
    None
}

/// Maps header cells to schema columns, reporting unknown, repeated and missing columns at the
/// header of the file (or sheet) `file`; an unknown column that looks like a missing one (a
/// typo) is an error, since its data would be lost.
pub(super) fn bind_header(
    file: &Location,
    header: &[String],
    schema: &'static Table,
    diagnostics: &mut Diagnostics,
) -> Vec<Option<&'static Column>> {
    let mut columns: Vec<Option<&'static Column>> = Vec::with_capacity(header.len());
    let mut unknown = Vec::new();
    let at = |index: usize, name: &str| Location {
        row: Some(1),
        column: Some(name.to_string()),
        column_index: Some(index + 1),
        ..file.clone()
    };
    for (index, name) in header.iter().enumerate() {
        let folded = fold_header(name);
        let column = schema.columns.iter().find(|c| c.name == folded);
        if let Some(column) = column {
            if columns.iter().any(|c| c.is_some_and(|c| c.name == column.name)) {
                diagnostics.push(
                    Diagnostic::new(
                        Rule::DuplicateColumn,
                        at(index, column.name),
                        "la colonna compare più di una volta",
                    )
                    .value(name.clone())
                    .hint("eliminare la colonna ripetuta: vale solo la prima"),
                );
                columns.push(None);
                continue;
            }
        } else if !folded.is_empty() {
            unknown.push((index, name, folded));
        }
        columns.push(column);
    }
    let bound =
        |columns: &[Option<&'static Column>], name: &str| columns.iter().any(|c| c.is_some_and(|c| c.name == name));
    let mut meant = Vec::new();
    for (index, name, folded) in unknown {
        let close = closest_column(&folded, schema);
        // A near-miss of a column the file lacks holds that column's data: ignoring it would
        // lose the data without a word, so it is an error.
        let missing = close.filter(|close| !bound(&columns, close));
        let (rule, message) = match missing {
            Some(close) => (
                Rule::SimilarColumn,
                format!(
                    "la colonna «{name}» non fa parte del formato di `{}`, ma somiglia a `{close}`, che manca: i suoi dati andrebbero persi",
                    schema.file
                ),
            ),
            None => (
                Rule::UnknownColumn,
                format!("la colonna «{name}» non fa parte del formato di `{}` e viene ignorata", schema.file),
            ),
        };
        let mut diagnostic = Diagnostic::new(rule, at(index, name), message)
            .value(name.clone())
            .expected(format!("una delle colonne: {}", header_example(schema)));
        if let Some(close) = close {
            diagnostic =
                diagnostic.hint(format!("forse si intendeva `{close}`? correggere il nome nella riga di intestazione"));
        }
        diagnostics.push(diagnostic);
        meant.extend(missing);
    }
    for column in schema.columns.iter().filter(|c| c.required && !meant.contains(&c.name)) {
        if !bound(&columns, column.name) {
            diagnostics.push(
                Diagnostic::new(
                    Rule::MissingColumn,
                    Location { row: Some(1), column: Some(column.name.into()), column_index: None, ..file.clone() },
                    if column.description == column.name {
                        format!("manca la colonna obbligatoria `{}`", column.name)
                    } else {
                        format!("manca la colonna obbligatoria `{}` ({})", column.name, column.description)
                    },
                )
                .expected(format!("una colonna `{}` nella riga di intestazione", column.name))
                .hint(format!(
                    "aggiungere la colonna `{}`, per esempio con il valore «{}»",
                    column.name, column.example
                )),
            );
        }
    }
    columns
}

/// The schema column whose name is closest to an unknown one (a likely typo), if any is close.
fn closest_column(name: &str, schema: &Table) -> Option<&'static str> {
    schema
        .columns
        .iter()
        .map(|c| (edit_distance(name, c.name), c.name))
        .filter(|(distance, column)| *distance <= 2.max(column.len() / 4))
        .min()
        .map(|(_, column)| column)
}

/// The number of characters to insert, delete or replace to turn `a` into `b`.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn header_example(schema: &Table) -> String {
    schema.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

/// The delimiter of a file: the most frequent of `,`, `;` and tab in the header line, outside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], std::cmp::Reverse(i))).unwrap_or(0);
    if counts[best] == 0 { b',' } else { [b',', b';', b'\t'][best] }
}

/// Whether the text of a table looks cut short, as a file still being written does: it ends
/// inside a quoted cell, or its last row has fewer cells than the header. (A finished file can
/// look so too; the preview only waits a little longer for it.)
pub fn looks_cut_short(text: &str) -> bool {
    let mut scan = Scan::new(text, sniff_delimiter(text));
    let header_end = text.find('\n').unwrap_or(text.len());
    scan.advance_to(header_end);
    let header_cells = scan.column + 1;
    let last_row = text.trim_end_matches(['\n', '\r']);
    scan.advance_to(last_row.len());
    scan.open.is_some() || (scan.row > 1 && scan.column + 1 < header_cells)
}

/// The row where a quoted cell opens and is never closed, if any.
fn unclosed_quote_row(text: &str, delimiter: u8) -> Option<u64> {
    let mut scan = Scan::new(text, delimiter);
    scan.advance_to(text.len());
    scan.open
}

/// A reading of a table's text byte by byte, quotes included, as the CSV reader reads it, to
/// tell where a byte is as a spreadsheet shows it: a line break inside a quoted cell does not
/// start a row, a delimiter inside one does not start a column. Slower than the reader's own
/// positions, so kept for the few bytes a diagnostic points at and for unclosed quotes.
struct Scan<'a> {
    bytes: &'a [u8],
    delimiter: u8,
    /// Offset of the next byte to read.
    at: usize,
    /// Row reached (1-based: the header is row 1).
    row: u64,
    /// Column reached in the row (0-based).
    column: usize,
    /// The row where the quoted cell being read opened, if one is open.
    open: Option<u64>,
    /// True when the next byte starts a cell.
    cell_start: bool,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str, delimiter: u8) -> Self {
        Scan { bytes: text.as_bytes(), delimiter, at: 0, row: 1, column: 0, open: None, cell_start: true }
    }

    /// Reads on up to `offset` (not included): `row` and `column` are then those of the byte at
    /// `offset`.
    fn advance_to(&mut self, offset: usize) {
        let end = offset.min(self.bytes.len());
        while self.at < end {
            let byte = self.bytes[self.at];
            self.at += 1;
            match (self.open, byte) {
                // A doubled quote inside a quoted cell is one quote of its text.
                (Some(_), b'"') if self.bytes.get(self.at) == Some(&b'"') => self.at += 1,
                (Some(_), b'"') => self.open = None,
                (None, b'"') if self.cell_start => self.open = Some(self.row),
                (None, b'\n') => {
                    self.row += 1;
                    self.column = 0;
                }
                (None, byte) if byte == self.delimiter => self.column += 1,
                _ => {}
            }
            self.cell_start = self.open.is_none() && (byte == self.delimiter || byte == b'\n' || byte == b'\r');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{TableId, schema};

    fn parse(text: &str) -> (Option<RawTable>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let table = parse_table("data/p/fasi.csv", text.as_bytes(), schema(TableId::Steps), &mut diagnostics);
        (table, diagnostics)
    }

    fn rules(diagnostics: &Diagnostics) -> Vec<&'static str> {
        diagnostics.iter().map(|d| d.rule.code()).collect()
    }

    #[test]
    fn a_row_longer_than_a_table_file_is_refused() {
        let at = Location { file: "data/p/fasi.xlsx".into(), row: Some(7), ..Location::default() };
        assert!(row_too_large(at.clone(), limits::TABLE as usize).is_none());
        let refused = row_too_large(at, limits::TABLE as usize + (1 << 20)).expect("a row 1 MiB too long");
        assert_eq!(refused.rule, Rule::CellTooLarge);
        assert_eq!(refused.location.row, Some(7));
        assert_eq!(refused.message, "la riga è troppo grande: 257 MiB su un massimo di 256 MiB");
    }

    #[test]
    fn a_table_cut_short_is_recognised() {
        for whole in ["a;b;c\n1;2;3\n", "a;b;c\n1;\"due\nrighe\";3", "a;b;c\n", "a;b;c", "a,b\n\"x\"\"y\",2\r\n"] {
            assert!(!looks_cut_short(whole), "{whole:?}");
        }
        for half in ["a;b;c\n1;2;3\n4;5", "a;b;c\n1;\"due\nrig", "a;b;c\n1;2;3\n4;\"x\"\"", "a;b;c\n1;2\n"] {
            assert!(looks_cut_short(half), "{half:?}");
        }
    }

    #[test]
    fn delimiters_are_sniffed_from_the_header() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\r\n"), b'\t');
        assert_eq!(sniff_delimiter("\"a;x\",b,c\n"), b',');
        assert_eq!(sniff_delimiter("solo"), b',');
    }

    #[test]
    fn crlf_semicolons_and_multiline_cells() {
        let (table, diagnostics) = parse("obiettivo;codice;descrizione\r\n1;1.1;\"prima\r\nseconda\"\r\n1;1.2;x\r\n");
        let table = table.unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells.get(2), Some("prima\r\nseconda"));
        assert_eq!((table.rows[0].row, table.rows[1].row), (2, 3));
    }

    #[test]
    fn cells_keep_their_boundaries_and_trailing_blanks_are_cut() {
        let record = csv::StringRecord::from(vec!["1", "", "città è", " ", ""]);
        let mut cells = Cells::from(&record);
        assert_eq!(cells.iter().collect::<Vec<_>>(), ["1", "", "città è", " ", ""]);
        assert_eq!((cells.get(2), cells.get(5)), (Some("città è"), None));
        cells.truncate(3);
        assert_eq!(cells, Cells::from(&csv::StringRecord::from(vec!["1", "", "città è"])));
        cells.truncate(0);
        assert!(cells.is_empty() && cells.get(0).is_none());
    }

    #[test]
    fn blank_rows_and_trailing_delimiters_are_ignored() {
        let (table, diagnostics) = parse("obiettivo;codice;descrizione;;\n1;1.1;x;;\n;;;;\n\n1;1.2;y;;\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let rows: Vec<u64> = table.unwrap().rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, [2, 5], "blank lines are rows of the spreadsheet");
        let (table, _) = parse("obiettivo;codice;descrizione\r\n\r\n\r\n1;1.1;x\r\n");
        assert_eq!(table.unwrap().rows[0].row, 4);
    }

    #[test]
    fn truncated_rows_are_reported_with_their_line() {
        let (table, diagnostics) = parse("obiettivo;codice;descrizione\n1;1.1\n1;1.2;y\n");
        assert_eq!(rules(&diagnostics), ["L006"]);
        let first = diagnostics.iter().next().unwrap();
        assert_eq!(first.location.row, Some(2));
        assert!(table.unwrap().incomplete);
    }

    #[test]
    fn rows_after_multiline_cells_are_numbered_as_a_spreadsheet_shows_them() {
        // Two cells of row 2 span five lines of the file (LF and CRLF inside the quotes), row 3
        // is blank, row 4 is truncated; row 6 comes after another multi-line cell.
        let text = "obiettivo;codice;descrizione\r\n\
                    1;\"1.1\nbis\";\"prima\r\nseconda\r\n\r\nterza\"\r\n\
                    \r\n\
                    1;1.2\r\n\
                    1;1.3;\"a \"\"b\"\"\nc\"\r\n\
                    1;1.4\n";
        let (table, diagnostics) = parse(text);
        let rows: Vec<u64> = table.unwrap().rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, [2, 5]);
        let at: Vec<(&str, Option<u64>)> = diagnostics.iter().map(|d| (d.rule.code(), d.location.row)).collect();
        assert_eq!(at, [("L006", Some(4)), ("L006", Some(6))]);
    }

    #[test]
    fn an_unclosed_quote_after_a_multiline_cell_points_at_its_row() {
        let (table, diagnostics) = parse("obiettivo;codice;descrizione\n1;1.1;\"a\nb\"\n1;1.2;\"aperta\n1;1.3;z\n");
        assert_eq!(rules(&diagnostics), ["L005"]);
        assert_eq!(diagnostics.iter().next().unwrap().location.row, Some(3));
        assert_eq!(table.unwrap().rows.len(), 1);
    }

    #[test]
    fn scans_place_bytes_in_rows_and_columns() {
        let text = "a;b\n\"x;\ny\";\"\"\"z\"\r\nq;r;s";
        let mut scan = Scan::new(text, b';');
        let mut at = |offset: usize| {
            scan.advance_to(offset);
            (scan.row, scan.column)
        };
        assert_eq!(at(0), (1, 0));
        assert_eq!(at(2), (1, 1));
        assert_eq!(at(text.find('y').unwrap()), (2, 0));
        assert_eq!(at(text.find('z').unwrap()), (2, 1));
        assert_eq!(at(text.find('s').unwrap()), (3, 2));
        assert_eq!(scan.open, None);
    }

    #[test]
    fn unclosed_quotes_point_at_the_opening_line() {
        let (table, diagnostics) = parse("obiettivo;codice;descrizione\n1;1.1;ok\n1;1.2;\"aperta\n1;1.3;z\n");
        assert_eq!(rules(&diagnostics), ["L005"]);
        assert_eq!(diagnostics.iter().next().unwrap().location.row, Some(3));
        assert_eq!(table.unwrap().rows.len(), 1);
    }

    #[test]
    fn header_problems_are_named() {
        let (_, diagnostics) = parse("obiettivo;Codice;descrizion;codice\n");
        // `descrizion` stands for the missing `descrizione`: one error, not a warning and a
        // missing column.
        assert_eq!(rules(&diagnostics), ["L009", "L020"]);
        let similar = diagnostics.iter().nth(1).unwrap();
        assert!(similar.hint.as_deref().unwrap().starts_with("forse si intendeva `descrizione`?"));
        assert_eq!(similar.location.column_index, Some(3));
        let (_, diagnostics) = parse("obiettivo;codice;descrizione;descrizion\n");
        assert_eq!(rules(&diagnostics), ["L008"], "a near-miss of a column that is there is only ignored");
    }

    #[test]
    fn oversized_cells_are_located_and_their_rows_left_out() {
        let big = "x".repeat(limits::CELL + 1);
        let (table, found) = parse(&format!("obiettivo,codice,descrizione\n1,1.1,a\n1,1.2,{big}\n1,1.3,b\n"));
        let table = table.unwrap();
        assert_eq!(table.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 4]);
        assert!(table.incomplete);
        assert_eq!(rules(&found), ["L017"]);
        let at = &found.iter().next().unwrap().location;
        assert_eq!((at.row, at.column.as_deref(), at.column_index), (Some(3), Some("descrizione"), Some(3)));
        let fits = "x".repeat(limits::CELL);
        let (table, found) = parse(&format!("obiettivo,codice,descrizione\n1,1.1,{fits}\n"));
        assert_eq!((table.unwrap().rows.len(), found.len()), (1, 0));
        let (table, found) = parse(&format!("obiettivo,codice,{big}\n"));
        assert!(table.is_none());
        assert_eq!(rules(&found), ["L017"]);
    }

    #[test]
    fn windows_1252_bytes_in_utf8_are_reported_at_their_cells() {
        let bytes =
            b"obiettivo;codice;descrizione\n1;1.1;\"Attivit\xC3\xA0\nsu due righe\"\n1;1.2;citt\xE0\n1;1.3;\xE8 \xE8\n";
        let mut found = Diagnostics::new();
        let table = parse_table("data/p/fasi.csv", bytes, schema(TableId::Steps), &mut found).unwrap();
        assert_eq!(table.rows[1].cells.get(2), Some("città"));
        assert_eq!(rules(&found), ["L023"]);
        let repaired = found.iter().next().unwrap();
        let at = &repaired.location;
        assert_eq!((at.row, at.column.as_deref(), at.column_index), (Some(3), Some("descrizione"), Some(3)));
        assert_eq!(repaired.value.as_deref(), Some("città"));
        assert!(
            repaired.message.ends_with("3 caratteri non sono in UTF-8 come il resto del file e sono stati letti come Windows-1252 («à», «è»): riga 3 colonna C, riga 4 colonna C"),
            "{}",
            repaired.message
        );
        // A file all in Windows-1252 is read silently.
        let mut found = Diagnostics::new();
        parse_table("x.csv", b"obiettivo;codice;descrizione\n1;1.1;citt\xE0\n", schema(TableId::Steps), &mut found);
        assert!(found.is_empty());
    }

    #[test]
    fn text_written_twice_over_is_reported_cell_by_cell() {
        let mut text = String::from("obiettivo;codice;descrizione\n1;1.1;\"cittÃ \nÃ¨ cosÃ¬\"\n1;1.2;â‚¬ 5\n");
        let (table, found) = parse(&text);
        assert_eq!(table.unwrap().rows.len(), 2);
        let found: Vec<_> = found.iter().collect();
        assert_eq!(found.len(), 2);
        let at: Vec<(Option<u64>, Option<usize>)> =
            found.iter().map(|d| (d.location.row, d.location.column_index)).collect();
        assert_eq!(at, [(Some(2), Some(3)), (Some(3), Some(3))]);
        assert!(found[0].message.ends_with("«Ã » sta per «à»"), "{}", found[0].message);
        assert_eq!(
            found[0].hint.as_deref().unwrap().split('»').next(),
            Some("probabilmente il testo era «città⏎è così")
        );
        for i in 3..10 {
            text.push_str(&format!("1;1.{i};perchÃ©\n"));
        }
        let (_, found) = parse(&text);
        assert_eq!(rules(&found), ["L024"; MAX_CELLS]);
        let last = found.iter().last().unwrap();
        assert!(last.message.ends_with("(lo stesso in altre 4 celle del file)"), "{}", last.message);
    }

    #[test]
    fn empty_and_binary_files() {
        assert_eq!(rules(&parse(" \r\n").1), ["L004"]);
        let mut diagnostics = Diagnostics::new();
        assert!(parse_table("x.csv", b"\x00\x01\x02", schema(TableId::Steps), &mut diagnostics).is_none());
        assert_eq!(rules(&diagnostics), ["L003"]);
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut diagnostics = Diagnostics::new();
            let _ = parse_table("x.csv", &bytes, schema(TableId::Steps), &mut diagnostics);
        }

        #[test]
        fn csv_like_text_never_panics(text in "[a-z0-9;,\t\"\r\n ]{0,200}") {
            let mut diagnostics = Diagnostics::new();
            let _ = parse_table("x.csv", format!("obiettivo;codice;descrizione\n{text}").as_bytes(), schema(TableId::Steps), &mut diagnostics);
        }

        /// Records written by a CSV writer, their cells holding line breaks, quotes and
        /// delimiters, are the rows 2, 3, … of the table (the blank ones left out).
        #[test]
        fn rows_are_numbered_by_record_whatever_the_cells_hold(records in proptest::collection::vec(proptest::collection::vec("[a-z;,\"\r\n ]{0,12}", 3), 1..8), crlf in proptest::bool::ANY) {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(b';')
                .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                .from_writer(Vec::new());
            writer.write_record(["obiettivo", "codice", "descrizione"]).unwrap();
            for record in &records {
                writer.write_record(record).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let mut diagnostics = Diagnostics::new();
            let table = parse_table("x.csv", &bytes, schema(TableId::Steps), &mut diagnostics).unwrap();
            let expected: Vec<u64> = (2..).zip(&records).filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).map(|(row, _)| row).collect();
            proptest::prop_assert_eq!(table.rows.iter().map(|r| r.row).collect::<Vec<_>>(), expected);
        }

        #[test]
        fn written_cells_are_read_back(cells in proptest::collection::vec("[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{7f}-\u{9f}\u{fffd}]{1,30}", 3), crlf in proptest::bool::ANY, delimiter in proptest::sample::select(vec![b',', b';', b'\t'])) {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .quote_style(csv::QuoteStyle::Always)
                .terminator(if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
                .from_writer(Vec::new());
            writer.write_record(["obiettivo", "codice", "descrizione"]).unwrap();
            writer.write_record(&cells).unwrap();
            let bytes = writer.into_inner().unwrap();
            let mut diagnostics = Diagnostics::new();
            let table = parse_table("x.csv", &bytes, schema(TableId::Steps), &mut diagnostics).unwrap();
            if cells.iter().any(|c| !c.trim().is_empty()) {
                proptest::prop_assert_eq!(table.rows[0].cells.iter().collect::<Vec<_>>(), cells.iter().map(String::as_str).collect::<Vec<_>>());
                proptest::prop_assert_eq!(table.rows[0].row, 2);
            }
        }
    }

    #[test]
    fn distance_finds_typos() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(closest_column("peso_obiettvo", schema(TableId::Steps)), Some("peso_obiettivo"));
        assert_eq!(closest_column("colore", schema(TableId::Steps)), None);
    }

    #[test]
    fn a_large_table_parsed_in_parts_gives_the_records_of_one_reader() {
        let mut text = String::from("codice;titolo\r\n");
        for i in 0..120_000 {
            match i % 7 {
                0 => text.push_str("\r\n"),
                1 => text.push_str(&format!("{i};solo una cella in più;x\n")),
                2 => text.push_str(&format!("\u{FEFF}{i};con segno d'ordine\r\n")),
                _ => text.push_str(&format!("{i};Attività numero {i} – città\r\n")),
            }
        }
        text.push_str("ultima;senza a capo");
        assert!(text.len() > 3 * PART);
        let mut reader = csv_reader(text.as_bytes(), b';');
        reader.read_record(&mut csv::StringRecord::new()).unwrap();
        let in_parts = body_records(&text, reader, b';');
        let mut reader = csv_reader(text.as_bytes(), b';');
        reader.read_record(&mut csv::StringRecord::new()).unwrap();
        let one_reader: Vec<(usize, Cells)> = reader
            .into_records()
            .map(|r| r.unwrap())
            .map(|r| (r.position().unwrap().byte() as usize, Cells::from(&r)))
            .collect();
        // A record after CRLF starts, for one reader, on the LF: compared by line, not offset.
        let lines = |records: Vec<(usize, Cells)>| {
            let mut counter = LineCounter::default();
            records.into_iter().map(|(offset, cells)| (counter.line_at(&text, offset), cells)).collect::<Vec<_>>()
        };
        let (in_parts, one_reader) = (lines(in_parts), lines(one_reader));
        assert_eq!(in_parts.len(), one_reader.len());
        let first = in_parts.iter().zip(&one_reader).position(|(a, b)| a != b);
        assert!(first.is_none(), "{:?}", first.map(|i| (&in_parts[i], &one_reader[i])));
    }
}
