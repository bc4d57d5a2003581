//! The rendered site in memory ([`Output`]) and its publication on disk ([`publish()`]): never
//! half-written, identical input giving identical bytes.
//!
//! This is the only module that writes the output folder.

mod publish;
mod site_path;

pub use publish::publish;
pub use site_path::{SitePath, UnsafePath};

use std::collections::BTreeMap;

/// Every file of the site, by path, sorted (so that writing and listing are deterministic).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<SitePath, Vec<u8>>,
}

impl Output {
    /// An empty site.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: SitePath, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path, bytes.into());
    }

    /// Adds every file of `other`, replacing files with the same path.
    pub fn merge(&mut self, other: Output) {
        self.files.extend(other.files);
    }

    /// The bytes of a file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        SitePath::new(path).ok().and_then(|p| self.files.get(&p)).map(Vec::as_slice)
    }

    /// Files in path order.
    pub fn files(&self) -> impl Iterator<Item = (&SitePath, &[u8])> {
        self.files.iter().map(|(p, b)| (p, b.as_slice()))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
