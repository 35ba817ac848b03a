//! libcontainer reports the cause of a failure through `tracing` (`error!(?err, "failed to
//! prepare rootfs")`) and returns a bare summary ("failed to prepare rootfs"). This subscriber
//! writes those error events, with their fields, to the runtime's log (`--log`, which
//! containerd's shim reads, or stderr), so a failed step names its cause. Only error events are
//! built into release binaries (`tracing`'s `release_max_level_error`); nothing else is recorded.

use std::fmt::{Debug, Write};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

use crate::logging;

/// Sends libcontainer's error events to [`logging::error`].
struct ErrorEvents;

/// An event's message and fields as one line.
struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
        let _ = match field.name() {
            "message" => write!(self.0, "{value:?}"),
            name => write!(self.0, "{name}={value:?}"),
        };
    }
}

impl Subscriber for ErrorEvents {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() == Level::ERROR
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = Line(String::new());
        event.record(&mut line);
        logging::error(&format!("libcontainer: {}", line.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// Installs the subscriber for this process (and the container processes it forks).
pub fn install() {
    let _ = tracing::subscriber::set_global_default(ErrorEvents);
}
