//! The integration tests: one binary, one module per capability, a shared harness.

mod addresses;
mod anac;
mod build;
mod citizen;
mod cli;
mod examples;
mod export;
mod feeds;
mod files;
mod harness;
mod incremental;
mod invalid;
mod monitoring;
mod output;
mod payloads;
mod periods;
mod plans;
mod records;
mod reencoding;
mod serve;
mod workbooks;
