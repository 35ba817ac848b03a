//! `kestrel`: a runc-compatible OCI runtime for WebAssembly, and `kestrel wasm` to run a module
//! directly ([`wasm_cmd`]).
//!
//! containerd's runc shim (and so Kubernetes, through a RuntimeClass) calls this binary exactly
//! as it calls runc. Wasm containers are built by youki's libcontainer (namespaces, rootfs,
//! capabilities, seccomp, cgroups, hooks) and their init runs the module in-process with the
//! engine and WASI ([`container`], [`wasm_exec`]). Native containers, the pod's pause container
//! above all, are handed to runc ([`delegate`]).
//!
//! Map: [`cli`] parses, [`commands`] has one file per subcommand, [`state`] is the `--root`
//! directory, [`bundle`] reads config.json and decides wasm or native, [`container`] is the glue
//! to libcontainer, [`logging`] writes `--log`.

// 32-bit builds have no container runtime: some of the runtime's error and log helpers are
// unused there.
#![cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]

// The OCI runtime builds containers with youki's libcontainer, which compiles for 64-bit
// targets only (0.7 assumes a 64-bit `rlim_t`); 32-bit builds have `kestrel wasm` and an OCI
// command line that says why it cannot run containers ([`oci_unavailable`]).
#[cfg(target_pointer_width = "64")]
mod bundle;
mod cli;
#[cfg(target_pointer_width = "64")]
mod commands;
#[cfg(target_pointer_width = "64")]
mod container;
#[cfg(target_pointer_width = "64")]
mod delegate;
mod error;
mod logging;
#[cfg(not(target_pointer_width = "64"))]
mod oci_unavailable;
#[cfg(target_pointer_width = "64")]
mod signal;
#[cfg(target_pointer_width = "64")]
mod state;
mod wasi_threads;
mod wasm_cmd;
mod wasm_exec;

use std::ffi::OsString;

use cli::Cli;
#[cfg(not(target_pointer_width = "64"))]
use oci_unavailable::run_oci;

/// The OCI runtime spec version this runtime implements.
pub const OCI_VERSION: &str = "1.1.0";

fn main() {
    let argv: Vec<OsString> = std::env::args_os().collect();
    // `kestrel wasm` has wasmtime-style arguments of its own (everything after the module goes to
    // the guest), so it is dispatched before the OCI command line is parsed.
    if argv.get(1).is_some_and(|a| a == "wasm") {
        std::process::exit(wasm_cmd::main(&argv[2..]));
    }
    let cli = Cli::parse_with_version(&argv);
    logging::init(
        cli.global.log.as_deref(),
        cli.global.log_format,
        cli.global.debug,
    );
    let result = run_oci(&cli, argv);
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            let msg = e.to_string();
            logging::error(&msg);
            if logging::has_file() {
                eprintln!("kestrel: {msg}");
            }
            std::process::exit(1);
        }
    }
}

/// Runs an OCI command (`create`, `start`, ...) through libcontainer.
#[cfg(target_pointer_width = "64")]
fn run_oci(cli: &Cli, argv: Vec<OsString>) -> error::Result<i32> {
    use cli::Command;
    use commands::Context;
    use state::StateRoot;

    container::library_log::install();
    let ctx = Context {
        root: StateRoot::new(&cli.global.root),
        global: cli.global.clone(),
        argv,
    };
    match &cli.command {
        Command::Create(a) => commands::create::run(&ctx, a),
        Command::Start(a) => commands::start::run(&ctx, &a.id),
        Command::State(a) => commands::state::run(&ctx, &a.id),
        Command::Kill(a) => commands::kill::run(&ctx, a),
        Command::Delete(a) => commands::delete::run(&ctx, a),
        Command::Run(a) => commands::run::run(&ctx, a),
        Command::Exec(a) => commands::exec::run(&ctx, a),
        Command::Ps(a) => commands::ps::run(&ctx, a),
        Command::Pause(a) => commands::pause::pause(&ctx, &a.id),
        Command::Resume(a) => commands::pause::resume(&ctx, &a.id),
        Command::Update(a) => commands::update::run(&ctx, a),
        Command::List(a) => commands::list::run(&ctx, a),
        Command::Features => commands::features::run(),
        Command::Spec(a) => commands::spec::run(&ctx, a),
        Command::Events(a) => commands::events::run(&ctx, a),
        Command::Checkpoint(a) => commands::checkpoint::checkpoint(&ctx, a),
        Command::Restore(a) => commands::checkpoint::restore(&ctx, a),
    }
}
