//! A CSV table saved again with a few rows changed, added or removed ([`changed_rows`]): which
//! rows the new bytes change, found by comparing them with the bytes the table was read from, and
//! the rows that take their place read from the changed bytes alone. The preview uses it to show
//! the page of an edited row at once, before it reads the whole site again; any other change (the
//! header, another encoding, a row the whole reading would refuse) is left to that whole reading.

use std::sync::Arc;

use super::table::{self, Cells, RawRow, RawTable};
use super::text::{self, Encoding};

/// Rows of a table replaced by others, as many or not.
#[derive(Debug)]
pub struct ChangedRows {
    /// Position in the previous table's rows of the first row replaced.
    pub first: usize,
    /// How many rows of the previous table are replaced, from `first` on.
    pub replaced: usize,
    /// The new rows, as a table of their own with the previous table's file, header and columns,
    /// each with its row in the new file as a spreadsheet shows it.
    pub table: Arc<RawTable>,
}

/// The UTF-8 byte-order mark, which the text of a table leaves out.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The rows of `previous`, read from the bytes `before`, that the bytes `after` change, and the
/// rows that take their place: those from the row the first changed byte falls in to the row the
/// last one falls in, each new row with as many cells as the header, in UTF-8 like the rest of the
/// file, the header and the other rows unchanged. `None` for any other change, or none: the file
/// must then be read whole.
pub fn changed_rows(previous: &RawTable, before: &[u8], after: &[u8]) -> Option<ChangedRows> {
    let unlike_its_reading = previous.encoding != Encoding::Utf8
        || previous.incomplete
        || previous.sheet.is_some()
        || previous.starts.len() != previous.rows.len()
        || previous.rows.is_empty();
    if unlike_its_reading || before.starts_with(BOM) != after.starts_with(BOM) {
        return None;
    }
    let skip = if before.starts_with(BOM) { BOM.len() } else { 0 };
    let (old, new) = (&before[skip..], &after[skip..]);
    let same_start = common_prefix(old, new);
    if same_start == old.len() && old.len() == new.len() {
        return None;
    }
    let same_end = common_suffix(&old[same_start..], &new[same_start..]);
    // Rows inserted where a row starts replace none; otherwise the rows replaced go from the one
    // the first changed byte falls in to the last one a changed byte falls in, and a change
    // before the first row is a change of the header.
    let change_end = old.len() - same_end;
    let inserted_before = if change_end == same_start { previous.starts.binary_search(&same_start).ok() } else { None };
    let (first, last) = match inserted_before {
        Some(row) => (row, row),
        None => {
            let first = previous.starts.partition_point(|&start| start <= same_start).checked_sub(1)?;
            (first, previous.starts.partition_point(|&start| start < change_end).max(first + 1))
        }
    };
    let span_start = previous.starts[first];
    let old_end = if last == first { span_start } else { previous.starts.get(last).copied().unwrap_or(old.len()) };
    let new_end = (old_end + new.len()).checked_sub(old.len())?;
    let new_span = new.get(span_start..new_end)?;
    let quotes = memchr::memchr_iter(b'"', new_span).count();
    let ends_a_record = new_end == new.len() || matches!(new_span.last(), None | Some(b'\n' | b'\r'));
    if !quotes.is_multiple_of(2) || !ends_a_record {
        return None;
    }
    let decoded = text::decode(new_span).ok()?;
    if decoded.encoding != Encoding::Utf8 || !decoded.repaired.is_empty() {
        return None;
    }
    let text = decoded.text.as_ref();
    // The rows are counted as the whole reading counts them: from the first row replaced, one
    // per line, less the line breaks inside the cells read so far.
    let leading_lines = old[span_start..].iter().take_while(|b| matches!(b, b'\r' | b'\n')).filter(|&&b| b == b'\n');
    let base = previous.rows[first].row.checked_sub(1 + leading_lines.count() as u64)?;
    let (mut lines, mut breaks_in_cells) = (table::LineCounter::default(), 0);
    let expected = previous.header.len();
    let mut rows = Vec::new();
    for record in table::csv_reader(text.as_bytes(), previous.delimiter).into_records() {
        let record = record.ok()?;
        let row = base + lines.line_at(text, record.position().map_or(0, |p| p.byte() as usize)) - breaks_in_cells;
        let cells = table::without_extra_empty_cells(Cells::from(&record), expected);
        breaks_in_cells +=
            cells.iter().map(|cell| memchr::memchr_iter(b'\n', cell.as_bytes()).count() as u64).sum::<u64>();
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if cells.len() != expected || table::oversized_cell(&cells).is_some() {
            return None;
        }
        rows.push(RawRow { row, cells });
    }
    let table = RawTable {
        path: previous.path.clone(),
        sheet: None,
        schema: previous.schema,
        header: previous.header.clone(),
        columns: previous.columns.clone(),
        rows,
        starts: Vec::new(),
        encoding: Encoding::Utf8,
        delimiter: previous.delimiter,
        incomplete: false,
    };
    Some(ChangedRows { first, replaced: last - first, table: Arc::new(table) })
}

