//! The Kubernetes flow through CRI, as a kubelet would drive it, against a private containerd
//! whose RuntimeClass handler `kestrel` is the kestrel binary: a pod (host network, a local
//! busybox pause image, run by runc through kestrel) with a wasm container whose exit code shows
//! in ContainerStatus and whose output lands in the CRI log. Skips, loudly, only where
//! containerd cannot start.

mod support;

use std::time::{Duration, Instant};

use hyper_util::rt::TokioIo;
use kestrel_cri_api::v1::image_service_client::ImageServiceClient;
use kestrel_cri_api::v1::runtime_service_client::RuntimeServiceClient;
use kestrel_cri_api::v1::{
    ContainerConfig, ContainerMetadata, ContainerState, ContainerStatsRequest,
    ContainerStatusRequest, CreateContainerRequest, ExecSyncRequest, ImageSpec, ImageStatusRequest,
    KeyValue, LinuxContainerConfig, LinuxContainerResources, LinuxContainerSecurityContext,
    LinuxPodSandboxConfig, LinuxSandboxSecurityContext, NamespaceMode, NamespaceOption,
    PodSandboxConfig, PodSandboxMetadata, PodSandboxStatusRequest, RemoveContainerRequest,
    RemovePodSandboxRequest, RunPodSandboxRequest, StartContainerRequest, StopContainerRequest,
    StopPodSandboxRequest, UpdateContainerResourcesRequest, VersionRequest,
};
use support::containerd::{Containerd, PAUSE_IMAGE};
use support::oci_image::{self, ImageConfig};
use support::rootfs::{busybox_rootfs, wasm_rootfs};
use tonic::transport::{Channel, Endpoint, Uri};

const WASM_IMAGE: &str = "kestrel.local/hello:latest";
const HTTP_IMAGE: &str = "kestrel.local/http:latest";

async fn connect(ctd: &Containerd) -> Channel {
    let socket = ctd.socket.clone();
    Endpoint::try_from("http://[::]:50051")
        .unwrap()
        .connect_with_connector(tower::service_fn(move |_: Uri| {
            let socket = socket.clone();
            async move {
                Ok::<_, std::io::Error>(TokioIo::new(
                    tokio::net::UnixStream::connect(socket).await?,
                ))
            }
        }))
        .await
        .expect("connect to containerd's CRI socket")
}

/// Builds the pod's pause image (busybox sleeping, a native container kestrel hands to runc) and
/// the wasm image `name` of `rootfs` (entrypoint `module`, marked `compat`), and imports both
/// into CRI's namespace.
fn import_pod_images(ctd: &Containerd, rootfs: &std::path::Path, name: &str, module: &str) {
    let pause_rootfs = busybox_rootfs(&ctd.work.join("pause-rootfs"));
    let pause = oci_image::build(
        &ctd.work,
        &pause_rootfs,
        &ImageConfig {
            name: PAUSE_IMAGE,
            entrypoint: &["/bin/sleep"],
            cmd: &["100000"],
            annotations: &[],
        },
    );
    let wasm = oci_image::build(
        &ctd.work,
        rootfs,
        &ImageConfig {
            name,
            entrypoint: &[module],
            cmd: &[],
            annotations: &[("module.wasm.image/variant", "compat")],
        },
    );
    for archive in [&pause, &wasm] {
        ctd.ctr_ns("k8s.io", &["images", "import", archive.to_str().unwrap()])
            .ok("ctr -n k8s.io images import");
    }
}

