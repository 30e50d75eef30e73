//! Generates include/liburing.h from the Rust sources with cbindgen.
//!
//! The header is checked in, so C users need nothing but a C compiler after `make`; it is
//! rewritten only when its content changes, so builds don't loop.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let config = cbindgen::Config::from_file(Path::new(&root).join("cbindgen.toml")).expect("cbindgen.toml parses");
    let bindings = match cbindgen::generate_with_config(&root, config) {
        Ok(b) => b,
        Err(e) => panic!("cbindgen failed to generate include/liburing.h: {e}"),
    };
    let mut text = Vec::new();
    bindings.write(&mut text);
    let out = Path::new(&root).join("include/liburing.h");
    if std::fs::read(&out).ok().as_deref() != Some(&text[..]) {
        std::fs::write(&out, &text).expect("include/liburing.h is writable");
    }
}
