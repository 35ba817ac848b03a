//! The `kestrel` OCI CLI driven directly, as containerd's shim drives it: the create/start
//! process model, state, kill, delete, pid file, exec FIFO, console socket, cgroups, stray fds,
//! runc delegation, errors in the `--log` file, and broken bundles (data-driven, in
//! `tests/bundle_cases/`). Needs root (cgroups, runc); prints why and returns otherwise.

mod support;

use std::io::{IoSliceMut, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::command::{Finished, run};
use support::rootfs::{busybox_rootfs, wasm_rootfs};

const LIMIT: Duration = Duration::from_secs(60);

/// A private `--root` and `--log` for one test.
struct Runtime {
    dir: PathBuf,
}

impl Runtime {
    fn new(name: &str) -> Option<Runtime> {
        if !support::is_root() {
            eprintln!("SKIPPED {name}: the OCI runtime tests need root");
            return None;
        }
        // Reap the container inits the way containerd's shim does.
        // SAFETY: prctl(PR_SET_CHILD_SUBREAPER) has no memory-safety preconditions.
        unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1) };
        let dir = PathBuf::from(format!("/tmp/kestrel-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Some(Runtime { dir })
    }

    fn root(&self) -> PathBuf {
        self.dir.join("root")
    }

    fn log(&self) -> PathBuf {
        self.dir.join("log.json")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(support::kestrel_bin());
        c.arg("--root")
            .arg(self.root())
            .arg("--log")
            .arg(self.log())
            .args(["--log-format", "json"])
            .args(args);
        c
    }

    fn kestrel(&self, args: &[&str]) -> Finished {
        run(&mut self.cmd(args), LIMIT)
    }

    fn state(&self, id: &str) -> serde_json::Value {
        let out = self.kestrel(&["state", id]).ok("kestrel state");
        serde_json::from_str(&out.stdout).unwrap()
    }

    fn wait_status(&self, id: &str, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let st = self.state(id);
            if st["status"] == want {
                return;
            }
            assert!(Instant::now() < deadline, "{id} never became {want}: {st}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The last line of the log file, parsed.
    fn last_log_line(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.log()).unwrap_or_default();
        let last = text.lines().last().unwrap_or("{}").to_string();
        serde_json::from_str(&last).unwrap_or_else(|e| panic!("log line {last:?}: {e}"))
    }

    /// Writes a wasm bundle running `args` and returns its directory.
    fn wasm_bundle(&self, name: &str, args: &[&str], extra: serde_json::Value) -> PathBuf {
        let bundle = self.dir.join(name);
        wasm_rootfs(&bundle.join("rootfs"));
        let mut config = serde_json::json!({
            "ociVersion": "1.0.2",
            "process": { "terminal": false, "user": { "uid": 0, "gid": 0 }, "args": args,
                         "env": ["PATH=/", "GREETING=hi"], "cwd": "/",
                         "rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }] },
            "root": { "path": "rootfs" },
            "mounts": [{ "destination": "/proc", "type": "proc", "source": "proc" },
                       { "destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                         "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },
                       { "destination": "/dev/pts", "type": "devpts", "source": "devpts",
                         "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666",
                                     "mode=0620"] }],
            "linux": { "cgroupsPath": format!("/kestrel-test/{name}-{}", std::process::id()),
                       "namespaces": [{ "type": "mount" }, { "type": "pid" }, { "type": "ipc" },
                                      { "type": "uts" }],
                       "resources": { "memory": { "limit": 67108864 } } },
        });
        merge(&mut config, extra);
        std::fs::write(bundle.join("config.json"), config.to_string()).unwrap();
        bundle
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        for id in std::fs::read_dir(self.root())
            .into_iter()
            .flatten()
            .flatten()
        {
            let id = id.file_name().to_string_lossy().into_owned();
            if !id.starts_with('.') {
                let _ = self.kestrel(&["delete", "--force", &id]);
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Rewrites `bundle`'s config.json through `edit`.
fn edit_config(bundle: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = bundle.join("config.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut config);
    std::fs::write(&path, config.to_string()).unwrap();
}

fn merge(into: &mut serde_json::Value, from: serde_json::Value) {
    match (into, from) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in b {
                merge(a.entry(k).or_insert(serde_json::Value::Null), v);
            }
        }
        (slot, v) => *slot = v,
    }
}

fn cgroup_dir(controller: &str, bundle_name: &str) -> PathBuf {
    PathBuf::from(format!(
        "/sys/fs/cgroup/{controller}/kestrel-test/{bundle_name}-{}",
        std::process::id()
    ))
}

/// Reaps `pid` if it is our (adopted) child; ignores it otherwise.
fn reap(pid: i32) {
    let mut status = 0;
    // SAFETY: waitpid with a valid out pointer.
    unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
}

fn fds_of(pid: i32) -> Vec<i32> {
    let mut fds: Vec<i32> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect();
    fds.sort();
    fds
}

#[test]
fn broken_bundles_are_refused_clearly() {
    let Some(rt) = Runtime::new("broken") else {
        return;
    };
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bundle_cases");
    let mut n = 0;
    for case in std::fs::read_dir(&cases).unwrap().flatten() {
        if !case.path().is_dir() {
            continue;
        }
        let name = case.file_name().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.path().join("expected-error")).unwrap();
        let expected = expected.trim();
        let bundle = case.path();
        let out = rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), &name]);
        assert_eq!(out.code(), 1, "case {name}: {out:?}");
        assert!(
            out.stderr.contains(expected),
            "case {name}: stderr {:?} lacks {expected:?}",
            out.stderr
        );
        let line = rt.last_log_line();
        assert_eq!(line["level"], "error", "case {name}: {line}");
        assert!(
            line["msg"].as_str().unwrap().contains(expected),
            "case {name}: {line}"
        );
        assert!(
            !rt.root().join(&name).exists(),
            "case {name}: state left behind"
        );
        let cgroup = PathBuf::from(format!("/sys/fs/cgroup/memory/kestrel/{name}"));
        assert!(
            !cgroup.exists(),
            "case {name}: cgroup {} left behind",
            cgroup.display()
        );
        n += 1;
    }
    assert!(n >= 10, "expected the cases in {}", cases.display());
}

#[test]
fn create_holds_the_init_until_start_and_delete_cleans_up() {
    let Some(rt) = Runtime::new("created") else {
        return;
    };
    let bundle = rt.wasm_bundle("held", &["/sleep.wasm"], serde_json::json!({}));
    let pid_file = bundle.join("init.pid");
    // A stray inherited fd (containerd's shim leaks its socket as fd 3) must not reach the init.
    let stray = std::fs::File::open("/dev/null").unwrap();
    let stray_fd = stray.as_raw_fd();
    let mut cmd = rt.cmd(&[
        "create",
        "--bundle",
        bundle.to_str().unwrap(),
        "--pid-file",
        pid_file.to_str().unwrap(),
        "held",
    ]);
    // SAFETY: dup2 is async-signal-safe; fd 3 in the child becomes a copy of /dev/null.
    unsafe {
        cmd.pre_exec(move || {
            libc::dup2(stray_fd, 3);
            Ok(())
        });
    }
    run(&mut cmd, LIMIT).ok("create");
    drop(stray);

    let pid_text = std::fs::read_to_string(&pid_file).unwrap();
    assert!(
        pid_text.bytes().all(|b| b.is_ascii_digit()),
        "pid file {pid_text:?}"
    );
    let pid: i32 = pid_text.parse().unwrap();
    let st = rt.state("held");
    assert_eq!(st["status"], "created");
    assert_eq!(st["pid"], pid);
    assert_eq!(st["id"], "held");
    assert_eq!(st["bundle"], bundle.to_str().unwrap());
    let cgroup = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).unwrap();
    let memory = cgroup_dir("memory", "held");
    if memory.parent().unwrap().parent().unwrap().is_dir() {
        assert!(
            cgroup.contains(&format!("kestrel-test/held-{}", std::process::id())),
            "{cgroup}"
        );
        let limit = std::fs::read_to_string(memory.join("memory.limit_in_bytes")).unwrap();
        assert_eq!(limit.trim(), "67108864");
    }

    // Starting twice, or creating the same ID again, is refused.
    let again = rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "held"]);
    assert!(
        again.stderr.contains("container with id exists: held"),
        "{again:?}"
    );

    // A created container is deleted without --force (its init is killed), as runc does.
    rt.kestrel(&["delete", "held"]).ok("delete created");
    reap(pid);
    assert!(!rt.root().join("held").exists());
    assert!(!memory.exists(), "cgroup {} left behind", memory.display());
    let gone = rt.kestrel(&["state", "held"]);
    assert_eq!(gone.code(), 1);
    assert!(
        gone.stderr.contains("container \"held\" does not exist"),
        "{gone:?}"
    );
}

