//! The points where tests make the output fail: in a normal build they do nothing, in a
//! test they fail when the point matches the one injected on this thread. A module of its
//! own so the code that writes and the tests that break it both depend on it, not on each
//! other.

#[cfg(test)]
use std::cell::RefCell;
use std::io;

/// A point where tests inject a failure; nothing in a normal build.
#[cfg(not(test))]
pub(super) fn fault(_point: &str) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
thread_local! {
    /// The point (a suffix) at which [`fault`] fails on this thread.
    static FAULT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Fails at every point that ends with the injected suffix.
#[cfg(test)]
pub(super) fn fault(point: &str) -> io::Result<()> {
    FAULT.with_borrow(|injected| match injected {
        Some(suffix) if point.ends_with(suffix.as_str()) => {
            Err(io::Error::other(format!("eingespeist bei {point}")))
        }
        _ => Ok(()),
    })
}

#[cfg(test)]
pub(super) fn inject(suffix: &str) {
    FAULT.set(Some(suffix.to_owned()));
}

#[cfg(test)]
pub(super) fn no_fault() {
    FAULT.set(None);
}
