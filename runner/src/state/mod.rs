//! The runtime's state root (`--root`, default `/run/kestrel`): one directory per kestrel
//! container ([`container`]), and `.runc/`, the root handed to runc for native containers.
//! [`StateRoot::locate`] answers "whose container is this ID", which routes every command.

pub mod container;
pub mod container_id;
pub mod status;

use std::path::{Path, PathBuf};

use container::{Container, STATE_FILE};

use crate::error::Result;

/// Name of the runc root inside ours.
pub const RUNC_ROOT_DIR: &str = ".runc";

/// The `--root` directory.
#[derive(Debug, Clone)]
pub struct StateRoot {
    /// Its path.
    pub path: PathBuf,
}

/// Who owns a container ID.
#[derive(Debug)]
pub enum Location {
    /// A wasm container run by kestrel.
    Kestrel(Box<Container>),
    /// A native container handed to runc.
    Runc,
    /// Nobody.
    Missing,
}

impl StateRoot {
    /// The root at `path`.
    pub fn new(path: &Path) -> StateRoot {
        StateRoot {
            path: path.to_path_buf(),
        }
    }

    /// `<root>/<id>`.
    pub fn container_dir(&self, id: &str) -> PathBuf {
        self.path.join(id)
    }

    /// The root given to runc.
    pub fn runc_root(&self) -> PathBuf {
        self.path.join(RUNC_ROOT_DIR)
    }

    /// Finds who owns `id` (after validating it).
    pub fn locate(&self, id: &str) -> Result<Location> {
        container_id::validate(id)?;
        let dir = self.container_dir(id);
        if dir.join(STATE_FILE).is_file() {
            return Ok(Location::Kestrel(Box::new(Container::load(&dir)?)));
        }
        if self.runc_root().join(id).is_dir() {
            return Ok(Location::Runc);
        }
        Ok(Location::Missing)
    }

    /// IDs of kestrel's own containers.
    pub fn kestrel_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.path)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().join(STATE_FILE).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        ids.sort();
        ids
    }
}