#[test]
fn killed_init_is_stopped_and_kill_all_on_stopped_succeeds() {
    let Some(rt) = Runtime::new("killed") else {
        return;
    };
    let bundle = rt.wasm_bundle("k", &["/sleep.wasm"], serde_json::json!({}));
    rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "k"])
        .ok("create");
    let pid = rt.state("k")["pid"].as_i64().unwrap() as i32;
    rt.kestrel(&["kill", "k", "KILL"]).ok("kill KILL");
    rt.wait_status("k", "stopped");
    reap(pid);
    assert_eq!(rt.state("k")["pid"], 0);
    rt.kestrel(&["kill", "--all", "k", "9"])
        .ok("kill --all on stopped");
    let not_running = rt.kestrel(&["kill", "k", "15"]);
    assert_eq!(not_running.code(), 1, "{not_running:?}");
    let start = rt.kestrel(&["start", "k"]);
    assert!(
        start
            .stderr
            .contains("cannot start container \"k\": it is stopped"),
        "{start:?}"
    );
    rt.kestrel(&["delete", "k"]).ok("delete stopped");
    rt.kestrel(&["delete", "--force", "never-existed"])
        .ok("delete --force unknown");
    let bad_signal = rt.kestrel(&["kill", "k", "SIGNOPE"]);
    assert!(
        bad_signal.stderr.contains("unknown signal"),
        "{bad_signal:?}"
    );
}

