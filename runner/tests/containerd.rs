//! kestrel under a real containerd (Debian's 1.6, runc shim v2), driven with `ctr` the way a
//! node would: a wasm module from `--rootfs`, a detached wasm container with exec, pause, kill,
//! a hand-built OCI image holding a wasm module, a busybox container handed to runc, and 200
//! run/delete cycles that must leave nothing behind.
//!
//! Each test starts its own private containerd under /tmp. Where containerd cannot start (not
//! installed, not root), the test prints why and returns: see
//! `runner/tests/containerd/install-deps.sh`.

mod support;

use std::path::Path;

use support::containerd::{Containerd, mounts_below, processes_mentioning};
use support::oci_image::{self, ImageConfig};
use support::rootfs::{MESSAGE, busybox_rootfs, wasm_rootfs};

macro_rules! containerd_or_skip {
    ($name:expr) => {
        match Containerd::start($name) {
            Ok(c) => c,
            Err(why) => {
                eprintln!("SKIPPED {}: containerd cannot start here: {why}", $name);
                return;
            }
        }
    };
}

/// `ctr run` arguments: the kestrel flags, then `rest`.
fn run_args<'a>(ctd: &'a Containerd, flags: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    let _ = ctd;
    let mut v = vec!["run"];
    v.extend(flags.iter().map(String::as_str));
    v.extend_from_slice(rest);
    v
}

#[test]
fn wasm_module_from_rootfs_prints_and_exits_with_its_code() {
    let ctd = containerd_or_skip!("rootfs");
    let rootfs = wasm_rootfs(&ctd.work.join("rootfs"));
    let rootfs = rootfs.to_str().unwrap();
    let flags = ctd.kestrel_run_flags();
    let out = ctd.ctr(&run_args(
        &ctd,
        &flags,
        &[
            "--rm",
            "--rootfs",
            rootfs,
            "hello1",
            "/hello.wasm",
            "one",
            "two",
        ],
    ));
    assert_eq!(out.code(), 3, "exit code of hello.wasm\n{out:?}");
    assert!(out.stdout.contains("hello from kestrel\n"), "{out:?}");
    assert!(out.stdout.contains("arg one\narg two\n"), "{out:?}");

    // An invalid module fails `create`, and containerd shows the engine's reason.
    let broken = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bundle_cases/invalid-module/rootfs/broken.wasm");
    std::fs::copy(broken, Path::new(rootfs).join("broken.wasm")).unwrap();
    let out = ctd.ctr(&run_args(
        &ctd,
        &flags,
        &["--rm", "--rootfs", rootfs, "broken1", "/broken.wasm"],
    ));
    assert_ne!(out.code(), 0, "{out:?}");
    assert!(
        out.stderr
            .contains("is not valid: invalid module: type mismatch"),
        "{out:?}"
    );
    assert_eq!(
        leftover_cgroups("broken1"),
        Vec::<String>::new(),
        "cgroup of the failed create"
    );
}

/// Rounds of work for the demo: the seed's 50000000 when the binary under test is optimised,
/// fewer in a debug build (the interpreter is many times slower there).
const DEMO_ROUNDS: &str = if cfg!(debug_assertions) {
    "500000"
} else {
    "50000000"
};

