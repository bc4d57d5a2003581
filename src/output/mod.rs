//! The output folder, and the only module that writes it. [`Output`] claims a folder that may
//! safely be replaced ([`destination`] says which) and holds it against other runs. Stages hand each generated file to a
//! [`Writer`] as soon as it is ready, so the site is never held in memory; a build writes into a
//! staging folder that [`publish()`] swaps in whole (never half-written), the preview updates the
//! live folder file by file, touching only files whose bytes changed. Every file written is
//! recorded in a [`Manifest`] by its size and fingerprint (to know, on the next rebuild, what
//! changed); the writer returns that record to the stage that handed it the file.

mod claim;
pub mod destination;
mod interrupt;
mod publish;
mod site_path;
mod trash;
mod writer;

pub use claim::{Output, OutputError, WhenBusy};
pub use interrupt::interrupt;
pub use publish::{NO_EXCHANGE_VARIABLE, PAUSE_VARIABLE, publish};
pub use site_path::{SitePath, UnsafePath};
pub use writer::{Finished, Writer, replace};

use std::collections::BTreeMap;

/// Size and fingerprint of one written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Length in bytes.
    pub len: usize,
    /// 128-bit XXH3 of the bytes.
    pub hash: u128,
}

impl Written {
    /// The record of `bytes`.
    pub fn of(bytes: &[u8]) -> Written {
        Written { len: bytes.len(), hash: xxhash_rust::xxh3::xxh3_128(bytes) }
    }
}

/// Passes bytes on to `inner` (a file) while taking their length and fingerprint, the same as
/// [`Written::of`] would of them all.
pub(crate) struct Fingerprinting<W> {
    inner: W,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: usize,
}

impl<W: std::io::Write> Fingerprinting<W> {
    /// Writes through to `inner`.
    pub(crate) fn new(inner: W) -> Self {
        Fingerprinting { inner, hasher: xxhash_rust::xxh3::Xxh3::new(), len: 0 }
    }

    /// The record of everything written so far.
    pub(crate) fn written(&self) -> Written {
        Written { len: self.len, hash: self.hasher.digest128() }
    }
}

impl<W: std::io::Write> std::io::Write for Fingerprinting<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        self.len += written;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Every file of the site, by path, sorted (so that listing is deterministic).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    files: BTreeMap<SitePath, Written>,
}

impl Manifest {
    /// The record of a file.
    pub fn get(&self, path: &str) -> Option<Written> {
        SitePath::new(path).ok().and_then(|p| self.files.get(&p).copied())
    }

    /// Files in path order.
    pub fn files(&self) -> impl Iterator<Item = (&SitePath, &Written)> {
        self.files.iter()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn insert(&mut self, path: SitePath, written: Written) -> Option<Written> {
        self.files.insert(path, written)
    }
}
