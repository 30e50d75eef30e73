//! Runs `examples/copy.rs` on files of awkward sizes and compares the copies byte for byte.

mod common;

use std::process::Command;

/// Deterministic bytes, different in every position of a block (xorshift, seed printed on
/// failure through the file name).
fn contents(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn copies_are_identical_at_every_size() {
    let bin = common::example_binary("copy");
    let dir = std::env::temp_dir().join(format!("uring-rs-copy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Empty, one byte, a block edge, past the queue depth of blocks, and not a multiple.
    for (i, len) in [0, 1, 65536, 65537, 8 * 65536 + 12345, 3 << 20]
        .into_iter()
        .enumerate()
    {
        let seed = 0x9e37_79b9_7f4a_7c15 ^ i as u64;
        let src = dir.join(format!("src-{len}-seed-{seed:x}"));
        let dst = dir.join(format!("dst-{len}"));
        let data = contents(len, seed);
        std::fs::write(&src, &data).unwrap();
        let out = Command::new(&bin).arg(&src).arg(&dst).output().unwrap();
        assert!(
            out.status.success(),
            "copy {src:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("copied {len} bytes\n")
        );
        assert!(
            std::fs::read(&dst).unwrap() == data,
            "copy of {src:?} differs"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_source_is_reported() {
    let out = Command::new(common::example_binary("copy"))
        .args(["/nonexistent/uring-rs", "/nonexistent/copy"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("copy: "));
}
