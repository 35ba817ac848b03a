//! Component-by-component path resolution beneath a directory descriptor.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use rustix::fs::{FileType, Mode, OFlags};

use crate::abi::Errno;

/// How many symlinks one resolution may expand before it is `ELOOP` (Linux's limit).
pub const MAX_SYMLINK_EXPANSIONS: usize = 40;

/// A path resolved beneath its root: the directory that holds the final component, and that
/// component's name.
#[derive(Debug)]
pub struct Resolved<'a> {
    root: BorrowedFd<'a>,
    stack: Vec<OwnedFd>,
    /// The final component: a single name without `/`, or `.` when the path names a
    /// directory reached through `.`/`..` (the parent itself).
    pub name: String,
    /// The path ended in `/` (or its last symlink's target did): the final object must be a
    /// directory.
    pub must_be_dir: bool,
}

impl<'a> Resolved<'a> {
    /// The directory holding [`Resolved::name`].
    pub fn parent(&self) -> BorrowedFd<'_> {
        match self.stack.last() {
            Some(fd) => fd.as_fd(),
            None => self.root,
        }
    }

    /// Whether the path names its root directory itself.
    pub fn is_root(&self) -> bool {
        self.stack.is_empty() && self.name == "."
    }

    /// Checks the trailing-slash requirement against what is there now: an existing
    /// non-directory is `ENOTDIR`. Returns whether something exists at the name.
    pub fn check_dir_requirement(&self) -> Result<bool, Errno> {
        match rustix::fs::statat(
            self.parent(),
            &*self.name,
            rustix::fs::AtFlags::SYMLINK_NOFOLLOW,
        ) {
            Ok(st) => {
                if self.must_be_dir && FileType::from_raw_mode(st.st_mode) != FileType::Directory {
                    return Err(Errno::NotDir);
                }
                Ok(true)
            }
            Err(rustix::io::Errno::NOENT) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

/// Splits a relative path into its components, in reverse order (a stack: next on top).
fn push_components(stack: &mut Vec<String>, path: &str) {
    stack.extend(
        path.split('/')
            .filter(|c| !c.is_empty())
            .rev()
            .map(str::to_owned),
    );
}

/// Resolves `path` beneath `root`.
///
/// Intermediate symlinks are always followed (within the root); the final component only
/// when `follow_final` is set (callers whose POSIX counterpart follows a final symlink named
/// with a trailing slash pass that in). A final component that does not exist is not an
/// error (the caller may be creating it).
pub fn resolve<'a>(
    root: BorrowedFd<'a>,
    path: &str,
    follow_final: bool,
) -> Result<Resolved<'a>, Errno> {
    if path.is_empty() {
        return Err(Errno::NoEnt);
    }
    if path.contains('\0') {
        return Err(Errno::Inval);
    }
    if path.starts_with('/') {
        return Err(Errno::Perm);
    }
    let mut must_be_dir = path.ends_with('/');
    let mut pending = Vec::new();
    push_components(&mut pending, path);
    let mut resolved = Resolved {
        root,
        stack: Vec::new(),
        name: ".".to_owned(),
        must_be_dir,
    };
    let mut expansions = 0usize;
    while let Some(component) = pending.pop() {
        let is_last = pending.is_empty();
        match component.as_str() {
            "." => continue,
            ".." => {
                if resolved.stack.pop().is_none() {
                    return Err(Errno::Perm);
                }
                continue;
            }
            _ => {}
        }
        if is_last && !follow_final {
            resolved.name = component;
            resolved.must_be_dir = must_be_dir;
            return Ok(resolved);
        }
        let opened = rustix::fs::openat(
            resolved.parent(),
            component.as_str(),
            OFlags::PATH | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        );
        let fd = match opened {
            Ok(fd) => fd,
            Err(rustix::io::Errno::NOENT) if is_last => {
                resolved.name = component;
                resolved.must_be_dir = must_be_dir;
                return Ok(resolved);
            }
            Err(e) => return Err(e.into()),
        };
        let st = rustix::fs::fstat(&fd)?;
        match FileType::from_raw_mode(st.st_mode) {
            FileType::Symlink => {
                expansions += 1;
                if expansions > MAX_SYMLINK_EXPANSIONS {
                    return Err(Errno::Loop);
                }
                let target = rustix::fs::readlinkat(&fd, "", Vec::new())?;
                let target = target.into_string().map_err(|_| Errno::Ilseq)?;
                if target.starts_with('/') {
                    return Err(Errno::Perm);
                }
                if target.is_empty() {
                    return Err(Errno::NoEnt);
                }
                if is_last && target.ends_with('/') {
                    must_be_dir = true;
                }
                push_components(&mut pending, &target);
            }
            FileType::Directory => {
                if is_last {
                    resolved.name = component;
                    resolved.must_be_dir = must_be_dir;
                    return Ok(resolved);
                }
                resolved.stack.push(fd);
            }
            _ => {
                if is_last {
                    resolved.name = component;
                    resolved.must_be_dir = must_be_dir;
                    return Ok(resolved);
                }
                return Err(Errno::NotDir);
            }
        }
    }
    // The path ran out on `.`/`..`: it names the current directory itself.
    resolved.name = ".".to_owned();
    resolved.must_be_dir = true;
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    struct Fixture {
        _tmp: tempfile::TempDir,
        root: std::path::PathBuf,
        root_fd: OwnedFd,
    }

    /// `outside/secret`, and `root/` with `dir/file`, `dir/sub/`, links of every kind.
    fn fixture() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("secret"), "secret").unwrap();
        let root = tmp.path().join("root");
        fs::create_dir_all(root.join("dir/sub")).unwrap();
        fs::write(root.join("dir/file"), "file").unwrap();
        symlink("../../outside/secret", root.join("dir/up")).unwrap();
        symlink(outside.join("secret"), root.join("abs")).unwrap();
        symlink("dir/file", root.join("ok")).unwrap();
        symlink("loop_b", root.join("loop_a")).unwrap();
        symlink("loop_a", root.join("loop_b")).unwrap();
        symlink("sub/..", root.join("dir/here")).unwrap();
        symlink("..", root.join("parent")).unwrap();
        let root_fd = rustix::fs::open(
            &root,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .unwrap();
        Fixture {
            _tmp: tmp,
            root,
            root_fd,
        }
    }

    /// A path case: path, follow, and expected (final name) or errno. Data, not code.
    const CASES: &[(&str, bool, Result<&str, Errno>)] = &[
        ("dir/file", false, Ok("file")),
        ("dir/./sub/../file", true, Ok("file")),
        ("ok", false, Ok("ok")),
        ("ok", true, Ok("file")),
        ("dir/missing", true, Ok("missing")),
        ("dir/missing/x", true, Err(Errno::NoEnt)),
        ("dir/file/x", true, Err(Errno::NotDir)),
        ("..", false, Err(Errno::Perm)),
        ("dir/../..", false, Err(Errno::Perm)),
        ("dir/../../root/dir/file", false, Err(Errno::Perm)),
        ("/etc/passwd", false, Err(Errno::Perm)),
        ("dir/up", true, Err(Errno::Perm)),
        ("dir/up", false, Ok("up")),
        ("abs", true, Err(Errno::Perm)),
        ("abs/x", false, Err(Errno::Perm)),
        ("parent/x", false, Err(Errno::Perm)),
        ("loop_a", true, Err(Errno::Loop)),
        ("loop_a", false, Ok("loop_a")),
        ("dir/here/file", false, Ok("file")),
        ("", false, Err(Errno::NoEnt)),
        ("dir\0", false, Err(Errno::Inval)),
        (".", false, Ok(".")),
        ("dir/sub/..", false, Ok(".")),
    ];

    #[test]
    fn resolution_cases() {
        let f = fixture();
        for (path, follow, expected) in CASES {
            let got = resolve(f.root_fd.as_fd(), path, *follow).map(|r| r.name.clone());
            assert_eq!(
                got.as_deref().map_err(|e| *e),
                *expected,
                "path {path:?} follow {follow}"
            );
        }
    }

    #[test]
    fn trailing_slash_requires_directory() {
        let f = fixture();
        let r = resolve(f.root_fd.as_fd(), "dir/file/", true).unwrap();
        assert!(r.must_be_dir);
        assert_eq!(r.check_dir_requirement(), Err(Errno::NotDir));
        let r = resolve(f.root_fd.as_fd(), "dir/sub/", false).unwrap();
        assert_eq!(r.check_dir_requirement(), Ok(true));
    }

    #[test]
    fn parent_of_resolved_name_is_beneath_root() {
        let f = fixture();
        let r = resolve(f.root_fd.as_fd(), "dir/here/sub", false).unwrap();
        let st = rustix::fs::fstat(r.parent()).unwrap();
        let want = fs::metadata(f.root.join("dir")).unwrap();
        use std::os::unix::fs::MetadataExt;
        assert_eq!(st.st_ino, want.ino());
    }
}
