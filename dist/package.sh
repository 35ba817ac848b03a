#!/usr/bin/env bash
# `dist/package.sh [TARGET]`: what a user takes to a board. Builds the release artifact for
# TARGET (default: this host's triple) with dist/release-build.sh, then packs it twice, into
# target/dist/ (or $CARGO_TARGET_DIR/dist), and prints the two paths:
#
# - kestrel-VERSION-TARGET.tar.gz:  kestrel-VERSION-TARGET/bin/kestrel,
#   .../share/kestrel/{containerd-kestrel.toml,runtimeclass.yaml}, .../INSTALL.md;
# - kestrel_VERSION_ARCH.deb (Debian's architecture name): /usr/bin/kestrel,
#   /usr/share/kestrel/{containerd-kestrel.toml,runtimeclass.yaml},
#   /usr/share/doc/kestrel/{INSTALL.md,copyright}. Its containerd snippet names /usr/bin/kestrel.
#
# The snippet, the RuntimeClass and INSTALL.md exist once, in dist/; dist/check-package.sh
# checks what this builds. Needs what release-build.sh needs, and dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/.."

host=$(rustc -vV | sed -n 's/^host: //p')
target=${1:-$host}
case "$target" in
    x86_64-unknown-linux-gnu) arch=amd64 ;;
    aarch64-unknown-linux-gnu) arch=arm64 ;;
    armv7-unknown-linux-gnueabihf) arch=armhf ;;
    riscv64gc-unknown-linux-gnu) arch=riscv64 ;;
    *)
        echo "dist/package.sh: unsupported target $target" >&2
        exit 2
        ;;
esac
if ! command -v dpkg-deb >/dev/null; then
    echo "dist/package.sh: needs dpkg-deb (apt-get install dpkg)" >&2
    exit 2
fi
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
out=${CARGO_TARGET_DIR:-$PWD/target}/dist
mkdir -p "$out"

binary=$(bash dist/release-build.sh "$target")

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The tarball.
name=kestrel-$version-$target
mkdir -p "$stage/$name/bin" "$stage/$name/share/kestrel"
install -m 0755 "$binary" "$stage/$name/bin/kestrel"
install -m 0644 dist/containerd-kestrel.toml dist/runtimeclass.yaml "$stage/$name/share/kestrel/"
install -m 0644 dist/INSTALL.md "$stage/$name/"
tarball=$out/$name.tar.gz
tar -C "$stage" --owner=0 --group=0 --numeric-owner --sort=name -czf "$tarball" "$name"

# The Debian package.
deb=$stage/deb
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/kestrel" "$deb/usr/share/doc/kestrel"
install -m 0755 "$binary" "$deb/usr/bin/kestrel"
sed 's|"/usr/local/bin/kestrel"|"/usr/bin/kestrel"|' dist/containerd-kestrel.toml \
    >"$deb/usr/share/kestrel/containerd-kestrel.toml"
install -m 0644 dist/runtimeclass.yaml "$deb/usr/share/kestrel/"
install -m 0644 dist/INSTALL.md "$deb/usr/share/doc/kestrel/"
cat >"$deb/usr/share/doc/kestrel/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: kestrel
Files: *
License: Apache-2.0
 On Debian systems, the full text of the Apache License 2.0 is in
 /usr/share/common-licenses/Apache-2.0.
EOF
chmod 0644 "$deb/usr/share/kestrel/containerd-kestrel.toml" "$deb/usr/share/doc/kestrel/copyright"
cat >"$deb/DEBIAN/control" <<EOF
Package: kestrel
Version: $version
Architecture: $arch
Maintainer: Kestrel developers <kestrel@localhost>
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Recommends: runc
Suggests: containerd
Section: admin
Priority: optional
Description: WebAssembly runtime for the edge, and a runc-compatible OCI runtime
 kestrel runs WebAssembly modules with WASI preview1 (kestrel wasm app.wasm) and, as an OCI
 runtime driven by containerd's runc shim, runs the wasm containers of Kubernetes pods whose
 RuntimeClass is kestrel, handing other containers to runc. One static binary.
 The containerd snippet and the RuntimeClass are in /usr/share/kestrel.
EOF
debfile=$out/kestrel_${version}_$arch.deb
dpkg-deb --root-owner-group -Zgzip --build "$deb" "$debfile" >/dev/null

echo "$tarball"
echo "$debfile"
