//! R030: the example values that `trasparenza init` writes, left in place. Every cell of every
//! table, and the site title, is compared with the scaffold's placeholders
//! ([`crate::init::examples`]): an entity that publishes «Ente di esempio» or
//! `protocollo@example.it` has forgotten to replace them.

use crate::config::CONFIG_FILE;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Rule};
use crate::init::examples::{self, ColumnExamples};
use crate::model::Site;
use crate::schema::Column;

use super::Loaded;

/// The hint of every R030 diagnostic.
const HINT: &str = "sostituire il valore di esempio con quello dell'ente, oppure svuotare la cella se il dato non c'è";

/// Reports the cells and the title that still hold an example value of the scaffold.
pub fn check(site: &Site, loaded: &Loaded, diagnostics: &mut Diagnostics) {
    let title = &site.config.titolo;
    if title == examples::example_title() || examples::has_scaffold_marker(title) {
        diagnostics.push(
            Diagnostic::new(
                Rule::ExampleValue,
                Location::file(CONFIG_FILE),
                "titolo: sembra il valore di esempio scritto da `trasparenza init`",
            )
            .value(title)
            .expected("il titolo del sito con il nome dell'ente, come «Amministrazione trasparente – Comune di …»")
            .hint("scrivere in titolo il nome dell'ente al posto di «Nome dell'ente»"),
        );
    }
    for table in loaded.tables() {
        let file = table.schema.file;
        let columns: Vec<Option<(&Column, ColumnExamples)>> = table
            .columns
            .iter()
            .map(|column| column.map(|column| (column, examples::column(file, column.name))))
            .collect();
        for row in &table.rows {
            for (value, column) in row.cells.iter().zip(&columns) {
                let Some((column, placeholders)) = column else { continue };
                if !value.is_empty() && placeholders.is_example(value) {
                    diagnostics.push(
                        Diagnostic::new(
                            Rule::ExampleValue,
                            table.location(row.row, column.name),
                            format!(
                                "la cella `{}` sembra il valore di esempio scritto da `trasparenza init`",
                                column.name
                            ),
                        )
                        .value(value)
                        .personal(column.personal)
                        .expected("il dato dell'ente")
                        .hint(HINT),
                    );
                }
            }
        }
    }
}