#[test]
fn the_seed_demo_runs_under_containerd() {
    let ctd = containerd_or_skip!("demo");
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/wasi_example_main.wasm");
    let rootfs = ctd.work.join("demo-rootfs");
    std::fs::create_dir_all(&rootfs).unwrap();
    std::fs::copy(&demo, rootfs.join("wasi_example_main.wasm")).unwrap();
    let flags = ctd.kestrel_run_flags();
    let out = ctd.ctr(&run_args(
        &ctd,
        &flags,
        &[
            "--rm",
            "--env",
            "GREETING=hello from the node",
            "--rootfs",
            rootfs.to_str().unwrap(),
            "demo1",
            "/wasi_example_main.wasm",
            DEMO_ROUNDS,
        ],
    ));
    assert_eq!(out.code(), 0, "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("Random number: "), "{}", out.stdout);
    assert!(
        lines[0]["Random number: ".len()..].parse::<i32>().is_ok(),
        "{}",
        out.stdout
    );
    assert!(lines[1].starts_with("Random bytes: ["), "{}", out.stdout);
    assert_eq!(lines[1].matches(',').count(), 127, "128 random bytes");
    for want in [
        "This is from a main function",
        "The env vars are as follows.",
        "GREETING: hello from the node",
        "The args are as follows.",
        "/wasi_example_main.wasm",
        DEMO_ROUNDS,
        "File content is This is in a file",
    ] {
        assert!(
            lines.contains(&want) || out.stdout.contains(want),
            "missing {want:?} in:\n{}",
            out.stdout
        );
    }
    assert!(
        out.stdout
            .contains(&format!("Computed {DEMO_ROUNDS} rounds: checksum ")),
        "{}",
        out.stdout
    );
    assert!(
        !rootfs.join("tmp.txt").exists(),
        "the demo removes its file"
    );
}

#[test]
fn wasm_container_with_a_terminal() {
    let ctd = containerd_or_skip!("tty");
    let rootfs = wasm_rootfs(&ctd.work.join("rootfs"));
    // `ctr run -t` needs a terminal of its own: script(1) gives it one. containerd 1.6.20's
    // `ctr run` closes its end of the output fifo as soon as the task has exited (its
    // `task.Delete` closes the IO before waiting for it; fixed in containerd 1.6.22 and 1.7.3),
    // so output written just before the exit can be lost, with runc as with kestrel: once, on a
    // loaded CI machine, all of hello.wasm's. hello_wait.wasm waits for a line on its terminal,
    // typed once its output has come through, so it cannot exit before `ctr` has read that.
    let ctr = format!(
        "ctr --address {} run -t --rm {} --rootfs {} tty1 /hello_wait.wasm on-a-tty",
        ctd.socket.display(),
        ctd.kestrel_run_flags().join(" "),
        rootfs.display()
    );
    let out = support::command::run_answering(
        std::process::Command::new("script").args(["-qec", &ctr, "/dev/null"]),
        "arg on-a-tty\r",
        b"\n",
        support::containerd::CTR_TIMEOUT,
    );
    assert_eq!(out.code(), 3, "{out:?}");
    // Through the pty, lines end in CR LF.
    assert!(out.stdout.contains("hello from kestrel\r"), "{out:?}");
    assert!(out.stdout.contains("arg on-a-tty\r"), "{out:?}");

    // An exec with a terminal into a running wasm container.
    let flags = ctd.kestrel_run_flags();
    ctd.ctr(&run_args(
        &ctd,
        &flags,
        &[
            "-d",
            "--rootfs",
            rootfs.to_str().unwrap(),
            "tty2",
            "/sleep.wasm",
        ],
    ))
    .ok("ctr run -d tty2");
    ctd.wait_task_status("tty2", "RUNNING");
    let exec = format!(
        "ctr --address {} task exec -t --exec-id e1 tty2 /hello.wasm exec-tty",
        ctd.socket.display()
    );
    let out = support::command::run(
        std::process::Command::new("script").args(["-qec", &exec, "/dev/null"]),
        support::containerd::CTR_TIMEOUT,
    );
    assert_eq!(out.code(), 3, "{out:?}");
    assert!(out.stdout.contains("arg exec-tty\r"), "{out:?}");
    ctd.ctr(&["task", "kill", "-s", "SIGKILL", "tty2"])
        .ok("kill tty2");
    ctd.wait_task_status("tty2", "STOPPED");
    ctd.ctr(&["task", "rm", "tty2"]).ok("task rm tty2");
}

#[test]
fn detached_wasm_container_exec_pause_and_sigterm() {
    let ctd = containerd_or_skip!("detached");
    let rootfs = wasm_rootfs(&ctd.work.join("rootfs"));
    let rootfs = rootfs.to_str().unwrap();
    let flags = ctd.kestrel_run_flags();
    ctd.ctr(&run_args(
        &ctd,
        &flags,
        &["-d", "--rootfs", rootfs, "sleeper", "/sleep.wasm"],
    ))
    .ok("ctr run -d sleeper");
    ctd.wait_task_status("sleeper", "RUNNING");

    // An exec runs a second wasm module against the container's rootfs.
    let exec = ctd.ctr(&["task", "exec", "--exec-id", "cat1", "sleeper", "/cat.wasm"]);
    assert_eq!(exec.code(), 0, "{exec:?}");
    assert_eq!(exec.stdout, MESSAGE);

    // A native exec into a wasm container is refused with a clear error.
    let native = ctd.ctr(&[
        "task",
        "exec",
        "--exec-id",
        "sh1",
        "sleeper",
        "/bin/sh",
        "-c",
        "true",
    ]);
    assert_ne!(native.code(), 0, "{native:?}");
    let said = format!("{}{}", native.stdout, native.stderr);
    assert!(
        said.contains("wasm container"),
        "error should say why: {said}"
    );

    let ps = ctd.ctr(&["task", "ps", "sleeper"]).ok("ctr task ps");
    assert!(ps.stdout.lines().count() >= 2, "{ps:?}");

    ctd.ctr(&["task", "pause", "sleeper"]).ok("ctr task pause");
    ctd.wait_task_status("sleeper", "PAUSED");
    ctd.ctr(&["task", "resume", "sleeper"])
        .ok("ctr task resume");
    ctd.wait_task_status("sleeper", "RUNNING");

    ctd.ctr(&["task", "kill", "-s", "SIGTERM", "sleeper"])
        .ok("ctr task kill");
    ctd.wait_task_status("sleeper", "STOPPED");
    let rm = ctd.ctr(&["task", "rm", "sleeper"]).ok("ctr task rm");
    // SIGTERM's default action ended the module: 128 + 15, as for a native process.
    assert!(rm.stderr.contains("exit code 143"), "{rm:?}");
    ctd.ctr(&["container", "rm", "sleeper"])
        .ok("ctr container rm");
    let state_dir = ctd.runtime_root.join("ctr/default/sleeper");
    assert!(
        !state_dir.exists(),
        "state left behind: {}",
        state_dir.display()
    );
}

#[test]
fn oci_image_with_wasm_module_is_imported_and_run() {
    let ctd = containerd_or_skip!("image");
    let rootfs = wasm_rootfs(&ctd.work.join("image-rootfs"));
    let image = "kestrel.local/hello:latest";
    let archive = oci_image::build(
        &ctd.work,
        &rootfs,
        &ImageConfig {
            name: image,
            entrypoint: &["/hello.wasm"],
            cmd: &["from-image"],
            annotations: &[("module.wasm.image/variant", "compat")],
        },
    );
    ctd.ctr(&["images", "import", archive.to_str().unwrap()])
        .ok("ctr images import");
    let flags = ctd.kestrel_run_flags();
    let out = ctd.ctr(&run_args(&ctd, &flags, &["--rm", image, "img1"]));
    assert_eq!(out.code(), 3, "{out:?}\n{}", ctd.log());
    assert!(
        out.stdout.contains("hello from kestrel\narg from-image\n"),
        "{out:?}"
    );
}

#[test]
fn busybox_container_is_handed_to_runc() {
    let ctd = containerd_or_skip!("busybox");
    let rootfs = busybox_rootfs(&ctd.work.join("bb-rootfs"));
    let rootfs = rootfs.to_str().unwrap();
    let flags = ctd.kestrel_run_flags();
    let out = ctd.ctr(&run_args(
        &ctd,
        &flags,
        &[
            "--rm",
            "--rootfs",
            rootfs,
            "bb1",
            "/bin/busybox",
            "echo",
            "native hello",
        ],
    ));
    assert_eq!(out.code(), 0, "{out:?}");
    assert_eq!(out.stdout, "native hello\n");

    // Detached: the state lives in runc's root inside kestrel's, and later calls find it there.
    ctd.ctr(&run_args(
        &ctd,
        &flags,
        &["-d", "--rootfs", rootfs, "bb2", "/bin/sleep", "600"],
    ))
    .ok("ctr run -d bb2");
    ctd.wait_task_status("bb2", "RUNNING");
    assert!(ctd.runtime_root.join("ctr/default/.runc/bb2").is_dir());
    let exec = ctd.ctr(&[
        "task",
        "exec",
        "--exec-id",
        "e1",
        "bb2",
        "/bin/echo",
        "exec ok",
    ]);
    assert_eq!(exec.stdout, "exec ok\n", "{exec:?}");
    ctd.ctr(&["task", "kill", "-s", "SIGKILL", "bb2"])
        .ok("kill bb2");
    ctd.wait_task_status("bb2", "STOPPED");
    ctd.ctr(&["task", "rm", "bb2"]).ok("task rm bb2");
    assert!(!ctd.runtime_root.join("ctr/default/.runc/bb2").exists());
}

/// Cgroup directories named `id` below any hierarchy's `default/`.
fn leftover_cgroups(prefix: &str) -> Vec<String> {
    let mut left = Vec::new();
    for h in std::fs::read_dir("/sys/fs/cgroup")
        .into_iter()
        .flatten()
        .flatten()
    {
        let dir = h.path().join("default");
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().starts_with(prefix) {
                left.push(e.path().display().to_string());
            }
        }
    }
    left
}