#[test]
fn console_socket_receives_the_pty_master() {
    let Some(rt) = Runtime::new("console") else {
        return;
    };
    let bundle = rt.wasm_bundle(
        "tty",
        &["/sleep.wasm"],
        serde_json::json!({ "process": { "terminal": true } }),
    );
    let socket_path = rt.dir.join("console.sock");
    let listener = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    let create = std::thread::spawn({
        let mut cmd = rt.cmd(&[
            "create",
            "--bundle",
            bundle.to_str().unwrap(),
            "--console-socket",
            socket_path.to_str().unwrap(),
            "tty",
        ]);
        move || run(&mut cmd, LIMIT)
    });
    let (conn, _) = listener.accept().unwrap();
    let master = receive_fd(&conn);
    create.join().unwrap().ok("create with console socket");
    // The received fd is a pty master: it has a pty number.
    let mut n: libc::c_uint = 0;
    // SAFETY: TIOCGPTN writes one c_uint through a valid pointer.
    let rc = unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCGPTN, &mut n) };
    assert_eq!(rc, 0, "not a pty master");
    let pid = rt.state("tty")["pid"].as_i64().unwrap();
    let stdin = std::fs::read_link(format!("/proc/{pid}/fd/0")).unwrap();
    assert_eq!(
        stdin,
        PathBuf::from(format!("/dev/pts/{n}")),
        "the init's stdin is the slave"
    );
    rt.kestrel(&["delete", "--force", "tty"]).ok("delete");
    reap(pid as i32);
}

fn receive_fd(conn: &std::os::unix::net::UnixStream) -> OwnedFd {
    use rustix::net::{RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, recvmsg};
    let mut space = [std::mem::MaybeUninit::<u8>::uninit(); rustix::cmsg_space!(ScmRights(1))];
    let mut control = RecvAncillaryBuffer::new(&mut space);
    let mut buf = [0u8; 256];
    recvmsg(
        conn,
        &mut [IoSliceMut::new(&mut buf)],
        &mut control,
        RecvFlags::empty(),
    )
    .unwrap();
    for msg in control.drain() {
        if let RecvAncillaryMessage::ScmRights(mut fds) = msg {
            return fds.next().unwrap();
        }
    }
    panic!("no fd received on the console socket");
}

#[test]
fn native_exec_into_a_wasm_container_is_refused() {
    let Some(rt) = Runtime::new("native-exec") else {
        return;
    };
    let bundle = rt.wasm_bundle("w", &["/sleep.wasm"], serde_json::json!({}));
    rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "w"])
        .ok("create");
    let process = rt.dir.join("process.json");
    std::fs::write(
        &process,
        r#"{"args":["/bin/sh","-c","id"],"cwd":"/","user":{"uid":0,"gid":0}}"#,
    )
    .unwrap();
    let out = rt.kestrel(&[
        "exec",
        "--process",
        process.to_str().unwrap(),
        "--detach",
        "w",
    ]);
    assert_eq!(out.code(), 1, "{out:?}");
    assert!(
        out.stderr
            .contains("cannot exec \"/bin/sh\" in wasm container \"w\""),
        "{out:?}"
    );
    assert!(
        rt.last_log_line()["msg"]
            .as_str()
            .unwrap()
            .contains("wasm container")
    );
    rt.kestrel(&["delete", "--force", "w"]).ok("delete");
}

