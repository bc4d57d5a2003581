//! A CSV table saved again with a few rows changed in place ([`changed_rows`]): which rows the
//! new bytes change, found by comparing them with the bytes the table was read from, and those
//! rows read from the changed bytes alone. The preview uses it to show the page of an edited row
//! at once, before it reads the whole site again; anything but rows changed in place (the header,
//! rows added, removed or moved, another encoding) is left to that whole reading.

use std::sync::Arc;

use super::table::{self, Cells, RawRow, RawTable};
use super::text::{self, Encoding};

/// Rows of a table replaced by as many others.
#[derive(Debug)]
pub struct ChangedRows {
    /// Position in the previous table's rows of the first row replaced.
    pub first: usize,
    /// The new rows, as a table of their own with the previous table's file, header and columns;
    /// each row keeps the number of the row it replaces.
    pub table: Arc<RawTable>,
}

/// The UTF-8 byte-order mark, which the text of a table leaves out.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The rows of `previous`, read from the bytes `before`, that the bytes `after` change, when
/// they are rows changed in place: the same number of rows on the same lines, each with as many
/// cells as the header, in UTF-8 like the rest of the file, with nothing else changed. `None`
/// for any other change, or none: the file must then be read whole.
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
    // The rows from the one the first changed byte falls in to the last one a changed byte
    // falls in; a change before the first row is a change of the header.
    let first = previous.starts.partition_point(|&start| start <= same_start).checked_sub(1)?;
    let last = previous.starts.partition_point(|&start| start < old.len() - same_end).max(first + 1);
    let span_start = previous.starts[first];
    let old_end = previous.starts.get(last).copied().unwrap_or(old.len());
    let new_end = (old_end + new.len()).checked_sub(old.len())?;
    let (old_span, new_span) = (&old[span_start..old_end], new.get(span_start..new_end)?);
    let lines = |span: &[u8]| memchr::memchr_iter(b'\n', span).count();
    let quotes = memchr::memchr_iter(b'"', new_span).count();
    let ends_a_record = new_end == new.len() || matches!(new_span.last(), Some(b'\n' | b'\r'));
    if lines(old_span) != lines(new_span) || !quotes.is_multiple_of(2) || !ends_a_record {
        return None;
    }
    let decoded = text::decode(new_span).ok()?;
    if decoded.encoding != Encoding::Utf8 || !decoded.repaired.is_empty() {
        return None;
    }
    let expected = previous.header.len();
    let mut reader = table::csv_reader(decoded.text.as_bytes(), previous.delimiter);
    let mut rows = Vec::with_capacity(last - first);
    // The records are asked for one per row replaced, and then one more, which must not exist.
    for (replaced, record) in previous.rows[first..last].iter().zip(reader.records()) {
        let cells = table::without_extra_empty_cells(Cells::from(&record.ok()?), expected);
        let blank = cells.iter().all(|cell| cell.trim().is_empty());
        if blank || cells.len() != expected || table::oversized_cell(&cells).is_some() {
            return None;
        }
        rows.push(RawRow { row: replaced.row, cells });
    }
    if rows.len() != last - first || reader.records().next().is_some() {
        return None;
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
    Some(ChangedRows { first, table: Arc::new(table) })
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

    #[test]
    fn anything_but_rows_changed_in_place_is_left_to_a_whole_reading() {
        let body = "1;1.1;Avvio;2025-03-31\n1;1.2;Gara;2025-06-30\n2;2.1;Bando;2025-09-30\n";
        let (before, table) = steps(body);
        let refused = [
            ("the same bytes", before.clone()),
            ("the header", before.replace("scadenza", "termine")),
            ("a row added", before.replace("1;1.2;", "1;1.3;Collaudo;2025-07-31\n1;1.2;")),
            ("a row removed", before.replace("1;1.2;Gara;2025-06-30\n", "")),
            ("a blank line", before.replace("1;1.2;", "\n1;1.2;")),
            ("a cell missing", before.replace(";Gara;", ";Gara")),
            ("a cell more", before.replace(";Gara;", ";Gara;x;")),
            ("a quote left open", before.replace("Gara", "\"Gara")),
            ("a row emptied", before.replace("1;1.2;Gara;2025-06-30", ";;;")),
            ("a line break added in a cell", before.replace("Gara", "\"Ga\nra\"")),
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
