//! The typed `prep_*` methods of the safe API's `Sqe` (src/api/sqe.rs) that nobody wrote by
//! hand: one per exported `io_uring_prep_*` helper, generated from its Rust signature into
//! `OUT_DIR/sqe_methods.rs`, an `impl Sqe` block that sqe.rs includes.
//!
//! A method written in sqe.rs (an `fn` of `impl Sqe`, or a row of its `prep_methods!`
//! tables, read here with syn) overrides the generated one of the same name:
//! that is where a helper gets a nicer signature (slices, `&CStr`, `OwnedFd`, `Timespec`) or
//! a safety contract of its own. A generated method takes the helper's own parameters and is
//! - safe when every parameter is a plain integer and every opcode the helper can set is in
//!   [`PLAIN_ARGS_SAFE`]: nothing the caller passes can make the kernel touch memory, close an
//!   fd it does not own, or post a completion on another ring;
//! - `unsafe` otherwise (a pointer, a type not known to be an integer, another opcode), with a
//!   `# Safety` section pointing at the helper's documentation.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use quote::ToTokens;
use syn::{FnArg, ImplItem, Item, Pat};

use crate::inline_c::{Crate, Marked, doc_lines, is_int};

/// Opcodes whose requests touch no memory of the process and no other ring, whatever plain
/// integer (fd, offset, length, flags, user_data, slot or group id) they are given: a helper
/// that sets only these and takes only integers gets a safe method. An opcode missing here
/// makes the generated method `unsafe`, which is the right default for a new one; add it
/// with a look at what the kernel does with each SQE field it reads.
pub const PLAIN_ARGS_SAFE: &[&str] = &[
    // no file, or a file's data and metadata only
    "IORING_OP_NOP",
    "IORING_OP_FSYNC",
    "IORING_OP_SYNC_FILE_RANGE",
    "IORING_OP_FALLOCATE",
    "IORING_OP_FADVISE",
    "IORING_OP_FTRUNCATE",
    // data moves between kernel pipe buffers and files, never through user memory
    "IORING_OP_SPLICE",
    "IORING_OP_TEE",
    // readiness, cancellation and removal by user_data: a cancelled request still completes
    // (POLL_REMOVE's update form can retag a poll with any user_data, which a `Ring` must
    // check: `Sqe::prep_poll_update` is written by hand for that)
    "IORING_OP_POLL_ADD",
    "IORING_OP_POLL_REMOVE",
    "IORING_OP_TIMEOUT_REMOVE",
    "IORING_OP_ASYNC_CANCEL",
    // new fds (a result the caller owns), a registered file made a normal fd
    "IORING_OP_SOCKET",
    "IORING_OP_FIXED_FD_INSTALL",
    // socket state
    "IORING_OP_LISTEN",
    "IORING_OP_SHUTDOWN",
];

/// The methods sqe.rs writes by hand: `fn` items of its `impl` blocks and the `fn name` rows
/// of the macro tables inside them.
pub fn hand_written(sqe_rs: &str) -> Result<BTreeSet<String>, String> {
    let file = syn::parse_file(sqe_rs).map_err(|e| format!("src/api/sqe.rs: {e}"))?;
    let mut names = BTreeSet::new();
    for item in &file.items {
        let Item::Impl(imp) = item else { continue };
        for it in &imp.items {
            match it {
                ImplItem::Fn(f) => {
                    names.insert(f.sig.ident.to_string());
                }
                ImplItem::Macro(m) => fn_names(m.mac.tokens.clone(), &mut names),
                _ => {}
            }
        }
    }
    Ok(names)
}

/// Every identifier that follows the keyword `fn` in a macro's tokens.
fn fn_names(ts: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
    let mut after_fn = false;
    for t in ts {
        match t {
            proc_macro2::TokenTree::Ident(i) => {
                if after_fn {
                    out.insert(i.to_string());
                }
                after_fn = i == "fn";
            }
            proc_macro2::TokenTree::Group(g) => {
                fn_names(g.stream(), out);
                after_fn = false;
            }
            _ => after_fn = false,
        }
    }
}

