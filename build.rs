//! Generates include/liburing.h from the Rust sources with cbindgen, and
//! include/liburing/inline.h from the functions marked `/// c: inline` (build/inline_c.rs).
//!
//! liburing's header defines its fast paths (get_sqe, prep helpers, peek/wait, cqe_seen...) as
//! `static inline` functions. Ours are Rust functions, exported for FFI users and the drop-in
//! libraries; the marked ones are also translated to C, so C programs inline the same code.
//! cbindgen declares every other exported function; liburing.h includes inline.h at its end.
//!
//! Both headers are checked in, so C users need nothing but a C compiler after `make`; they
//! are rewritten only when their content changes, so builds don't loop.

use std::collections::BTreeMap;
use std::path::Path;

#[path = "build/inline_c.rs"]
mod inline_c;

const INLINE_H: &str = "include/liburing/inline.h";

fn write_if_changed(path: &Path, text: &[u8]) {
    if std::fs::read(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text)
            .unwrap_or_else(|e| panic!("{} is not writable: {e}", path.display()));
    }
}

fn cbindgen_text(root: &str, config: cbindgen::Config) -> String {
    let bindings = match cbindgen::generate_with_config(root, config) {
        Ok(b) => b,
        Err(e) => panic!("cbindgen failed to generate include/liburing.h: {e}"),
    };
    let mut text = Vec::new();
    bindings.write(&mut text);
    String::from_utf8(text).expect("cbindgen writes UTF-8")
}

/// The declaration cbindgen wrote for `name` (one line: `[fn] args = "horizontal"`), minus `;`.
fn prototype(header: &str, name: &str) -> Option<String> {
    let call = format!("{name}(");
    header.lines().find_map(|l| {
        let at = l.find(&call)?;
        let before = l[..at].chars().last();
        let ok = l.ends_with(");") && !l.starts_with(' ') && matches!(before, Some(' ' | '*'));
        ok.then(|| l.trim_end_matches(';').to_string())
    })
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root_path = Path::new(&root);
    let config = || {
        cbindgen::Config::from_file(root_path.join("cbindgen.toml")).expect("cbindgen.toml parses")
    };

    let krate = inline_c::scan(&root_path.join("src")).unwrap_or_else(|e| panic!("c: inline: {e}"));
    // Every exported function as cbindgen declares it: the prototypes of the inline ones.
    let all = cbindgen_text(&root, config());
    let rename = config().export.rename;
    let mut defs = BTreeMap::new();
    let mut names = vec![];
    for m in &krate.marked {
        let proto = if m.exported {
            prototype(&all, &m.name).unwrap_or_else(|| {
                panic!(
                    "c: inline: {}: cbindgen declared no prototype for it",
                    m.name
                )
            })
        } else {
            inline_c::own_prototype(m, &rename)
                .unwrap_or_else(|e| panic!("c: inline: {} ({}): {e}", m.name, m.file.display()))
        };
        let def = inline_c::translate(m, &krate, &proto, &rename).unwrap_or_else(|e| {
            panic!(
                "c: inline: {} ({}) is not translatable to C: {e}",
                m.name,
                m.file.display()
            )
        });
        if defs.insert(m.name.clone(), def).is_some() {
            panic!("c: inline: {} is marked twice", m.name);
        }
        names.push(m.name.clone());
    }
    names.sort();
    let order = inline_c::order(&defs, &names).unwrap_or_else(|e| panic!("c: inline: {e}"));
    let mut inline_h = String::from(
        "/* SPDX-License-Identifier: MIT OR Apache-2.0 */\n\
         /*\n \
         * The inline fast paths of liburing.h: translated by build.rs (build/inline_c.rs) from the\n \
         * Rust functions marked `c: inline`, which the library also exports under the same names.\n \
         * Generated; do not edit by hand. Included at the end of liburing.h.\n \
         */\n\
         #ifndef LIBURING_INLINE_H\n#define LIBURING_INLINE_H\n",
    );
    for n in &order {
        inline_h.push('\n');
        inline_h.push_str(&defs[n].0);
    }
    inline_h.push_str("\n#endif\n");
    write_if_changed(&root_path.join(INLINE_H), inline_h.as_bytes());

    // The header proper: the inline functions are defined by inline.h, not declared.
    let mut config = config();
    config.export.exclude.extend(
        krate
            .marked
            .iter()
            .filter(|m| m.exported)
            .map(|m| m.name.clone()),
    );
    config.trailer = Some("#include \"liburing/inline.h\"".into());
    let text = cbindgen_text(&root, config);
    write_if_changed(&root_path.join("include/liburing.h"), text.as_bytes());
}
