//! A private containerd for one test: its own config, root, state and sockets under a temp
//! directory, kestrel registered as the CRI runtime `kestrel`, and a teardown that leaves nothing
//! behind (tasks, daemon, shims, mounts, cgroups, files).
//!
//! [`Containerd::start`] returns `Err(reason)` only when containerd cannot run here (not installed,
//! not root, daemon does not come up); tests then print the reason and skip, loudly.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::command::{Finished, run};

/// Time limit for one `ctr` call.
pub const CTR_TIMEOUT: Duration = Duration::from_secs(90);

/// Local name of the hand-built pause image used as the CRI sandbox image.
pub const PAUSE_IMAGE: &str = "kestrel.local/pause:latest";

/// Where Debian's containernetworking-plugins installs the CNI plugins.
pub const CNI_BIN_DIR: &str = "/usr/lib/cni";

/// A running private containerd.
pub struct Containerd {
    /// The CNI bridge of this daemon's pod network (made on the first pod that is not on the
    /// host's network, removed on drop).
    pub bridge: String,
    /// Scratch directory holding everything.
    pub work: PathBuf,
    /// gRPC socket.
    pub socket: PathBuf,
    /// kestrel's `--root` for this daemon's shims.
    pub runtime_root: PathBuf,
    /// Where ctr puts its fifos.
    pub fifo_dir: PathBuf,
    daemon: Child,
}

impl Containerd {
    /// Starts containerd for test `name`, or says why it cannot run here.
    pub fn start(name: &str) -> Result<Containerd, String> {
        if !super::is_root() {
            return Err("containerd tests need root".into());
        }
        for bin in ["containerd", "ctr", "containerd-shim-runc-v2", "runc"] {
            if which(bin).is_none() {
                return Err(format!(
                    "{bin} is not installed (run runner/tests/containerd/install-deps.sh)"
                ));
            }
        }
        let work = PathBuf::from(format!("/tmp/kestrel-ctd-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).unwrap();
        let socket = work.join("containerd.sock");
        let runtime_root = work.join("runtime-root");
        let fifo_dir = work.join("fifo");
        std::fs::create_dir_all(&fifo_dir).unwrap();
        let config = work.join("config.toml");
        std::fs::write(&config, config_toml(&work, &runtime_root)).unwrap();
        // The pod network of CRI pods that are not on the host's: Debian's CNI plugins, a
        // bridge of this daemon's own (the host is its gateway, so pod IPs are reachable from
        // here; no masquerading, no iptables) with addresses from a private range.
        let cni_conf = work.join("cni/conf");
        std::fs::create_dir_all(&cni_conf).unwrap();
        // Daemons of one test process run side by side: each its own bridge and subnet.
        static DAEMONS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = DAEMONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 250;
        let bridge = format!("kcni{}-{n}", std::process::id() % 10_000);
        std::fs::write(
            cni_conf.join("10-kestrel-test.conflist"),
            serde_json::json!({
                "cniVersion": "1.0.0",
                "name": "kestrel-test",
                "plugins": [{
                    "type": "bridge",
                    "bridge": bridge,
                    "isGateway": true,
                    "ipMasq": false,
                    "ipam": {
                        "type": "host-local",
                        "ranges": [[{ "subnet": format!("10.231.{n}.0/24") }]],
                        "dataDir": work.join("cni/ipam"),
                    },
                }, { "type": "loopback" }],
            })
            .to_string(),
        )
        .unwrap();
        let log = std::fs::File::create(work.join("containerd.log")).unwrap();
        let mut cmd = Command::new("containerd");
        cmd.arg("--config")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        // SAFETY: only async-signal-safe calls between fork and exec: setsid, close_range.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                libc::close_range(3, libc::c_uint::MAX, 0);
                Ok(())
            });
        }
        let daemon = cmd
            .spawn()
            .map_err(|e| format!("cannot start containerd: {e}"))?;
        let ctd = Containerd {
            bridge,
            work,
            socket,
            runtime_root,
            fifo_dir,
            daemon,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if ctd.socket.exists() && ctd.ctr(&["version"]).status.success() {
                return Ok(ctd);
            }
            if Instant::now() > deadline {
                let log =
                    std::fs::read_to_string(ctd.work.join("containerd.log")).unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(15).collect();
                return Err(format!(
                    "containerd did not come up within 30s; last log lines:\n{}",
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs `ctr --address <socket> ARGS` (namespace `default`).
    pub fn ctr(&self, args: &[&str]) -> Finished {
        self.ctr_ns("default", args)
    }

    /// Runs `ctr` in namespace `ns`.
    pub fn ctr_ns(&self, ns: &str, args: &[&str]) -> Finished {
        run(
            Command::new("ctr")
                .arg("--address")
                .arg(&self.socket)
                .arg("--namespace")
                .arg(ns)
                .args(args),
            CTR_TIMEOUT,
        )
    }

    /// The `ctr run` flags that make kestrel the runtime (flags only; positionals follow).
    pub fn kestrel_run_flags(&self) -> Vec<String> {
        vec![
            "--runc-binary".into(),
            super::kestrel_bin().display().to_string(),
            "--runc-root".into(),
            self.runtime_root.join("ctr").display().to_string(),
            "--fifo-dir".into(),
            self.fifo_dir.display().to_string(),
        ]
    }

    /// The status column of `ctr task ls` for `id`, if listed.
    pub fn task_status(&self, id: &str) -> Option<String> {
        let out = self.ctr(&["task", "ls"]);
        out.stdout.lines().skip(1).find_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.first() == Some(&id)).then(|| cols.get(2).unwrap_or(&"").to_string())
        })
    }

    /// Waits until `id`'s task shows `status` in `ctr task ls`.
    pub fn wait_task_status(&self, id: &str, status: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = self.task_status(id);
            if now.as_deref() == Some(status) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "task {id} did not become {status} (last: {now:?})"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The daemon's process id.
    pub fn daemon_pid(&self) -> i32 {
        self.daemon.id() as i32
    }

    /// The daemon's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.work.join("containerd.log")).unwrap_or_default()
    }
}

impl Drop for Containerd {
    fn drop(&mut self) {
        for ns in ["default", "k8s.io"] {
            let tasks = self.ctr_ns(ns, &["task", "ls", "-q"]);
            for id in tasks.stdout.lines().filter(|l| !l.is_empty()) {
                let _ = self.ctr_ns(ns, &["task", "kill", "-a", "-s", "SIGKILL", id]);
                let _ = self.ctr_ns(ns, &["task", "rm", "-f", id]);
            }
        }
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.daemon.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.daemon.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
        kill_processes_mentioning(&self.socket.display().to_string());
        unmount_below(&self.work);
        let _ = std::fs::remove_dir_all(&self.work);
        // The CNI bridge, if a pod network made it.
        let _ = Command::new("ip")
            .args(["link", "del", &self.bridge])
            .stderr(Stdio::null())
            .status();
    }
}

/// SIGKILLs every process whose command line mentions `needle` (the shims of our daemon).
pub fn kill_processes_mentioning(needle: &str) {
    for pid in processes_mentioning(needle) {
        // SAFETY: kill has no memory-safety preconditions.
        unsafe { libc::kill(pid, libc::SIGKILL) };
    }
}

/// Pids whose command line mentions `needle`.
pub fn processes_mentioning(needle: &str) -> Vec<i32> {
    let me = std::process::id() as i32;
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| {
                    String::from_utf8_lossy(&c)
                        .replace('\0', " ")
                        .contains(needle)
                })
                .unwrap_or(false)
        })
        .collect()
}

