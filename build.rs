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
#[path = "build/man.rs"]
mod man;

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

    // Every #[no_mangle] function is exported from liburing_rs.so, also those liburing.h does
    // not declare (liburing keeps a few in its internal headers); the pages are for the
    // declared ones.
    let exported: Vec<&String> = krate.exported.iter().collect();
    let map = version_script(&exported);
    let mut protos: BTreeMap<String, String> = krate
        .exported
        .iter()
        .filter_map(|n| Some((n.clone(), prototype(&all, n)?)))
        .collect();
    for m in krate.marked.iter().filter(|m| !m.exported) {
        if let Ok(p) = inline_c::own_prototype(m, &rename) {
            protos.insert(m.name.clone(), p);
        }
    }
    c_library_outputs(root_path, &map, &protos);
}

/// Next to the libraries of the profile being built (target/clib/, target/release/...):
/// `liburing_rs.map`, the version script that exports exactly the C API from liburing_rs.so
/// (mk/lib.mk), and `man/`, the manual pages (build/man.rs, installed by `make install`).
fn c_library_outputs(root: &Path, map: &str, protos: &BTreeMap<String, String>) {
    println!("cargo:rerun-if-changed=man");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    // OUT_DIR is <target>/<profile>/build/<package>-<hash>/out
    let profile = Path::new(&out)
        .ancestors()
        .nth(3)
        .expect("OUT_DIR lies in the profile directory");

    write_if_changed(&profile.join("liburing_rs.map"), map.as_bytes());

    let funcs = man::scan(&root.join("src")).unwrap_or_else(|e| panic!("man pages: {e}"));
    let overview = std::fs::read_to_string(root.join("man/uring-rs.7.md"))
        .expect("man/uring-rs.7.md is readable");
    let pages = man::pages(
        &funcs,
        protos,
        &overview,
        env!("CARGO_PKG_VERSION"),
        &man_date(),
    )
    .unwrap_or_else(|e| panic!("man pages: {e}"));
    let dir = profile.join("man");
    let _ = std::fs::remove_dir_all(&dir);
    for (file, text) in pages {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("man/manN"))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        write_if_changed(&path, text.as_bytes());
    }
}

/// The version script of liburing_rs.so: the C functions global, everything else local.
fn version_script(exported: &[&String]) -> String {
    let mut map = String::from(
        "/* Generated by build.rs: the C API (every #[no_mangle] function). */\n{\nglobal:\n",
    );
    for name in exported {
        map.push_str(&format!("\t{name};\n"));
    }
    map.push_str("local:\n\t*;\n};\n");
    map
}

/// The pages' date: SOURCE_DATE_EPOCH when set (reproducible builds), else today, as YYYY-MM-DD.
fn man_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    // days since 1970-01-01 to a civil date (proleptic Gregorian)
    let z = secs.div_euclid(86400) + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
