//! `compare`: runs every corpus program on Kestrel and its peers side by side, checks every
//! checksum against the native build's output, and prints markdown tables of median times,
//! each engine's ratio to Kestrel and geometric means, then the SIMD kernels (each also in its
//! scalar build, against the peers that implement SIMD; the held-out kernels, not used in the
//! SIMD tuning, in rows and a geomean of their own), the exception kernels (against the
//! peers that implement exception handling), the start-up and memory cases.
//!
//! `--baseline EXE` adds another build of this binary (e.g. of an older commit) as a
//! `kestrel-baseline` column of the kernel table: Kestrel's time ÷ its is new ÷ old, measured
//! in the same rounds.
//!
//! Every run happens in a fresh child process (this binary with `--run-one`), engines
//! alternating within each round, so one engine's crash or hang is a table entry, not the
//! end of the comparison. Run: `cargo run --release -p kestrel-benches --bin compare`.

use clap::Parser;
use kestrel_benches::corpus::{PROGRAMS, Program, ProgramKind, SIMD_HELD_OUT_SET, SIMD_SET};
use kestrel_benches::engines::{self, Engine, Phase, RunError, UNSUPPORTED_EXIT_CODE};
use kestrel_benches::exn_kernels::{EXN_KERNELS, ExnKernel, HAPPY_PAIR, QUICK_N};
use kestrel_benches::peak_rss;
use kestrel_benches::report::{Cell, TimeTable, format_duration, format_ratio};
use kestrel_benches::timings::Timings;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
#[command(about = "Kestrel and peers side by side on the benchmark corpus")]
struct Args {
    /// Timed runs per program and engine (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Only these programs (comma-separated corpus names; `simd` for every SIMD kernel,
    /// `simd_held_out` for the held-out ones).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Only these engines (comma-separated: kestrel, kestrel-eager, kestrel-lazy-validation,
    /// wasmi-eager, wasmi-lazy-translation, wasmi-lazy, wasm3, wasmtime-pulley, wasmtime,
    /// kestrel-cranelift,
    /// native).
    #[arg(long, value_delimiter = ',')]
    engines: Vec<String>,
    /// Seconds before a run is killed and reported as failed.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
    /// Also write the report to this file (e.g. benches/RESULTS.md).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Skip the peak-RSS comparison (it builds the `kestrel` and `wasmtime-run` binaries).
    #[arg(long)]
    no_rss: bool,
    /// Run the exception kernels with a small n: checks that every engine computes their
    /// checksums, measures nothing worth quoting.
    #[arg(long)]
    quick: bool,
    /// Another build of `compare` (e.g. of an older commit, built in its own target dir) whose
    /// Kestrel becomes the `kestrel-baseline` column of the kernel table, measured in the same
    /// rounds as this build's.
    #[arg(long, value_name = "EXE")]
    baseline: Option<PathBuf>,
    /// Internal: measure one run in this process: ENGINE MODULE [startup|full|run=N]
    /// (`run=N`: no WASI, call the export `run: (i64) -> i64` with N and print its result).
    #[arg(long, num_args = 3, value_names = ["ENGINE", "WASM", "PHASE"], hide = true)]
    run_one: Vec<String>,
}

/// A column of the kernel tables: a wasm engine, the native build, or Kestrel (default mode)
/// as built by `--baseline`'s binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Native,
    Wasm(Engine),
    Baseline,
}

impl Column {
    fn name(self) -> &'static str {
        match self {
            Column::Native => "native",
            Column::Wasm(e) => e.name(),
            Column::Baseline => "kestrel-baseline",
        }
    }
}

/// One row of a table: the module a measuring child runs, how, and what it must print.
struct Row {
    name: String,
    /// A `.wasm` (corpus programs) or a `.wat` (exception kernels).
    module: PathBuf,
    /// The child's PHASE argument: `full`, `startup` or `run=N`.
    phase: String,
    /// The native build, for the native column (corpus programs only).
    native: Option<PathBuf>,
    /// What the run must print, if it is checked.
    expected: Option<String>,
    /// Whether the module needs exception handling.
    exceptions: bool,
    /// Whether the module needs SIMD: then an engine that rejects it as unsupported is listed
    /// as such, not counted as a failed run.
    simd: bool,
}

impl Row {
    fn program(program: &'static Program, phase: Phase) -> Row {
        Row {
            name: program.name.to_string(),
            module: program.wasm_path(),
            phase: match phase {
                Phase::Full => "full".into(),
                Phase::Startup => "startup".into(),
            },
            native: Some(program.native_path()),
            expected: match phase {
                Phase::Full => program.expected_output(),
                Phase::Startup => None,
            },
            exceptions: false,
            simd: program.kind == ProgramKind::Simd,
        }
    }

