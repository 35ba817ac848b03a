//! How `path_open` turns rights into a host open mode, called directly (no engine). The
//! first case is what the wasi-testsuite found (`path_open_preopen` and every test that
//! reopens its preopen): reopening a directory with the rights it has must work, although
//! those rights include write-like ones such as `FD_DATASYNC`.

use kestrel_wasi::abi::{Errno, Rights};
use kestrel_wasi::funcs::path_open::path_open;
use kestrel_wasi::memory::GuestMemory;
use kestrel_wasi::{WasiCtx, WasiCtxBuilder};

const DIRECTORY: u32 = 2;

/// (oflags, rights base, expected) for opening `.` beneath the preopen.
const CASES: &[(&str, u32, Rights, Result<(), Errno>)] = &[
    (
        "the preopen's own base rights",
        0,
        Rights::DIRECTORY_BASE,
        Ok(()),
    ),
    (
        "its own rights, as a directory",
        DIRECTORY,
        Rights::DIRECTORY_BASE,
        Ok(()),
    ),
    (
        "its inheriting rights, as a directory",
        DIRECTORY,
        Rights::DIRECTORY_INHERITING,
        Err(Errno::IsDir),
    ),
    ("no rights", 0, Rights::NONE, Ok(())),
    ("no rights, as a directory", DIRECTORY, Rights::NONE, Ok(())),
    ("read, as a directory", DIRECTORY, Rights::FD_READ, Ok(())),
    (
        "read and write, as a directory",
        DIRECTORY,
        Rights(Rights::FD_READ.0 | Rights::FD_WRITE.0),
        Err(Errno::IsDir),
    ),
    ("datasync only", DIRECTORY, Rights::FD_DATASYNC, Ok(())),
];

fn open_dot(cx: &mut WasiCtx, oflags: u32, rights: Rights) -> Result<(), Errno> {
    let mut bytes = vec![0u8; 64];
    bytes[0] = b'.';
    let mut mem = GuestMemory::new(&mut bytes);
    path_open(cx, &mut mem, 3, 0, 0, 1, oflags, rights.0, rights.0, 0, 32)
}

#[test]
fn opening_a_directory_with_its_rights() {
    let tmp = tempfile::tempdir().unwrap();
    let mut cx = WasiCtxBuilder::new()
        .preopened_dir(tmp.path(), "/", false)
        .unwrap()
        .build()
        .unwrap();
    for (what, oflags, rights, expected) in CASES {
        assert_eq!(open_dot(&mut cx, *oflags, *rights), *expected, "{what}");
    }
}

#[test]
fn a_read_only_preopen_refuses_write_modes() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("f"), "x").unwrap();
    let mut cx = WasiCtxBuilder::new()
        .preopened_dir(tmp.path(), "/", true)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(open_dot(&mut cx, DIRECTORY, Rights::DIRECTORY_BASE), Ok(()));
    assert_eq!(
        open_dot(&mut cx, 0, Rights::FD_WRITE),
        Err(Errno::NotCapable)
    );
    assert_eq!(
        open_dot(&mut cx, 8 /* TRUNC */, Rights::FD_READ),
        Err(Errno::NotCapable)
    );
}