/// The `IORING_OP_*` constants a marked function's body names, also through the marked
/// functions it calls (`io_uring_prep_close_direct` → `io_uring_prep_close` → CLOSE).
fn opcodes(m: &Marked, krate: &Crate, seen: &mut BTreeSet<String>, out: &mut BTreeSet<String>) {
    if !seen.insert(m.name.clone()) {
        return;
    }
    let mut ids = BTreeSet::new();
    idents(m.item.block.to_token_stream(), &mut ids);
    for id in ids {
        if id.starts_with("IORING_OP_") {
            out.insert(id);
        } else if let Some(callee) = krate.marked.iter().find(|c| c.name == id) {
            opcodes(callee, krate, seen, out);
        }
    }
}

fn idents(ts: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
    for t in ts {
        match t {
            proc_macro2::TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

/// `src/prep/files.rs` → `crate::prep::files`.
fn module_path(m: &Marked) -> Result<String, String> {
    let rel = m.file.to_string_lossy().replace('\\', "/");
    let at = rel
        .rfind("/src/")
        .ok_or_else(|| format!("{rel}: not under src/"))?;
    let rel = rel[at + 5..].trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    Ok(if rel == "lib" {
        "crate".into()
    } else {
        format!("crate::{}", rel.replace('/', "::"))
    })
}

/// The generated methods in an `impl Sqe`, for `include!` in src/api/sqe.rs (whose imports
/// name the parameter types). `skip` are the hand-written methods and the
/// helpers deliberately without one.
pub fn generate(krate: &Crate, skip: &BTreeSet<String>) -> Result<String, String> {
    let unknown: Vec<&&str> = PLAIN_ARGS_SAFE
        .iter()
        .filter(|op| !krate.consts.contains_key(**op))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "build/sqe_methods.rs: PLAIN_ARGS_SAFE names {unknown:?}, which the uapi does not define"
        ));
    }
    let mut out = String::from(
        "// Generated by build.rs (build/sqe_methods.rs) from the prep helpers of src/prep/; \
         included by src/api/sqe.rs.\n\nimpl Sqe<'_> {",
    );
    for m in &krate.marked {
        let method = m.name.trim_start_matches("io_uring_");
        if !m.exported
            || !m.name.starts_with("io_uring_prep_")
            || skip.contains(method)
            || skip.contains(&m.name)
        {
            continue;
        }
        out.push_str(
            &method_text(m, krate)
                .map_err(|e| format!("{} ({}): {e}", m.name, m.file.display()))?,
        );
    }
    out.push_str("}\n");
    Ok(out)
}

