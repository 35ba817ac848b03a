#!/bin/sh
# Installs what the runner's containerd/CRI tests need (Debian packages): containerd (with ctr
# and the runc v2 shim), runc, a static busybox for native containers, and the CNI plugins (the
# CRI test's pod network uses `loopback`). Does nothing when they are all there already.
set -eu
need=""
command -v containerd >/dev/null 2>&1 || need="$need containerd"
command -v runc >/dev/null 2>&1 || [ -x /usr/sbin/runc ] || need="$need runc"
[ -x /usr/bin/busybox ] || [ -x /bin/busybox ] || need="$need busybox-static"
[ -x /usr/lib/cni/loopback ] || need="$need containernetworking-plugins"
if [ -n "$need" ]; then
    echo "installing:$need"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
# A containerd started by the package (where a service manager runs) is not ours; the tests use
# private daemons on their own sockets, so it may stay.
echo "containerd test dependencies: ok ($(containerd --version | cut -d' ' -f3))"
