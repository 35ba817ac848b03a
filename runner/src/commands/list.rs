//! `list [--format table|json] [--quiet]`: kestrel's own containers and, through
//! `runc list --format json`, the native ones handed to runc.

use std::process::{Command, Stdio};

use libcontainer::container::Container;

use super::Context;
use crate::cli::{ListArgs, ListFormat};
use crate::container::oci_state;
use crate::delegate::runc_binary;
use crate::error::{Result, RunnerError};

/// Runs `list`.
pub fn run(ctx: &Context, args: &ListArgs) -> Result<i32> {
    let mut rows: Vec<serde_json::Value> = ctx
        .root
        .kestrel_ids()
        .iter()
        .filter_map(|id| Container::load(ctx.root.container_dir(id)).ok())
        .map(|c| {
            let mut s = oci_state::document(&c);
            if let Some(o) = s.as_object_mut() {
                o.remove("annotations");
            }
            s
        })
        .collect();
    rows.extend(runc_rows(ctx));
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    if args.quiet {
        for r in &rows {
            println!("{}", r["id"].as_str().unwrap_or_default());
        }
        return Ok(0);
    }
    match args.format {
        ListFormat::Json => {
            let text =
                serde_json::to_string(&rows).map_err(|e| RunnerError::json("serialize list", e))?;
            println!("{text}");
        }
        ListFormat::Table => print!("{}", table(&rows)),
    }
    Ok(0)
}

/// runc's containers under `<root>/.runc`, as JSON rows (none when there are none or runc
/// cannot be asked).
fn runc_rows(ctx: &Context) -> Vec<serde_json::Value> {
    let root = ctx.root.runc_root();
    if !root.is_dir() {
        return Vec::new();
    }
    let Ok(runc) = runc_binary(&ctx.global) else {
        return Vec::new();
    };
    let out = Command::new(runc)
        .arg("--root")
        .arg(&root)
        .args(["list", "--format", "json"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    out.ok()
        .and_then(|o| serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout).ok())
        .unwrap_or_default()
}

/// The table runc prints.
fn table(rows: &[serde_json::Value]) -> String {
    let mut cells = vec![["ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER"].map(String::from)];
    for r in rows {
        let s = |k: &str| match &r[k] {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        cells.push([
            s("id"),
            s("pid"),
            s("status"),
            s("bundle"),
            s("created"),
            s("owner"),
        ]);
    }
    let widths: Vec<usize> = (0..6)
        .map(|i| cells.iter().map(|c| c[i].len()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in cells {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(line.join("   ").trim_end());
        out.push('\n');
    }
    out
}
