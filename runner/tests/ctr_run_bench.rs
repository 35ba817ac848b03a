//! Benchmark (ignored by `cargo test`; run `runner/tests/containerd/bench.sh`): the whole
//! `ctr run --rm` of a hello-world wasm container through kestrel, against a busybox `echo`
//! through runc and through kestrel's hand-over to runc, interleaved in one run on one private
//! containerd; median and p90 wall time of each. Then kestrel's peak RSS running the same
//! container (`kestrel run`, whose wait collects the init's peak), and the peak RSS (VmHWM) of
//! a running wasm container's init under containerd.

mod support;

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::containerd::Containerd;
use support::rootfs::{busybox_rootfs, wasm_rootfs};

const ROUNDS: usize = 40;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[test]
#[ignore = "benchmark: run runner/tests/containerd/bench.sh"]
fn ctr_run_wasm_vs_busybox() {
    let ctd = match Containerd::start("bench") {
        Ok(c) => c,
        Err(why) => panic!("the benchmark needs containerd: {why}"),
    };
    let wasm = wasm_rootfs(&ctd.work.join("wasm-rootfs"));
    let bb = busybox_rootfs(&ctd.work.join("bb-rootfs"));
    let kestrel = support::kestrel_bin().display().to_string();
    let runc = support::containerd::which("runc")
        .unwrap()
        .display()
        .to_string();
    let fifo = ctd.fifo_dir.display().to_string();
    let cases: [(&str, &str, &str, Vec<&str>, i32); 3] = [
        (
            "wasm hello via kestrel",
            &kestrel,
            wasm.to_str().unwrap(),
            vec!["/hello.wasm"],
            3,
        ),
        (
            "busybox echo via runc",
            &runc,
            bb.to_str().unwrap(),
            vec!["/bin/busybox", "echo", "hello"],
            0,
        ),
        (
            "busybox echo via kestrel->runc",
            &kestrel,
            bb.to_str().unwrap(),
            vec!["/bin/busybox", "echo", "hello"],
            0,
        ),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    for round in 0..ROUNDS + 3 {
        for (i, (_, bin, rootfs, cmd, code)) in cases.iter().enumerate() {
            let id = format!("b{i}-{round}");
            let root = ctd.runtime_root.join(format!("bench{i}"));
            let mut args = vec![
                "run",
                "--rm",
                "--runc-binary",
                bin,
                "--runc-root",
                root.to_str().unwrap(),
                "--fifo-dir",
                &fifo,
                "--rootfs",
                rootfs,
                &id,
            ];
            args.extend(cmd.iter().copied());
            let start = Instant::now();
            let out = ctd.ctr(&args);
            let took = start.elapsed();
            assert_eq!(out.code(), *code, "{}: {out:?}", cases[i].0);
            if round >= 3 {
                times[i].push(took); // the first rounds warm caches
            }
        }
    }
    println!("\n`ctr run --rm`, {ROUNDS} interleaved rounds, kestrel {kestrel}");
    println!("| container | median | p90 | min |\n|---|---|---|---|");
    for (i, case) in cases.iter().enumerate() {
        let mut t = times[i].clone();
        t.sort();
        println!(
            "| {} | {} | {} | {} |",
            case.0,
            ms(percentile(&t, 0.5)),
            ms(percentile(&t, 0.9)),
            ms(t[0])
        );
    }

    // Peak RSS of kestrel running the container: `kestrel run` waits for its init, so its
    // rusage covers both.
    let bundle = ctd.work.join("rss-bundle");
    std::fs::create_dir_all(&bundle).unwrap();
    std::os::unix::fs::symlink(&wasm, bundle.join("rootfs")).unwrap();
    // `kestrel spec`'s template: runc's defaults (namespaces, mounts, capabilities).
    let spec = Command::new(&kestrel)
        .args(["spec", "--module", "/hello.wasm", "--bundle"])
        .arg(&bundle)
        .status()
        .unwrap();
    assert!(spec.success());
    let mut peak_kb = 0;
    for i in 0..5 {
        #[allow(clippy::zombie_processes)] // reaped by wait4 below, which also gives the rusage
        let child = Command::new(&kestrel)
            .arg("--root")
            .arg(ctd.work.join("rss-root"))
            .args([
                "run",
                "--bundle",
                bundle.to_str().unwrap(),
                &format!("rss{i}"),
            ])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut status = 0;
        // SAFETY: all-zero is a valid rusage; wait4 fills it through a valid pointer.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waiting for our own child with valid out pointers.
        unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        assert_eq!(std::process::ExitStatus::from_raw(status).code(), Some(3));
        peak_kb = peak_kb.max(usage.ru_maxrss);
    }
    println!(
        "\nkestrel peak RSS running the hello container (`kestrel run`, max of 5): {peak_kb} KiB"
    );

    // The init of a running wasm container under containerd: its VmHWM (peak resident set).
    let flags = ctd.kestrel_run_flags();
    let mut args = vec!["run", "-d"];
    args.extend(flags.iter().map(String::as_str));
    args.extend(["--rootfs", wasm.to_str().unwrap(), "rss-ctd", "/sleep.wasm"]);
    ctd.ctr(&args).ok("ctr run -d rss-ctd");
    ctd.wait_task_status("rss-ctd", "RUNNING");
    let tasks = ctd.ctr(&["task", "ls"]).stdout;
    let pid = tasks
        .lines()
        .find(|l| l.starts_with("rss-ctd "))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap()
        .to_string();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .unwrap_or("VmHWM: ?");
    println!(
        "running wasm container's init under containerd: {}",
        hwm.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")
    );
    ctd.ctr(&["task", "kill", "-s", "SIGKILL", "rss-ctd"])
        .ok("kill rss-ctd");
    ctd.wait_task_status("rss-ctd", "STOPPED");
    let _ = ctd.ctr(&["task", "rm", "rss-ctd"]);
    let _ = ctd.ctr(&["container", "rm", "rss-ctd"]);
}
