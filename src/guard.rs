//! Process guards against input that would exhaust the machine — above all templates, which
//! are programs: a counting global allocator with a cap on live heap, and a watchdog on the
//! time typesetting may take. Neither can unwind (an allocator must not, a compiler thread
//! cannot be stopped), so both write a German message straight to stderr and end the
//! process with exit status 1. The output folder is untouched: a build swaps it in one step
//! at the very end.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::german;
use crate::limits::{Limits, MEMORY_VAR, TYPESET_TIME_VAR};

/// The system allocator, counting the bytes live on the heap and ending the process when
/// they would pass the cap. A program declares it as its global allocator (the `ratsvorlage`
/// binary does); a library must not, since that is the program's choice. Without it,
/// [`install`]'s cap and [`live_bytes`] count nothing.
pub struct Guard;

/// Bytes live on the heap.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Cap on [`LIVE`]; no cap until [`install`] sets one.
static CAP: AtomicUsize = AtomicUsize::new(usize::MAX);
/// Whether the documents are being typeset (the message then blames the templates).
static TYPESETTING: AtomicBool = AtomicBool::new(false);
/// Set by the first thread that ends the process, so the message is written once.
static ENDING: AtomicBool = AtomicBool::new(false);
/// The messages for the memory cap, composed by [`install`] (the allocator cannot format).
static MESSAGES: OnceLock<PreparedMessages> = OnceLock::new();

/// PreparedMessages prepared in advance for the moment nothing may be allocated.
struct PreparedMessages {
    typesetting: String,
    otherwise: String,
}

/// Said when the system itself has no memory left before [`install`] ran.
const NO_MEMORY: &str = "ratsvorlage: Der Arbeitsspeicher reicht nicht aus; abgebrochen. \
     Der Ausgabeordner ist unverändert.\n";