/// Bytes compared at once before looking for the first that differs: a comparison of whole
/// blocks runs at memory speed, one of single bytes much slower.
const BLOCK: usize = 4096;

/// How many bytes `a` and `b` have in common from the start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let (a, b) = (&a[..a.len().min(b.len())], &b[..a.len().min(b.len())]);
    let same_blocks = a.chunks(BLOCK).zip(b.chunks(BLOCK)).take_while(|(x, y)| x == y).count();
    let from = (same_blocks * BLOCK).min(a.len());
    from + a[from..].iter().zip(&b[from..]).take_while(|(x, y)| x == y).count()
}

/// How many bytes `a` and `b` have in common at the end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let length = a.len().min(b.len());
    let (a, b) = (&a[a.len() - length..], &b[b.len() - length..]);
    let same_blocks = a.rchunks(BLOCK).zip(b.rchunks(BLOCK)).take_while(|(x, y)| x == y).count();
    let to = length - (same_blocks * BLOCK).min(length);
    (length - to) + a[..to].iter().rev().zip(b[..to].iter().rev()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::schema::{TableId, schema};

    const HEADER: &str = "obiettivo;codice;descrizione;scadenza\n";

    fn steps(body: &str) -> (String, RawTable) {
        let text = format!("{HEADER}{body}");
        let mut diagnostics = Diagnostics::new();
        let table = table::parse_table("data/p/fasi.csv", text.as_bytes(), schema(TableId::Steps), &mut diagnostics)
            .expect("a table");
        assert!(!table.incomplete, "{diagnostics:?}");
        (text, table)
    }

    fn cells(changed: &ChangedRows) -> Vec<Vec<&str>> {
        changed.table.rows.iter().map(|row| row.cells.iter().collect()).collect()
    }

    #[test]
    fn one_cell_changed_gives_its_row_alone_with_its_number() {
        let body = "1;1.1;Avvio;2025-03-31\n1;1.2;Gara;2025-06-30\n2;2.1;Bando;2025-09-30\n";
        let (before, table) = steps(body);
        let after = before.replace("Gara", "Gara d'appalto");
        let changed = changed_rows(&table, before.as_bytes(), after.as_bytes()).expect("rows changed in place");
        assert_eq!(changed.first, 1);
        assert_eq!(cells(&changed), [["1", "1.2", "Gara d'appalto", "2025-06-30"]]);
        assert_eq!(changed.table.rows[0].row, 3, "the row as a spreadsheet shows it");
        assert_eq!(changed.table.header, table.header);
    }

    #[test]
    fn changes_in_several_rows_give_every_row_between_them() {
        let body = "1;1.1;Avvio;2025-03-31\n1;1.2;Gara;2025-06-30\n2;2.1;Bando;2025-09-30\n";
        let (before, table) = steps(body);
        let after = before.replace("Avvio", "Inizio").replace("Bando", "Avviso");
        let changed = changed_rows(&table, before.as_bytes(), after.as_bytes()).expect("rows changed in place");
        assert_eq!((changed.first, changed.table.rows.len()), (0, 3));
        assert_eq!(cells(&changed)[2], ["2", "2.1", "Avviso", "2025-09-30"]);
    }

    #[test]
    fn the_last_row_without_a_line_break_and_quoted_cells_over_lines_are_read_as_the_file_is() {
        let body = "1;1.1;\"Avvio;\nin due righe\";2025-03-31\n1;1.2;Gara;2025-06-30";
        let (before, table) = steps(body);
        assert_eq!(table.rows[1].row, 3, "a line break in a cell does not make a row");
        let after = before.replace("Gara", "\"Gara \"\"ponte\"\"\"");
        let last = changed_rows(&table, before.as_bytes(), after.as_bytes()).expect("the last row");
        assert_eq!((last.first, last.table.rows[0].row), (1, 3));
        assert_eq!(cells(&last)[0][2], "Gara \"ponte\"");
        let after = before.replace("in due righe", "su due righe");
        let quoted = changed_rows(&table, before.as_bytes(), after.as_bytes()).expect("the quoted row");
        assert_eq!(cells(&quoted)[0][2], "Avvio;\nsu due righe");
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_endings_are_kept_apart_from_the_rows() {
        let body = "1;1.1;Avvio;2025-03-31\r\n1;1.2;Gara;2025-06-30\r\n2;2.1;Bando;2025-09-30\r\n";
        let text = format!("\u{feff}{}{body}", HEADER.replace('\n', "\r\n"));
        let mut diagnostics = Diagnostics::new();
        let table = table::parse_table("data/p/fasi.csv", text.as_bytes(), schema(TableId::Steps), &mut diagnostics)
            .expect("a table");
        let after = text.replace("Gara", "Asta");
        let changed = changed_rows(&table, text.as_bytes(), after.as_bytes()).expect("rows changed in place");
        assert_eq!((changed.first, cells(&changed)), (1, vec![vec!["1", "1.2", "Asta", "2025-06-30"]]));
    }

    /// The first row replaced, how many, and the new rows' numbers and cells (joined by `|`).
    fn replaced(changed: &ChangedRows) -> (usize, usize, Vec<(u64, String)>) {
        let rows = changed.table.rows.iter().map(|row| (row.row, row.cells.iter().collect::<Vec<_>>().join("|")));
        (changed.first, changed.replaced, rows.collect())
    }

    #[test]
    fn rows_added_or_removed_are_read_with_the_rows_a_spreadsheet_gives_them() {
        let body = "1;1.1;Avvio;2025-03-31\n1;1.2;Gara;2025-06-30\n2;2.1;Bando;2025-09-30\n";
        let (before, table) = steps(body);
        let changes = |after: String| replaced(&changed_rows(&table, before.as_bytes(), after.as_bytes()).unwrap());
        let added = changes(before.replace("1;1.2;", "1;1.3;Collaudo;2025-07-31\n1;1.2;"));
        assert_eq!(added, (1, 1, vec![(3, "1|1.3|Collaudo|2025-07-31".into()), (4, "1|1.2|Gara|2025-06-30".into())]));
        let between = changes(before.replace("2;2.1;", "1;1.3;Collaudo;2025-07-31\n2;2.1;"));
        assert_eq!(between, (2, 0, vec![(4, "1|1.3|Collaudo|2025-07-31".into())]), "inserted where a row starts");
        let at_the_end = changes(format!("{before}2;2.2;Verifica;2025-12-31\n"));
        assert_eq!(at_the_end.2.last().unwrap(), &(5, "2|2.2|Verifica|2025-12-31".into()));
        assert_eq!(changes(before.replace("1;1.2;Gara;2025-06-30\n", "")), (1, 1, vec![]));
        assert_eq!(changes(before.replace("1;1.2;Gara;2025-06-30", ";;;")), (1, 1, vec![]), "a blank row is no row");
        assert_eq!(changes(before.replace("1;1.2;", "\n1;1.2;")), (1, 0, vec![]), "a blank line is no row");
        let after_a_blank_line = changes(before.replace("1;1.2;Gara", "\n1;1.2;Asta"));
        assert_eq!(after_a_blank_line.2, [(4, "1|1.2|Asta|2025-06-30".to_string())]);
        let two_lines = changes(before.replace("Gara", "\"Ga\nra\"").replace("2;2.1;Bando", "2;2.1;Avviso"));
        let rows = [(3, "1|1.2|Ga\nra|2025-06-30".to_string()), (4, "2|2.1|Avviso|2025-09-30".to_string())];
        assert_eq!(two_lines.2, rows);
    }

    #[test]
    fn anything_but_rows_changed_is_left_to_a_whole_reading() {
        let body = "1;1.1;Avvio;2025-03-31\n1;1.2;Gara;2025-06-30\n2;2.1;Bando;2025-09-30\n";
        let (before, table) = steps(body);
        let refused = [
            ("the same bytes", before.clone()),
            ("the header", before.replace("scadenza", "termine")),
            ("the header's line ending", before.replacen("scadenza\n", "scadenza\r\n", 1)),
            ("a cell missing", before.replace(";Gara;", ";Gara")),
            ("a cell more", before.replace(";Gara;", ";Gara;x;")),
            ("a quote left open", before.replace("Gara", "\"Gara")),
        ];
        for (what, after) in refused {
            assert!(changed_rows(&table, before.as_bytes(), after.as_bytes()).is_none(), "{what}");
        }
        let mut latin1 = before.clone().into_bytes();
        latin1[before.find("Gara").unwrap() + 3] = 0xE0;
        assert!(changed_rows(&table, before.as_bytes(), &latin1).is_none(), "a byte that is not UTF-8");
    }

    #[test]
    fn blocks_are_compared_whole_then_byte_by_byte() {
        let a: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        for at in [0, 1, 4095, 4096, 10_000, 19_999] {
            let mut b = a.clone();
            b[at] ^= 1;
            assert_eq!(common_prefix(&a, &b), at);
            assert_eq!(common_suffix(&a, &b), a.len() - at - 1);
        }
        assert_eq!(common_prefix(&a, &a[..7000]), 7000);
        assert_eq!(common_suffix(&a, &a[5000..]), 15_000);
        assert_eq!(common_suffix(b"", b"abc"), 0);
    }
}
