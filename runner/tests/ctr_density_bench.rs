//! Benchmark (ignored by `cargo test`; run `runner/tests/containerd/density.sh`): how much memory
//! N idle containers take side by side on one private containerd (issue 26: a node with 1 GiB
//! runs 50 idle wasm containers). N wasm containers whose module sleeps (`sleep.wasm`) run
//! through kestrel, then N busybox `sleep` containers through runc for comparison; for each set,
//! the proportional set size (Pss, shared pages split between the processes sharing them) of
//! every container's init and of every containerd shim, summed, plus the containerd daemon's.
//! (Kernel memory per container, page tables and the like, is not counted; the kernel's
//! `MemAvailable` would, but on a shared machine other work moves it by hundreds of MiB.)
//!
//! `KESTREL_DENSITY_N` sets N (default 50).

mod support;

use std::time::{Duration, Instant};

use support::containerd::{Containerd, processes_mentioning, which};
use support::rootfs::{busybox_rootfs, wasm_rootfs};

/// A field of /proc/PID/smaps_rollup, in kB.
fn kb_field(text: &str, field: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn pss_kb(pid: i32) -> u64 {
    kb_field(
        &std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default(),
        "Pss",
    )
}

fn mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}

/// What one set of containers costs.
struct Footprint {
    inits_kb: u64,
    shims_kb: u64,
    daemon_kb: u64,
}

/// Starts `n` containers `{prefix}{i}` with `flags` and `cmd`, measures them running, removes
/// them.
fn measure(ctd: &Containerd, n: usize, prefix: &str, flags: &[String], cmd: &[&str]) -> Footprint {
    let ids: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
    for id in &ids {
        let mut args = vec!["run", "-d"];
        args.extend(flags.iter().map(String::as_str));
        args.push(id);
        args.extend(cmd);
        ctd.ctr(&args).ok(&format!("ctr run -d {id}"));
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let pids: Vec<i32> = loop {
        let listing = ctd.ctr(&["task", "ls"]).stdout;
        let running: Vec<i32> = listing
            .lines()
            .filter(|l| l.starts_with(prefix) && l.ends_with("RUNNING"))
            .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
            .collect();
        if running.len() == n {
            break running;
        }
        assert!(
            Instant::now() < deadline,
            "{} of {n} {prefix} tasks running:\n{listing}",
            running.len()
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    // Let start-up garbage settle (Go shims free their start-up heap lazily).
    std::thread::sleep(Duration::from_secs(3));
    let socket = ctd.socket.display().to_string();
    let shims: Vec<i32> = processes_mentioning(&socket)
        .into_iter()
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.starts_with("containerd-shim"))
        })
        .collect();
    assert_eq!(shims.len(), n, "one shim per container expected");
    let footprint = Footprint {
        inits_kb: pids.iter().map(|&p| pss_kb(p)).sum(),
        shims_kb: shims.iter().map(|&p| pss_kb(p)).sum(),
        daemon_kb: pss_kb(ctd.daemon_pid()),
    };
    for id in &ids {
        let _ = ctd.ctr(&["task", "kill", "-s", "SIGKILL", id]);
    }
    for id in &ids {
        ctd.wait_task_status(id, "STOPPED");
        let _ = ctd.ctr(&["task", "rm", id]);
        let _ = ctd.ctr(&["container", "rm", id]);
    }
    footprint
}

#[test]
#[ignore = "benchmark: run runner/tests/containerd/density.sh"]
fn idle_containers_side_by_side() {
    let n: usize = std::env::var("KESTREL_DENSITY_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let ctd = match Containerd::start("density") {
        Ok(c) => c,
        Err(why) => panic!("the benchmark needs containerd: {why}"),
    };
    let wasm = wasm_rootfs(&ctd.work.join("wasm-rootfs"));
    let bb = busybox_rootfs(&ctd.work.join("bb-rootfs"));
    let mut wasm_flags = ctd.kestrel_run_flags();
    wasm_flags.extend(["--rootfs".into(), wasm.display().to_string()]);
    let runc = which("runc").unwrap().display().to_string();
    let runc_flags: Vec<String> = vec![
        "--runc-binary".into(),
        runc,
        "--runc-root".into(),
        ctd.runtime_root.join("runc").display().to_string(),
        "--fifo-dir".into(),
        ctd.fifo_dir.display().to_string(),
        "--rootfs".into(),
        bb.display().to_string(),
    ];
    let sets = [
        (
            "idle wasm (`sleep.wasm`) via kestrel",
            measure(&ctd, n, "wasm", &wasm_flags, &["/sleep.wasm"]),
        ),
        (
            "busybox `sleep` via runc",
            measure(
                &ctd,
                n,
                "bb",
                &runc_flags,
                &["/bin/busybox", "sleep", "100000"],
            ),
        ),
    ];
    println!(
        "\n{n} idle containers side by side, kestrel {}",
        support::kestrel_bin().display()
    );
    println!(
        "| containers | inits (Pss, sum) | per init | shims (Pss, sum) | containerd (Pss) | total |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (what, f) in &sets {
        println!(
            "| {n} × {what} | {} | {} | {} | {} | {} |",
            mib(f.inits_kb),
            mib(f.inits_kb / n as u64),
            mib(f.shims_kb),
            mib(f.daemon_kb),
            mib(f.inits_kb + f.shims_kb + f.daemon_kb),
        );
    }
    let (_, wasm_set) = &sets[0];
    assert!(
        wasm_set.inits_kb + wasm_set.shims_kb + wasm_set.daemon_kb < 1 << 20,
        "{n} idle wasm containers take over 1 GiB"
    );
}
