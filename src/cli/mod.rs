//! The command line: the only module that knows about clap. One file per subcommand.

mod build;
mod check;
mod init;
mod progress;
mod serve;
mod usage;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

/// The help of every command, in Italian: clap's own headings are English.
const HELP: &str = "{before-help}{about-with-newline}\nUso: {usage}\n\n{all-args}{after-help}";

/// Genera il sito "Amministrazione trasparente" dai dati del PIAO e dalle delibere.
#[derive(Debug, Parser)]
#[command(
    name = "trasparenza",
    version,
    about,
    help_template = HELP,
    override_usage = "trasparenza [--tempi] COMANDO [OPZIONI]",
    subcommand_help_heading = "Comandi",
    subcommand_value_name = "COMANDO",
    next_help_heading = "Opzioni",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Il comando da eseguire.
    #[command(subcommand)]
    pub command: Command,
    /// Stampa quanto dura ogni fase (lettura, modello, download, pagine…) e la memoria usata.
    #[arg(long, global = true)]
    pub tempi: bool,
    /// Mostra questo aiuto.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    aiuto: Option<bool>,
    /// Mostra la versione.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    versione: Option<bool>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Controlla i dati e genera il sito; con errori nei dati non pubblica nulla.
    #[command(override_usage = "trasparenza build [OPZIONI]", help_template = HELP, next_help_heading = "Opzioni")]
    Build {
        /// Cartella del sito (predefinita: la cartella corrente).
        #[arg(long, value_name = "CARTELLA", default_value = ".", hide_default_value = true)]
        site: PathBuf,
        /// Cartella in cui pubblicare il sito, relativa alla cartella del sito (predefinita: public).
        #[arg(long, value_name = "CARTELLA", default_value = "public", hide_default_value = true)]
        output: PathBuf,
        /// Indirizzo a cui il sito sarà pubblicato (sostituisce url_base di config.toml).
        #[arg(long, value_name = "INDIRIZZO")]
        base_url: Option<String>,
    },
    /// Crea un nuovo sito da compilare, con tutte le tabelle e una guida.
    #[command(override_usage = "trasparenza init CARTELLA", help_template = HELP, next_help_heading = "Opzioni")]
    Init {
        /// Cartella del nuovo sito (non deve esistere, o deve essere vuota).
        #[arg(value_name = "CARTELLA", help_heading = "Argomenti")]
        dir: PathBuf,
    },
    /// Anteprima del sito che si aggiorna a ogni salvataggio dei dati.
    #[command(override_usage = "trasparenza serve [OPZIONI]", help_template = HELP, next_help_heading = "Opzioni")]
    Serve {
        /// Cartella del sito (predefinita: la cartella corrente).
        #[arg(long, value_name = "CARTELLA", default_value = ".", hide_default_value = true)]
        site: PathBuf,
        /// Porta su cui ascoltare (predefinita: 1111).
        #[arg(long, value_name = "PORTA", default_value_t = 1111, hide_default_value = true)]
        port: u16,
        /// Indirizzo su cui ascoltare (predefinito: 127.0.0.1, solo questo computer).
        #[arg(long, value_name = "INDIRIZZO", default_value = "127.0.0.1", hide_default_value = true)]
        bind: std::net::IpAddr,
        /// Apre l'anteprima nel browser.
        #[arg(long)]
        open: bool,
    },
    /// Controlla i dati del sito e segnala tutti i problemi (file, riga, colonna).
    #[command(override_usage = "trasparenza check [OPZIONI]", help_template = HELP, next_help_heading = "Opzioni")]
    Check {
        /// Cartella del sito (predefinita: la cartella corrente).
        #[arg(long, value_name = "CARTELLA", default_value = ".", hide_default_value = true)]
        site: PathBuf,
        /// Formato del rapporto: text (predefinito, per le persone) o json (per i programmi).
        #[arg(
            long,
            value_name = "FORMATO",
            value_enum,
            default_value_t = Format::Testo,
            hide_default_value = true,
            hide_possible_values = true
        )]
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage::report(&error),
    };
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