    /// A SIMD kernel's build without SIMD (it prints what the SIMD build prints).
    fn scalar_build(program: &'static Program) -> Option<Row> {
        let module = program.scalar_wasm_path()?;
        Some(Row {
            name: format!("{}_scalar", program.name),
            module,
            phase: "full".into(),
            native: None,
            expected: program.expected_output(),
            exceptions: false,
            simd: false,
        })
    }

    fn exn_kernel(kernel: &'static ExnKernel, n: i64) -> Row {
        Row {
            name: kernel.name.to_string(),
            module: kernel.wat_path(),
            phase: format!("run={n}"),
            native: None,
            expected: Some(format!("{}\n", (kernel.checksum)(n))),
            exceptions: true,
            simd: false,
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !args.run_one.is_empty() {
        return run_one(&args.run_one);
    }
    match compare(&args) {
        Ok(all_passed) => {
            if all_passed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("compare: {e}");
            ExitCode::from(2)
        }
    }
}

/// Child mode: one measured run, program output on stdout, timings line on stderr; on failure
/// the reason on stderr and exit status 1, or [`UNSUPPORTED_EXIT_CODE`] when the engine does not
/// implement a feature the module uses.
fn run_one(spec: &[String]) -> ExitCode {
    let (engine, wasm, phase) = (&spec[0], Path::new(&spec[1]), &spec[2]);
    let Some(engine) = Engine::from_name(engine) else {
        eprintln!("unknown engine {engine}");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(wasm) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {}: {e}", wasm.display());
            return ExitCode::from(2);
        }
    };
    let result = if let Some(n) = phase.strip_prefix("run=") {
        let Ok(n) = n.parse::<i64>() else {
            eprintln!("bad phase {phase}");
            return ExitCode::from(2);
        };
        // The text is parsed before the clock starts: every engine gets the same binary.
        match wat::parse_bytes(&bytes) {
            Ok(wasm) => engines::call_run(engine, &wasm, n)
                .map(|(timings, result)| {
                    println!("{result}");
                    timings
                })
                .map_err(RunError::Failed),
            Err(e) => Err(RunError::Failed(format!("compile: {e}"))),
        }
    } else {
        let phase = if phase == "startup" {
            Phase::Startup
        } else {
            Phase::Full
        };
        let program = wasm
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        engines::run(engine, &bytes, &[program], phase)
    };
    let _ = std::io::stdout().flush();
    match result {
        Ok(timings) => {
            eprintln!("{}", timings.to_line());
            ExitCode::SUCCESS
        }
        Err(RunError::Unsupported(e)) => {
            eprintln!("{e}");
            ExitCode::from(UNSUPPORTED_EXIT_CODE)
        }
        Err(RunError::Failed(e)) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

/// Result of one child run: its timings and its stdout, or why it failed.
fn measure_child(
    args: &Args,
    column: Column,
    row: &Row,
    timeout: Duration,
) -> Result<(Timings, String), String> {
    let (exe, engine) = match column {
        Column::Native => (row.native.clone().ok_or("no native build")?, None),
        Column::Wasm(engine) => (
            std::env::current_exe().map_err(|e| e.to_string())?,
            Some(engine),
        ),
        Column::Baseline => (
            args.baseline.clone().ok_or("no --baseline")?,
            Some(Engine::Kestrel),
        ),
    };
    let mut command = Command::new(exe);
    if let Some(engine) = engine {
        command
            .arg("--run-one")
            .arg(engine.name())
            .arg(&row.module)
            .arg(&row.phase);
    }
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start: {e}"))?;
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {} s", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let wall = started.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap_or_default()).into_owned();
    if !status.success() {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        if engine.is_some() && status.code() == Some(i32::from(UNSUPPORTED_EXIT_CODE)) {
            return Err(format!("{UNSUPPORTED}: {last}"));
        }
        return Err(format!("{status}: {last}"));
    }
    let timings = match column {
        // Native: the whole process, spawn to exit, counts as "run".
        Column::Native => Timings {
            run: wall,
            ..Timings::default()
        },
        Column::Wasm(_) | Column::Baseline => Timings::from_stderr(&stderr)
            .ok_or_else(|| format!("no timings reported; stderr: {}", stderr.trim()))?,
    };
    Ok((timings, stdout))
}

struct Plan {
    /// Columns of the start-up tables.
    columns: Vec<Column>,
    /// Columns of the kernel table.
    kernel_columns: Vec<Column>,
    kernels: Vec<&'static Program>,
    /// Columns of the SIMD table: the kernel columns less the engines without SIMD.
    simd_columns: Vec<Column>,
    /// Columns of the SIMD kernels' scalar builds: the interpreters (Kestrel's and wasmi's).
    scalar_columns: Vec<Column>,
    /// The engines left out of the SIMD table, with why.
    simd_skipped: Vec<(Column, &'static str)>,
    simd_kernels: Vec<&'static Program>,
    /// Columns of the exception table: the engines with exception handling.
    exn_columns: Vec<Column>,
    /// The engines left out of the exception table, with why.
    exn_skipped: Vec<(Column, &'static str)>,
    exn_kernels: Vec<&'static ExnKernel>,
    hello: Option<&'static Program>,
    large: Option<&'static Program>,
}

fn plan(args: &Args) -> Result<Plan, String> {
    let mut columns = vec![Column::Native];
    columns.extend(Engine::ALL.into_iter().map(Column::Wasm));
    let mut kernel_columns = columns.clone();
    if args.engines.is_empty() {
        // Compilation modes that only change start-up are left out of the kernel table.
        kernel_columns.retain(|c| !matches!(c, Column::Wasm(e) if e.startup_only()));
    } else {
        for name in &args.engines {
            if !columns.iter().any(|c| c.name() == name) {
                return Err(format!("unknown engine {name}"));
            }
        }
        columns.retain(|c| args.engines.iter().any(|n| n == c.name()));
        kernel_columns = columns.clone();
    }
    for name in &args.only {
        if Program::by_name(name).is_none()
            && ExnKernel::by_name(name).is_none()
            && name != SIMD_SET
            && name != SIMD_HELD_OUT_SET
        {
            return Err(format!("unknown program {name}"));
        }
    }
    let wanted = |p: &&Program| {
        args.only.is_empty()
            || args.only.iter().any(|n| {
                n == p.name
                    || (n == SIMD_SET && p.kind == ProgramKind::Simd)
                    || (n == SIMD_HELD_OUT_SET && p.held_out())
            })
    };
    let kernels = PROGRAMS
        .iter()
        .filter(|p| p.kind == ProgramKind::Kernel)
        .filter(wanted)
        .collect();
    let simd_kernels = PROGRAMS
        .iter()
        .filter(|p| p.kind == ProgramKind::Simd)
        .filter(wanted)
        .collect();
    // The native column stays; engines without SIMD are left out, with why. So is the
    // baseline: `--baseline` compares two builds on the Wasm 2.0 kernels (a build older than
    // the SIMD set would report its rejection of SIMD as a failure).
    let mut simd_skipped = Vec::new();
    let simd_columns: Vec<Column> = kernel_columns
        .iter()
        .copied()
        .filter(|c| match c {
            Column::Wasm(e) => e.simd().map_err(|why| simd_skipped.push((*c, why))).is_ok(),
            Column::Native => true,
            Column::Baseline => false,
        })
        .collect();
    let scalar_columns = simd_columns
        .iter()
        .copied()
        .filter(|c| {
            matches!(
                c,
                Column::Wasm(
                    Engine::Kestrel
                        | Engine::KestrelEager
                        | Engine::KestrelLazyValidation
                        | Engine::WasmiEager
                        | Engine::WasmiLazyTranslation
                        | Engine::WasmiLazy
                )
            )
        })
        .collect();
    let exn_kernels = EXN_KERNELS
        .iter()
        .filter(|k| args.only.is_empty() || args.only.iter().any(|n| n == k.name))
        .collect();
    let (exn_columns, exn_skipped) = kernel_columns
        .iter()
        .filter_map(|c| match c {
            Column::Wasm(e) => Some((*c, e.exceptions())),
            _ => None,
        })
        .partition::<Vec<_>, _>(|(_, supported)| supported.is_ok());
    let exn_columns = exn_columns.into_iter().map(|(c, _)| c).collect();
    let exn_skipped = exn_skipped
        .into_iter()
        .filter_map(|(c, supported)| supported.err().map(|why| (c, why)))
        .collect();
    if let Some(exe) = &args.baseline {
        if !exe.is_file() {
            return Err(format!("no baseline binary {}", exe.display()));
        }
        // Right after Kestrel's column, so the two builds are measured back to back.
        let at = kernel_columns
            .iter()
            .position(|c| *c == Column::Wasm(Engine::Kestrel))
            .map_or(kernel_columns.len(), |k| k + 1);
        kernel_columns.insert(at, Column::Baseline);
    }
    let hello = PROGRAMS
        .iter()
        .find(|p| p.kind == ProgramKind::Hello)
        .filter(wanted);
    let large = PROGRAMS
        .iter()
        .find(|p| p.kind == ProgramKind::Large)
        .filter(wanted);
    Ok(Plan {
        columns,
        kernel_columns,
        kernels,
        simd_columns,
        scalar_columns,
        simd_skipped,
        simd_kernels,
        exn_columns,
        exn_skipped,
        exn_kernels,
        hello,
        large,
    })
}

/// Why a column cannot be measured for a row, if it cannot.
fn absent_reason(column: Column, row: &Row) -> Option<String> {
    match column {
        Column::Native => match &row.native {
            Some(path) if path.exists() => None,
            Some(_) => Some("no native build (run benches/corpus/build.sh)".into()),
            None => Some("no native build of this kernel".into()),
        },
        Column::Wasm(e) => e
            .availability()
            .and_then(|()| {
                if row.exceptions {
                    e.exceptions()
                } else {
                    Ok(())
                }
            })
            .and_then(|()| if row.simd { e.simd() } else { Ok(()) })
            .err()
            .map(str::to_string),
        Column::Baseline => None,
    }
}

/// Runs `rows` × `columns` for `args.runs` rounds, alternating the column order, and checks
/// each run's output. `pick` chooses which phase's time goes in the table.
fn measure_table(
    args: &Args,
    columns: &[Column],
    rows: &[Row],
    pick: fn(&Timings) -> Duration,
    failures: &mut Failures,
) -> TimeTable {
    let timeout = Duration::from_secs(args.timeout);
    let mut cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|p| {
            columns
                .iter()
                .map(|c| match absent_reason(*c, p) {
                    Some(why) => Cell::Absent(why),
                    None => Cell::Samples(Vec::new()),
                })
                .collect()
        })
        .collect();
    for round in 0..args.runs {
        for (p, program) in rows.iter().enumerate() {
            for k in 0..columns.len() {
                let c = (k + round) % columns.len();
                let column = columns[c];
                if !matches!(cells[p][c], Cell::Samples(_)) {
                    continue;
                }
                let outcome =
                    measure_child(args, column, program, timeout).and_then(
                        |(t, out)| match &program.expected {
                            Some(want) if out != *want => Err(format!(
                                "{WRONG_OUTPUT}: got {:?}, want {:?}",
                                out.trim(),
                                want.trim()
                            )),
                            _ => Ok(t),
                        },
                    );
                match outcome {
                    Ok(t) => {
                        eprintln!(
                            "[{}/{}] {} on {}: {} ok",
                            round + 1,
                            args.runs,
                            program.name,
                            column.name(),
                            format_duration(pick(&t))
                        );
                        if let Cell::Samples(s) = &mut cells[p][c] {
                            s.push(pick(&t));
                        }
                    }
                    Err(why) if program.simd && why.starts_with(UNSUPPORTED) => {
                        eprintln!(
                            "[{}/{}] {} on {}: {why}",
                            round + 1,
                            args.runs,
                            program.name,
                            column.name()
                        );
                        failures.unsupported.push(format!(
                            "{} on {}: {why}",
                            program.name,
                            column.name()
                        ));
                        cells[p][c] = Cell::Unsupported(why);
                    }
                    Err(why) => {
                        eprintln!(
                            "[{}/{}] {} on {}: FAILED: {why}",
                            round + 1,
                            args.runs,
                            program.name,
                            column.name()
                        );
                        failures.record(
                            column.name(),
                            why.starts_with(WRONG_OUTPUT),
                            format!("{} on {}: {why}", program.name, column.name()),
                        );
                        cells[p][c] = Cell::Failed(why);
                    }
                }
            }
        }
    }
    let baseline = columns
        .iter()
        .position(|c| *c == Column::Wasm(Engine::Kestrel));
    TimeTable {
        columns: columns.iter().map(|c| c.name().to_string()).collect(),
        rows: rows.iter().map(|p| p.name.clone()).zip(cells).collect(),
        baseline,
    }
}

/// Everything that went wrong, by kind: a wrong output is a correctness bug wherever it
/// happens; a run that failed is a Kestrel bug, or a peer's limitation (reported, not fatal);
/// a SIMD module an engine rejects as unsupported is a missing feature (reported, not fatal).
#[derive(Default)]
struct Failures {
    wrong_output: Vec<String>,
    kestrel: Vec<String>,
    peers: Vec<String>,
    unsupported: Vec<String>,
}

impl Failures {
    fn record(&mut self, column: &str, wrong_output: bool, what: String) {
        if wrong_output {
            self.wrong_output.push(what);
        } else if column.starts_with("kestrel") {
            self.kestrel.push(what);
        } else {
            self.peers.push(what);
        }
    }

    /// The run passes when every output was right and Kestrel ran everything.
    fn passed(&self) -> bool {
        self.wrong_output.is_empty() && self.kestrel.is_empty()
    }
}

/// How a failure message starts when the program ran but printed the wrong checksum.
const WRONG_OUTPUT: &str = "wrong output";

/// How a failure message starts when the engine rejected the module as using a feature it does
/// not implement (the child exited with [`UNSUPPORTED_EXIT_CODE`]).
const UNSUPPORTED: &str = "unsupported";

/// A pass/fail line of the "must show" list.
struct Target {
    what: String,
    value: Option<f64>,
    limit: f64,
}

impl Target {
    fn line(&self) -> String {
        match self.value {
            Some(v) => format!(
                "- {} {}: {} (target ≤ {:.2})",
                if v <= self.limit { "PASS" } else { "FAIL" },
                self.what,
                format_ratio(v),
                self.limit
            ),
            None => format!("- n/a {}: not measured", self.what),
        }
    }
}

fn column_index(table: &TimeTable, engine: Engine) -> Option<usize> {
    table.columns.iter().position(|c| c == engine.name())
}

/// The table's columns of wasmi's three modes.
fn wasmi_columns(table: &TimeTable) -> [Option<usize>; 3] {
    [
        Engine::WasmiEager,
        Engine::WasmiLazyTranslation,
        Engine::WasmiLazy,
    ]
    .map(|e| column_index(table, e))
}

/// The geomean of Kestrel ÷ wasmi against wasmi's fastest mode (the largest ratio).
fn geomean_vs_fastest_wasmi(table: &TimeTable) -> Option<f64> {
    wasmi_columns(table)
        .iter()
        .flatten()
        .filter_map(|&c| table.geomean_ratio(c))
        .fold(None, |acc: Option<f64>, r| {
            Some(acc.map_or(r, |a: f64| a.max(r)))
        })
}

fn compare(args: &Args) -> Result<bool, String> {
    let plan = plan(args)?;
    let mut failures = Failures::default();
    let mut md = String::new();
    let _ = writeln!(md, "# Kestrel and peers side by side\n");
    let _ = writeln!(md, "Machine: {}\n", kestrel_benches::machine::describe());
    let _ = writeln!(
        md,
        "Produced by `cargo run --release -p kestrel-benches --bin compare` (median of {} runs, \
         each in a fresh process, engines alternating). Times are compile + instantiate + run; \
         in parentheses: Kestrel's time ÷ this column's (below 1.00 = Kestrel faster). \
         Every output is checked against the native build's.\n",
        args.runs
    );
    for c in &plan.columns {
        if let Column::Wasm(e) = c
            && let Err(why) = e.availability()
        {
            let _ = writeln!(md, "- {} not measured: {why}", e.name());
        }
    }

    let mut targets = Vec::new();
    if !plan.kernels.is_empty() {
        let rows: Vec<Row> = plan
            .kernels
            .iter()
            .map(|p| Row::program(p, Phase::Full))
            .collect();
        let table = measure_table(
            args,
            &plan.kernel_columns,
            &rows,
            Timings::total,
            &mut failures,
        );
        let _ = writeln!(md, "\n## Kernels\n\n{}", table.to_markdown());
        if let Some(exe) = &args.baseline {
            let _ = writeln!(
                md,
                "kestrel-baseline: Kestrel (default mode) as built into `{}`, measured in the \
                 same rounds; its ratio is this build's time ÷ the baseline's.",
                exe.display()
            );
        }
        let wasmi = wasmi_columns(&table);
        targets.push(Target {
            what: "kernels geomean, Kestrel ÷ wasmi (its fastest mode)".into(),
            value: geomean_vs_fastest_wasmi(&table),
            limit: 0.8,
        });
        targets.push(Target {
            what: "kernels geomean, Kestrel ÷ wasm3".into(),
            value: column_index(&table, Engine::Wasm3).and_then(|c| table.geomean_ratio(c)),
            limit: 1.0,
        });
        // Worst kernel against wasmi's faster mode on that kernel.
        let worst = (0..table.rows.len())
            .filter_map(|r| {
                wasmi
                    .iter()
                    .flatten()
                    .filter_map(|&c| table.ratio(r, c))
                    .reduce(f64::max)
            })
            .reduce(f64::max);
        targets.push(Target {
            what: "slowest kernel, Kestrel ÷ wasmi (faster mode)".into(),
            value: worst,
            limit: 1.2,
        });
    }

    if !plan.simd_kernels.is_empty() {
        let (section, simd_targets) = simd_section(args, &plan, &mut failures);
        let _ = writeln!(md, "{section}");
        targets.extend(simd_targets);
    }

    if !plan.exn_kernels.is_empty() && !plan.exn_columns.is_empty() {
        let _ = writeln!(md, "{}", exn_section(args, &plan, &mut failures));
    }

    let startup_columns: Vec<Column> = plan
        .columns
        .iter()
        .copied()
        .filter(|c| *c != Column::Native)
        .collect();
    if let Some(large) = plan.large {
        let table = measure_table(
            args,
            &startup_columns,
            &[Row::program(large, Phase::Startup)],
            Timings::startup,
            &mut failures,
        );
        let _ = writeln!(
            md,
            "\n## Start-up: compile + instantiate of the large module ({} KiB)\n\n{}",
            std::fs::metadata(large.wasm_path())
                .map(|m| m.len() / 1024)
                .unwrap_or(0),
            table.to_markdown()
        );
        // Like against like: Kestrel's default validates every body up front and translates on
        // first call, as wasmi's lazy-translation mode does.
        targets.push(Target {
            what: "large module start-up, Kestrel (bodies validated up front) ÷ wasmi \
                   lazy-translation (the same work)"
                .into(),
            value: column_index(&table, Engine::WasmiLazyTranslation)
                .and_then(|c| table.ratio(0, c)),
            limit: 1.0,
        });
        // Both defer validation to first call too (not spec-conforming: invalid bodies load).
        let lazy_validation =
            [Engine::KestrelLazyValidation, Engine::WasmiLazy].map(|e| column_index(&table, e));
        targets.push(Target {
            what: "large module start-up, Kestrel lazy-validation ÷ wasmi lazy (both validate \
                   a body on its first call)"
                .into(),
            value: match lazy_validation {
                [Some(k), Some(w)] => table.ratio_between(0, k, w),
                _ => None,
            },
            limit: 1.0,
        });
        targets.push(Target {
            what: "large module start-up, Kestrel ÷ wasmtime".into(),
            value: column_index(&table, Engine::Wasmtime).and_then(|c| table.ratio(0, c)),
            limit: 0.1,
        });
    }
    if let Some(hello) = plan.hello {
        let table = measure_table(
            args,
            &plan.columns,
            &[Row::program(hello, Phase::Full)],
            Timings::total,
            &mut failures,
        );
        let _ = writeln!(
            md,
            "\n## Start-up: hello world, bytes to exit (native: process spawn to exit)\n\n{}",
            table.to_markdown()
        );
        if !args.no_rss {
            let (section, target) = rss_section(hello, &mut failures);
            let _ = writeln!(md, "\n## Memory: peak RSS running hello.wasm\n\n{section}");
            targets.push(target);
        }
    }

    let _ = writeln!(md, "\n## Targets (issue 5)\n");
    for t in &targets {
        let _ = writeln!(md, "{}", t.line());
    }
    let _ = writeln!(
        md,
        "- {} every output matches its reference: the native build's, or for an exception \
         kernel the checksum computed in Rust ({} wrong)",
        if failures.wrong_output.is_empty() {
            "PASS"
        } else {
            "FAIL"
        },
        failures.wrong_output.len()
    );
    let _ = writeln!(
        md,
        "- {} Kestrel ran every program ({} failed runs)",
        if failures.kestrel.is_empty() {
            "PASS"
        } else {
            "FAIL"
        },
        failures.kestrel.len()
    );
    for f in failures.wrong_output.iter().chain(&failures.kestrel) {
        let _ = writeln!(md, "  - {f}");
    }
    if !failures.unsupported.is_empty() {
        let _ = writeln!(
            md,
            "\nSIMD modules an engine rejected as unsupported (a missing feature, not counted):\n"
        );
        for f in &failures.unsupported {
            let _ = writeln!(md, "- {f}");
        }
    }
    if !failures.peers.is_empty() {
        let _ = writeln!(
            md,
            "\nPeer runs that failed (peer limitations, not counted):\n"
        );
        for f in &failures.peers {
            let _ = writeln!(md, "- {f}");
        }
    }

    print!("{md}");
    if let Some(path) = &args.out {
        std::fs::write(path, &md).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(failures.passed())
}

/// The SIMD kernels: their SIMD builds on the engines that implement SIMD (Kestrel is always
/// tried: an unsupported-feature rejection is listed per kernel), then their scalar builds on
/// the interpreters, and per kernel each interpreter's SIMD build ÷ its scalar build. Tuned and
/// held-out kernels are measured in the same rounds but reported apart: the targets cover the
/// tuned set, the held-out kernels get their own table and geomean, reported, not a target.
fn simd_section(args: &Args, plan: &Plan, failures: &mut Failures) -> (String, Vec<Target>) {
    let rows: Vec<Row> = plan
        .simd_kernels
        .iter()
        .map(|p| Row::program(p, Phase::Full))
        .collect();
    let all = measure_table(args, &plan.simd_columns, &rows, Timings::total, failures);
    let held_out = |r: usize| plan.simd_kernels[r].held_out();
    let table = all.select_rows(|r| !held_out(r));
    let held = all.select_rows(held_out);
    let mut md = String::new();
    let mut targets = Vec::new();
    if !table.rows.is_empty() {
        let _ = writeln!(
            md,
            "\n## SIMD kernels (128-bit SIMD builds)\n\n\
             Our C sources in `benches/corpus/simd/`, built with `-msimd128` (wasm_simd128.h \
             intrinsics; `simd_autovec`: clang's loop vectoriser). Times are compile + \
             instantiate + run; the geomean row is Kestrel ÷ each column over this set alone \
             (the kernels the SIMD work was tuned on; the held-out kernels follow).\n\n{}",
            table.to_markdown()
        );
        targets.push(Target {
            what: "SIMD kernels geomean, Kestrel ÷ wasmi with SIMD (its fastest mode)".into(),
            value: geomean_vs_fastest_wasmi(&table),
            limit: 0.7,
        });
    }
    if !held.rows.is_empty() {
        let _ = writeln!(
            md,
            "\n## Held-out SIMD kernels (128-bit SIMD builds)\n\n\
             Chosen and written after the SIMD tuning, which never looked at them: how the work \
             does on programs it was not tuned on. Measured in the same rounds as the tuned \
             set; the geomean row is over these kernels alone, reported, not a target.\n\n{}",
            held.to_markdown()
        );
        let _ = writeln!(
            md,
            "- held-out geomean, Kestrel ÷ wasmi with SIMD (its fastest mode): {} (tuned set: \
             {}; reported, not a target)",
            geomean_vs_fastest_wasmi(&held).map_or("n/a".into(), format_ratio),
            geomean_vs_fastest_wasmi(&table).map_or("n/a".into(), format_ratio)
        );
    }
    for (column, why) in &plan.simd_skipped {
        let _ = writeln!(md, "- {} not measured: {why}", column.name());
    }

    let scalar_rows: Vec<Row> = plan
        .simd_kernels
        .iter()
        .filter_map(|p| Row::scalar_build(p))
        .collect();
    if plan.scalar_columns.is_empty() || scalar_rows.len() != rows.len() {
        return (md, targets);
    }
    let scalar = measure_table(
        args,
        &plan.scalar_columns,
        &scalar_rows,
        Timings::total,
        failures,
    );
    for (title, part) in [
        ("The same kernels", scalar.select_rows(|r| !held_out(r))),
        ("The held-out kernels", scalar.select_rows(held_out)),
    ] {
        if !part.rows.is_empty() {
            let _ = writeln!(
                md,
                "\n### {title} built without SIMD (`wasm/<name>_scalar.wasm`)\n\n{}",
                part.to_markdown()
            );
        }
    }
    // Per kernel: SIMD build ÷ scalar build on each interpreter (below 1.00 = SIMD faster).
    let _ = writeln!(
        md,
        "\nSIMD build ÷ scalar build (below 1.00 = the SIMD build is faster):\n"
    );
    // Kestrel's slowest SIMD ÷ scalar, and whether every kernel has one: [tuned, held out].
    let mut kestrel_worst: [Option<f64>; 2] = [None, None];
    let mut kestrel_all = [true, true];
    for (r, kernel) in plan.simd_kernels.iter().enumerate() {
        let set = usize::from(kernel.held_out());
        let ratios: Vec<String> = scalar
            .columns
            .iter()
            .enumerate()
            .map(|(sc, name)| {
                let simd = all
                    .columns
                    .iter()
                    .position(|c| c == name)
                    .and_then(|c| all.rows[r].1[c].median());
                let ratio = simd
                    .zip(scalar.rows[r].1[sc].median())
                    .map(|(v, s)| v.as_secs_f64() / s.as_secs_f64());
                if name == Engine::Kestrel.name() {
                    match ratio {
                        Some(x) => {
                            kestrel_worst[set] = Some(kestrel_worst[set].map_or(x, |w| w.max(x)))
                        }
                        None => kestrel_all[set] = false,
                    }
                }
                format!("{name} {}", ratio.map_or("n/a".into(), format_ratio))
            })
            .collect();
        let native = all
            .columns
            .iter()
            .position(|c| c == Column::Native.name())
            .and_then(|c| all.rows[r].1[c].median())
            .map_or("n/a".into(), format_duration);
        let _ = writeln!(
            md,
            "- `{}`{}: {}; native {native}; {}",
            kernel.name,
            if kernel.held_out() { " (held out)" } else { "" },
            kernel.about,
            ratios.join(", ")
        );
    }
    if !table.rows.is_empty() {
        targets.push(Target {
            what: "every SIMD kernel faster than its scalar build on Kestrel (the slowest's \
                   SIMD ÷ scalar)"
                .into(),
            value: kestrel_worst[0].filter(|_| kestrel_all[0]),
            limit: 1.0,
        });
    }
    if !held.rows.is_empty() {
        let _ = writeln!(
            md,
            "- held-out kernels, the slowest's SIMD ÷ scalar on Kestrel: {} (reported, not a \
             target)",
            kestrel_worst[1]
                .filter(|_| kestrel_all[1])
                .map_or("n/a".into(), format_ratio)
        );
    }
    (md, targets)
}

/// The exception kernels on the engines that implement exception handling: a table of the
/// call of `run(n)` alone, the time per iteration, and the happy path's try_table ÷ plain.
fn exn_section(args: &Args, plan: &Plan, failures: &mut Failures) -> String {
    let n_of = |k: &ExnKernel| if args.quick { QUICK_N } else { k.n };
    let rows: Vec<Row> = plan
        .exn_kernels
        .iter()
        .map(|k| Row::exn_kernel(k, n_of(k)))
        .collect();
    let table = measure_table(args, &plan.exn_columns, &rows, |t| t.run, failures);
    let mut md = String::new();
    let _ = writeln!(
        md,
        "\n## Exceptions: throw and catch (standard form)\n\n\
         Time of the call `run(n)` alone (compile and instantiate excluded); every result is \
         checked against the checksum computed in Rust. Sources: `benches/corpus/wat/`.{}\n\n{}",
        if args.quick {
            format!(" `--quick`: n = {QUICK_N}, not a measurement.")
        } else {
            String::new()
        },
        table.to_markdown()
    );
    for (column, why) in &plan.exn_skipped {
        let _ = writeln!(md, "- {} not measured: {why}", column.name());
    }
    let _ = writeln!(md, "\nPer iteration (median ÷ n):\n");
    for (r, kernel) in plan.exn_kernels.iter().enumerate() {
        let per_iteration: Vec<String> = table
            .columns
            .iter()
            .zip(&table.rows[r].1)
            .filter_map(|(name, cell)| {
                let ns = cell.median()?.as_secs_f64() * 1e9 / n_of(kernel) as f64;
                Some(format!("{name} {ns:.1} ns"))
            })
            .collect();
        let _ = writeln!(
            md,
            "- `{}` (n = {}): {}; {}",
            kernel.name,
            n_of(kernel),
            kernel.about,
            per_iteration.join(", ")
        );
    }
    let row_of = |name| plan.exn_kernels.iter().position(|k| k.name == name);
    if let (Some(with), Some(without)) = (row_of(HAPPY_PAIR.0), row_of(HAPPY_PAIR.1)) {
        let ratios: Vec<String> = (0..table.columns.len())
            .filter_map(|c| {
                let with = table.rows[with].1[c].median()?.as_secs_f64();
                let without = table.rows[without].1[c].median()?.as_secs_f64();
                Some(format!("{} {:.3}", table.columns[c], with / without))
            })
            .collect();
        let _ = writeln!(
            md,
            "\nHappy path, `{}` ÷ `{}` (the loop in a try_table never thrown through ÷ the same \
             loop without it; 1.00 = the try_table costs nothing): {}",
            HAPPY_PAIR.0,
            HAPPY_PAIR.1,
            ratios.join(", ")
        );
    }
    md
}

/// Peak RSS of `kestrel wasm hello.wasm` and of `wasmtime-run hello.wasm` (the wasmtime CLI
/// equivalent). Both binaries are built first with the cargo that runs us.
fn rss_section(hello: &Program, failures: &mut Failures) -> (String, Target) {
    let target = |value| Target {
        what: "peak RSS of hello, kestrel ÷ wasmtime CLI equivalent".into(),
        value,
        limit: 1.0,
    };
    let bin_dir = match std::env::current_exe() {
        Ok(exe) => exe.parent().map(Path::to_path_buf).unwrap_or_default(),
        Err(e) => return (format!("not measured: {e}\n"), target(None)),
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(&cargo)
        .args([
            "build",
            "--release",
            "-p",
            "kestrel-runner",
            "--bin",
            "kestrel",
        ])
        .args(["-p", "kestrel-benches", "--bin", "wasmtime-run"])
        .status();
    if !matches!(built, Ok(s) if s.success()) {
        let why = "could not build `kestrel` and `wasmtime-run` (cargo build --release -p kestrel-runner -p kestrel-benches)";
        failures.record("kestrel", false, format!("rss: {why}"));
        return (format!("not measured: {why}\n"), target(None));
    }
    let expected = hello.expected_output().unwrap_or_default();
    let wasm = hello.wasm_path();
    let mut rows = String::from("| command | peak RSS |\n|---|---:|\n");
    let mut measured = Vec::new();
    for (label, bin, pre) in [
        ("kestrel wasm hello.wasm", "kestrel", vec!["wasm"]),
        ("wasmtime-run hello.wasm", "wasmtime-run", vec![]),
    ] {
        let mut cmd = Command::new(bin_dir.join(bin));
        cmd.args(pre).arg(&wasm);
        match peak_rss::measure(&mut cmd) {
            Ok(r) if r.stdout == expected => {
                let _ = writeln!(rows, "| `{label}` | {:.1} MiB |", r.kib as f64 / 1024.0);
                measured.push(r.kib);
            }
            Ok(r) => {
                let why = format!("{label}: {WRONG_OUTPUT} {:?}", r.stdout);
                let _ = writeln!(rows, "| `{label}` | FAILED: wrong output |");
                failures.record(bin, true, why);
            }
            Err(why) => {
                let _ = writeln!(rows, "| `{label}` | FAILED: {why} |");
                failures.record(bin, false, format!("{label}: {why}"));
            }
        }
    }
    rows.push_str(
        "\n`wasmtime-run` is this package's equivalent of `wasmtime run` (wasmtime 48, Cranelift, \
         wasmtime-wasi preview1): the wasmtime CLI cannot be installed here.\n",
    );
    let ratio = (measured.len() == 2).then(|| measured[0] as f64 / measured[1] as f64);
    (rows, target(ratio))
}
