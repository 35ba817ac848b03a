//! The capability sandbox: resolving guest paths beneath a directory descriptor so that no
//! path, symlink or race can name anything outside it.
//!
//! Resolution walks the path one component at a time with `openat(O_PATH | O_NOFOLLOW)`
//! relative to descriptors it already holds, reads each symlink through its own descriptor,
//! and handles `..` by popping its own stack of directory descriptors, never by asking the
//! kernel for a parent. So the result never depends on a name being re-looked-up after it
//! was checked: a racing rename or symlink swap can only make a lookup fail or name another
//! object beneath the root, never one outside it. Operations then act on
//! `(parent descriptor, final name)` with `*at` calls that do not follow symlinks.
//!
//! Escapes (absolute paths, absolute symlinks, `..` above the root) are `EPERM`, as in
//! wasmtime; more than [`MAX_SYMLINK_EXPANSIONS`] symlinks is `ELOOP`.

mod walk;

pub use walk::{MAX_SYMLINK_EXPANSIONS, Resolved, resolve};