#[test]
fn two_hundred_run_delete_cycles_leave_nothing_behind() {
    let ctd = containerd_or_skip!("cycles");
    let rootfs = wasm_rootfs(&ctd.work.join("rootfs"));
    let rootfs = rootfs.to_str().unwrap();
    let flags = ctd.kestrel_run_flags();
    // Every other cycle runs from an imported image, so the shim mounts (and must unmount) an
    // overlay rootfs each time.
    let image = "kestrel.local/cycle:latest";
    let archive = oci_image::build(
        &ctd.work,
        Path::new(rootfs),
        &ImageConfig {
            name: image,
            entrypoint: &["/hello.wasm"],
            cmd: &[],
            annotations: &[],
        },
    );
    ctd.ctr(&["images", "import", archive.to_str().unwrap()])
        .ok("ctr images import");
    let mounts_before = mounts_below(Path::new("/")).len();
    for i in 0..200 {
        let id = format!("cycle-{i}");
        let rest: Vec<&str> = if i % 2 == 0 {
            vec!["--rm", "--rootfs", rootfs, &id, "/hello.wasm"]
        } else {
            vec!["--rm", image, &id]
        };
        let out = ctd.ctr(&run_args(&ctd, &flags, &rest));
        assert_eq!(out.code(), 3, "cycle {i}: {out:?}");
    }
    let state = ctd.runtime_root.join("ctr/default");
    let left: Vec<_> = std::fs::read_dir(&state)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        left.is_empty(),
        "state left in {}: {left:?}",
        state.display()
    );
    assert!(
        processes_mentioning("kestrel-ctd-cycles")
            .iter()
            .all(|&p| is_shim_or_daemon(p)),
        "container processes left behind"
    );
    assert_eq!(
        leftover_cgroups("cycle-"),
        Vec::<String>::new(),
        "cgroups left behind"
    );
    assert_eq!(
        mounts_below(Path::new("/")).len(),
        mounts_before,
        "mounts left behind"
    );
}

