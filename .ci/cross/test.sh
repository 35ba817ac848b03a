#!/usr/bin/env bash
# `.ci/cross/test.sh TARGET`: builds Kestrel for TARGET and runs under qemu-user what CI runs
# natively for the engine: the engine and WASI test binaries (unit and integration tests; not
# the doc-tests), the wasm-v2 spec suite in both compilation modes (what
# spec-tests/tests/wasm_v2.rs checks natively, run through the kestrel-spec-tests binary for its
# directive counts), on aarch64 and armv7 the shared testsuite's SIMD files (NEON and portable
# lane functions) and the WASI conformance suite through the cross-built `kestrel wasm`.
# Prints build and run times and per-suite counts, then one summary line (also written to
# target/TARGET/ci-cross/summary) naming the interpreter dispatch that ran; exits non-zero if
# anything failed. Run `.ci/cross/setup.sh` (root) first.
#
# TARGET: aarch64-unknown-linux-gnu, armv7-unknown-linux-gnueabihf or riscv64gc-unknown-linux-gnu.
#
# Build work, once per target (CI builds from scratch; two cores):
# - Two cargo invocations with the same packages and test targets selected, so that they
#   resolve the same features and the second reuses everything the first built (checked below:
#   the engine must not be built twice). First `cargo test --no-run`: the engine's and WASI's
#   unit tests (`--lib`) and integration tests, named one by one, because `--tests` would also
#   take the runner's integration tests and with them its dev-dependencies (tokio, tonic, the
#   CRI client). Then `cargo build` of the two binaries, `kestrel-spec-tests` and `kestrel`
#   (cargo test builds a binary only for its own package's integration tests).
# - The WASI conformance harness (runner/tests/wasi_testsuite.rs) is the native one, already
#   built by CI's native step (the same `--workspace` selection as the README's test command,
#   so the same features: nothing is rebuilt); it drives the cross-built `kestrel` (KESTREL_BIN), which runs
#   under qemu through binfmt_misc. The harness only copies files and compares exit status and
#   stdout; everything the suite checks happens in the target's `kestrel wasm`.
# - Debug profile: the workspace builds the engine at opt-level 2 even there (so aarch64 runs the
#   threaded dispatch, armv7 and riscv64 the `match` loop; engine/build.rs). The containerd/OCI
#   tests of the runner stay native only.
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

# Cross builds use Debian's toolchain (.ci/cross/setup.sh): rustup's has no std for these
# targets. Only these invocations see it; the native harness below keeps rustup's.
cross_env=(RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc)
cargo_args=(-j2 --target "$target")
if [ ! -d "/usr/lib/rustlib/$target/lib" ]; then
    # No prebuilt std for this target (riscv64): build it from Debian's rust-web-src.
    cross_env+=(RUSTC_BOOTSTRAP=1)
    cargo_args+=(-Zbuild-std)
fi
cross_cargo() { env "${cross_env[@]}" /usr/bin/cargo "$@"; }
# Both builds select the same packages (the runner for `kestrel`, the spec-test runner for
# `kestrel-spec-tests`): one feature resolution, one build of each dependency.
packages=(-p kestrel-wasm -p kestrel-wasi -p kestrel-spec-tests -p kestrel-runner)

log_dir="$CARGO_TARGET_DIR/$target/ci-cross"
mkdir -p "$log_dir"
rm -f "$log_dir/summary"
now() { date +%s; }

