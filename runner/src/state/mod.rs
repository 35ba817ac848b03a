//! The runtime's state root (`--root`, default `/run/kestrel`): one directory per wasm container,
//! libcontainer's (`state.json`, the saved config, the notify socket), and `.runc/`, the root
//! handed to runc for native containers. [`StateRoot::locate`] answers "whose container is this
//! ID", which routes every command.

pub mod container_id;

use std::path::{Path, PathBuf};

use libcontainer::container::Container;
use libcontainer::container::state::State;

use crate::container::describe;
use crate::error::{Result, RunnerError};

/// Name of the directory under the state root that is runc's `--root`.
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
    /// A wasm container of ours, its state loaded (status refreshed from /proc).
    Kestrel(Box<Container>),
    /// A native container handed to runc.
    Runc,
    /// Nobody.
    Missing,
}

impl StateRoot {
    /// The state root at `path` (nothing is created until a container is).
    pub fn new(path: &Path) -> StateRoot {
        StateRoot {
            path: path.to_path_buf(),
        }
    }

    /// The state directory of kestrel container `id`.
    pub fn container_dir(&self, id: &str) -> PathBuf {
        self.path.join(id)
    }

    /// runc's `--root` for native containers.
    pub fn runc_root(&self) -> PathBuf {
        self.path.join(RUNC_ROOT_DIR)
    }

    /// Who owns `id`. A kestrel state directory whose state cannot be read is an error (which
    /// `delete --force` clears).
    pub fn locate(&self, id: &str) -> Result<Location> {
        container_id::validate(id)?;
        let dir = self.container_dir(id);
        if State::file_path(&dir).is_file() {
            return Container::load(dir)
                .map(|c| Location::Kestrel(Box::new(c)))
                .map_err(|e| RunnerError::Container(format!("container {id}: {}", describe(&e))));
        }
        if self.runc_root().join(id).is_dir() {
            return Ok(Location::Runc);
        }
        Ok(Location::Missing)
    }

    /// IDs of kestrel's own containers, sorted.
    pub fn kestrel_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.path)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| State::file_path(&e.path()).is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        ids.sort();
        ids
    }
}