#[test]
fn update_writes_cgroup_limits_from_stdin() {
    let Some(rt) = Runtime::new("update") else {
        return;
    };
    let bundle = rt.wasm_bundle("u", &["/sleep.wasm"], serde_json::json!({}));
    rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "u"])
        .ok("create");
    let mut child = rt
        .cmd(&["update", "--resources", "-", "u"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"memory":{"limit":134217728},"cpu":{"shares":512},"pids":{"limit":64}}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (controller, file, want) in [
        ("memory", "memory.limit_in_bytes", "134217728"),
        ("cpu", "cpu.shares", "512"),
        ("pids", "pids.max", "64"),
    ] {
        let dir = cgroup_dir(controller, "u");
        if dir.is_dir() {
            assert_eq!(
                std::fs::read_to_string(dir.join(file)).unwrap().trim(),
                want,
                "{file}"
            );
        }
    }
    rt.kestrel(&["delete", "--force", "u"]).ok("delete");
}

#[test]
fn native_container_is_handed_to_runc_for_every_call() {
    let Some(rt) = Runtime::new("native") else {
        return;
    };
    if support::rootfs::busybox().is_none() || support::containerd::which("runc").is_none() {
        panic!("busybox-static and runc are needed: run runner/tests/containerd/install-deps.sh");
    }
    let bundle = rt.dir.join("bb");
    busybox_rootfs(&bundle.join("rootfs"));
    let out = run(Command::new("runc").arg("spec").current_dir(&bundle), LIMIT).ok("runc spec");
    drop(out);
    edit_config(&bundle, |config| {
        config["process"]["terminal"] = false.into();
        config["process"]["args"] = serde_json::json!(["/bin/sleep", "60"]);
    });
    let pid_file = bundle.join("init.pid");
    rt.kestrel(&[
        "create",
        "--bundle",
        bundle.to_str().unwrap(),
        "--pid-file",
        pid_file.to_str().unwrap(),
        "bb",
    ])
    .ok("create native");
    assert!(rt.root().join(".runc/bb").is_dir(), "runc keeps the state");
    assert_eq!(rt.state("bb")["status"], "created");
    let list = rt.kestrel(&["list", "--format", "json"]).ok("list");
    assert!(list.stdout.contains("\"bb\""), "{list:?}");
    rt.kestrel(&["start", "bb"]).ok("start native");
    rt.wait_status("bb", "running");
    rt.kestrel(&["kill", "bb", "KILL"]).ok("kill native");
    rt.wait_status("bb", "stopped");
    reap(std::fs::read_to_string(&pid_file).unwrap().parse().unwrap());
    rt.kestrel(&["delete", "bb"]).ok("delete native");
    assert!(!rt.root().join(".runc/bb").exists());
}

#[test]
fn features_and_spec() {
    let Some(rt) = Runtime::new("features") else {
        return;
    };
    let out = rt.kestrel(&["features"]).ok("features");
    let f: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(f["ociVersionMin"], "1.0.0");
    assert!(f["linux"]["cgroup"]["v1"].as_bool().unwrap());
    let listed = |key: &str, want: &str| {
        f["linux"][key]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == want)
    };
    for ns in ["network", "mount", "pid", "ipc", "uts", "user", "cgroup"] {
        assert!(listed("namespaces", ns), "namespace {ns}: {f}");
    }
    assert!(listed("capabilities", "CAP_NET_RAW"), "{f}");
    assert_eq!(
        f["linux"]["seccomp"]["enabled"],
        cfg!(not(target_arch = "riscv64")),
        "{f}"
    );
    assert!(
        f["mountOptions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "rbind")
    );
    let dir = rt.dir.join("spec");
    std::fs::create_dir_all(&dir).unwrap();
    rt.kestrel(&[
        "spec",
        "--bundle",
        dir.to_str().unwrap(),
        "--module",
        "/hello.wasm",
    ])
    .ok("spec");
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    assert_eq!(spec["process"]["args"], serde_json::json!(["/hello.wasm"]));
    assert_eq!(spec["annotations"]["run.oci.handler"], "wasm");
    let again = rt.kestrel(&["spec", "--bundle", dir.to_str().unwrap()]);
    assert!(
        again.stderr.contains("exists: remove it first"),
        "{again:?}"
    );
}

