#!/usr/bin/env bash
# `dist/startup-order.sh`: regenerates dist/startup-order.txt, the functions the release artifact
# runs on its start-up paths, which dist/release-build.sh links next to each other.
#
# It builds this host's artifact (dist/release-build.sh), then runs it under callgrind on the
# paths whose memory issue 26 budgets: `kestrel wasm hello.wasm`, an idle module sleeping in
# poll_oneoff (runner/tests/fixtures/wasm/sleep.wasm, stopped by --timeout), and a wasm container
# from create to exit (`kestrel run` of a bundle whose module is hello.wasm: the runtime and the
# container's init, which runs the module). Every function any of them ran is listed once, by
# its demangled name without hash suffix (as dist/link-order.sh matches them), sorted.
# valgrind cannot follow libcontainer into the container's init (its intermediate process's
# namespace calls fail under valgrind), so of the container path only `create`'s side is listed;
# the init's own libcontainer code stays where the linker puts it.
# Rerun it when start-up code changes much; a stale list only costs resident memory.
# Needs valgrind, and root for `kestrel run`.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=$(bash dist/release-build.sh)
binary=${binary%.stripped} # the copy with symbols
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hello=$PWD/benches/corpus/wasm/hello.wasm

# `profile GROUP COMMAND...`: callgrind's output of COMMAND (and its children) under GROUP.
profile() {
    local group=$1
    shift
    mkdir -p "$work/$group"
    valgrind --tool=callgrind --demangle=no --trace-children=yes --dump-instr=no \
        --compress-strings=no --callgrind-out-file="$work/$group/callgrind.%p" "$@" \
        >/dev/null 2>"$work/valgrind.log" || true
}
profile wasm "$binary" wasm "$hello"
# An idle module (an idle container's init runs the same): one poll_oneoff sleep after another.
profile wasm "$binary" wasm --timeout 2s runner/tests/fixtures/wasm/sleep.wasm
mkdir -p "$work/bundle/rootfs"
cp "$hello" "$work/bundle/rootfs/hello.wasm"
# `kestrel spec`'s template: runc's defaults, so the container is built as containerd's are
# (namespaces, mounts, capabilities).
"$binary" spec --bundle "$work/bundle" --module /hello.wasm
profile container "$binary" --root "$work/state" run --bundle "$work/bundle" startup-order
if ! ls "$work"/wasm/callgrind.* "$work"/container/callgrind.* >/dev/null 2>&1; then
    cat "$work/valgrind.log" >&2
    exit 1
fi

# Mangled names the runs entered (`fn=` lines; `'N` marks a recursion level), then their
# demangled forms from the binary's own symbol table: `kestrel wasm`'s first, then what only
# the container path adds, so the module's start-up code stays together at the front.
ran() { sed -n "s/^fn=//p" "$work/$1"/callgrind.* | sed "s/'[0-9]*$//" | sort -u; }
ran wasm >"$work/ran-wasm"
ran container | comm -23 - "$work/ran-wasm" >"$work/ran-container"
demangled() {
    paste -d '\t' \
        <(nm -p --defined-only "$binary" | awk '{ print $3 }') \
        <(nm -p --defined-only --demangle "$binary" | cut -d ' ' -f 3- |
            sed -E 's/::h[0-9a-f]{16}$//') |
        awk -F '\t' 'NR == FNR { ran[$0] = 1; next } ($1 in ran) { print $2 }' "$1" - |
        LC_ALL=C sort -u
}
{
    echo "# Functions \`kestrel\` runs at start-up (\`kestrel wasm hello.wasm\` and an idle module first,"
    echo "# then what a wasm container from create to exit adds), for dist/link-order.sh. Generated"
    echo "# by dist/startup-order.sh."
    demangled "$work/ran-wasm"
    demangled "$work/ran-container" | LC_ALL=C comm -23 - <(demangled "$work/ran-wasm")
} >dist/startup-order.txt
echo "dist/startup-order.sh: $(grep -vc '^#' dist/startup-order.txt) functions" >&2
