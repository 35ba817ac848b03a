#!/usr/bin/env bash
# Installs what `.ci/cross/test.sh TARGET` needs to build Kestrel for aarch64, armv7 (hard
# float) and riscv64 Linux and to run its tests under qemu-user, from Debian's packages (root,
# apt-get). Idempotent: installs only what is missing, registers only what is not registered,
# and says what it did.
#
# - Compiler: Debian's rustc-web/cargo-web (/usr/bin/rustc, /usr/bin/cargo; rustup's proxies in
#   ~/.cargo/bin stay first on PATH, so native builds keep the rustup toolchain). Its std for
#   arm64 and armhf comes prebuilt (libstd-rust-web-dev:arm64/:armhf, multiarch); riscv64 has
#   no Debian port, so test.sh builds its std from rust-web-src (`-Zbuild-std`).
# - Linkers and C libraries: the gcc-*-linux-gnu cross compilers with libc6-dev-*-cross.
# - lld (dist/release-build.sh links the release artifact with it).
# - libseccomp-dev for the host and arm64: libcontainer's seccomp support, linked statically
#   into release artifacts (riscv64 has no Debian port and builds without it; armv7 builds have
#   no container runtime).
# - qemu-user, and binfmt_misc entries for qemu-aarch64/-arm/-riscv64 so that test binaries
#   that start other target binaries (the spec-test workers) run them under qemu too.
set -euo pipefail

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo ".ci/cross/setup.sh: needs root and apt-get (Debian)" >&2
    exit 1
fi

for arch in arm64 armhf; do
    if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
        dpkg --add-architecture "$arch"
        echo "setup: added dpkg architecture $arch"
    fi
done

packages=(
    rustc-web cargo-web rust-web-src
    libstd-rust-web-dev:arm64 libstd-rust-web-dev:armhf
    gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf gcc-riscv64-linux-gnu
    libc6-dev-arm64-cross libc6-dev-armhf-cross libc6-dev-riscv64-cross
    qemu-user qemu-user-binfmt
    lld-19
    # With both architectures installed, a bare name matches two packages and never reads
    # as installed: name the native one's architecture too.
    "libseccomp-dev:$(dpkg --print-architecture)" libseccomp-dev:arm64
)
missing=()
for p in "${packages[@]}"; do
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    # A mirror in mid-sync fails `update` for one index now and then: retry, then go on with
    # the indexes there are (the install below fails if they cannot provide a package).
    for attempt in 1 2 3; do
        if apt-get update -qq; then
            break
        fi
        echo "setup: apt-get update failed (attempt $attempt of 3)" >&2
        [ "$attempt" = 3 ] || sleep 20
    done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "setup: all ${#packages[@]} packages already installed"
fi

# binfmt_misc: the kernel runs target binaries through qemu (flags and interpreters as Debian's
# qemu-user-binfmt ships them in /usr/lib/binfmt.d; without systemd nothing loads them).
binfmt=/proc/sys/fs/binfmt_misc
if [ ! -e "$binfmt/register" ]; then
    mount -t binfmt_misc binfmt_misc "$binfmt"
    echo "setup: mounted binfmt_misc"
fi
for name in qemu-aarch64 qemu-arm qemu-riscv64; do
    if [ -e "$binfmt/$name" ]; then
        echo "setup: binfmt $name already registered"
    else
        cat "/usr/lib/binfmt.d/$name.conf" > "$binfmt/register"
        echo "setup: registered binfmt $name"
    fi
done

echo "setup: $(/usr/bin/rustc --version) at /usr/bin/rustc; $(qemu-aarch64 --version | head -1)"
