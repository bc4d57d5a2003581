//! Mistakes on the command line, said in Italian: clap's messages are English, so each kind of
//! error it finds is told here in words of our own, with what it names (the argument, the value,
//! a likely correction), the usage of the command and where to find its help.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use super::EXIT_USAGE;

/// Prints the help or version asked for, or what is wrong with the command line; the exit code.
pub fn report(error: &Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayVersion => {
            println!("trasparenza {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = error.print();
            ExitCode::from(EXIT_USAGE)
        }
        _ => {
            eprintln!("{}", message(error));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// What is wrong, in Italian, with a likely correction, the usage and where the help is.
pub fn message(error: &Error) -> String {
    let context = |kind| error.get(kind).map(text);
    let argument = context(ContextKind::InvalidArg).unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let what = match error.kind() {
        ErrorKind::UnknownArgument => format!("l'argomento «{argument}» non esiste"),
        ErrorKind::InvalidSubcommand => {
            let command = context(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("il comando «{command}» non esiste; i comandi sono build, check, init e serve")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("manca il valore di {argument}"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("il valore «{value}» non è valido per {argument}")
        }
        ErrorKind::MissingRequiredArgument => format!("manca l'argomento obbligatorio {argument}"),
        ErrorKind::ArgumentConflict => {
            format!("{argument} è indicato più di una volta o insieme a un argomento che lo esclude")
        }
        ErrorKind::TooManyValues => format!("troppi valori: «{value}» è di troppo"),
        ErrorKind::NoEquals => format!("{argument} vuole il valore dopo un segno =, come {argument}=VALORE"),
        _ => "gli argomenti non sono validi".to_string(),
    };
    let mut out = format!("trasparenza: {what}");
    if let Some(valid) = context(ContextKind::ValidValue) {
        out.push_str(&format!("\n  valori ammessi: {valid}"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue] {
        if let Some(suggested) = context(kind) {
            out.push_str(&format!("\n  suggerimento: forse si intendeva «{suggested}»"));
        }
    }
    if let Some(usage) = context(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str(&format!("\n\nUso: {usage}"));
        let command = usage.split(" [").next().unwrap_or(usage).split_whitespace().take(2).collect::<Vec<_>>();
        let command = if command.get(1).is_some_and(|word| word.chars().all(|c| c.is_ascii_lowercase())) {
            command.join(" ")
        } else {
            "trasparenza".into()
        };
        out.push_str(&format!("\n\nPer l'aiuto: {command} --help"));
    } else {
        out.push_str("\n\nPer l'aiuto: trasparenza --help");
    }
    out
}

/// The words of a piece of context, without clap's styling.
fn text(value: &ContextValue) -> String {
    match value {
        ContextValue::String(text) => text.clone(),
        ContextValue::Strings(texts) => texts.join(", "),
        ContextValue::StyledStr(styled) => styled.to_string(),
        ContextValue::StyledStrs(styled) => styled.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
        ContextValue::Number(number) => number.to_string(),
        ContextValue::Bool(flag) => flag.to_string(),
        _ => String::new(),
    }
}
