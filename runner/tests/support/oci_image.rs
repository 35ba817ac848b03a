//! Hand-building an OCI image archive (oci-layout, index.json, sha256 blobs for manifest, config
//! and one gzip layer) from a rootfs directory, for `ctr images import` — no registry needed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A blob written into the layout.
struct Blob {
    digest: String,
    size: u64,
}

/// What the image runs.
pub struct ImageConfig<'a> {
    /// Full image name, e.g. `kestrel.local/hello:latest`.
    pub name: &'a str,
    /// Entrypoint.
    pub entrypoint: &'a [&'a str],
    /// Cmd.
    pub cmd: &'a [&'a str],
    /// Manifest annotations (e.g. `module.wasm.image/variant=compat`).
    pub annotations: &'a [(&'a str, &'a str)],
}

/// Builds the image of `rootfs` into `<work>/<file stem>.tar` and returns its path.
pub fn build(work: &Path, rootfs: &Path, cfg: &ImageConfig<'_>) -> PathBuf {
    let stem = cfg.name.replace(['/', ':'], "_");
    let layout = work.join(format!("{stem}-layout"));
    let blobs = layout.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).unwrap();

    let layer_tar = work.join(format!("{stem}-layer.tar"));
    sh(Command::new("tar")
        .args(["--numeric-owner", "--owner=0", "--group=0", "-C"])
        .arg(rootfs)
        .arg("-cf")
        .arg(&layer_tar)
        .arg("."));
    let diff_id = sha256(&layer_tar);
    sh(Command::new("gzip").args(["-n", "-f"]).arg(&layer_tar));
    let layer = store(
        &blobs,
        &std::fs::read(layer_tar.with_extension("tar.gz")).unwrap(),
    );

    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    let config = serde_json::json!({
        "architecture": arch,
        "os": "linux",
        "config": { "Entrypoint": cfg.entrypoint, "Cmd": cfg.cmd, "Env": ["PATH=/bin"], "WorkingDir": "/" },
        "rootfs": { "type": "layers", "diff_ids": [format!("sha256:{diff_id}")] },
        "history": [{ "created_by": "kestrel tests" }],
    });
    let config = store(&blobs, config.to_string().as_bytes());
    let annotations: serde_json::Map<String, serde_json::Value> = cfg
        .annotations
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
        .collect();
    let manifest = serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": { "mediaType": "application/vnd.oci.image.config.v1+json", "digest": config.digest, "size": config.size },
        "layers": [{ "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": layer.digest, "size": layer.size }],
        "annotations": annotations,
    });
    let manifest = store(&blobs, manifest.to_string().as_bytes());
    let index = serde_json::json!({
        "schemaVersion": 2,
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": manifest.digest,
            "size": manifest.size,
            "annotations": { "org.opencontainers.image.ref.name": cfg.name, "io.containerd.image.name": cfg.name },
        }],
    });
    std::fs::write(layout.join("index.json"), index.to_string()).unwrap();
    std::fs::write(
        layout.join("oci-layout"),
        r#"{"imageLayoutVersion":"1.0.0"}"#,
    )
    .unwrap();
    let archive = work.join(format!("{stem}.tar"));
    sh(Command::new("tar")
        .args(["--numeric-owner", "-C"])
        .arg(&layout)
        .arg("-cf")
        .arg(&archive)
        .args(["oci-layout", "index.json", "blobs"]));
    archive
}

fn store(blobs: &Path, data: &[u8]) -> Blob {
    let tmp = blobs.join("tmp");
    std::fs::write(&tmp, data).unwrap();
    let digest = sha256(&tmp);
    std::fs::rename(&tmp, blobs.join(&digest)).unwrap();
    Blob {
        digest: format!("sha256:{digest}"),
        size: data.len() as u64,
    }
}

fn sha256(file: &Path) -> String {
    let out = Command::new("sha256sum").arg(file).output().unwrap();
    assert!(out.status.success(), "sha256sum failed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

fn sh(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