# The engine's and WASI's integration tests, as `--test NAME` arguments; a name the runner or
# the spec tests also use would build theirs too, so that is an error.
test_args=$(cross_cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
ours, others = [], set()
for p in json.load(sys.stdin)["packages"]:
    tests = [t["name"] for t in p["targets"] if "test" in t["kind"]]
    if p["name"] in ("kestrel-wasm", "kestrel-wasi"):
        ours += tests
    else:
        others.update(tests)
clash = sorted(set(ours) & others)
if clash:
    sys.exit(".ci/cross/test.sh: test names shared with other packages: " + " ".join(clash))
print(" ".join("--test " + t for t in ours))')

started=$(now)
echo "== $target: build (engine and WASI tests; kestrel-spec-tests and kestrel binaries)"
# shellcheck disable=SC2086 # $test_args is words by design
cross_cargo test --no-run "${cargo_args[@]}" "${packages[@]}" --lib $test_args \
    --message-format=json-render-diagnostics >"$log_dir/build-tests.json"
# The test targets again (all fresh): without them cargo resolves features without the
# dev-dependencies, their build-time crates (syn) differ, and everything above them rebuilds.
# shellcheck disable=SC2086
cross_cargo build "${cargo_args[@]}" "${packages[@]}" --bin kestrel-spec-tests --bin kestrel \
    $test_args --message-format=json-render-diagnostics >"$log_dir/build-bins.json"
built=$(now)

# What the builds made: `tests:PACKAGE` lists its test executables, `bins-compiled` what the
# second build compiled, `engine-rebuilt` says if that included the engine (feature sets
# diverged).
artifacts() {
    python3 - "$1" "$log_dir/build-tests.json" "$log_dir/build-bins.json" <<'EOF'
import json, sys
what, seen = sys.argv[1], set()
for path in sys.argv[2:]:
    for line in open(path):
        m = json.loads(line)
        if m.get("reason") != "compiler-artifact":
            continue
        # "path+file:///…/engine#kestrel-wasm@0.1.0", or "…/wasi#0.1.0" when the folder is the name
        source, _, fragment = m["package_id"].partition("#")
        name = fragment.split("@")[0] if "@" in fragment else source.rsplit("/", 1)[-1]
        if what == "engine-rebuilt" and path.endswith("bins.json") \
                and m["target"]["name"] == "kestrel" and "lib" in m["target"]["kind"] \
                and not m["fresh"]:
            print("kestrel-wasm")
        elif what == "bins-compiled" and path.endswith("bins.json") and not m["fresh"]:
            print(name + ":" + m["target"]["name"])
        elif what.startswith("tests:") and m.get("executable") and m["profile"]["test"] \
                and name == what[len("tests:"):] and m["executable"] not in seen:
            # Once each: the second build reports the (fresh) test executables again.
            seen.add(m["executable"])
            print(m["executable"])
EOF
}
echo "build: the binaries' build compiled $(artifacts bins-compiled | tr '\n' ' ')"
if [ -n "$(artifacts engine-rebuilt)" ]; then
    echo "$target: the kestrel/kestrel-spec-tests build compiled the engine again: its features" \
        "differ from the test build's (see $log_dir/build-bins.json)" >&2
    exit 1
fi

total_passed=0 total_failed=0 status=0
summary=() counts=()

# The sum of the `N passed;` (or `N failed;`) counts of libtest's `test result` lines in a log.
count() {
    awk -v what="$1;" '/^test result/ { for (i = 2; i <= NF; i++) if ($i == what) n += $(i - 1) }
        END { print n + 0 }' "$2"
}

# Adds one suite's counts: `record LABEL SHORT PASSED FAILED RC START`.
record() {
    local label=$1 short=$2 passed=$3 failed=$4 rc=$5 start=$6
    if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
        failed=1 # it crashed or printed no count: see its log
    fi
    [ "$rc" = 0 ] && [ "$failed" = 0 ] || status=1
    summary+=("$label: $passed passed, $failed failed ($(($(now) - start)) s)")
    counts+=("$short $passed/$failed")
    total_passed=$((total_passed + passed)) total_failed=$((total_failed + failed))
}

# Runs the test binaries of PACKAGE (its lib's unit tests and its tests/*.rs) under qemu, from
# the package's folder as cargo would.
run_tests() {
    local package=$1 dir=$2 short=$3 log="$log_dir/$1.log" start rc=0 exe
    start=$(now)
    echo "== $target: $package tests"
    : >"$log"
    while read -r exe; do
        echo "-- $exe" >>"$log"
        (cd "$dir" && $runner "$exe") >>"$log" 2>&1 || rc=$?
    done < <(artifacts "tests:$package")
    grep -E '^test result|FAILED|panicked' "$log" || true
    [ "$rc" = 0 ] || tail -20 "$log"
    record "$package tests" "$short" "$(count passed "$log")" "$(count failed "$log")" "$rc" "$start"
}

# The `N passed, N failed` line at the end of a log, as `N N` (`0 1` if there is none).
final_counts() {
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
    echo "${line:-0 passed, 1 failed}" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/'
}

# Runs the wasm-v2 spec suite in both compilation modes at once, each in one process
# (`--in-process`): the worker pool forks from a threaded process, and under qemu-user such a
# child can deadlock before it execs (seen on riscv64: a script "timed out" after 300 s). So no
# per-script isolation here; `timeout` bounds each run instead.
dispatch=unknown
run_spec() {
    local mode start pids=() rcs=() log n i=0
    start=$(now)
    echo "== $target: kestrel-spec-tests wasm-v2 --in-process, lazy and eager side by side"
    for mode in lazy eager; do
        timeout 1800 $runner "$CARGO_TARGET_DIR/$target/debug/kestrel-spec-tests" \
            wasm-v2 -v --in-process --compilation "$mode" >"$log_dir/wasm-v2-$mode.log" 2>&1 &
        pids+=($!)
    done
    for i in 0 1; do
        rcs[i]=0
        wait "${pids[i]}" || rcs[i]=$?
    done
    i=0
    for mode in lazy eager; do
        log="$log_dir/wasm-v2-$mode.log"
        # "kestrel: threaded dispatch (aarch64), lazy translation"
        grep -E '^kestrel: ' "$log" || true
        [ "$dispatch" != unknown ] || dispatch=$(sed -nE 's/^kestrel: ([a-z]+) dispatch.*/\1/p' "$log" | head -1)
        n=$(final_counts "$log")
        if [ "${rcs[i]}" != 0 ] || [ "${n#* }" != 0 ]; then
            grep -vE '^[a-z0-9_.-]+ +[0-9]+ +0$' "$log" | tail -40
        fi
        record "wasm-v2 ($mode)" "wasm-v2-$mode" "${n% *}" "${n#* }" "${rcs[i]}" "$start"
        i=$((i + 1))
    done
}

# Runs the spec runner (in one process, as above) on one suite or folder with filters, and
# records its counts: `run_spec_files LABEL LOG TARGET [FILTER...]`.
run_spec_files() {
    local label=$1 name=$2 log="$log_dir/$2.log" start rc=0 n
    shift 2
    start=$(now)
    echo "== $target: kestrel-spec-tests $*"
    timeout 1800 $runner "$CARGO_TARGET_DIR/$target/debug/kestrel-spec-tests" \
        "$@" -v --in-process >"$log" 2>&1 || rc=$?
    n=$(final_counts "$log")
    if [ "$rc" != 0 ] || [ "${n#* }" != 0 ]; then
        grep -vE '^[a-z0-9_.-]+ +[0-9]+ +0$' "$log" | tail -40
    fi
    record "$label" "$name" "${n% *}" "${n#* }" "$rc" "$start"
}

# Runs the WASI conformance suite: the native harness drives the target's `kestrel wasm`.
run_wasi_testsuite() {
    local log="$log_dir/wasi-testsuite.log" start rc=0 n
    start=$(now)
    echo "== $target: WASI conformance (wasi-testsuite through $target's kestrel wasm)"
    local kestrel="$CARGO_TARGET_DIR/$target/debug/kestrel" skip=()
    case "$target" in
        aarch64-*) ;; # has the Cranelift tier: the suite runs under it too
        *)
            # No Cranelift backend we use here: the harness's second pass (under the tier)
            # is skipped, and the strategy must be refused with a clear error instead.
            skip=(--skip wasi_testsuite_under_cranelift)
            local err
            if err=$("$kestrel" wasm --strategy cranelift --invoke f \
                runner/tests/data/jit_probe.wat 2>&1); then
                echo "$target: kestrel ran a module with --strategy cranelift, which it has no tier for"
                rc=1
            elif ! grep -q "Cranelift tier" <<<"$err"; then
                echo "$target: --strategy cranelift failed without naming the tier: $err"
                rc=1
            fi
            ;;
    esac
    KESTREL_BIN="$kestrel" \
        KESTREL_WASI_TESTSUITE=${KESTREL_WASI_TESTSUITE:-$PWD/../shared/wasi-testsuite} \
        cargo test -q --workspace --test wasi_testsuite -- --nocapture "${skip[@]}" >"$log" 2>&1 || rc=$?
    grep -E '^wasi-testsuite|^FAIL|passed, [0-9]+ failed$' "$log" || true
    [ "$rc" = 0 ] || tail -20 "$log"
    n=$(final_counts "$log")
    record "WASI conformance" "wasi-testsuite" "${n% *}" "${n#* }" "$rc" "$start"
}