fn method_text(m: &Marked, krate: &Crate) -> Result<String, String> {
    let method = m.name.trim_start_matches("io_uring_");
    let mut inputs = m.item.sig.inputs.iter();
    match inputs.next() {
        Some(FnArg::Typed(pt)) if pt.ty.to_token_stream().to_string() == "* mut io_uring_sqe" => {}
        _ => return Err("a prep helper's first parameter is `sqe: *mut io_uring_sqe`".into()),
    }
    let mut params = vec![];
    let mut args = vec![];
    let mut not_int = vec![];
    for a in inputs {
        let FnArg::Typed(pt) = a else {
            return Err("`self` parameter".into());
        };
        let Pat::Ident(id) = &*pt.pat else {
            return Err(format!(
                "parameter `{}` is not a plain name",
                pt.pat.to_token_stream()
            ));
        };
        let name = id.ident.to_string();
        let ty = qualify_c_types(pt.ty.to_token_stream())
            .to_string()
            .replace("* const ", "*const ")
            .replace("* mut ", "*mut ")
            .replace(" :: ", "::");
        if !is_int(&pt.ty) {
            not_int.push(format!("`{name}`"));
        }
        params.push(format!("{name}: {ty}"));
        args.push(name);
    }
    let mut ops = BTreeSet::new();
    opcodes(m, krate, &mut BTreeSet::new(), &mut ops);
    let other_ops: Vec<&String> = ops
        .iter()
        .filter(|o| !PLAIN_ARGS_SAFE.contains(&o.as_str()))
        .collect();
    let safe = not_int.is_empty() && !ops.is_empty() && other_ops.is_empty();

    let path = format!("{}::{}", module_path(m)?, m.name);
    let docs = doc_lines(&m.item.attrs);
    let page = docs
        .iter()
        .find_map(|l| l.trim().strip_prefix("man: "))
        .unwrap_or(&m.name)
        .trim()
        .to_string();
    // "liburing: `io_uring_prep_fsync(3)`: prepare an fsync request." → the part after it
    let summary = docs
        .first()
        .and_then(|l| l.split_once("`: "))
        .map(|(_, s)| s.trim().trim_end_matches('.').to_string())
        .ok_or("its doc comment starts `liburing: `name(3)`: what it does.`")?;
    let mut t = String::new();
    writeln!(t).unwrap();
    let mut cap = summary.chars();
    let first = cap
        .next()
        .map(|c| c.to_uppercase().collect::<String>())
        .unwrap_or_default();
    writeln!(
        t,
        "/// {first}{} (liburing's [`{}`]({path}), manual page `{page}(3)`).",
        cap.as_str(),
        m.name
    )
    .unwrap();
    writeln!(t, "///").unwrap();
    writeln!(
        t,
        "/// Generated from that function (build/sqe_methods.rs), whose documentation says what \
         the arguments mean."
    )
    .unwrap();
    let call = format!(
        "{path}({})",
        [vec!["self.sqe".to_string()], args].concat().join(", ")
    );
    if safe {
        writeln!(t, "pub fn {method}({}) -> Self {{", receiver(&params)).unwrap();
        writeln!(
            t,
            "    // SAFETY: `self.sqe` is a valid SQE of the ring; only integers are stored, and \
             the opcodes ({}) touch no memory with them.",
            ops.iter().cloned().collect::<Vec<_>>().join(", ")
        )
        .unwrap();
    } else {
        writeln!(t, "///\n/// # Safety").unwrap();
        if !not_int.is_empty() {
            writeln!(
                t,
                "/// The memory {} point{} to must be valid as [`{}`]({path}) documents, and stay \
                 valid (unmodified while the kernel reads it, untouched while it writes it) \
                 until this entry's completion has been reaped (see [`Sqe`]).",
                not_int.join(", "),
                if not_int.len() == 1 { "s" } else { "" },
                m.name
            )
            .unwrap();
        }
        if not_int.is_empty() && !other_ops.is_empty() {
            writeln!(
                t,
                "/// Its opcode{} ({}) {} not among those whose plain arguments build.rs knows to \
                 be harmless (`PLAIN_ARGS_SAFE` of build/sqe_methods.rs): the caller makes sure, \
                 from the documentation of [`{}`]({path}), that the request touches no memory \
                 that is not valid until its completion, closes no fd the caller does not own and \
                 posts no completion on a \
                 [`super::Ring`].",
                if other_ops.len() == 1 { "" } else { "s" },
                other_ops
                    .iter()
                    .map(|o| format!("`{o}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if other_ops.len() == 1 { "is" } else { "are" },
                m.name
            )
            .unwrap();
        } else if ops.is_empty() && not_int.is_empty() {
            writeln!(
                t,
                "/// build.rs found no `IORING_OP_*` it sets, so it cannot tell what the request \
                 does with its arguments: the caller makes sure, from the documentation of \
                 [`{}`]({path}), that it touches no memory that is not valid until its \
                 completion, closes no fd the caller does not own and posts no completion on a \
                 [`super::Ring`].",
                m.name
            )
            .unwrap();
        }
        writeln!(
            t,
            "pub unsafe fn {method}({}) -> Self {{",
            receiver(&params)
        )
        .unwrap();
        writeln!(
            t,
            "    // SAFETY: `self.sqe` is a valid SQE of the ring; the caller keeps the contract above."
        )
        .unwrap();
    }
    writeln!(t, "    unsafe {{ {call} }};\n    self\n}}").unwrap();
    Ok(t)
}

/// `self` and the parameters.
fn receiver(params: &[String]) -> String {
    [vec!["self".to_string()], params.to_vec()]
        .concat()
        .join(", ")
}

/// `c_int` → `core::ffi::c_int` (the prep modules import the C types; sqe.rs need not).
fn qualify_c_types(ts: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    use proc_macro2::{Group, TokenTree};
    let mut out = proc_macro2::TokenStream::new();
    let mut after_path_sep = false;
    for t in ts {
        let this_is_colon = matches!(&t, TokenTree::Punct(p) if p.as_char() == ':');
        match t {
            TokenTree::Ident(i) if !after_path_sep && i.to_string().starts_with("c_") => {
                out.extend(quote::quote!(core::ffi::#i));
            }
            TokenTree::Group(g) => {
                let mut n = Group::new(g.delimiter(), qualify_c_types(g.stream()));
                n.set_span(g.span());
                out.extend([TokenTree::Group(n)]);
            }
            other => out.extend([other]),
        }
        after_path_sep = this_is_colon;
    }
    out
}