/// True for containerd itself (its command line names our work dir too).
fn is_shim_or_daemon(pid: i32) -> bool {
    let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let cmd = String::from_utf8_lossy(&cmd);
    cmd.starts_with("containerd\0") || cmd.contains("containerd-shim")
}

/// The HTTP service written against WasmEdge's socket crate
/// (`tests/fixtures/wasmedge_sockets/http_service`) in a wasm container answers a request made
/// inside the container's network namespace (entered through `/proc/PID/ns/net`), then exits
/// after it as asked (`REQUESTS=1`).
#[test]
fn wasm_container_serves_http_through_wasmedge_sockets() {
    use std::io::{Read, Write};
    use std::os::fd::AsFd;

    let ctd = containerd_or_skip!("http");
    let rootfs = ctd.work.join("http-rootfs");
    std::fs::create_dir_all(&rootfs).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/wasmedge_sockets/http_service.wasm"),
        rootfs.join("http_service.wasm"),
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let env_port = format!("PORT={port}");
    let flags = ctd.kestrel_run_flags();
    let mut args = vec!["run", "-d", "--env", &env_port, "--env", "REQUESTS=1"];
    args.extend(flags.iter().map(String::as_str));
    args.extend([
        "--rootfs",
        rootfs.to_str().unwrap(),
        "http1",
        "/http_service.wasm",
    ]);
    ctd.ctr(&args).ok("ctr run -d http1");
    ctd.wait_task_status("http1", "RUNNING");
    let listing = ctd.ctr(&["task", "ls"]).stdout;
    let pid: u32 = listing
        .lines()
        .find(|l| l.starts_with("http1 "))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or_else(|| panic!("no pid for http1 in\n{listing}"));
    let netns = std::fs::File::open(format!("/proc/{pid}/ns/net")).unwrap();
    let port_n: u16 = port.parse().unwrap();
    // A thread of our own joins the namespace, so the test's other threads stay where they are.
    let response = std::thread::spawn(move || {
        rustix::thread::move_into_link_name_space(
            netns.as_fd(),
            Some(rustix::thread::LinkNameSpaceType::Network),
        )
        .expect("setns into the container's network namespace");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let mut s = loop {
            match std::net::TcpStream::connect(("127.0.0.1", port_n)) {
                Ok(s) => break s,
                Err(e) if std::time::Instant::now() > deadline => panic!("never listened: {e}"),
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        };
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        s.write_all(b"GET /pod HTTP/1.1\r\nHost: pod\r\n\r\n")
            .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        response
    })
    .join()
    .unwrap();
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(
        response.ends_with("hello from kestrel: /pod\n"),
        "{response}"
    );
    ctd.wait_task_status("http1", "STOPPED");
    ctd.ctr(&["task", "rm", "http1"]).ok("ctr task rm http1");
    ctd.ctr(&["container", "rm", "http1"])
        .ok("ctr container rm http1");
}

/// The isolation a wasm container gets is the one its config asks for, as runc gives a native
/// container: its init is in new namespaces for every type the spec lists (and in the host's for
/// the others), sees only its own process and its own root, has exactly the capability sets of
/// `process.capabilities`, runs under the seccomp profile, and a syscall the profile denies
/// (mkdir, refused with EPERM) fails inside the module.
#[test]
fn wasm_container_is_isolated_as_its_config_asks() {
    let ctd = containerd_or_skip!("isolation");
    let rootfs = ctd.work.join("iso-rootfs");
    std::fs::create_dir_all(&rootfs).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/isolation_probe.wasm"),
        rootfs.join("probe.wasm"),
    )
    .unwrap();
    // A file of the host's, outside the container's root: the module must not reach it.
    let secret = ctd.work.join("host-secret.txt");
    std::fs::write(&secret, "host only").unwrap();
    let profile = ctd.work.join("seccomp.json");
    std::fs::write(
        &profile,
        serde_json::json!({
            "defaultAction": "SCMP_ACT_ALLOW",
            "syscalls": [{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }],
        })
        .to_string(),
    )
    .unwrap();
    let log = ctd.work.join("iso.log");
    let log_uri = format!("file://{}", log.display());
    let flags = ctd.kestrel_run_flags();
    let mut args = vec!["run", "-d", "--log-uri", &log_uri, "--env", "HOLD=60"];
    args.extend(flags.iter().map(String::as_str));
    let profile_arg = profile.to_str().unwrap();
    let secret_arg = secret.to_str().unwrap();
    args.extend([
        "--seccomp",
        "--seccomp-profile",
        profile_arg,
        "--cap-drop",
        "CAP_NET_RAW",
        "--rootfs",
        rootfs.to_str().unwrap(),
        "iso1",
        "/probe.wasm",
        secret_arg,
        "/probe.wasm",
    ]);
    ctd.ctr(&args).ok("ctr run -d iso1");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let output = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("ready") {
            break text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the probe never got ready: {text:?}\n{}",
            ctd.log()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let listing = ctd.ctr(&["task", "ls"]).stdout;
    let pid: u32 = listing
        .lines()
        .find(|l| l.starts_with("iso1 "))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or_else(|| panic!("no pid for iso1 in\n{listing}"));
    let info: serde_json::Value =
        serde_json::from_str(&ctd.ctr(&["containers", "info", "iso1"]).ok("info").stdout).unwrap();
    let spec = &info["Spec"];

    // Namespaces: new ones for the listed types, the host's for the rest.
    let listed: Vec<&str> = spec["linux"]["namespaces"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|ns| ns["path"].as_str().is_none_or(str::is_empty))
        .map(|ns| ns["type"].as_str().unwrap())
        .collect();
    assert!(
        listed.contains(&"pid") && listed.contains(&"mount"),
        "{listed:?}"
    );
    for (oci, proc_name) in [
        ("pid", "pid"),
        ("network", "net"),
        ("mount", "mnt"),
        ("ipc", "ipc"),
        ("uts", "uts"),
        ("user", "user"),
        ("cgroup", "cgroup"),
    ] {
        let ours = std::fs::read_link(format!("/proc/self/ns/{proc_name}")).unwrap();
        let theirs = std::fs::read_link(format!("/proc/{pid}/ns/{proc_name}")).unwrap();
        assert_eq!(
            ours != theirs,
            listed.contains(&oci),
            "{oci} namespace: host {ours:?}, container {theirs:?}"
        );
    }

    // What the module saw: only itself (pid 1) and its own root.
    assert!(output.contains("procs: 1\n"), "{output}");
    assert!(
        output.contains(&format!("read {secret_arg}: No such file or directory")),
        "{output}"
    );
    assert!(output.contains("read /probe.wasm: ok"), "{output}");
    // The profile's denial reached the module as EPERM.
    assert!(
        output.contains("mkdir /probe-dir: Operation not permitted"),
        "{output}"
    );
    assert!(!rootfs.join("probe-dir").exists());

    // Capabilities exactly as the spec's sets, seccomp in filter mode, no_new_privs as asked.
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} in\n{status}"))
            .trim()
            .to_string()
    };
    let mask = |set: &str| {
        let names = spec["process"]["capabilities"][set]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let bits = names.iter().fold(0u64, |m, n| {
            let cap: caps::Capability = n.as_str().unwrap().parse().unwrap();
            m | cap.bitmask()
        });
        format!("{bits:016x}")
    };
    assert!(!mask("bounding").is_empty());
    for (field_name, set) in [
        ("CapEff", "effective"),
        ("CapPrm", "permitted"),
        ("CapBnd", "bounding"),
        ("CapInh", "inheritable"),
        ("CapAmb", "ambient"),
    ] {
        assert_eq!(field(field_name), mask(set), "{field_name} ({set})");
    }
    let net_raw = caps::Capability::CAP_NET_RAW.bitmask();
    assert_eq!(
        u64::from_str_radix(&field("CapBnd"), 16).unwrap() & net_raw,
        0
    );
    assert_eq!(field("Seccomp"), "2", "seccomp filter mode");
    let nnp = spec["process"]["noNewPrivileges"]
        .as_bool()
        .unwrap_or(false);
    assert_eq!(field("NoNewPrivs"), if nnp { "1" } else { "0" });

    ctd.ctr(&["task", "kill", "-s", "SIGKILL", "iso1"])
        .ok("kill iso1");
    ctd.wait_task_status("iso1", "STOPPED");
    ctd.ctr(&["task", "delete", "iso1"]).ok("task delete");
    ctd.ctr(&["containers", "delete", "iso1"])
        .ok("containers delete");
}
