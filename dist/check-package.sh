#!/usr/bin/env bash
# `dist/check-package.sh TARGET`: checks what dist/package.sh built for TARGET (CI runs it for
# aarch64): the tarball's and the .deb's file lists are exactly the documented layout, the
# binary is a static executable for TARGET's machine within the size budget (SIZE_BUDGET,
# default 7,000,000 bytes: the budget of the small build, which the static artifact meets with
# glibc and libseccomp in it),
# both packages carry the same binary, the containerd snippets name where each installs it,
# the RuntimeClass's handler is the snippet's runtime, and the binary runs: `--version` and
# `kestrel wasm hello.wasm` (a foreign binary runs through binfmt_misc and qemu-user, as
# .ci/cross/setup.sh registers them). Prints one summary line; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: dist/check-package.sh TARGET}
budget=${SIZE_BUDGET:-7000000}
case "$target" in
    x86_64-unknown-linux-gnu) arch=amd64 machine='Advanced Micro Devices X86-64' ;;
    aarch64-unknown-linux-gnu) arch=arm64 machine=AArch64 ;;
    armv7-unknown-linux-gnueabihf) arch=armhf machine=ARM ;;
    riscv64gc-unknown-linux-gnu) arch=riscv64 machine='RISC-V' ;;
    *)
        echo "dist/check-package.sh: unsupported target $target" >&2
        exit 2
        ;;
esac
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
out=${CARGO_TARGET_DIR:-$PWD/target}/dist
name=kestrel-$version-$target
tarball=$out/$name.tar.gz
deb=$out/kestrel_${version}_$arch.deb

failed=0
fail() {
    echo "check-package: FAIL: $*" >&2
    failed=1
}
# `same_lines WHAT EXPECTED ACTUAL`: the two newline-separated lists are equal.
same_lines() {
    if [ "$2" != "$3" ]; then
        fail "$1 differs from the documented layout"
        diff <(echo "$2") <(echo "$3") >&2 || true
    fi
}

for f in "$tarball" "$deb"; do
    [ -f "$f" ] || { echo "check-package: $f missing (run dist/package.sh $target)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Layouts.
same_lines "the tarball" "$(printf '%s\n' "$name/" "$name/INSTALL.md" "$name/bin/" \
    "$name/bin/kestrel" "$name/share/" "$name/share/kestrel/" \
    "$name/share/kestrel/containerd-kestrel.toml" "$name/share/kestrel/runtimeclass.yaml")" \
    "$(tar -tzf "$tarball" | sort)"
same_lines "the .deb" "$(printf '%s\n' ./usr/bin/kestrel ./usr/share/doc/kestrel/INSTALL.md \
    ./usr/share/doc/kestrel/copyright ./usr/share/kestrel/containerd-kestrel.toml \
    ./usr/share/kestrel/runtimeclass.yaml)" \
    "$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sort)"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail ".deb architecture is not $arch"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail ".deb version is not $version"

tar -C "$work" -xzf "$tarball"
dpkg-deb -x "$deb" "$work/deb"
bin=$work/$name/bin/kestrel
cmp -s "$bin" "$work/deb/usr/bin/kestrel" || fail "the tarball and the .deb carry different binaries"
[ -x "$bin" ] || fail "bin/kestrel is not executable"

# The binary: machine, static, size.
readelf -h "$bin" | grep -q "Machine: *$machine" || fail "bin/kestrel is not a $machine binary"
if readelf -l "$bin" | grep -q INTERP; then
    fail "bin/kestrel is dynamically linked (it has a program interpreter)"
fi
size=$(stat -c %s "$bin")
[ "$size" -le "$budget" ] || fail "bin/kestrel is $size bytes, over the budget of $budget"

# The snippets: the runtime `kestrel`, run by the runc shim, naming where each package puts
# the binary; the RuntimeClass's handler is that runtime.
snippet_check() {
    python3 - "$1" "$2" <<'EOF' || fail "$1: not the kestrel runtime at $2"
import sys, tomllib
with open(sys.argv[1], "rb") as f:
    runtimes = tomllib.load(f)["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]
r = runtimes["kestrel"]
assert r["runtime_type"] == "io.containerd.runc.v2"
assert r["options"]["BinaryName"] == sys.argv[2]
EOF
}
snippet_check "$work/$name/share/kestrel/containerd-kestrel.toml" /usr/local/bin/kestrel
snippet_check "$work/deb/usr/share/kestrel/containerd-kestrel.toml" /usr/bin/kestrel
grep -qx 'handler: kestrel' "$work/$name/share/kestrel/runtimeclass.yaml" ||
    fail "runtimeclass.yaml's handler is not kestrel"

# It runs.
first=$("$bin" --version | head -n 1) || fail "kestrel --version failed"
[ "$first" = "kestrel $version" ] || fail "kestrel --version says '$first'"
dispatch=$("$bin" --version | sed -n 's/^interpreter: //p')
hello=$("$bin" wasm benches/corpus/wasm/hello.wasm) || fail "kestrel wasm hello.wasm failed"
[ "$hello" = "Hello, world!" ] || fail "kestrel wasm hello.wasm printed '$hello'"

if [ "$failed" = 0 ]; then
    echo "package $target: PASS ($size bytes static, budget $budget; interpreter $dispatch)"
else
    echo "package $target: FAIL" >&2
    exit 1
fi