unsafe impl GlobalAlloc for Guard {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        reserve(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on unchanged.
        checked(unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        reserve(layout.size());
        // SAFETY: as for `alloc`.
        checked(unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` with `layout` (every allocation goes there).
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old {
            reserve(new_size - old);
        }
        // SAFETY: as for `dealloc`; the caller upholds `realloc`'s contract.
        let moved = checked(unsafe { System.realloc(ptr, layout, new_size) });
        if new_size < old {
            LIVE.fetch_sub(old - new_size, Ordering::Relaxed);
        }
        moved
    }
}

/// Counts `size` more bytes as live; ends the process when that passes the cap.
fn reserve(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed).saturating_add(size);
    if live > CAP.load(Ordering::Relaxed) {
        out_of_memory();
    }
}

/// The system allocator's answer; null (the system is out of memory) ends the process.
fn checked(ptr: *mut u8) -> *mut u8 {
    if ptr.is_null() {
        out_of_memory();
    }
    ptr
}

/// Ends the process with the memory message that fits the moment.
fn out_of_memory() -> ! {
    let message = match MESSAGES.get() {
        Some(m) if TYPESETTING.load(Ordering::Relaxed) => m.typesetting.as_str(),
        Some(m) => m.otherwise.as_str(),
        None => NO_MEMORY,
    };
    end(message)
}

/// Writes `meldung` to stderr and ends the process with status 1, without allocating,
/// unwinding or running destructors. A second thread arriving here waits for the first.
fn end(message: &str) -> ! {
    if ENDING.swap(true, Ordering::SeqCst) {
        wait_for_the_end();
    }
    write_stderr(message.as_bytes());
    exit_now()
}

#[cfg(unix)]
fn wait_for_the_end() -> ! {
    loop {
        // SAFETY: pause has no preconditions; the first thread is about to `_exit`.
        unsafe { libc::pause() };
    }
}

/// Sleeping neither allocates nor needs this thread's handle (`park` may allocate one).
#[cfg(not(unix))]
fn wait_for_the_end() -> ! {
    loop {
        std::thread::sleep(Duration::from_secs(3600));
    }
}

/// Straight to file descriptor 2, past std's `Stderr`: this thread may be inside a write to
/// it (an allocation while formatting an `eprintln!`), and borrowing it again would panic.
#[cfg(unix)]
fn write_stderr(mut rest: &[u8]) {
    while !rest.is_empty() {
        // SAFETY: `rest` is a valid, initialised buffer of `rest.len()` bytes.
        let written = unsafe { libc::write(libc::STDERR_FILENO, rest.as_ptr().cast(), rest.len()) };
        match usize::try_from(written) {
            Ok(n) if n > 0 => rest = &rest[n.min(rest.len())..],
            _ => break,
        }
    }
}

/// std's unbuffered `Stderr`, which writes without allocating. Unlike the unix way, an
/// allocation made while this thread is inside a write to stderr would panic here (and the
/// process abort rather than exit with 1). The binary writes text formatted beforehand, so
/// that needs a panic message whose formatting allocates past the cap.
#[cfg(not(unix))]
fn write_stderr(bytes: &[u8]) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(bytes);
}

#[cfg(unix)]
fn exit_now() -> ! {
    // SAFETY: `_exit` ends the process at once; nothing after it runs.
    unsafe { libc::_exit(1) }
}

/// Without `_exit`, `exit` ends the process with status 1 without unwinding this thread;
/// it flushes std's buffered stdout on the way, which allocates nothing.
#[cfg(not(unix))]
fn exit_now() -> ! {
    std::process::exit(1)
}

/// Sets the memory cap of `limits` for the rest of the process. Called once by the command
/// line before any input is read; a later call changes the cap, not the messages.
pub fn install(limits: &Limits) {
    let size = german::size_text(limits.memory_bytes);
    let _ = MESSAGES.set(PreparedMessages {
        typesetting: format!(
            "Die Vorlagen brauchen beim Satz mehr als {size} Arbeitsspeicher; der Satz wurde \
             abgebrochen. Eine Schleife oder ein Bereich (etwa range(…)) in templates/ oder \
             texte/*.typ ist vermutlich zu groß: Prüfen Sie die zuletzt geänderten Vorlagen. \
             Die Grenze setzt die Umgebungsvariable {MEMORY_VAR} (in MiB).\n\
             Nichts geschrieben: der Ausgabeordner ist unverändert.\n"
        ),
        otherwise: format!(
            "ratsvorlage braucht mehr als {size} Arbeitsspeicher und wurde abgebrochen. Die \
             Grenze setzt die Umgebungsvariable {MEMORY_VAR} (in MiB).\n\
             Nichts geschrieben: der Ausgabeordner ist unverändert.\n"
        ),
    });
    CAP.store(
        usize::try_from(limits.memory_bytes).unwrap_or(usize::MAX),
        Ordering::Relaxed,
    );
}

/// Bytes live on the heap right now (all threads).
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// Runs `typeset` under the watchdog: when it takes longer than `limit`, the process ends
/// with a German message naming the templates and exit status 1. While it runs, hitting
/// the memory cap blames the templates too.
pub fn typesetting<T>(limit: Duration, typeset: impl FnOnce() -> T) -> T {
    let (done, wait) = mpsc::channel::<()>();
    let message = timeout_message(limit);
    let watchdog = std::thread::Builder::new()
        .name("satz-waechter".to_owned())
        .spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
                end(&message);
            }
        });
    TYPESETTING.store(true, Ordering::Relaxed);
    let result = typeset();
    TYPESETTING.store(false, Ordering::Relaxed);
    drop(done);
    if let Ok(handle) = watchdog {
        let _ = handle.join();
    }
    result
}

/// The message when typesetting takes too long.
fn timeout_message(limit: Duration) -> String {
    format!(
        "Der Satz der Dokumente dauert länger als {} und wurde abgebrochen. Eine Schleife in \
         templates/ oder texte/*.typ endet vermutlich nicht oder ist zu groß: Prüfen Sie \
         while- und for-Schleifen der zuletzt geänderten Vorlagen. Die Grenze setzt die \
         Umgebungsvariable {TYPESET_TIME_VAR} (in Sekunden).\n\
         Nichts geschrieben: der Ausgabeordner ist unverändert.\n",
        german::duration_text(limit)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_bytes_follow_allocations() {
        // This test binary keeps the system allocator, so only these calls count: exactly.
        let before = live_bytes();
        let layout = Layout::from_size_align(256 << 20, 8).unwrap();
        // SAFETY: a non-zero size; the block is freed below with the same layout.
        let block = unsafe { Guard.alloc_zeroed(layout) };
        assert_eq!(live_bytes(), before + (256 << 20));
        // SAFETY: `block` came from `Guard` with `layout`; the new size is non-zero.
        let block = unsafe { Guard.realloc(block, layout, 64 << 20) };
        assert_eq!(live_bytes(), before + (64 << 20));
        let smaller = Layout::from_size_align(64 << 20, 8).unwrap();
        // SAFETY: `block` is live with `smaller` after the realloc.
        unsafe { Guard.dealloc(block, smaller) };
        assert_eq!(live_bytes(), before);
    }

    #[test]
    fn a_quick_typesetting_passes_the_watchdog() {
        assert_eq!(typesetting(Duration::from_secs(60), || 42), 42);
    }
}
