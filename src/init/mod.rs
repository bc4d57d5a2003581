//! `trasparenza init DIR`: a new site ready to fill in — a commented configuration, every data
//! table with its header and one consistent example row, example content pages and a short guide
//! for staff (`GUIDA.md`). The files live in `scaffold/` and are compiled into the binary;
//! [`examples`] tells which of their values are placeholders to replace. A table of the scaffold
//! fills in only the columns its example needs: it is written with every column the table
//! declares ([`crate::schema`]), in the declaration's order, the others empty.

pub mod examples;

use std::io;
use std::path::Path;

use crate::schema;

/// The files of a new site, by path relative to the site folder.
pub const SCAFFOLD: &[(&str, &[u8])] = &[
    ("GUIDA.md", include_bytes!("scaffold/GUIDA.md")),
    ("config.toml", include_bytes!("scaffold/config.toml")),
    (
        "content/amministrazione-trasparente/disposizioni-generali/atti-generali.md",
        include_bytes!("scaffold/content/amministrazione-trasparente/disposizioni-generali/atti-generali.md"),
    ),
    (
        "content/piani/piao-2026-2028/01-presentazione.md",
        include_bytes!("scaffold/content/piani/piao-2026-2028/01-presentazione.md"),
    ),
    ("data/delibere.csv", include_bytes!("scaffold/data/delibere.csv")),
    ("data/ente.csv", include_bytes!("scaffold/data/ente.csv")),
    ("data/piao-2026-2028/aree-strategiche.csv", include_bytes!("scaffold/data/piao-2026-2028/aree-strategiche.csv")),
    (
        "data/piao-2026-2028/dotazione-organica.csv",
        include_bytes!("scaffold/data/piao-2026-2028/dotazione-organica.csv"),
    ),
    ("data/piao-2026-2028/fasi.csv", include_bytes!("scaffold/data/piao-2026-2028/fasi.csv")),
    ("data/piao-2026-2028/indicatori.csv", include_bytes!("scaffold/data/piao-2026-2028/indicatori.csv")),
    ("data/piao-2026-2028/monitoraggi.csv", include_bytes!("scaffold/data/piao-2026-2028/monitoraggi.csv")),
    (
        "data/piao-2026-2028/obiettivi-strategici.csv",
        include_bytes!("scaffold/data/piao-2026-2028/obiettivi-strategici.csv"),
    ),
    ("data/piao-2026-2028/obiettivi.csv", include_bytes!("scaffold/data/piao-2026-2028/obiettivi.csv")),
    (
        "data/piao-2026-2028/personale-obiettivi.csv",
        include_bytes!("scaffold/data/piao-2026-2028/personale-obiettivi.csv"),
    ),
    ("data/piao-2026-2028/piano-assunzioni.csv", include_bytes!("scaffold/data/piao-2026-2028/piano-assunzioni.csv")),
    ("data/piao-2026-2028/piano.csv", include_bytes!("scaffold/data/piao-2026-2028/piano.csv")),
    ("data/piao-2026-2028/relazioni.csv", include_bytes!("scaffold/data/piao-2026-2028/relazioni.csv")),
    ("data/piao-2026-2028/rilevazioni.csv", include_bytes!("scaffold/data/piao-2026-2028/rilevazioni.csv")),
    ("data/piao-2026-2028/risultati.csv", include_bytes!("scaffold/data/piao-2026-2028/risultati.csv")),
    ("data/strutture.csv", include_bytes!("scaffold/data/strutture.csv")),
    ("static/.gitkeep", include_bytes!("scaffold/static/.gitkeep")),
];

/// Why a site could not be created.
#[derive(Debug)]
pub enum InitError {
    /// The folder exists and is not empty: nothing was written.
    NotEmpty,
    /// Writing failed.
    Io(io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::NotEmpty => {
                f.write_str("la cartella esiste già e non è vuota: per non sovrascrivere nulla, indicarne una nuova")
            }
            InitError::Io(error) => write!(f, "non è stato possibile scrivere il sito: {error}"),
        }
    }
}

/// Creates a new site in `dir`, which must not exist or be empty. Returns the number of files.
pub fn init(dir: &Path) -> Result<usize, InitError> {
    if dir.read_dir().is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(InitError::NotEmpty);
    }
    for (relative, bytes) in SCAFFOLD {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(InitError::Io)?;
        }
        let table = relative.rsplit('/').next().and_then(|file| schema::TABLES.iter().find(|t| t.file == file));
        let bytes = match table {
            Some(table) if relative.starts_with("data/") => with_every_column(table, bytes).map_err(InitError::Io)?,
            _ => bytes.to_vec(),
        };
        std::fs::write(path, bytes).map_err(InitError::Io)?;
    }
    Ok(SCAFFOLD.len())
}

/// The scaffold's table `bytes` (`;`-separated) with every column `table` declares, in order.
fn with_every_column(table: &schema::Table, bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(bytes);
    let header = reader.headers()?.clone();
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    writer.write_record(table.columns.iter().map(|c| c.name))?;
    for record in reader.records() {
        let record = record?;
        let cell = |name: &str| header.iter().position(|h| h == name).and_then(|i| record.get(i)).unwrap_or("");
        writer.write_record(table.columns.iter().map(|c| cell(c.name)))?;
    }
    writer.into_inner().map_err(|error| error.into_error())
}

#[cfg(test)]
mod tests {
    use super::SCAFFOLD;

    /// Every file of `scaffold/` is in the list compiled into the binary, and nothing else.
    #[test]
    fn the_scaffold_list_matches_the_folder() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/init/scaffold");
        let mut found = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    found.push(path.strip_prefix(&root).unwrap().to_str().unwrap().replace('\\', "/"));
                }
            }
        }
        found.sort();
        let listed: Vec<&str> = SCAFFOLD.iter().map(|(path, _)| *path).collect();
        assert_eq!(found, listed);
    }
}
