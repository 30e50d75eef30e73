//! The build script. Without the `generate` feature (a Rust program depending on the crate) it
//! does nothing: the files the Rust library includes are checked in (src/uapi/op_names.rs,
//! src/api/sqe_methods.rs), so a dependent compiles no generator. `make` turns `generate` on:
//! build/generate.rs then writes the C headers, the generated Rust files, the manual pages and
//! the version script from the Rust sources (cbindgen, syn, roff).

#[cfg(feature = "generate")]
#[path = "build/generate.rs"]
mod generate;
#[cfg(feature = "generate")]
#[path = "build/inline_c.rs"]
mod inline_c;
#[cfg(feature = "generate")]
#[path = "build/man.rs"]
mod man;
#[cfg(feature = "generate")]
#[path = "build/sqe_methods.rs"]
mod sqe_methods;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "generate")]
    generate::run();
}