#[test]
fn run_returns_the_module_output_and_exit_code() {
    let Some(rt) = Runtime::new("run") else {
        return;
    };
    let bundle = rt.wasm_bundle("r", &["/hello.wasm", "x"], serde_json::json!({}));
    let out = rt.kestrel(&["run", "--bundle", bundle.to_str().unwrap(), "r"]);
    assert_eq!(out.code(), 3, "{out:?}");
    assert_eq!(out.stdout, "hello from kestrel\narg x\n");
    assert!(
        !rt.root().join("r").exists(),
        "run deletes the container afterwards"
    );
}

#[test]
fn started_container_runs_exec_pause_resume_and_force_delete() {
    let Some(rt) = Runtime::new("started") else {
        return;
    };
    let bundle = rt.wasm_bundle("s", &["/sleep.wasm"], serde_json::json!({}));
    rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "s"])
        .ok("create");
    let pid = rt.state("s")["pid"].as_i64().unwrap() as i32;
    rt.kestrel(&["start", "s"]).ok("start");
    rt.wait_status("s", "running");
    // Once the module runs, the init holds its stdio (and WASI's copies of it) and its
    // preopened directories, nothing of the runtime's (libcontainer's channels, the log, the
    // notify socket).
    let file_id = |fd: i32| {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(format!("/proc/{pid}/fd/{fd}")).map(|m| (m.dev(), m.ino(), m.is_dir()))
    };
    let stdio: Vec<_> = (0..3).filter_map(|fd| file_id(fd).ok()).collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let stray: Vec<(i32, PathBuf)> = fds_of(pid)
            .into_iter()
            .filter(|&fd| fd > 2)
            .filter(|&fd| !file_id(fd).is_ok_and(|id| id.2 || stdio.contains(&id)))
            .map(|fd| {
                (
                    fd,
                    std::fs::read_link(format!("/proc/{pid}/fd/{fd}")).unwrap_or_default(),
                )
            })
            .collect();
        if stray.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the running init holds {stray:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let exec = rt.kestrel(&["exec", "s", "/cat.wasm"]);
    assert_eq!(exec.code(), 0, "{exec:?}");
    assert_eq!(exec.stdout, support::rootfs::MESSAGE);
    let ps = rt.kestrel(&["ps", "--format", "json", "s"]).ok("ps");
    let pids: Vec<i32> = serde_json::from_str(&ps.stdout).unwrap();
    assert!(pids.contains(&pid), "{pids:?}");
    let events = rt.kestrel(&["events", "--stats", "s"]).ok("events --stats");
    let ev: serde_json::Value = serde_json::from_str(events.stdout.trim()).unwrap();
    assert_eq!(ev["type"], "stats");
    assert_eq!(ev["id"], "s");
    if cgroup_dir("pids", "s").is_dir() {
        assert!(ev["data"]["pids"]["current"].as_u64().unwrap() >= 1, "{ev}");
        assert!(
            ev["data"]["memory"]["usage"]["usage"].as_u64().unwrap() > 0,
            "{ev}"
        );
    }
    let checkpoint = rt.kestrel(&["checkpoint", "--image-path", "/tmp/x", "s"]);
    assert!(
        checkpoint
            .stderr
            .contains("checkpoint is not supported for wasm container \"s\""),
        "{checkpoint:?}"
    );
    let restore = rt.kestrel(&["restore", "--bundle", bundle.to_str().unwrap(), "s2"]);
    assert!(
        restore
            .stderr
            .contains("restore is not supported for wasm container"),
        "{restore:?}"
    );
    rt.kestrel(&["pause", "s"]).ok("pause");
    assert_eq!(rt.state("s")["status"], "paused");
    rt.kestrel(&["resume", "s"]).ok("resume");
    assert_eq!(rt.state("s")["status"], "running");
    let refused = rt.kestrel(&["delete", "s"]);
    assert!(refused.stderr.contains("use --force"), "{refused:?}");
    rt.kestrel(&["delete", "--force", "s"]).ok("delete --force");
    reap(pid);
    assert!(!rt.root().join("s").exists());
}

