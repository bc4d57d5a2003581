//! The command line: the only module that knows about clap. One file per subcommand.

mod build;
mod check;
mod init;
mod progress;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Genera il sito "Amministrazione trasparente" dai dati del PIAO e dalle delibere.
#[derive(Debug, Parser)]
#[command(name = "trasparenza", version, about)]
pub struct Cli {
    /// Il comando da eseguire.
    #[command(subcommand)]
    pub command: Command,
    /// Stampa quanto dura ogni fase (lettura, modello, download, pagine…) e la memoria usata.
    #[arg(long, global = true)]
    pub tempi: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controlla i dati e genera il sito; con errori nei dati non pubblica nulla.
    Build {
        /// Cartella del sito.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Cartella in cui pubblicare il sito (relativa alla cartella del sito).
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// Indirizzo a cui il sito sarà pubblicato (sostituisce url_base di config.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Crea un nuovo sito da compilare, con tutte le tabelle e una guida.
    Init {
        /// Cartella del nuovo sito (non deve esistere, o deve essere vuota).
        dir: PathBuf,
    },
    /// Anteprima del sito che si aggiorna a ogni salvataggio dei dati.
    Serve {
        /// Cartella del sito.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Porta su cui ascoltare.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Indirizzo su cui ascoltare (predefinito: solo questo computer).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Apre l'anteprima nel browser.
        #[arg(long)]
        open: bool,
    },
    /// Controlla i dati del sito e segnala tutti i problemi (file, riga, colonna).
    Check {
        /// Cartella del sito.
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Formato del rapporto.
        #[arg(long, value_enum, default_value_t = Format::Testo)]
        format: Format,
    },
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Per le persone.
    #[value(name = "text", alias = "testo")]
    Testo,
    /// Per i programmi.
    Json,
}

/// Exit code for usage errors and folders that cannot be read.
pub const EXIT_USAGE: u8 = 2;

/// Exit code when stopped by Ctrl+C or SIGTERM (as a shell reports an interrupted command).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Parses the command line and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // Ctrl+C or SIGTERM half-way through a build or a preview: what was being made goes.
    let _ = ctrlc::set_handler(|| {
        crate::output::interrupt();
        std::process::exit(EXIT_INTERRUPTED);
    });
    if cli.tempi {
        crate::timing::show();
    }
    match cli.command {
        Command::Build { site, output, base_url } => build::run(&site, &output, base_url.as_deref()),
        Command::Check { site, format } => check::run(&site, format),
        Command::Init { dir } => init::run(&dir),
        Command::Serve { site, port, bind, open } => serve::run(&site, bind, port, open),
    }
}
