//! The command line, runc's: global flags before the subcommand (`--root`, `--log`,
//! `--log-format`, `--systemd-cgroup`), then `create`, `start`, `state`, `kill`, `delete`, `run`,
//! `exec`, `ps`, `pause`, `resume`, `update`, `list`, `features`, `spec`.

use std::path::PathBuf;

use std::ffi::OsString;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::logging::LogFormat;

/// Default `--root`.
pub const DEFAULT_ROOT: &str = "/run/kestrel";

/// `kestrel`: a runc-compatible OCI runtime that runs wasm containers in-process and hands
/// native ones to runc.
#[derive(Debug, Parser)]
#[command(
    name = "kestrel",
    version,
    about,
    long_about = None,
    after_help = "Run a module directly: kestrel wasm [OPTIONS] MODULE [ARGS]... (see kestrel wasm --help)"
)]
pub struct Cli {
    /// Global flags.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// What `kestrel --version` prints after `kestrel`, in runc's shape (`runc --version` gives its
/// version, then `key: value` lines): the OCI runtime spec version, the interpreter's dispatch
/// (threaded or the portable loop, fixed at build time: a board's build says which it got) and
/// the optional features built in.
pub fn long_version() -> String {
    let wat = if cfg!(feature = "wat") { "wat" } else { "none" };
    format!(
        "{}\nspec: {}\ninterpreter: {} dispatch ({})\nfeatures: {wat}",
        env!("CARGO_PKG_VERSION"),
        crate::OCI_VERSION,
        kestrel::dispatch(),
        std::env::consts::ARCH,
    )
}

impl Cli {
    /// Parses `argv`, exiting with clap's message (and status) on an error, `--help` or
    /// `--version`.
    pub fn parse_with_version(argv: &[OsString]) -> Cli {
        // clap keeps a `&'static str` (its `string` feature would add code for this one
        // line); parsing happens once per process.
        let version: &'static str = Box::leak(long_version().into_boxed_str());
        let matches = Cli::command()
            .long_version(version)
            .try_get_matches_from(argv)
            .unwrap_or_else(|e| e.exit());
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// Flags that come before the subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Directory for container state.
    #[arg(long, default_value = DEFAULT_ROOT)]
    pub root: PathBuf,
    /// Append log lines to this file (default: stderr).
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Format of log lines.
    #[arg(long, value_enum, default_value = "text")]
    pub log_format: LogFormat,
    /// Accepted for runc compatibility: cgroups are managed through cgroupfs either way.
    #[arg(long)]
    pub systemd_cgroup: bool,
    /// Log debug lines too.
    #[arg(long)]
    pub debug: bool,
    /// Accepted for runc compatibility (passed on to runc for native containers).
    #[arg(long)]
    pub rootless: Option<String>,
    /// Accepted for runc compatibility (checkpointing is not supported).
    #[arg(long)]
    pub criu: Option<PathBuf>,
    /// runc binary for native containers (default: `runc` on PATH).
    #[arg(long, env = "KESTREL_RUNC")]
    pub runc: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a container: set it up and hold it until `start`.
    Create(CreateArgs),
    /// Start a created container.
    Start(IdArg),
    /// Print the OCI state of a container as JSON.
    State(IdArg),
    /// Send a signal to a container's init (or, with --all, every process).
    Kill(KillArgs),
    /// Delete a stopped container (with --force, any container).
    Delete(DeleteArgs),
    /// Create and start a container; wait for it unless --detach.
    Run(RunArgs),
    /// Run a process in a running container.
    Exec(ExecArgs),
    /// List the processes of a container.
    Ps(PsArgs),
    /// Freeze every process of a container.
    Pause(IdArg),
    /// Thaw a paused container.
    Resume(IdArg),
    /// Change a container's resource limits.
    Update(UpdateArgs),
    /// List containers.
    List(ListArgs),
    /// Print the features this runtime supports, as JSON.
    Features,
    /// Write a config.json template for a wasm module.
    Spec(SpecArgs),
    /// Print resource usage of a container (once with --stats).
    Events(EventsArgs),
    /// Checkpoint a container (native containers: runc with CRIU).
    Checkpoint(PassThroughArgs),
    /// Restore a container from a checkpoint (native containers: runc with CRIU).
    Restore(PassThroughArgs),
}

/// A container ID.
#[derive(Debug, Clone, Args)]
pub struct IdArg {
    /// Container ID.
    pub id: String,
}

/// `create` flags.
#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    /// Bundle directory.
    #[arg(short, long, default_value = ".")]
    pub bundle: PathBuf,
    /// AF_UNIX socket to send the pty master to (with process.terminal).
    #[arg(long)]
    pub console_socket: Option<PathBuf>,
    /// Write the init's pid here.
    #[arg(long)]
    pub pid_file: Option<PathBuf>,
    /// Accepted for runc compatibility (no pivot_root is done for wasm containers).
    #[arg(long)]
    pub no_pivot: bool,
    /// Accepted for runc compatibility.
    #[arg(long)]
    pub no_new_keyring: bool,
    /// Pass this many extra fds (3..) to the container.
    #[arg(long, default_value_t = 0)]
    pub preserve_fds: u32,
    /// Container ID.
    pub id: String,
}

/// `run` flags.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// `create` flags.
    #[command(flatten)]
    pub create: CreateArgs,
    /// Return once started instead of waiting for the container to exit.
    #[arg(short, long)]
    pub detach: bool,
    /// Keep the container's state after it exits.
    #[arg(long)]
    pub keep: bool,
}

