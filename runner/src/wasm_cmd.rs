//! `kestrel wasm [OPTIONS] MODULE [ARGS]...`: run a WebAssembly module directly, as
//! `wasmtime run` does.
//!
//! Options go before the module; every argument after it goes to the guest unchanged, even
//! ones starting with `-` (a `--` right after the module is accepted and dropped). The guest's
//! argv\[0\] is the module path as given. The guest sees only the environment given with
//! `--env` (or the host's with `--inherit-env`) and only the directories given with `--dir`.
//! The process exits with the module's exit status (see [`crate::wasm_exec`]).

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::wasm_exec::{RunStrategy, WasmRun, run_wasm, run_wasm_with};

/// Run a WebAssembly module (a WASI preview1 command) directly.
#[derive(Debug, Parser)]
#[command(name = "kestrel wasm", version, about)]
pub struct WasmCmd {
    /// Grant the guest the host directory HOST as guest path GUEST (HOST itself when
    /// `::GUEST` is left out). Repeatable.
    #[arg(long = "dir", value_name = "HOST[::GUEST]")]
    dirs: Vec<String>,
    /// Like --dir, read-only: nothing beneath it can be created, changed or removed.
    #[arg(long = "dir-ro", value_name = "HOST[::GUEST]")]
    dirs_read_only: Vec<String>,
    /// Set a guest environment variable; `NAME` alone passes the host's value. Repeatable.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    env: Vec<String>,
    /// Pass the host's whole environment to the guest (before any --env).
    #[arg(long)]
    inherit_env: bool,
    /// Listen on a TCP address and hand the socket to the guest (for sock_accept). Repeatable.
    #[arg(long = "tcplisten", value_name = "ADDR:PORT")]
    tcplisten: Vec<String>,
    /// Let the guest open its own sockets (WasmEdge's socket extension) on, to and from the
    /// addresses of this range: `127.0.0.0/8`, `::1/128`, `0.0.0.0/0` (every IPv4 address);
    /// binding every interface (`0.0.0.0`, `::`) needs the whole family. Repeatable; without
    /// it the guest opens no socket (`EACCES`).
    #[arg(long = "allow-net", value_name = "CIDR", value_parser = parse_range)]
    allow_net: Vec<String>,
    /// Call this export instead of `_start`, with the guest ARGS parsed as its parameters;
    /// results are printed one per line.
    #[arg(long, value_name = "FUNCTION")]
    invoke: Option<String>,
    /// Stop the guest with a trap after this much fuel (roughly, instructions).
    #[arg(long)]
    fuel: Option<u64>,
    /// Stop the guest with a trap once it has run this long (wall-clock): `500ms`, `2s`, `1.5m`,
    /// `1h`; a bare number is seconds. Checked at the guest's loops and calls, so time blocked in
    /// a host call (a sleep, a read) ends at the next check after it returns.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,
    /// Cap the guest's linear memory, in bytes (suffixes K, M, G allowed).
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    max_memory: Option<u64>,
    /// Reserve at most this much address space per linear memory up front (default 4 GiB on
    /// 64-bit hosts): a memory growing past it moves to a larger reservation. For small devices
    /// running many modules side by side.
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    memory_reservation: Option<u64>,
    /// How to run the module: `interpreter` (default), or `cranelift` (compiled to machine
    /// code when it loads; builds with the `cranelift` feature, on x86_64 and aarch64).
    #[arg(long, value_enum, default_value_t = RunStrategy::Interpreter)]
    strategy: RunStrategy,
    /// The guest's working directory (a guest path beneath a --dir).
    #[arg(long, value_name = "GUEST_PATH")]
    cwd: Option<String>,
    /// The module: a .wasm binary or a .wat text file.
    #[arg(value_name = "MODULE")]
    module: OsString,
    /// Arguments for the guest, passed unchanged.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    args: Vec<OsString>,
}

