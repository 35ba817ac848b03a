//! The wasm fixtures of the runner tests are WAT sources in `fixtures/wasm/`, committed together
//! with the `.wasm` built from them (so tests never need a wasm toolchain). This test fails when
//! a `.wasm` is missing or out of date; `fixtures/rebuild.sh` (which sets `KESTREL_BLESS=1`)
//! rebuilds them.

use std::path::Path;

#[test]
fn committed_wasm_matches_wat_sources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wasm");
    let bless = std::env::var_os("KESTREL_BLESS").is_some();
    let mut checked = 0;
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "wat") {
            continue;
        }
        let built = wat::parse_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let wasm = path.with_extension("wasm");
        if bless {
            std::fs::write(&wasm, &built).unwrap();
        } else if std::fs::read(&wasm).ok().as_deref() != Some(&built[..]) {
            stale.push(wasm.display().to_string());
        }
        checked += 1;
    }
    assert!(
        checked >= 3,
        "expected the WAT fixtures in {}",
        dir.display()
    );
    assert!(
        stale.is_empty(),
        "out-of-date wasm fixtures (run runner/tests/fixtures/rebuild.sh): {stale:?}"
    );
}
