//! Stopping half-way (Ctrl+C, SIGTERM): [`interrupt`] stops every write of this process and
//! removes what its claimed outputs were making, so that a stopped run leaves nothing beside them.
//! Every step that creates something in an output folder runs under [`writing`], which the
//! interruption waits for and then refuses.

use std::io;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

use super::claim::Held;

/// `true` once the process is stopping; held for reading by each step that creates files.
static STOPPING: RwLock<bool> = RwLock::new(false);

/// The outputs this process holds.
static HELD: Mutex<Vec<Arc<Held>>> = Mutex::new(Vec::new());

/// Permission to create files or folders in an output, until dropped; an error once the process
/// is stopping.
pub(super) fn writing() -> io::Result<RwLockReadGuard<'static, bool>> {
    let guard = STOPPING.read().unwrap_or_else(|poisoned| poisoned.into_inner());
    if *guard {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "la generazione è stata interrotta"));
    }
    Ok(guard)
}

/// Records an output claimed by this process.
pub(super) fn hold(held: &Arc<Held>) {
    lock().push(Arc::clone(held));
}

/// Forgets an output released by this process.
pub(super) fn release(held: &Arc<Held>) {
    lock().retain(|other| !Arc::ptr_eq(other, held));
}

/// Waits for the file being written to be complete, then lets no more be written and removes,
/// for each output this process holds, its staging folder, its trash and, for a temporary output
/// (the preview's), the output itself, and finally its lock file. For the handler of Ctrl+C and
/// SIGTERM, just before the process exits.
pub fn interrupt() {
    let mut stopping = STOPPING.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    *stopping = true;
    // Kept until the process exits: nothing is written any more.
    std::mem::forget(stopping);
    let held: Vec<Arc<Held>> = lock().clone();
    for output in held {
        output.remove_what_it_was_making();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Arc<Held>>> {
    HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
