//! `spec`: write a config.json template for a wasm module into a bundle directory, as `runc spec`
//! does for a shell: the module (default `/app.wasm`) as args\[0\], the `run.oci.handler=wasm`
//! annotation, and runc's usual defaults for everything else. Refuses to overwrite.

use std::collections::HashMap;

use oci_spec::runtime::Spec;

use super::Context;
use crate::bundle::workload::ANNOTATION_OCI_HANDLER;
use crate::cli::SpecArgs;
use crate::error::{Result, RunnerError};

/// The template for `module`.
pub fn template(module: &str) -> Spec {
    let mut spec = Spec::default();
    if let Some(mut process) = spec.process().clone() {
        process.set_args(Some(vec![module.to_string()]));
        process.set_terminal(Some(false));
        spec.set_process(Some(process));
    }
    spec.set_annotations(Some(HashMap::from([(
        ANNOTATION_OCI_HANDLER.to_string(),
        "wasm".to_string(),
    )])));
    spec
}

/// Runs `spec`.
pub fn run(_ctx: &Context, args: &SpecArgs) -> Result<i32> {
    let path = args.bundle.join("config.json");
    if path.exists() {
        return Err(RunnerError::Usage(format!(
            "{} exists: remove it first",
            path.display()
        )));
    }
    template(&args.module)
        .save(&path)
        .map_err(|e| RunnerError::Bundle {
            path: path.clone(),
            message: format!("cannot write: {e}"),
        })?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn template_runs_the_module() {
        let s = template("/hello.wasm");
        let args = s.process().as_ref().unwrap().args().clone().unwrap();
        assert_eq!(args, ["/hello.wasm"]);
        assert_eq!(s.annotations().as_ref().unwrap()["run.oci.handler"], "wasm");
    }
}
