//! The typed `Sqe` methods build.rs generates from the prep helpers (build/sqe_methods.rs):
//! safe only for helpers that take plain integers and set opcodes known to be harmless with
//! them; `unsafe`, with a Safety section saying why, for everything else; none where
//! src/api/sqe.rs writes the method by hand.

#[allow(dead_code)]
#[path = "../build/inline_c.rs"]
mod inline_c;
#[allow(dead_code)]
#[path = "../build/sqe_methods.rs"]
mod sqe_methods;

use std::collections::BTreeSet;
use std::path::Path;

use sqe_methods::{PLAIN_ARGS_SAFE, generate, hand_written};

/// Prep helpers in a file `src/prep/t.rs`, with the uapi constants the generator checks.
fn methods(helpers: &str, skip: &[&str]) -> String {
    let consts: String = PLAIN_ARGS_SAFE
        .iter()
        .chain(&["IORING_OP_MSG_RING"])
        .map(|op| format!("pub const {op}: io_uring_op = 0;\n"))
        .collect();
    let krate = inline_c::scan_text(&(consts + helpers), Path::new("/x/src/prep/t.rs"))
        .unwrap_or_else(|e| panic!("{e}"));
    let skip: BTreeSet<String> = skip.iter().map(|s| s.to_string()).collect();
    generate(&krate, &skip).unwrap_or_else(|e| panic!("{e}"))
}

fn helper(name: &str, params: &str, op: &str) -> String {
    format!(
        "/// liburing: `{name}(3)`: prepare a thing.\n/// c: inline\n#[unsafe(no_mangle)]\n\
         pub unsafe extern \"C\" fn {name}(sqe: *mut io_uring_sqe{params}) {{\n    \
         unsafe {{ io_uring_prep_rw({op} as c_int, sqe, -1, null(), 0, 0) }};\n}}\n"
    )
}

#[test]
fn plain_integers_and_a_harmless_opcode_make_a_safe_method() {
    let m = methods(
        &helper(
            "io_uring_prep_t",
            ", fd: c_int, flags: c_uint",
            "IORING_OP_FSYNC",
        ),
        &[],
    );
    assert!(
        m.contains("pub fn prep_t(self, fd: core::ffi::c_int, flags: core::ffi::c_uint) -> Self {"),
        "{m}"
    );
    assert!(
        m.contains("crate::prep::t::io_uring_prep_t(self.sqe, fd, flags)"),
        "{m}"
    );
    assert!(m.contains("manual page `io_uring_prep_t(3)`"), "{m}");
    assert!(!m.contains("# Safety"), "{m}");
}

#[test]
fn a_pointer_makes_it_unsafe_naming_the_parameter() {
    let m = methods(
        &helper("io_uring_prep_t", ", buf: *mut c_void", "IORING_OP_FSYNC"),
        &[],
    );
    assert!(
        m.contains("pub unsafe fn prep_t(self, buf: *mut core::ffi::c_void) -> Self {"),
        "{m}"
    );
    assert!(
        m.contains("# Safety\n/// The memory `buf` points to"),
        "{m}"
    );
}

#[test]
fn an_opcode_not_known_harmless_makes_it_unsafe_naming_the_opcode() {
    let m = methods(
        &helper("io_uring_prep_t", ", fd: c_int", "IORING_OP_MSG_RING"),
        &[],
    );
    assert!(m.contains("pub unsafe fn prep_t("), "{m}");
    assert!(
        m.contains("Its opcode (`IORING_OP_MSG_RING`) is not among"),
        "{m}"
    );
}

#[test]
fn a_variant_answers_for_the_opcodes_of_the_helper_it_calls() {
    let base = helper("io_uring_prep_t", ", fd: c_int", "IORING_OP_MSG_RING");
    let variant = "/// liburing: `io_uring_prep_t2(3)`: prepare another thing.\n/// c: inline\n\
                   #[unsafe(no_mangle)]\npub unsafe extern \"C\" fn io_uring_prep_t2(sqe: *mut io_uring_sqe) {\n    \
                   unsafe { io_uring_prep_t(sqe, 3) };\n}\n";
    let m = methods(&(base + variant), &["prep_t"]);
    assert!(!m.contains("fn prep_t("), "{m}");
    assert!(m.contains("pub unsafe fn prep_t2(self) -> Self {"), "{m}");
}

#[test]
fn hand_written_methods_are_found_in_impl_blocks_and_tables() {
    let names = hand_written(
        "impl Sqe<'_> {\n    pub fn prep_a(self) -> Self { self }\n    \
         prep_methods! { safe\n        /// doc\n        fn prep_b(fd: RawFd) => io_uring_prep_b(fd);\n        \
         example \"\";\n    }\n}\n",
    )
    .unwrap();
    assert_eq!(
        names,
        BTreeSet::from(["prep_a".to_string(), "prep_b".to_string()])
    );
}
