//! Generates the CRI v1 client (messages and the RuntimeService/ImageService client stubs) from
//! proto/cri.proto into OUT_DIR. protox parses and checks the .proto in Rust, giving the
//! FileDescriptorSet that protoc would, so the build needs no system protoc.

const PROTO: &str = "proto/cri.proto";

fn main() {
    println!("cargo:rerun-if-changed={PROTO}");
    let fds = protox::compile([PROTO], ["proto"]).unwrap_or_else(|e| panic!("{PROTO}: {e:?}"));
    tonic_prost_build::configure()
        .build_server(false)
        .build_transport(false)
        .compile_fds(fds)
        .unwrap_or_else(|e| panic!("generating the CRI client from {PROTO}: {e}"));
}
