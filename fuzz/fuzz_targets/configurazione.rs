//! `config.toml`: any text must give a configuration or a diagnostic with its line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trasparenza::config::Config;

fuzz_target!(|text: &str| {
    let _ = Config::parse(text);
});
