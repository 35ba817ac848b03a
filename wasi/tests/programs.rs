//! Runs the WASI test programs of `programs/wasm/` through the engine and kestrel-wasi, one
//! case per `programs/cases/NAME.json` (a new case is a file): it lays out files and
//! symlinks in a temporary directory, preopens the directories the case names, feeds stdin,
//! captures stdout, and checks the exit status, the exact stdout (`NAME.stdout`) and that the
//! directories listed as `unchanged` are byte-for-byte as before (nothing escaped into them).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kestrel::{Engine, Linker, Module, Store};
use kestrel_wasi::{I32Exit, ReadPipe, WasiCtx, WasiCtxBuilder, WritePipe};
use serde::Deserialize;

#[derive(Deserialize)]
struct Dir {
    host: String,
    guest: String,
    #[serde(default)]
    read_only: bool,
}

#[derive(Deserialize)]
struct Case {
    program: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    env: Vec<(String, String)>,
    #[serde(default)]
    stdin: String,
    /// Path → content; a path ending in `/` is a directory.
    #[serde(default)]
    files: BTreeMap<String, String>,
    /// Link path → target; `{tmp}` in a target is the case's temporary directory.
    #[serde(default)]
    symlinks: BTreeMap<String, String>,
    dirs: Vec<Dir>,
    #[serde(default)]
    unchanged: Vec<String>,
    exit_code: i32,
    stdout: String,
}

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

/// Every file beneath `dir` with its content (symlinks as their target), sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p.clone());
                out.push((p, b"<dir>".to_vec()));
            } else if meta.file_type().is_symlink() {
                let t = std::fs::read_link(&p).unwrap();
                out.push((p, t.into_os_string().into_encoded_bytes()));
            } else {
                let c = std::fs::read(&p).unwrap();
                out.push((p, c));
            }
        }
    }
    out.sort();
    out
}

struct State {
    wasi: WasiCtx,
}

/// Runs one program; returns (exit status, stdout, stderr).
pub fn run_program(
    wasm: &Path,
    build: impl FnOnce(&mut WasiCtxBuilder),
) -> (i32, Vec<u8>, Vec<u8>) {
    let (stdout, stderr) = (WritePipe::new(), WritePipe::new());
    let mut b = WasiCtxBuilder::new();
    b.stdout(stdout.clone()).stderr(stderr.clone());
    build(&mut b);
    let engine = Engine::default();
    let module = Module::from_file(&engine, wasm).unwrap();
    let mut store = Store::new(
        &engine,
        State {
            wasi: b.build().unwrap(),
        },
    );
    let mut linker = Linker::new(&engine);
    kestrel_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap();
    let code = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => panic!(
                "{} failed: {e}\nstderr: {}",
                wasm.display(),
                String::from_utf8_lossy(&stderr.contents())
            ),
        },
    };
    (code, stdout.contents(), stderr.contents())
}

fn run_case(name: &str, case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    for (path, content) in &case.files {
        let p = tmp.path().join(path);
        if path.ends_with('/') {
            std::fs::create_dir_all(&p).unwrap();
        } else {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, content).unwrap();
        }
    }
    for (link, target) in &case.symlinks {
        let target = target.replace("{tmp}", &tmp.path().display().to_string());
        std::os::unix::fs::symlink(target, tmp.path().join(link)).unwrap();
    }
    let before: Vec<_> = case
        .unchanged
        .iter()
        .map(|d| snapshot(&tmp.path().join(d)))
        .collect();
    let wasm = programs_dir().join("wasm").join(&case.program);
    let (code, stdout, stderr) = run_program(&wasm, |b| {
        b.arg(&case.program).args(&case.args);
        for (k, v) in &case.env {
            b.env(k, v);
        }
        b.stdin(ReadPipe::new(case.stdin.as_bytes()));
        for d in &case.dirs {
            b.preopened_dir(tmp.path().join(&d.host), d.guest.as_str(), d.read_only)
                .unwrap();
        }
    });
    let expected =
        std::fs::read_to_string(programs_dir().join("cases").join(&case.stdout)).unwrap();
    let stdout = String::from_utf8_lossy(&stdout);
    let mut problems = Vec::new();
    if code != case.exit_code {
        problems.push(format!("exit status {code}, expected {}", case.exit_code));
    }
    if stdout != expected {
        problems.push(format!(
            "stdout differs:\n--- got\n{stdout}--- expected\n{expected}"
        ));
    }
    for (dir, snap) in case.unchanged.iter().zip(before) {
        if snapshot(&tmp.path().join(dir)) != snap {
            problems.push(format!("{dir}/ changed"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: {}\nstderr: {}",
            problems.join("\n"),
            String::from_utf8_lossy(&stderr)
        ))
    }
}

#[test]
fn program_cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(programs_dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let case: Case = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        count += 1;
        if let Err(e) = run_case(&name, &case) {
            failures.push(e);
        }
    }
    assert!(count >= 4, "expected the program cases, found {count}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The all-functions program must check each of the 46 functions: its expected output names
/// every one.
#[test]
fn every_preview1_function_is_checked() {
    const ALL: [&str; 46] = [
        "args_get",
        "args_sizes_get",
        "environ_get",
        "environ_sizes_get",
        "clock_res_get",
        "clock_time_get",
        "fd_advise",
        "fd_allocate",
        "fd_close",
        "fd_datasync",
        "fd_fdstat_get",
        "fd_fdstat_set_flags",
        "fd_fdstat_set_rights",
        "fd_filestat_get",
        "fd_filestat_set_size",
        "fd_filestat_set_times",
        "fd_pread",
        "fd_prestat_get",
        "fd_prestat_dir_name",
        "fd_pwrite",
        "fd_read",
        "fd_readdir",
        "fd_renumber",
        "fd_seek",
        "fd_sync",
        "fd_tell",
        "fd_write",
        "path_create_directory",
        "path_filestat_get",
        "path_filestat_set_times",
        "path_link",
        "path_open",
        "path_readlink",
        "path_remove_directory",
        "path_rename",
        "path_symlink",
        "path_unlink_file",
        "poll_oneoff",
        "proc_exit",
        "proc_raise",
        "sched_yield",
        "random_get",
        "sock_accept",
        "sock_recv",
        "sock_send",
        "sock_shutdown",
    ];
    let out = std::fs::read_to_string(programs_dir().join("cases/wasi_calls.stdout")).unwrap();
    let checked: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("ok ")).collect();
    for f in ALL {
        // proc_exit is checked by the exit status 42 of the case.
        assert!(
            f == "proc_exit" || checked.contains(&f),
            "{f} is not checked"
        );
    }
}
