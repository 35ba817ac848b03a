#!/usr/bin/env bash
# The README's test command: installs what the runner's containerd/CRI tests need (containerd,
# runc, busybox; Debian packages, when run as root), then runs every test of the workspace.
# Nothing else outside Cargo is needed: no build needs a system protoc. Extra arguments go to
# `cargo test` (e.g. `./test.sh -p kestrel-wasm`).
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    bash runner/tests/containerd/install-deps.sh
else
    echo "test.sh: not root (or no apt-get): the containerd/CRI tests print SKIPPED where containerd is missing"
fi
exec cargo test --workspace "$@"