/// `kill` flags.
#[derive(Debug, Clone, Args)]
pub struct KillArgs {
    /// Signal every process of the container, not only its init.
    #[arg(short, long)]
    pub all: bool,
    /// Container ID.
    pub id: String,
    /// Signal number or name.
    #[arg(default_value = "SIGTERM")]
    pub signal: String,
}

/// `delete` flags.
#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    /// Kill the container first if it is still running.
    #[arg(short, long)]
    pub force: bool,
    /// Container ID.
    pub id: String,
}

/// `exec` flags.
#[derive(Debug, Clone, Args)]
pub struct ExecArgs {
    /// File with an OCI `process` object describing what to run.
    #[arg(short, long)]
    pub process: Option<PathBuf>,
    /// Return once the process runs instead of waiting for it.
    #[arg(short, long)]
    pub detach: bool,
    /// Write the process's pid here.
    #[arg(long)]
    pub pid_file: Option<PathBuf>,
    /// AF_UNIX socket to send the pty master to (with a terminal).
    #[arg(long)]
    pub console_socket: Option<PathBuf>,
    /// Allocate a terminal.
    #[arg(short, long)]
    pub tty: bool,
    /// Working directory (guest path).
    #[arg(long)]
    pub cwd: Option<String>,
    /// Extra environment variables, KEY=VALUE.
    #[arg(short, long)]
    pub env: Vec<String>,
    /// Accepted for runc compatibility.
    #[arg(short, long)]
    pub user: Option<String>,
    /// Accepted for runc compatibility.
    #[arg(long)]
    pub no_new_privs: bool,
    /// Pass this many extra fds (3..) to the process.
    #[arg(long, default_value_t = 0)]
    pub preserve_fds: u32,
    /// Container ID.
    pub id: String,
    /// Command and arguments (when no --process is given).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

/// Output formats of `ps` and `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Human-readable table.
    Table,
    /// JSON.
    Json,
}

/// `ps` flags.
#[derive(Debug, Clone, Args)]
pub struct PsArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Container ID.
    pub id: String,
    /// Options for ps(1) in table format (default -ef).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub ps_args: Vec<String>,
}

/// `update` flags.
#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    /// OCI `linux.resources` JSON file, or `-` for stdin.
    #[arg(short, long)]
    pub resources: Option<String>,
    /// Memory limit (bytes, or with k/m/g suffix).
    #[arg(short, long)]
    pub memory: Option<String>,
    /// Memory+swap limit (bytes, or with k/m/g suffix; -1 for unlimited).
    #[arg(long)]
    pub memory_swap: Option<String>,
    /// Memory soft limit.
    #[arg(long)]
    pub memory_reservation: Option<String>,
    /// CPU shares.
    #[arg(long)]
    pub cpu_shares: Option<u64>,
    /// CFS quota in microseconds.
    #[arg(long)]
    pub cpu_quota: Option<i64>,
    /// CFS period in microseconds.
    #[arg(long)]
    pub cpu_period: Option<u64>,
    /// CPUs allowed.
    #[arg(long)]
    pub cpuset_cpus: Option<String>,
    /// Memory nodes allowed.
    #[arg(long)]
    pub cpuset_mems: Option<String>,
    /// Maximum number of pids.
    #[arg(long)]
    pub pids_limit: Option<i64>,
    /// Container ID.
    pub id: String,
}

/// `list` flags.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(short, long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Print IDs only.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `spec` flags.
#[derive(Debug, Clone, Args)]
pub struct SpecArgs {
    /// Directory to write config.json into.
    #[arg(short, long, default_value = ".")]
    pub bundle: PathBuf,
    /// Guest path of the wasm module to run (`args[0]`).
    #[arg(long, default_value = "/app.wasm")]
    pub module: String,
    /// Accepted for runc compatibility.
    #[arg(long)]
    pub rootless: bool,
}

/// `events` flags.
#[derive(Debug, Clone, Args)]
pub struct EventsArgs {
    /// Print the stats once and exit.
    #[arg(long)]
    pub stats: bool,
    /// Time between stats events (e.g. `5s`, `500ms`).
    #[arg(long, default_value = "5s")]
    pub interval: String,
    /// Container ID.
    pub id: String,
}

/// Flags of a command kestrel hands to runc as they are (the container ID last).
#[derive(Debug, Clone, Args)]
pub struct PassThroughArgs {
    /// The flags and the container ID, passed on unchanged.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub args: Vec<String>,
}
