//! `kestrel wasm` end to end, one case per `tests/wasm_cli/cases/NAME.json` (a new case is a
//! file): the command line, the host environment, and the expected exit status, stdout
//! (exact, the contents of a file, or fragments) and stderr fragments. In strings, `{root}` is the repository,
//! `{cli}` this folder, `{programs}` the WASI test programs, `{tmp}` a fresh temporary folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn cli_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasm_cli")
}

fn run_case(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let subst = |s: &str| {
        s.replace("{root}", &root.display().to_string())
            .replace("{cli}", &cli_dir().display().to_string())
            .replace(
                "{programs}",
                &root.join("wasi/tests/programs/wasm").display().to_string(),
            )
            .replace("{tmp}", &tmp.path().display().to_string())
    };
    let case: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let strings = |key: &str| -> Vec<String> {
        case.get(key)
            .and_then(|v| v.as_array())
            .map(|a| a.iter().map(|s| subst(s.as_str().unwrap())).collect())
            .unwrap_or_default()
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kestrel"));
    cmd.arg("wasm").args(strings("args"));
    if let Some(env) = case.get("host_env").and_then(|e| e.as_object()) {
        for (k, v) in env {
            cmd.env(k, v.as_str().unwrap());
        }
    }
    if let Some(cwd) = case.get("cwd").and_then(|c| c.as_str()) {
        cmd.current_dir(subst(cwd));
    }
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run kestrel: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut problems = Vec::new();
    let want = case["exit_code"].as_i64().unwrap();
    if out.status.code().map(i64::from) != Some(want) {
        problems.push(format!(
            "exit status {:?}, expected {want}",
            out.status.code()
        ));
    }
    if let Some(exact) = case.get("stdout").and_then(|s| s.as_str())
        && stdout != subst(exact)
    {
        problems.push(format!("stdout {stdout:?}, expected {:?}", subst(exact)));
    }
    if let Some(file) = case.get("stdout_file").and_then(|s| s.as_str()) {
        let path = subst(file);
        let want = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        if stdout != want {
            let line = stdout
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .map_or(stdout.lines().count().min(want.lines().count()), |n| n);
            problems.push(format!(
                "stdout differs from {path} at line {}:\n{stdout}",
                line + 1
            ));
        }
    }
    for frag in strings("stdout_contains") {
        if !stdout.contains(&frag) {
            problems.push(format!("stdout lacks {frag:?}: {stdout:?}"));
        }
    }
    for frag in strings("stderr_contains") {
        if !stderr.contains(&frag) {
            problems.push(format!("stderr lacks {frag:?}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n  {}\n  stderr: {stderr}",
            path.display(),
            problems.join("\n  ")
        ))
    }
}

#[test]
fn wasm_cli_cases() {
    let mut cases: Vec<_> = std::fs::read_dir(cli_dir().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "cases missing");
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--tcplisten` hands the guest a listening socket: the echo program serves connections.
#[test]
fn tcplisten_serves_connections() {
    use std::io::{Read, Write};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_kestrel"))
        .args(["wasm", "--tcplisten", &addr])
        .arg(root.join("wasi/tests/programs/wasm/tcp_echo.wasm"))
        .arg("3")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    for i in 0..3u8 {
        let mut conn = None;
        for _ in 0..500 {
            match std::net::TcpStream::connect(&addr) {
                Ok(c) => {
                    conn = Some(c);
                    break;
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
            }
        }
        let mut conn = conn.expect("kestrel did not listen");
        let data = vec![i; 1000 + usize::from(i)];
        conn.write_all(&data).unwrap();
        conn.shutdown(std::net::Shutdown::Write).unwrap();
        let mut back = Vec::new();
        conn.read_to_end(&mut back).unwrap();
        assert_eq!(back, data);
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "served 3 connections, 3003 bytes\n"
    );
}

/// The address space (`VmSize`) of a `kestrel wasm` process running the sleeping fixture
/// (one linear memory with no maximum), read once the guest has printed.
fn vm_size_kib_while_sleeping(extra: &[&str]) -> u64 {
    use std::io::BufRead;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_kestrel"))
        .arg("wasm")
        .args(extra)
        .arg(root.join("tests/fixtures/wasm/sleep.wasm"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id()));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(line, "sleeping\n");
    let status = status.unwrap();
    let vm_size = status
        .lines()
        .find_map(|l| l.strip_prefix("VmSize:"))
        .unwrap_or_else(|| panic!("no VmSize in {status}"));
    vm_size
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap()
}

/// `--memory-reservation` caps what a memory reserves up front: a memory with no maximum
/// reserves 4 GiB of address space by default (64-bit hosts), 1 MiB with the cap.
#[test]
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn memory_reservation_caps_the_address_space_a_memory_reserves() {
    let default = vm_size_kib_while_sleeping(&[]);
    let capped = vm_size_kib_while_sleeping(&["--memory-reservation", "1M"]);
    assert!(default > 4 << 20, "default VmSize {default} kB");
    assert!(
        capped < default - (3 << 20),
        "capped VmSize {capped} kB, default {default} kB"
    );
}