run_tests kestrel-wasm engine engine
run_tests kestrel-wasi wasi wasi
run_spec
# The shared testsuite's SIMD and relaxed-SIMD files: on aarch64 they exercise the NEON lane
# functions, on armv7 the portable ones that every host without an accelerated form runs
# (riscv64 runs the same portable code, at three times armv7's cost under qemu, so it is left
# out). Natively CI checks the x86_64 forms.
case "$target" in
    aarch64-* | armv7-*)
        run_spec_files "SIMD spec files (lazy)" simd "$PWD/../shared/spec-testsuite" simd relaxed ;;
esac
# The threads proposal's files: each host's atomics (armv7's 64-bit ones included); our litmus
# tests race threads over one shared memory (each host's inline-assembly accesses).
run_spec_files "threads spec files" threads proposals/threads
run_spec_files "threads litmus tests" litmus "$PWD/spec-tests/litmus"
run_wasi_testsuite
finished=$(now)

echo "== $target: summary (logs in $log_dir)"
echo "build: $((built - started)) s; tests under $qemu: $((finished - built)) s"
printf '%s\n' "${summary[@]}"
line="$target ($dispatch dispatch): ${counts[*]} (passed/failed); build $((built - started)) s, run $((finished - built)) s"
echo "$line" | tee "$log_dir/summary"
echo "cross: $total_passed passed, $total_failed failed"
exit "$status"
