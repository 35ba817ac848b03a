//! Reading the `name` custom section: the module name and function names, for backtraces.
//!
//! The name section is advisory: the spec says a malformed one must not make the module
//! malformed, so decoding here is lenient. It keeps what it could read before the first error
//! and silently ignores the rest (and any later duplicate of a subsection).

use super::info::ModuleInfo;
use wasmparser::{CustomSectionReader, KnownCustom, Name};

/// Records the module name and function names of a `name` section into `info`.
pub fn decode_names(info: &mut ModuleInfo, section: &CustomSectionReader<'_>) {
    let KnownCustom::Name(reader) = section.as_known() else {
        return;
    };
    for subsection in reader {
        let Ok(subsection) = subsection else {
            return;
        };
        match subsection {
            Name::Module { name, .. } if info.name.is_none() => {
                info.name = Some(name.to_string());
            }
            Name::Function(names) => {
                for naming in names {
                    let Ok(naming) = naming else {
                        return;
                    };
                    info.func_names
                        .entry(naming.index)
                        .or_insert_with(|| naming.name.to_string());
                }
            }
            _ => {}
        }
    }
}
