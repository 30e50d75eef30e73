//! The inline translator (build/inline_c.rs) refuses what C would compute differently from
//! Rust, naming the function, the construct and its line, and translates the rest faithfully.

#[allow(dead_code)]
#[path = "../build/inline_c.rs"]
mod inline_c;

use inline_c::translate_text;

/// One marked, non-exported function with `body` (its first line is line 4 of the text).
fn snippet(params: &str, ret: &str, body: &str) -> String {
    format!(
        "#![allow(unused)]\n/// c: inline\nunsafe fn __io_uring_t({params}) -> {ret} {{\n{body}\n}}\n"
    )
}

fn refusal(params: &str, ret: &str, body: &str) -> String {
    match translate_text(&snippet(params, ret, body)) {
        Ok(c) => panic!("translated instead of refused:\n{c}"),
        Err(e) => e,
    }
}

fn c(params: &str, ret: &str, body: &str) -> String {
    translate_text(&snippet(params, ret, body)).unwrap_or_else(|e| panic!("refused: {e}"))
}

#[test]
fn a_shifted_unsuffixed_literal_is_refused_with_function_construct_and_line() {
    let e = refusal("shift: u32", "u64", "    let m: u64 = 1 << shift;\n    m");
    assert!(e.starts_with("__io_uring_t: line 4: "), "{e}");
    assert!(e.contains("unsuffixed integer literal"), "{e}");
    assert!(e.contains("`1 << shift`"), "{e}");
}

#[test]
fn a_suffixed_literal_is_shifted_in_its_own_width() {
    let text = c(
        "shift: u32",
        "u64",
        "    let m: u64 = 1u64 << shift;\n    m",
    );
    assert!(
        text.contains("uint64_t m = ((uint64_t)(1)) << shift;"),
        "{text}"
    );
}

#[test]
fn arithmetic_on_types_narrower_than_int_is_refused() {
    let e = refusal("a: u16, b: u16", "u32", "    ((a + b) >> 1) as u32");
    assert!(e.contains("line 4") && e.contains("`+` on `u16`"), "{e}");
    let e = refusal("a: u8", "u32", "    (a << 4) as u32");
    assert!(e.contains("`<<` on `u8`"), "{e}");
}

#[test]
fn not_follows_the_operand_type_not_the_case_of_its_name() {
    assert!(c("flag: bool", "bool", "    !flag").contains("return !flag;"));
    assert!(c("FLAGS: u32", "u32", "    !FLAGS").contains("return ~FLAGS;"));
    assert!(c("Big: u64", "u64", "    !Big").contains("return ~Big;"));
    let e = refusal("x: u16", "u16", "    !x");
    assert!(e.contains("narrower than `int`"), "{e}");
}

#[test]
fn signed_wrapping_arithmetic_wraps_in_the_unsigned_type() {
    let text = c("a: i32, b: i32", "i32", "    a.wrapping_add(b)");
    assert!(
        text.contains("return (int32_t)((unsigned int)(a) + (unsigned int)(b));"),
        "{text}"
    );
}
