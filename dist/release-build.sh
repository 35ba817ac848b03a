#!/usr/bin/env bash
# `dist/release-build.sh [TARGET]`: builds the release artifact of `kestrel` for TARGET (default:
# this host's triple) and prints the path of its stripped copy.
#
# The artifact is the `--no-default-features` build (everything but the text-format parser
# and the Cranelift tier),
# linked statically against glibc (it runs whatever the board's C library, as runc's releases
# do) with packed relative relocations, by lld, with the functions Kestrel runs at start-up
# laid out together (dist/link-order.sh; fewer pages of code resident: issue 26's footprint).
# It takes two links: a first build, whose symbols say where dist/startup-order.txt's functions
# are, then a relink of the `kestrel` binary alone with that ordering (runner/build.rs watches
# the ordering file; the dependencies are not rebuilt). Symbols use Rust's v0 mangling, whose demangled names carry
# generic arguments, so one list picks the same instances on every target.
#
# Cross targets need their linker and std as .ci/cross/setup.sh installs them; the caller's
# environment is used as is (CARGO_TARGET_<TRIPLE>_LINKER, RUSTC, CARGO_TARGET_DIR), and for a
# cross target without a linker set, Debian's `<triple>-gcc` is picked. Needs lld (Debian's
# `lld` or `lld-NN` package).
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
target=${1:-$host}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
triple_env=$(echo "$target" | tr 'a-z-' 'A-Z_')
case "$target" in
    x86_64-unknown-linux-gnu) gnu=x86_64-linux-gnu ;;
    aarch64-unknown-linux-gnu) gnu=aarch64-linux-gnu ;;
    armv7-unknown-linux-gnueabihf) gnu=arm-linux-gnueabihf ;;
    riscv64gc-unknown-linux-gnu) gnu=riscv64-linux-gnu ;;
    *)
        echo "dist/release-build.sh: unsupported target $target" >&2
        exit 2
        ;;
esac
linker_var="CARGO_TARGET_${triple_env}_LINKER"
if [ "$target" != "$host" ] && [ -z "${!linker_var:-}" ]; then
    export "$linker_var=$gnu-gcc"
fi
# A std for the target: rustup's (added if missing), else Debian's rustc-web with its
# multiarch std (.ci/cross/setup.sh installs it for arm64 and armhf).
if [ "$target" != "$host" ] && [ -z "${RUSTC:-}" ] &&
    [ ! -d "$(rustc --print sysroot)/lib/rustlib/$target/lib" ]; then
    if ! { command -v rustup >/dev/null && rustup target add "$target" >&2; }; then
        if [ -d "/usr/lib/rustlib/$target/lib" ] && [ -x /usr/bin/rustc ]; then
            echo "dist/release-build.sh: no rustup std for $target; using Debian's /usr/bin/rustc" >&2
            export RUSTC=/usr/bin/rustc
        else
            echo "dist/release-build.sh: no std for $target (rustup target add $target)" >&2
            exit 2
        fi
    fi
fi
nm=nm strip=strip
if [ "$target" != "$host" ]; then
    nm=$gnu-nm strip=$gnu-strip
fi

# gcc's `-fuse-ld=lld` runs `ld.lld` from its -B directories (a cross gcc looks for
# `<triple>-ld.lld` on PATH otherwise); Debian installs it as ld.lld-NN, and as ld.lld under
# /usr/lib/llvm-NN/bin.
if command -v ld.lld >/dev/null; then
    lld_dir=$(dirname "$(command -v ld.lld)")
else
    lld_dir=$(ls -d /usr/lib/llvm-*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ -z "$lld_dir" ] || [ ! -x "$lld_dir/ld.lld" ]; then
    echo "dist/release-build.sh: needs lld (apt-get install lld)" >&2
    exit 2
fi

out=$target_dir/$target/release
mkdir -p "$out"
# runner/build.rs passes the ordering to the linker and relinks when the file changes.
export KESTREL_SYMBOL_ORDER=$out/kestrel.symbol-order
[ -f "$KESTREL_SYMBOL_ORDER" ] || : >"$KESTREL_SYMBOL_ORDER"
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-C target-feature=+crt-static \
-C symbol-mangling-version=v0 -C link-arg=-fuse-ld=lld -C link-arg=-B$lld_dir \
-C link-arg=-Wl,-z,pack-relative-relocs"
# libseccomp (seccomp profiles, through libcontainer) linked in statically, from Debian's
# libseccomp-dev for the target (apt-get install libseccomp-dev:ARCH); riscv64 has none and
# builds without it, and 32-bit ARM has no container runtime (src/oci_unavailable.rs).
case $target in
    x86_64-*) multiarch=x86_64-linux-gnu ;;
    aarch64-*) multiarch=aarch64-linux-gnu ;;
    *) multiarch= ;;
esac
if [ -n "$multiarch" ]; then
    if [ ! -f "/usr/lib/$multiarch/libseccomp.a" ]; then
        echo "dist/release-build.sh: needs /usr/lib/$multiarch/libseccomp.a (libseccomp-dev for $target)" >&2
        exit 2
    fi
    export LIBSECCOMP_LINK_TYPE=static LIBSECCOMP_LIB_PATH=/usr/lib/$multiarch
fi
build=(--release -p kestrel-runner --bin kestrel --no-default-features --target "$target")
cargo build "${build[@]}" >&2
# The ordering for this build's symbols; a new one (the first build, changed code or list)
# relinks. Symbol names do not depend on the ordering, so the second link keeps them.
# On riscv64, glibc's assembly reaches `__syscall_error` with direct jumps (JAL, +-1 MiB),
# which lld's reordering puts out of range (even with only Rust's functions ordered), so the
# riscv64 artifact keeps the default layout: an empty ordering.
if [ "$target" = riscv64gc-unknown-linux-gnu ]; then
    : >"$KESTREL_SYMBOL_ORDER.new"
else
    bash dist/link-order.sh "$out/kestrel" "$nm" >"$KESTREL_SYMBOL_ORDER.new"
fi
if cmp -s "$KESTREL_SYMBOL_ORDER.new" "$KESTREL_SYMBOL_ORDER"; then
    rm "$KESTREL_SYMBOL_ORDER.new"
else
    mv "$KESTREL_SYMBOL_ORDER.new" "$KESTREL_SYMBOL_ORDER"
    cargo build "${build[@]}" >&2
fi
listed=$(grep -vc '^#' dist/startup-order.txt)
found=$(bash dist/link-order.sh "$out/kestrel" "$nm" --names | sort -u | wc -l)
echo "dist/release-build.sh: $found of the $listed functions of dist/startup-order.txt found" \
    "and ordered ($(wc -l <"$KESTREL_SYMBOL_ORDER") symbols)" >&2
"$strip" -o "$out/kestrel.stripped" "$out/kestrel"
echo "$out/kestrel.stripped"