fn parse_size(text: &str) -> Result<u64, String> {
    let (digits, scale) = match text.char_indices().last() {
        Some((i, 'K' | 'k')) => (&text[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&text[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{text:?} is not a size in bytes (like 65536, 64K, 16M, 1G)"))
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let bad = || format!("{text:?} is not a duration (like 500ms, 2s, 1.5m, 1h)");
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let scale = match unit {
        "ms" => 1e-3,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return Err(bad()),
    };
    let n: f64 = number.parse().map_err(|_| bad())?;
    Duration::try_from_secs_f64(n * scale).map_err(|_| bad())
}

fn utf8(what: &str, s: OsString) -> Result<String, String> {
    s.into_string()
        .map_err(|s| format!("{what} {s:?} is not valid UTF-8"))
}

fn preopen(spec: &str, read_only: bool) -> (PathBuf, String, bool) {
    match spec.split_once("::") {
        Some((host, guest)) => (PathBuf::from(host), guest.to_string(), read_only),
        None => (PathBuf::from(spec), spec.to_string(), read_only),
    }
}

impl WasmCmd {
    /// The run this command line asks for.
    fn into_run(self) -> Result<(WasmRun, Vec<String>), String> {
        // clap has already dropped a `--` right after the module (and only that one).
        let guest_args = self.args;
        let mut args = vec![utf8("module path", self.module.clone())?];
        for a in guest_args {
            args.push(utf8("argument", a)?);
        }
        let mut env: Vec<(String, String)> = Vec::new();
        let mut set = |k: String, v: String| {
            env.retain(|(old, _)| *old != k);
            env.push((k, v));
        };
        if self.inherit_env {
            for (k, v) in std::env::vars_os() {
                if let (Ok(k), Ok(v)) = (k.into_string(), v.into_string()) {
                    set(k, v);
                }
            }
        }
        for spec in self.env {
            match spec.split_once('=') {
                Some((k, v)) => set(k.to_string(), v.to_string()),
                None => {
                    if let Ok(v) = std::env::var(&spec) {
                        set(spec, v);
                    }
                }
            }
        }
        let preopens = self
            .dirs
            .iter()
            .map(|d| preopen(d, false))
            .chain(self.dirs_read_only.iter().map(|d| preopen(d, true)))
            .collect();
        let run = WasmRun {
            module: PathBuf::from(self.module),
            args,
            env,
            preopens,
            cwd: self.cwd,
            max_memory: self.max_memory,
            memory_reservation: self.memory_reservation,
            fuel: self.fuel,
            timeout: self.timeout,
            invoke: self.invoke,
            strategy: self.strategy,
            allow_net: self.allow_net,
        };
        Ok((run, self.tcplisten))
    }
}

/// Runs `kestrel wasm` with the arguments after `wasm`; returns the process exit status.
pub fn main(argv: &[OsString]) -> i32 {
    let cmd = match WasmCmd::try_parse_from(
        std::iter::once(OsString::from("kestrel wasm")).chain(argv.iter().cloned()),
    ) {
        Ok(cmd) => cmd,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let (run, listeners) = match cmd.into_run() {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("kestrel wasm: {msg}");
            return 2;
        }
    };
    let result = if listeners.is_empty() {
        run_wasm(&run)
    } else {
        run_wasm_with(&run, &listeners)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kestrel wasm: {e}");
            1
        }
    }
}

/// Checks an `--allow-net` range (kept as text: the plan carries it to the WASI builder).
fn parse_range(text: &str) -> Result<String, String> {
    kestrel_wasi::IpRange::parse(text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> (WasmRun, Vec<String>) {
        let argv: Vec<OsString> = args.iter().map(OsString::from).collect();
        WasmCmd::try_parse_from(std::iter::once(OsString::from("kestrel wasm")).chain(argv))
            .unwrap()
            .into_run()
            .unwrap()
    }

    #[test]
    fn everything_after_the_module_goes_to_the_guest() {
        let (run, _) = parse(&["--env", "A=1", "app.wasm", "-x", "--dir", "y", "--"]);
        assert_eq!(run.args, ["app.wasm", "-x", "--dir", "y", "--"]);
        assert_eq!(run.env, [("A".to_string(), "1".to_string())]);
        assert!(run.preopens.is_empty());
    }

    #[test]
    fn a_double_dash_right_after_the_module_is_dropped() {
        let (run, _) = parse(&["app.wasm", "--", "--help"]);
        assert_eq!(run.args, ["app.wasm", "--help"]);
        let (run, _) = parse(&["app.wasm", "--", "--", "x"]);
        assert_eq!(run.args, ["app.wasm", "--", "x"]);
        let (run, _) = parse(&["app.wasm", "x", "--"]);
        assert_eq!(run.args, ["app.wasm", "x", "--"]);
    }

    #[test]
    fn options_before_the_module() {
        let (run, listen) = parse(&[
            "--dir",
            "/tmp::/",
            "--dir",
            "data",
            "--dir-ro",
            "/etc::/cfg",
            "--tcplisten",
            "127.0.0.1:0",
            "--max-memory",
            "16M",
            "--memory-reservation",
            "1M",
            "--fuel",
            "9",
            "--timeout",
            "250ms",
            "--invoke",
            "f",
            "m.wat",
            "1",
        ]);
        assert_eq!(
            run.preopens,
            [
                (PathBuf::from("/tmp"), "/".to_string(), false),
                (PathBuf::from("data"), "data".to_string(), false),
                (PathBuf::from("/etc"), "/cfg".to_string(), true),
            ]
        );
        assert_eq!(listen, ["127.0.0.1:0"]);
        assert_eq!(run.max_memory, Some(16 << 20));
        assert_eq!(run.memory_reservation, Some(1 << 20));
        assert_eq!(run.fuel, Some(9));
        assert_eq!(run.timeout, Some(Duration::from_millis(250)));
        assert_eq!(run.invoke.as_deref(), Some("f"));
        assert_eq!(run.args, ["m.wat", "1"]);
    }

    #[test]
    fn no_host_environment_by_default() {
        let (run, _) = parse(&["app.wasm"]);
        assert!(run.env.is_empty());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64K"), Ok(65536));
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5m"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        for bad in ["", "s", "-1s", "5 parsecs", "1e400s", "NaNs"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