/// Waits until CRI lists every image (it learns about imported ones asynchronously).
async fn wait_for_images(images: &mut ImageServiceClient<Channel>, names: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    for image in names {
        loop {
            let st = images
                .image_status(ImageStatusRequest {
                    image: Some(ImageSpec {
                        image: image.to_string(),
                        ..Default::default()
                    }),
                    verbose: false,
                })
                .await
                .unwrap();
            if st.get_ref().image.is_some() {
                break;
            }
            assert!(Instant::now() < deadline, "CRI never saw image {image}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// A pod's config: its own pid and ipc namespaces, the network namespace `network` says
/// (`Node`: the host's; `Pod`: one the CNI sets up), logs under `logs`.
fn pod_config(name: &str, logs: &std::path::Path, network: NamespaceMode) -> PodSandboxConfig {
    PodSandboxConfig {
        metadata: Some(PodSandboxMetadata {
            name: name.into(),
            uid: format!("uid-{name}"),
            namespace: "default".into(),
            attempt: 0,
        }),
        log_directory: logs.display().to_string(),
        linux: Some(LinuxPodSandboxConfig {
            security_context: Some(LinuxSandboxSecurityContext {
                namespace_options: Some(NamespaceOption {
                    network: network as i32,
                    pid: NamespaceMode::Pod as i32,
                    ipc: NamespaceMode::Pod as i32,
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn cri_pod_with_a_wasm_container() {
    let ctd = match Containerd::start("cri") {
        Ok(c) => c,
        Err(why) => {
            eprintln!("SKIPPED cri: containerd cannot start here: {why}");
            return;
        }
    };
    let wasm_rootfs = wasm_rootfs(&ctd.work.join("wasm-rootfs"));
    import_pod_images(&ctd, &wasm_rootfs, WASM_IMAGE, "/hello.wasm");
    let logs = ctd.work.join("pod-logs");
    std::fs::create_dir_all(&logs).unwrap();

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let channel = connect(&ctd).await;
        let mut runtime = RuntimeServiceClient::new(channel.clone());
        let mut images = ImageServiceClient::new(channel);
        let version = runtime
            .version(VersionRequest {
                version: "v1".into(),
            })
            .await
            .unwrap_or_else(|e| panic!("CRI Version: {e}\n{}", ctd.log()));
        assert_eq!(version.get_ref().runtime_name, "containerd");

        wait_for_images(&mut images, &[PAUSE_IMAGE, WASM_IMAGE]).await;

        let sandbox_config = pod_config("wasm-pod", &logs, NamespaceMode::Node);
        let pod = runtime
            .run_pod_sandbox(RunPodSandboxRequest {
                config: Some(sandbox_config.clone()),
                runtime_handler: "kestrel".into(),
            })
            .await
            .unwrap_or_else(|e| panic!("RunPodSandbox: {e}\n{}", ctd.log()))
            .into_inner()
            .pod_sandbox_id;

        let container = runtime
            .create_container(CreateContainerRequest {
                pod_sandbox_id: pod.clone(),
                config: Some(ContainerConfig {
                    metadata: Some(ContainerMetadata {
                        name: "hello".into(),
                        attempt: 0,
                    }),
                    image: Some(ImageSpec {
                        image: WASM_IMAGE.into(),
                        ..Default::default()
                    }),
                    args: vec!["from-cri".into()],
                    linux: container_linux(),
                    log_path: "hello.log".into(),
                    ..Default::default()
                }),
                sandbox_config: Some(sandbox_config.clone()),
            })
            .await
            .unwrap_or_else(|e| panic!("CreateContainer: {e}\n{}", ctd.log()))
            .into_inner()
            .container_id;
        runtime
            .start_container(StartContainerRequest {
                container_id: container.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("StartContainer: {e}\n{}", ctd.log()));

        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            let st = runtime
                .container_status(ContainerStatusRequest {
                    container_id: container.clone(),
                    verbose: false,
                })
                .await
                .unwrap()
                .into_inner()
                .status
                .unwrap();
            if st.state == ContainerState::ContainerExited as i32 {
                break st;
            }
            assert!(Instant::now() < deadline, "container did not exit: {st:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(status.exit_code, 3, "{status:?}");

        let log = std::fs::read_to_string(logs.join("hello.log")).unwrap();
        assert!(
            log.contains(" stdout F hello from kestrel"),
            "CRI log: {log}"
        );
        assert!(log.contains(" stdout F arg from-cri"), "CRI log: {log}");

        // A long-running wasm container: ExecSync (what probes and `kubectl exec` use) runs a
        // second module in it; a native command is refused; resources can be updated; stats come
        // from its cgroup; StopContainer ends it with SIGTERM.
        let sleeper = runtime
            .create_container(CreateContainerRequest {
                pod_sandbox_id: pod.clone(),
                config: Some(ContainerConfig {
                    metadata: Some(ContainerMetadata {
                        name: "sleeper".into(),
                        attempt: 0,
                    }),
                    image: Some(ImageSpec {
                        image: WASM_IMAGE.into(),
                        ..Default::default()
                    }),
                    command: vec!["/sleep.wasm".into()],
                    linux: container_linux(),
                    log_path: "sleeper.log".into(),
                    ..Default::default()
                }),
                sandbox_config: Some(sandbox_config.clone()),
            })
            .await
            .unwrap_or_else(|e| panic!("CreateContainer sleeper: {e}\n{}", ctd.log()))
            .into_inner()
            .container_id;
        runtime
            .start_container(StartContainerRequest {
                container_id: sleeper.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("StartContainer sleeper: {e}\n{}", ctd.log()));
        let exec = runtime
            .exec_sync(ExecSyncRequest {
                container_id: sleeper.clone(),
                cmd: vec!["/cat.wasm".into()],
                timeout: 20,
            })
            .await
            .unwrap_or_else(|e| panic!("ExecSync: {e}\n{}", ctd.log()))
            .into_inner();
        assert_eq!(exec.exit_code, 0, "{exec:?}");
        assert_eq!(
            String::from_utf8_lossy(&exec.stdout),
            support::rootfs::MESSAGE
        );
        let native = runtime
            .exec_sync(ExecSyncRequest {
                container_id: sleeper.clone(),
                cmd: vec!["/bin/sh".into()],
                timeout: 20,
            })
            .await;
        let said = match native {
            Ok(r) => format!(
                "exit {} {}",
                r.get_ref().exit_code,
                String::from_utf8_lossy(&r.get_ref().stderr)
            ),
            Err(e) => e.to_string(),
        };
        assert!(
            said.contains("wasm container"),
            "native exec should be refused clearly: {said}"
        );
        runtime
            .update_container_resources(UpdateContainerResourcesRequest {
                container_id: sleeper.clone(),
                linux: Some(LinuxContainerResources {
                    memory_limit_in_bytes: 100 << 20,
                    cpu_shares: 512,
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("UpdateContainerResources: {e}\n{}", ctd.log()));
        let memory = std::path::PathBuf::from(format!("/sys/fs/cgroup/memory/k8s.io/{sleeper}"));
        if memory.is_dir() {
            let limit = std::fs::read_to_string(memory.join("memory.limit_in_bytes")).unwrap();
            assert_eq!(limit.trim(), (100u64 << 20).to_string());
        }
        let stats = runtime
            .container_stats(ContainerStatsRequest {
                container_id: sleeper.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("ContainerStats: {e}\n{}", ctd.log()))
            .into_inner();
        assert!(stats.stats.is_some(), "{stats:?}");
        runtime
            .stop_container(StopContainerRequest {
                container_id: sleeper.clone(),
                timeout: 10,
            })
            .await
            .unwrap_or_else(|e| panic!("StopContainer sleeper: {e}\n{}", ctd.log()));
        let st = runtime
            .container_status(ContainerStatusRequest {
                container_id: sleeper.clone(),
                verbose: false,
            })
            .await
            .unwrap()
            .into_inner()
            .status
            .unwrap();
        assert_eq!(st.state, ContainerState::ContainerExited as i32, "{st:?}");
        assert_eq!(st.exit_code, 143, "SIGTERM ended the module: {st:?}");
        runtime
            .remove_container(RemoveContainerRequest {
                container_id: sleeper.clone(),
            })
            .await
            .unwrap();

        runtime
            .stop_container(StopContainerRequest {
                container_id: container.clone(),
                timeout: 5,
            })
            .await
            .unwrap();
        runtime
            .remove_container(RemoveContainerRequest {
                container_id: container.clone(),
            })
            .await
            .unwrap();
        runtime
            .stop_pod_sandbox(StopPodSandboxRequest {
                pod_sandbox_id: pod.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("StopPodSandbox: {e}\n{}", ctd.log()));
        runtime
            .remove_pod_sandbox(RemovePodSandboxRequest {
                pod_sandbox_id: pod.clone(),
            })
            .await
            .unwrap();
    });
    assert_no_state_left(&ctd);
}

/// Nothing of a removed pod is left in the runtime's state root: no kestrel container and no
/// runc one.
fn assert_no_state_left(ctd: &Containerd) {
    let state = ctd.runtime_root.join("k8s.io");
    let left: Vec<_> = std::fs::read_dir(&state)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != ".runc")
        .collect();
    assert!(
        left.is_empty(),
        "kestrel state left in {}: {left:?}",
        state.display()
    );
    let runc_left: Vec<_> = std::fs::read_dir(state.join(".runc"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(runc_left.is_empty(), "runc state left: {runc_left:?}");
}

/// A pod on its own network (the CNI's, not the host's): its wasm container joins the pod's
/// network namespace (the pause container's, by path), serves HTTP through WasmEdge's sockets on
/// it, answers a request made inside that namespace, and the pod stops cleanly.
#[test]
fn cri_pod_network_reaches_a_wasm_http_service() {
    use std::os::fd::AsFd;

    let ctd = match Containerd::start("cri-net") {
        Ok(c) => c,
        Err(why) => {
            eprintln!("SKIPPED cri-net: containerd cannot start here: {why}");
            return;
        }
    };
    assert!(
        std::path::Path::new(support::containerd::CNI_BIN_DIR)
            .join("loopback")
            .exists(),
        "the CNI plugins are needed: run runner/tests/containerd/install-deps.sh"
    );
    let http_rootfs = ctd.work.join("http-rootfs");
    std::fs::create_dir_all(&http_rootfs).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/wasmedge_sockets/http_service.wasm"),
        http_rootfs.join("http_service.wasm"),
    )
    .unwrap();
    import_pod_images(&ctd, &http_rootfs, HTTP_IMAGE, "/http_service.wasm");
    let logs = ctd.work.join("pod-logs");
    std::fs::create_dir_all(&logs).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let channel = connect(&ctd).await;
        let mut runtime = RuntimeServiceClient::new(channel.clone());
        let mut images = ImageServiceClient::new(channel);
        wait_for_images(&mut images, &[PAUSE_IMAGE, HTTP_IMAGE]).await;
        let sandbox_config = pod_config("net-pod", &logs, NamespaceMode::Pod);
        let pod = runtime
            .run_pod_sandbox(RunPodSandboxRequest {
                config: Some(sandbox_config.clone()),
                runtime_handler: "kestrel".into(),
            })
            .await
            .unwrap_or_else(|e| panic!("RunPodSandbox: {e}\n{}", ctd.log()))
            .into_inner()
            .pod_sandbox_id;
        let container = runtime
            .create_container(CreateContainerRequest {
                pod_sandbox_id: pod.clone(),
                config: Some(ContainerConfig {
                    metadata: Some(ContainerMetadata {
                        name: "http".into(),
                        attempt: 0,
                    }),
                    image: Some(ImageSpec {
                        image: HTTP_IMAGE.into(),
                        ..Default::default()
                    }),
                    // Every address of the pod, two requests, then it ends.
                    envs: vec![
                        KeyValue {
                            key: "ADDR".into(),
                            value: "0.0.0.0:8080".into(),
                        },
                        KeyValue {
                            key: "REQUESTS".into(),
                            value: "2".into(),
                        },
                    ],
                    linux: container_linux(),
                    log_path: "http.log".into(),
                    ..Default::default()
                }),
                sandbox_config: Some(sandbox_config.clone()),
            })
            .await
            .unwrap_or_else(|e| panic!("CreateContainer: {e}\n{}", ctd.log()))
            .into_inner()
            .container_id;
        runtime
            .start_container(StartContainerRequest {
                container_id: container.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("StartContainer: {e}\n{}", ctd.log()));

        // The pids of the pause container (the sandbox) and of the wasm container.
        let tasks = ctd
            .ctr_ns("k8s.io", &["task", "ls"])
            .ok("ctr task ls")
            .stdout;
        let pid_of = |id: &str| -> u32 {
            tasks
                .lines()
                .find(|l| l.starts_with(id))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
                .unwrap_or_else(|| panic!("no task {id} in\n{tasks}"))
        };
        let (pause_pid, wasm_pid) = (pid_of(&pod), pid_of(&container));
        let netns = |pid: u32| std::fs::read_link(format!("/proc/{pid}/ns/net")).unwrap();
        assert_eq!(
            netns(wasm_pid),
            netns(pause_pid),
            "the wasm container is in the pod's netns"
        );
        assert_ne!(
            netns(wasm_pid),
            std::fs::read_link("/proc/self/ns/net").unwrap(),
            "the pod's netns is not the host's"
        );

        let pod_netns = std::fs::File::open(format!("/proc/{pause_pid}/ns/net")).unwrap();
        let response = std::thread::spawn(move || {
            rustix::thread::move_into_link_name_space(
                pod_netns.as_fd(),
                Some(rustix::thread::LinkNameSpaceType::Network),
            )
            .expect("setns into the pod's network namespace");
            http_get(([127, 0, 0, 1], 8080).into(), "/pod")
        })
        .join()
        .unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(response.contains("/pod"), "{response}");

        // And on the pod's IP, from the host (the CNI bridge's gateway).
        let ip = runtime
            .pod_sandbox_status(PodSandboxStatusRequest {
                pod_sandbox_id: pod.clone(),
                verbose: false,
            })
            .await
            .unwrap_or_else(|e| panic!("PodSandboxStatus: {e}\n{}", ctd.log()))
            .into_inner()
            .status
            .and_then(|s| s.network)
            .map(|n| n.ip)
            .unwrap_or_default();
        let ip: std::net::IpAddr = ip.parse().unwrap_or_else(|_| panic!("pod IP {ip:?}"));
        let response = http_get((ip, 8080).into(), "/on-pod-ip");
        assert!(response.contains("/on-pod-ip"), "{response}");

        runtime
            .stop_container(StopContainerRequest {
                container_id: container.clone(),
                timeout: 10,
            })
            .await
            .unwrap_or_else(|e| panic!("StopContainer: {e}\n{}", ctd.log()));
        runtime
            .remove_container(RemoveContainerRequest {
                container_id: container.clone(),
            })
            .await
            .unwrap();
        runtime
            .stop_pod_sandbox(StopPodSandboxRequest {
                pod_sandbox_id: pod.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("StopPodSandbox: {e}\n{}", ctd.log()));
        runtime
            .remove_pod_sandbox(RemovePodSandboxRequest {
                pod_sandbox_id: pod.clone(),
            })
            .await
            .unwrap();
    });
    assert_no_state_left(&ctd);
}

/// `GET path` on `addr` (retried until it listens, at most 30 s); the whole response.
fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut s = loop {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
            Ok(s) => break s,
            Err(e) if Instant::now() > deadline => panic!("{addr} never listened: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: pod\r\n\r\n").as_bytes())
        .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response
}

/// The Linux part of a container's config as the kubelet sends it for a pod without
/// `shareProcessNamespace`: a pid namespace of the container's own.
///
/// Not the pod's: libcontainer 0.7 mounts a cgroup v1 hierarchy for a container that joins an
/// existing pid namespace by reading `/proc/<its pid in that namespace>` of the host's /proc,
/// which is another process or none (create then fails now and then, "failed to prepare rootfs:
/// ... NotFound(/proc/9)"). cgroup v2 hosts do not take that path.
fn container_linux() -> Option<LinuxContainerConfig> {
    Some(LinuxContainerConfig {
        security_context: Some(LinuxContainerSecurityContext {
            namespace_options: Some(NamespaceOption {
                network: NamespaceMode::Pod as i32,
                pid: NamespaceMode::Container as i32,
                ipc: NamespaceMode::Pod as i32,
                ..Default::default()
            }),
        }),
    })
}
