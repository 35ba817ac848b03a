//! Resolving a guest path inside a container's rootfs the way the container would see it: `..`
//! stops at the rootfs and symlinks are followed relative to the rootfs, so a hostile image
//! (`/app.wasm -> /etc/shadow`, `../../..`) can never make the runtime open a host file outside it.

use std::path::{Component, Path, PathBuf};

/// How many symlinks one resolution may follow before it is treated as a loop.
const MAX_SYMLINKS: usize = 40;

/// Why a guest path could not be resolved.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecureJoinError {
    /// More than [`MAX_SYMLINKS`] symlinks: a loop.
    #[error("too many levels of symbolic links resolving {0}")]
    SymlinkLoop(String),
}

/// Joins `guest` (absolute, or relative to guest `/`) under `root`, resolving `..` and symlinks
/// without leaving `root`. Components that do not exist are kept as they are.
pub fn secure_join(root: &Path, guest: &str) -> Result<PathBuf, SecureJoinError> {
    let mut pending: Vec<String> = components_reversed(guest);
    let mut resolved: Vec<String> = Vec::new();
    let mut links = 0usize;
    while let Some(part) = pending.pop() {
        if part == ".." {
            resolved.pop();
            continue;
        }
        let candidate = host_path(root, &resolved).join(&part);
        match std::fs::symlink_metadata(&candidate) {
            Ok(meta) if meta.file_type().is_symlink() => {
                links += 1;
                if links > MAX_SYMLINKS {
                    return Err(SecureJoinError::SymlinkLoop(guest.to_string()));
                }
                let target = std::fs::read_link(&candidate).unwrap_or_default();
                let target = target.to_string_lossy();
                if target.starts_with('/') {
                    resolved.clear();
                }
                pending.extend(components_reversed(&target));
            }
            _ => resolved.push(part),
        }
    }
    Ok(host_path(root, &resolved))
}

/// The normal components of `path` (`.` and root dropped, `..` kept), last first.
fn components_reversed(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = Path::new(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    parts.reverse();
    parts
}

fn host_path(root: &Path, parts: &[String]) -> PathBuf {
    let mut p = root.to_path_buf();
    p.extend(parts);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn plain_paths_join_under_root() {
        let root = Path::new("/nonexistent-root");
        assert_eq!(secure_join(root, "/a/b").unwrap(), root.join("a/b"));
        assert_eq!(secure_join(root, "a/./b").unwrap(), root.join("a/b"));
    }

    #[test]
    fn dotdot_stops_at_root() {
        let root = Path::new("/nonexistent-root");
        assert_eq!(
            secure_join(root, "/../../etc/passwd").unwrap(),
            root.join("etc/passwd")
        );
    }

    #[test]
    fn absolute_symlink_stays_inside_root() {
        let dir = std::env::temp_dir().join(format!("kestrel-sj-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("etc")).unwrap();
        symlink("/etc/passwd", dir.join("app.wasm")).unwrap();
        symlink("../../../../x", dir.join("up")).unwrap();
        symlink("loop", dir.join("loop")).unwrap();
        assert_eq!(
            secure_join(&dir, "/app.wasm").unwrap(),
            dir.join("etc/passwd")
        );
        assert_eq!(secure_join(&dir, "/up").unwrap(), dir.join("x"));
        assert!(matches!(
            secure_join(&dir, "/loop"),
            Err(SecureJoinError::SymlinkLoop(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
