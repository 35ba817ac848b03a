//! Running one directive so that a panic inside the engine becomes a failure with its message,
//! instead of ending the whole run.
//!
//! The default panic hook prints to stderr; while a directive runs under [`catch_panic`] the
//! hook installed by [`install_hook`] records the message and location instead, so a report
//! can show them next to the directive that caused them. Panics outside [`catch_panic`] (a
//! failing test's assertion) still go to the previous hook.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// Installs (once per process) a panic hook that records panics inside [`catch_panic`]
/// (message and location) instead of printing them. Call before running directives.
pub fn install_hook() {
    INSTALL.call_once(install_recording_hook);
}

fn install_recording_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !CAPTURING.with(Cell::get) {
            return previous(info);
        }
        let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "<non-string panic payload>".to_string()
        };
        let text = match info.location() {
            Some(loc) => format!("{message} (at {}:{})", loc.file(), loc.line()),
            None => message,
        };
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(text));
    }));
}

/// Runs `f`; a panic becomes `Err("panic: <message> (at file:line)")`.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    let was_capturing = CAPTURING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(was_capturing));
    result.map_err(|payload| {
        let recorded = LAST_PANIC.with(|last| last.borrow_mut().take());
        let message = recorded.unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "<non-string panic payload>".to_string())
        });
        format!("panic: {message}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        install_hook();
        assert_eq!(catch_panic(|| 7), Ok(7));
        let err = catch_panic(|| -> u8 { panic!("engine bug {}", 42) }).unwrap_err();
        assert!(err.starts_with("panic: engine bug 42"), "{err}");
        assert!(err.contains("panic_capture.rs"), "{err}");
    }
}
