//! Shared by the tests that run an example program.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command};

/// Whether the kernel lacks what an example needs: `op`, an opcode of the same release as
/// that feature, is missing from the kernel's probe (as the C tests decide). Prints the skip.
// Not every test that includes this module needs a newer kernel than 5.10.
#[allow(dead_code)]
pub fn kernel_lacks(op: u32, feature: &str) -> bool {
    let mut ring = uring_rs::api::Ring::new(4).expect("a ring");
    let lacks = !ring.probe().is_some_and(|p| p.is_supported(op));
    if lacks {
        println!("skip: the kernel lacks {feature} (no opcode {op} in its probe)");
    }
    lacks
}

/// Build the example (with this test's profile) and return its path.
pub fn example_binary(name: &str) -> PathBuf {
    let release = !cfg!(debug_assertions);
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["build", "--quiet", "--example", name, "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"));
    if release {
        cmd.arg("--release");
    }
    // This test runs from target/<profile>/deps/, or target/<triple>/<profile>/deps/ when
    // built with --target (i686 in make check-i686): examples live in <profile>/examples/,
    // to be built for the same target.
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    // ctests/kernels/ runs this test inside a guest kernel on the host's build, which built the
    // examples beforehand: cargo is not run there, where a rebuild would take many minutes
    // under TCG.
    if std::env::var_os("URING_RS_EXAMPLES_PREBUILT").is_some() {
        let bin = profile_dir.join("examples").join(name);
        assert!(
            bin.exists(),
            "{} is not built (cargo build --release --examples)",
            bin.display()
        );
        return bin;
    }
    let above = profile_dir.parent().unwrap();
    // cargo marks the root of its target directory with CACHEDIR.TAG
    if !above.join("CACHEDIR.TAG").exists() {
        cmd.arg("--target").arg(above.file_name().unwrap());
    }
    let status = cmd.status().expect("cargo runs");
    assert!(status.success(), "building the {name} example failed");
    profile_dir.join("examples").join(name)
}

/// A running example server; killed when dropped, whatever the test's outcome.
// Not every test that includes this module runs a server.
#[allow(dead_code)]
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
