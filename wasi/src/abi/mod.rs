//! The `wasi_snapshot_preview1` ABI: numeric types, flag sets, errno values and the byte
//! layouts of the structs the guest passes by pointer, as the preview1 witx defines them.
//!
//! Nothing here does I/O; it is the vocabulary the function implementations share.

mod errno;
mod filetype;
mod flags;
mod layout;
mod rights;

pub use errno::Errno;
pub use filetype::Filetype;
pub use flags::{
    Advice, ClockId, EVENTRWFLAGS_FD_READWRITE_HANGUP, EventType, FdFlags, FstFlags, LookupFlags,
    OFlags, PREOPENTYPE_DIR, RiFlags, SdFlags, Signal, SubclockFlags, Whence,
};
pub use layout::{Dirent, Event, Fdstat, Filestat, Subscription, SubscriptionKind};
pub use rights::Rights;