#[test]
fn run_in_the_foreground_forwards_sigterm_to_the_container() {
    let Some(rt) = Runtime::new("forward") else {
        return;
    };
    let bundle = rt.wasm_bundle("f", &["/sleep.wasm"], serde_json::json!({}));
    let mut child = rt
        .cmd(&["run", "--bundle", bundle.to_str().unwrap(), "f"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !rt.root().join("f/state.json").exists() || rt.state("f")["status"] != "running" {
        assert!(Instant::now() < deadline, "container never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(
        status.code(),
        Some(143),
        "run exits with the container's 128+SIGTERM"
    );
    assert!(!rt.root().join("f").exists(), "run deletes the container");
}

#[test]
fn memory_limit_caps_linear_memory() {
    let Some(rt) = Runtime::new("memcap") else {
        return;
    };
    // grow.wasm asks for 64 MiB more linear memory: allowed under 128 MiB, refused under 32 MiB.
    for (limit, code) in [(134217728u64, 0), (33554432, 1)] {
        let name = format!("m{code}");
        let bundle = rt.wasm_bundle(
            &name,
            &["/grow.wasm"],
            serde_json::json!({ "linux": { "resources": { "memory": { "limit": limit } } } }),
        );
        std::fs::copy(support::fixture("grow"), bundle.join("rootfs/grow.wasm")).unwrap();
        let out = rt.kestrel(&["run", "--bundle", bundle.to_str().unwrap(), &name]);
        assert_eq!(out.code(), code, "limit {limit}: {out:?}");
    }
}

#[test]
fn corrupt_state_is_reported_and_cleared_by_force_delete() {
    let Some(rt) = Runtime::new("corrupt") else {
        return;
    };
    let dir = rt.root().join("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("state.json"), "{ not json").unwrap();
    let state = rt.kestrel(&["state", "bad"]);
    assert_eq!(state.code(), 1);
    assert!(state.stderr.contains("state.json"), "{state:?}");
    let plain = rt.kestrel(&["delete", "bad"]);
    assert_eq!(plain.code(), 1, "{plain:?}");
    rt.kestrel(&["delete", "--force", "bad"])
        .ok("delete --force of corrupt state");
    assert!(!dir.exists());
}

#[test]
fn the_init_runs_as_the_process_user() {
    let Some(rt) = Runtime::new("user") else {
        return;
    };
    let nobody = serde_json::json!({ "process": { "user": { "uid": 65534, "gid": 65534, "additionalGids": [65533] } } });
    let bundle = rt.wasm_bundle("n", &["/sleep.wasm"], nobody.clone());
    rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "n"])
        .ok("create as nobody");
    let pid = rt.state("n")["pid"].as_i64().unwrap();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        field("Uid:").split_whitespace().nth(1),
        Some("65534"),
        "{status}"
    );
    assert_eq!(
        field("Gid:").split_whitespace().nth(1),
        Some("65534"),
        "{status}"
    );
    assert_eq!(
        field("Groups:").split_whitespace().nth(1),
        Some("65533"),
        "{status}"
    );
    rt.kestrel(&["delete", "--force", "n"]).ok("delete");
    reap(pid as i32);
    // The module still runs (the rootfs is readable by everyone).
    let bundle = rt.wasm_bundle("n2", &["/hello.wasm"], nobody);
    let out = rt.kestrel(&["run", "--bundle", bundle.to_str().unwrap(), "n2"]);
    assert_eq!(out.code(), 3, "{out:?}");
}

#[test]
fn lifecycle_hooks_run_with_the_state_on_stdin() {
    let Some(rt) = Runtime::new("hooks") else {
        return;
    };
    let out = rt.dir.join("hook-out");
    std::fs::create_dir_all(&out).unwrap();
    let hook = |name: &str| {
        serde_json::json!([{
            "path": "/bin/sh",
            "args": ["sh", "-c", format!("cat > {}/{name}.json", out.display())],
            "timeout": 10,
        }])
    };
    let points = [
        "prestart",
        "createRuntime",
        "createContainer",
        "startContainer",
        "poststart",
        "poststop",
    ];
    let mut hooks: serde_json::Map<String, serde_json::Value> =
        points.iter().map(|p| (p.to_string(), hook(p))).collect();
    // startContainer hooks run in the container, after pivot_root (as runc runs them): its
    // shell is the rootfs's busybox and it writes to a bind mount of the output directory.
    hooks["startContainer"] = serde_json::json!([{
        "path": "/bin/sh",
        "args": ["sh", "-c", "cat > /hook-out/startContainer.json"],
        "timeout": 10,
    }]);
    let bundle = rt.wasm_bundle("h", &["/hello.wasm"], serde_json::json!({ "hooks": hooks }));
    busybox_rootfs(&bundle.join("rootfs"));
    edit_config(&bundle, |config| {
        config["mounts"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "destination": "/hook-out", "type": "bind", "source": out, "options": ["rbind", "rw"],
            }));
    });
    let run = rt.kestrel(&["run", "--bundle", bundle.to_str().unwrap(), "h"]);
    assert_eq!(run.code(), 3, "{run:?}");
    for (point, status) in points.iter().zip([
        // The hooks that run inside the container (createContainer, startContainer) get the
        // state libcontainer passes its init: "creating" and no pid (runc passes "created"
        // and the pid to startContainer).
        "creating", "creating", "creating", "creating", "running", "stopped",
    ]) {
        let text = std::fs::read_to_string(out.join(format!("{point}.json")))
            .unwrap_or_else(|e| panic!("{point} hook did not run: {e}"));
        let state: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(state["id"], "h", "{point}: {state}");
        assert_eq!(state["status"], status, "{point}: {state}");
        if !matches!(*point, "createContainer" | "startContainer") {
            assert!(
                state["pid"].as_i64().is_some_and(|p| p > 0),
                "{point}: {state}"
            );
        }
    }

    // A failing createRuntime hook fails create and leaves nothing behind.
    let bundle = rt.wasm_bundle(
        "hf",
        &["/sleep.wasm"],
        serde_json::json!({ "hooks": { "createRuntime": [{ "path": "/bin/sh", "args": ["sh", "-c", "echo no way >&2; exit 7"] }] } }),
    );
    let create = rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "hf"]);
    assert_eq!(create.code(), 1, "{create:?}");
    assert!(
        create
            .stderr
            .contains("hook command exited with non-zero exit code: 7")
            && create.stderr.contains("no way"),
        "{create:?}"
    );
    assert!(!rt.root().join("hf").exists());
    assert!(!cgroup_dir("memory", "hf").exists());
}

