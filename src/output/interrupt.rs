//! Stopping half-way (Ctrl+C, SIGTERM): [`interrupt`] stops every write of this process and
//! removes what its claimed outputs were making, so that a stopped run leaves nothing beside them.
//! Every step that creates something in an output folder runs under [`writing`], which the
//! interruption waits for and then refuses.

use std::io;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};

/// An output held by this process, which knows what it was making.
pub(super) trait Interruptible: Send + Sync {
    /// Removes what this process was making in and beside the output; called once nothing is
    /// written any more.
    fn remove_what_it_was_making(&self);
}

/// `true` once the process is stopping; held for reading by each step that creates files.
static STOPPING: RwLock<bool> = RwLock::new(false);

/// The outputs this process holds.
static HELD: Mutex<Vec<Arc<dyn Interruptible>>> = Mutex::new(Vec::new());

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
pub(super) fn hold(held: Arc<dyn Interruptible>) {
    lock().push(held);
}

/// Forgets an output released by this process.
pub(super) fn release(held: &Arc<dyn Interruptible>) {
    lock().retain(|other| !std::ptr::addr_eq(Arc::as_ptr(other), Arc::as_ptr(held)));
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
    let held: Vec<Arc<dyn Interruptible>> = lock().clone();
    for output in held {
        output.remove_what_it_was_making();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Arc<dyn Interruptible>>> {
    HELD.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
