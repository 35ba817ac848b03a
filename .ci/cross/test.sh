#!/usr/bin/env bash
# `.ci/cross/test.sh TARGET`: builds Kestrel's engine tests (-p kestrel-wasm), WASI tests
# (-p kestrel-wasi) and the spec-test runner for TARGET and runs them under qemu-user: the engine
# and WASI test binaries (unit and integration tests; not the doc-tests), then the wasm-v2 spec
# suite in both compilation modes (what spec-tests/tests/wasm_v2.rs checks natively, run
# directly for its directive counts).
# Prints build and run times and per-suite counts, ending with `N passed, N failed` (tests plus
# spec directives); exits non-zero if anything failed. Run `.ci/cross/setup.sh` (root) first.
#
# TARGET: aarch64-unknown-linux-gnu, armv7-unknown-linux-gnueabihf or riscv64gc-unknown-linux-gnu.
# The containerd/runner tests stay native only. Debug profile: the workspace builds the engine
# at opt-level 2 even there (so aarch64 runs the threaded dispatch, the others the `match` loop).
set -euo pipefail
cd "$(dirname "$0")/../.."

target=${1:?usage: .ci/cross/test.sh TARGET}
case "$target" in
    aarch64-unknown-linux-gnu) qemu=qemu-aarch64 cc=aarch64-linux-gnu-gcc prefix= ;;
    armv7-unknown-linux-gnueabihf) qemu=qemu-arm cc=arm-linux-gnueabihf-gcc prefix= ;;
    riscv64gc-unknown-linux-gnu) qemu=qemu-riscv64 cc=riscv64-linux-gnu-gcc prefix=/usr/riscv64-linux-gnu ;;
    *)
        echo ".ci/cross/test.sh: unknown target $target" >&2
        exit 2
        ;;
esac

# Debian's toolchain (.ci/cross/setup.sh): rustup's has no std for these targets.
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
cargo=/usr/bin/cargo
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
triple_env=$(echo "$target" | tr 'a-z-' 'A-Z_')
export "CARGO_TARGET_${triple_env}_LINKER=$cc"
# arm64 and armhf run against Debian's multiarch C library (installed with their std, in
# /lib/<triple>): qemu needs no -L, and must not get the cross one (/usr/<triple>), whose
# loader would mix with the multiarch libc.so it finds first. riscv64 has only the cross one.
runner="$qemu${prefix:+ -L $prefix}"
export "CARGO_TARGET_${triple_env}_RUNNER=$runner"
if [ -n "$prefix" ]; then
    export QEMU_LD_PREFIX=$prefix # for target binaries started by binfmt_misc
fi
build_std=()
if [ ! -d "/usr/lib/rustlib/$target/lib" ]; then
    # No prebuilt std for this target (riscv64): build it from Debian's rust-web-src.
    export RUSTC_BOOTSTRAP=1
    build_std=(-Zbuild-std)
fi
cargo_args=(-j2 --target "$target" "${build_std[@]}")
log_dir="$CARGO_TARGET_DIR/$target/ci-cross"
mkdir -p "$log_dir"

now() { date +%s; }
started=$(now)
echo "== $target: build (engine and WASI tests, spec-test runner)"
# One build of the three packages (a separate `cargo test -p` per package would select other
# feature sets and rebuild the engine for each); the test binaries are then run directly.
"$cargo" test "${cargo_args[@]}" -p kestrel-wasm -p kestrel-wasi -p kestrel-spec-tests \
    --no-run --message-format=json-render-diagnostics >"$log_dir/build.json"
built=$(now)

total_passed=0 total_failed=0 status=0
summary=()

# The sum of the `N passed;` (or `N failed;`) counts of libtest's `test result` lines in a log.
count() {
    awk -v what="$1;" '/^test result/ { for (i = 2; i <= NF; i++) if ($i == what) n += $(i - 1) }
        END { print n + 0 }' "$2"
}

# Runs the test binaries of PACKAGE (its lib's unit tests and its tests/*.rs) under qemu, from
# the package's folder as cargo would, and adds their counts.
run_tests() {
    local package=$1 dir=$2 log="$log_dir/$1.log" passed failed start rc=0 exe
    start=$(now)
    echo "== $target: $package tests"
    : >"$log"
    while read -r exe; do
        echo "-- $exe" >>"$log"
        (cd "$dir" && $runner "$exe") >>"$log" 2>&1 || rc=$?
    done < <(python3 -c '
import json, sys
for line in open(sys.argv[1]):
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") \
            and m["profile"]["test"] and m["package_id"].split("#")[0].endswith("/" + sys.argv[2]):
        print(m["executable"])' "$log_dir/build.json" "$dir")
    grep -E '^test result|FAILED|panicked' "$log" || true
    passed=$(count passed "$log") failed=$(count failed "$log")
    if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
        failed=1 # a test binary crashed: see the log
        tail -20 "$log"
    fi
    [ "$rc" = 0 ] || status=1
    summary+=("$package tests: $passed passed, $failed failed ($(($(now) - start)) s)")
    total_passed=$((total_passed + passed)) total_failed=$((total_failed + failed))
}

# Runs the wasm-v2 spec suite in one compilation mode and adds its directive counts.
run_spec() {
    local mode=$1 log="$log_dir/wasm-v2-$1.log" line passed failed start rc=0
    start=$(now)
    echo "== $target: kestrel-spec-tests wasm-v2 --compilation $mode"
    $runner "$CARGO_TARGET_DIR/$target/debug/kestrel-spec-tests" \
        wasm-v2 -v -j 2 --compilation "$mode" >"$log" 2>&1 || rc=$?
    grep -E '^kestrel: ' "$log" || true
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
    passed=$(echo "${line:-0 passed, 1 failed}" | sed -E 's/^([0-9]+) passed.*/\1/')
    failed=$(echo "${line:-0 passed, 1 failed}" | sed -E 's/.* ([0-9]+) failed$/\1/')
    if [ "$rc" != 0 ] || [ "$failed" != 0 ]; then
        status=1
        grep -vE '^[a-z0-9_.-]+ +[0-9]+ +0$' "$log" | tail -40
    fi
    summary+=("wasm-v2 ($mode): $passed passed, $failed failed ($(($(now) - start)) s)")
    total_passed=$((total_passed + passed)) total_failed=$((total_failed + failed))
}

run_tests kestrel-wasm engine
run_tests kestrel-wasi wasi
run_spec lazy
run_spec eager
finished=$(now)

echo "== $target: summary (logs in $log_dir)"
echo "build: $((built - started)) s; tests under $qemu: $((finished - built)) s"
printf '%s\n' "${summary[@]}"
echo "cross: $total_passed passed, $total_failed failed"
exit "$status"
