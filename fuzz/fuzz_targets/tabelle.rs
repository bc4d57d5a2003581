//! The table loader: any bytes, read as each table of the data format (decoding, delimiter,
//! quotes, header against the schema), must give a table or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trasparenza::diagnostics::Diagnostics;
use trasparenza::load::table::parse_table;
use trasparenza::schema::TABLES;

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let schema = &TABLES[usize::from(which) % TABLES.len()];
    let mut diagnostics = Diagnostics::new();
    let path = format!("data/piao-2025-2027/{}", schema.file);
    if let Some(table) = parse_table(&path, bytes, schema, &mut diagnostics) {
        for row in &table.rows {
            for index in 0..row.cells.len() {
                let _ = table.cell_location(row.row, index);
            }
        }
    }
});