/// `kestrel --version` has runc's shape and says which interpreter dispatch this build runs (a
/// board's build may have the portable loop).
#[test]
fn version_names_the_spec_and_the_dispatch() {
    let out = run(
        Command::new(support::kestrel_bin()).arg("--version"),
        Duration::from_secs(10),
    );
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(concat!("kestrel ", env!("CARGO_PKG_VERSION")))
    );
    assert!(lines.contains(&"spec: 1.1.0"), "{lines:?}");
    let dispatch = format!(
        "interpreter: {} dispatch ({})",
        kestrel::dispatch(),
        std::env::consts::ARCH
    );
    assert!(lines.contains(&dispatch.as_str()), "{lines:?}");
}

/// On a cgroup v1 host, a wasm container that joins another pid namespace and mounts the
/// cgroup filesystem is refused with the reason (libcontainer 0.7 would mount another process's
/// cgroups); on cgroup v2 it is created.
#[test]
fn shared_pid_namespace_with_cgroup_mount_is_refused_on_cgroup_v1() {
    let Some(rt) = Runtime::new("sharedpid") else {
        return;
    };
    let bundle = rt.wasm_bundle(
        "p",
        &["/sleep.wasm"],
        serde_json::json!({ "linux": { "namespaces": [
            { "type": "mount" }, { "type": "pid", "path": "/proc/1/ns/pid" },
        ] } }),
    );
    edit_config(&bundle, |config| {
        config["mounts"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "destination": "/sys/fs/cgroup", "type": "cgroup", "source": "cgroup",
                "options": ["ro", "nosuid", "noexec", "nodev"],
            }));
    });
    let create = rt.kestrel(&["create", "--bundle", bundle.to_str().unwrap(), "p"]);
    if Path::new("/sys/fs/cgroup/cgroup.controllers").exists() {
        assert_eq!(create.code(), 0, "{create:?}");
        rt.kestrel(&["delete", "--force", "p"]).ok("delete");
    } else {
        assert_eq!(create.code(), 1, "{create:?}");
        assert!(
            create.stderr.contains("shared process namespace")
                && create.stderr.contains("cgroup v1"),
            "{create:?}"
        );
        assert!(!rt.root().join("p").exists());
    }
}