/// Mount points at or below `dir`, deepest first.
pub fn mounts_below(dir: &Path) -> Vec<PathBuf> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    let mut mounts: Vec<PathBuf> = text
        .lines()
        .filter_map(|l| l.split(' ').nth(4).map(PathBuf::from))
        .filter(|m| m.starts_with(dir))
        .collect();
    mounts.sort_by_key(|m| std::cmp::Reverse(m.components().count()));
    mounts
}

/// Lazily unmounts everything below `dir`.
pub fn unmount_below(dir: &Path) {
    for m in mounts_below(dir) {
        let c = std::ffi::CString::new(m.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: c is a valid NUL-terminated path.
        unsafe { libc::umount2(c.as_ptr(), libc::MNT_DETACH) };
    }
}

/// Finds `bin` on PATH (or the sbin directories).
pub fn which(bin: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/usr/local/bin"].map(PathBuf::from))
        .map(|d| d.join(bin))
        .find(|p| p.is_file())
}

fn config_toml(work: &Path, runtime_root: &Path) -> String {
    let w = work.display();
    let kestrel = super::kestrel_bin();
    format!(
        r#"version = 2
root = "{w}/root"
state = "{w}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.internal.v1.tracing", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "{w}/containerd.sock"
[ttrpc]
  address = "{w}/containerd.sock.ttrpc"
[debug]
  address = "{w}/debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "{PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "{CNI_BIN_DIR}"
    conf_dir = "{w}/cni/conf"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
{kestrel_runtime}"#,
        kestrel_runtime = shipped_runtime_snippet(&kestrel, runtime_root),
    )
}

/// The containerd snippet the release packages ship (`dist/containerd-kestrel.toml`), naming
/// the binary under test and this daemon's runtime root: the tests run the configuration users
/// install.
fn shipped_runtime_snippet(kestrel: &Path, runtime_root: &Path) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist/containerd-kestrel.toml");
    let snippet = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let shipped = r#"BinaryName = "/usr/local/bin/kestrel""#;
    assert!(
        snippet.contains(shipped),
        "{} no longer sets {shipped}",
        path.display()
    );
    snippet.replace(
        shipped,
        &format!(
            "BinaryName = \"{}\"\n    Root = \"{}\"",
            kestrel.display(),
            runtime_root.display()
        ),
    )
}
