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
    LinuxContainerResources, LinuxPodSandboxConfig, LinuxSandboxSecurityContext, NamespaceMode,
    NamespaceOption, PodSandboxConfig, PodSandboxMetadata, RemoveContainerRequest,
    RemovePodSandboxRequest, RunPodSandboxRequest, StartContainerRequest, StopContainerRequest,
    StopPodSandboxRequest, UpdateContainerResourcesRequest, VersionRequest,
};
use support::containerd::{Containerd, PAUSE_IMAGE};
use support::oci_image::{self, ImageConfig};
use support::rootfs::{busybox_rootfs, wasm_rootfs};
use tonic::transport::{Channel, Endpoint, Uri};

const WASM_IMAGE: &str = "kestrel.local/hello:latest";

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

#[test]
fn cri_pod_with_a_wasm_container() {
    let ctd = match Containerd::start("cri") {
        Ok(c) => c,
        Err(why) => {
            eprintln!("SKIPPED cri: containerd cannot start here: {why}");
            return;
        }
    };
    // The pod's pause container: busybox sleeping, a native container kestrel hands to runc.
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
    let wasm_rootfs = wasm_rootfs(&ctd.work.join("wasm-rootfs"));
    let wasm = oci_image::build(
        &ctd.work,
        &wasm_rootfs,
        &ImageConfig {
            name: WASM_IMAGE,
            entrypoint: &["/hello.wasm"],
            cmd: &[],
            annotations: &[("module.wasm.image/variant", "compat")],
        },
    );
    for archive in [&pause, &wasm] {
        ctd.ctr_ns("k8s.io", &["images", "import", archive.to_str().unwrap()])
            .ok("ctr -n k8s.io images import");
    }
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

        // CRI learns about imported images asynchronously.
        let deadline = Instant::now() + Duration::from_secs(20);
        for image in [PAUSE_IMAGE, WASM_IMAGE] {
            loop {
                let st = images
                    .image_status(ImageStatusRequest {
                        image: Some(ImageSpec {
                            image: image.into(),
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

        let sandbox_config = PodSandboxConfig {
            metadata: Some(PodSandboxMetadata {
                name: "wasm-pod".into(),
                uid: "uid-wasm-pod".into(),
                namespace: "default".into(),
                attempt: 0,
            }),
            log_directory: logs.display().to_string(),
            linux: Some(LinuxPodSandboxConfig {
                security_context: Some(LinuxSandboxSecurityContext {
                    namespace_options: Some(NamespaceOption {
                        network: NamespaceMode::Node as i32,
                        pid: NamespaceMode::Pod as i32,
                        ipc: NamespaceMode::Pod as i32,
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
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
