//! Section-3 manual pages for every function liburing.h declares, and the overview page
//! uring-rs(7), written from the Rust doc comments (the one source of the documentation, as the
//! Rust is of the code) with the `roff` crate.
//!
//! A function's doc comment is Markdown, read as a manual page:
//!
//! ```text
//! /// liburing: `io_uring_queue_init(3)`: set up an io_uring instance.   <- NAME: the summary
//! ///
//! /// Paragraphs, `code`, lists ...                                       <- DESCRIPTION
//! ///
//! /// # Return value                                                      <- RETURN VALUE
//! /// # Errors                                                            <- ERRORS
//! /// - `-EINVAL`: why.                                                   (a tagged list)
//! /// # Notes                                                             <- NOTES: where uring-rs
//! ///                                                                        differs from liburing
//! /// # See also                                                          <- SEE ALSO (with every
//! /// `io_uring_submit(3)`                                                   `name(N)` of the page)
//! ```
//!
//! `/// man: io_uring_prep_read` puts a function on another function's page (its prototype in
//! the SYNOPSIS, its own description as a paragraph of the DESCRIPTION, its sections added to
//! the page's); its own name becomes a `.so` link to that page, as liburing's shared pages do.
//! The SYNOPSIS is the prototype cbindgen declared in liburing.h. Any other `# Heading` becomes a
//! subsection of the DESCRIPTION.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use roff::{Inline, Roff, bold, italic, roman};
use syn::{FnArg, Item, Pat, ReturnType};

use crate::inline_c;

/// The doc-comment line that puts a function on another function's page.
pub const SHARED: &str = "man: ";

/// An exported function and its documentation.
pub struct Func {
    pub name: String,
    docs: Vec<String>,
    params: Vec<String>,
    returns_void: bool,
}

/// The doc comment, one line each, without the space after `///`.
fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    inline_c::doc_lines(attrs)
        .iter()
        .flat_map(|s| s.split('\n').map(str::to_string).collect::<Vec<_>>())
        .map(|l| l.strip_prefix(' ').unwrap_or(&l).to_string())
        .collect()
}

fn is_exported(f: &syn::ItemFn) -> bool {
    inline_c::is_no_mangle(&f.attrs) && f.sig.abi.is_some()
}

/// Exported, or defined by inline.h only (`c: inline` without `#[no_mangle]`).
fn is_declared(f: &syn::ItemFn) -> bool {
    is_exported(f)
        || doc_lines(&f.attrs)
            .iter()
            .any(|l| l.trim() == inline_c::MARKER)
}

fn collect(items: &[Item], out: &mut Vec<Func>) {
    for item in items {
        match item {
            Item::Fn(f) if is_declared(f) => {
                let params = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|a| match a {
                        FnArg::Typed(pt) => match &*pt.pat {
                            Pat::Ident(i) => Some(i.ident.to_string()),
                            _ => None,
                        },
                        FnArg::Receiver(_) => None,
                    })
                    .collect();
                out.push(Func {
                    name: f.sig.ident.to_string(),
                    docs: doc_lines(&f.attrs),
                    params,
                    returns_void: matches!(f.sig.output, ReturnType::Default),
                });
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect(items, out);
                }
            }
            _ => {}
        }
    }
}

/// Every function liburing.h declares or inline.h defines, in file and source order.
pub fn scan(src: &Path) -> Result<Vec<Func>, String> {
    let mut paths = vec![];
    inline_c::rs_files(src, &mut paths);
    let mut out = vec![];
    for p in paths.iter().filter(|p| !p.ends_with("uapi/bindings.rs")) {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", p.display()))?;
        collect(&file.items, &mut out);
    }
    Ok(out)
}

/// A doc comment cut into the parts of a page.
#[derive(Default)]
struct Doc {
    /// The first sentence after `liburing: \`name(3)\`:`, for NAME.
    summary: Option<String>,
    /// Markdown of each section, by heading ("" is the description).
    sections: BTreeMap<String, String>,
    /// Subsection headings of the description, in order.
    order: Vec<String>,
    /// `man: page`.
    page: Option<String>,
}

const SECTIONS: [(&str, &str); 4] = [
    ("return value", "RETURN VALUE"),
    ("errors", "ERRORS"),
    ("notes", "NOTES"),
    ("see also", "SEE ALSO"),
];

/// Strip `liburing: \`x(3)\`` (or `liburing 2.15: ...`) from the first line, and say whether
/// a colon followed it: then the description's first sentence is the page's summary.
fn strip_reference(line: &str) -> (&str, bool) {
    let Some(rest) = line.strip_prefix("liburing") else {
        return (line, false);
    };
    let Some((head, rest)) = rest.split_once(':') else {
        return (line, false);
    };
    if head.len() > 6 || !rest.trim_start().starts_with('`') {
        return (line, false);
    }
    let rest = rest.trim_start();
    match rest[1..].find('`') {
        Some(end) => {
            let after = &rest[end + 2..];
            let summary = after.starts_with(':');
            (
                after.trim_start_matches([':', '.', ',', ';']).trim_start(),
                summary,
            )
        }
        None => (line, false),
    }
}

fn parse(docs: &[String]) -> Doc {
    let mut d = Doc::default();
    let mut cur = String::new();
    let mut first = true;
    let mut has_summary = false;
    for l in docs {
        let t = l.trim();
        if t == inline_c::MARKER {
            continue;
        }
        if let Some(p) = t.strip_prefix(SHARED) {
            d.page = Some(p.trim().to_string());
            continue;
        }
        if let Some(h) = l.strip_prefix("# ") {
            cur = h.trim().to_lowercase();
            if !SECTIONS.iter().any(|(k, _)| *k == cur) && !d.order.contains(&cur) {
                d.order.push(cur.clone());
            }
            d.sections.entry(cur.clone()).or_default();
            continue;
        }
        let mut l = l.as_str();
        if first && !t.is_empty() {
            first = false;
            (l, has_summary) = strip_reference(l);
        }
        let s = d.sections.entry(cur.clone()).or_default();
        s.push_str(l);
        s.push('\n');
    }
    if let Some(desc) = d.sections.get("").filter(|_| has_summary) {
        let para = desc
            .trim()
            .split("\n\n")
            .next()
            .unwrap_or("")
            .replace('\n', " ");
        let end = para.find(". ").map(|i| i + 1).unwrap_or(para.len());
        let s = para[..end].trim().trim_end_matches('.').trim();
        if !s.is_empty() {
            d.summary = Some(s.replace('`', ""));
            // the summary is the page's NAME line: the DESCRIPTION goes on after it
            let rest = desc.trim_start()[end..].to_string();
            d.sections.insert(String::new(), rest);
        }
    }
    d
}

/// Inline Markdown (`code` and links) as roff inlines. A code span that
/// names a parameter is italic, any other bold; `name(N)` is a bold name and a roman `(N)`.
fn inlines(text: &str, params: &BTreeSet<String>) -> Vec<Inline> {
    let text = strip_links(text);
    let mut out = vec![];
    for (i, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        if i % 2 == 1 {
            if params.contains(part) {
                out.push(italic(part));
            } else if let Some((name, sec)) = man_ref(part) {
                out.push(bold(name));
                out.push(roman(format!("({sec})")));
            } else {
                out.push(bold(part));
            }
        } else {
            out.push(roman(sentences(part)));
        }
    }
    out
}

/// A new line after each sentence (roff's convention; mandoc's lint asks for it).
fn sentences(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if matches!(c, '.' | '?' | '!') && chars.peek() == Some(&' ') {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek().is_some_and(|n| n.is_ascii_uppercase()) {
                chars.next();
                out.push('\n');
            }
        }
    }
    out
}

/// `[text](target)` → text, `[\`x\`]` → `` `x` ``.
fn strip_links(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        let tail = &after[close + 1..];
        if let Some(t) = tail.strip_prefix('(')
            && let Some(end) = t.find(')')
        {
            out.push_str(inner);
            rest = &t[end + 1..];
        } else if inner.starts_with('`') {
            out.push_str(inner);
            rest = tail;
        } else {
            out.push('[');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `io_uring_submit(3)` → (`io_uring_submit`, `3`).
fn man_ref(s: &str) -> Option<(&str, &str)> {
    let (name, rest) = s.split_once('(')?;
    let sec = rest.strip_suffix(')')?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && sec.len() == 1
        && sec.chars().all(|c| c.is_ascii_digit());
    ok.then_some((name, sec))
}

/// Every `name(N)` a text mentions.
fn refs(text: &str, out: &mut BTreeSet<(String, String)>) {
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1
            && let Some((n, s)) = man_ref(part)
        {
            out.insert((n.to_string(), s.to_string()));
        }
    }
}

/// A page being written: knows whether a paragraph macro would only repeat a section start.
struct Writer {
    r: Roff,
    fresh: bool,
}

impl Writer {
    fn new() -> Self {
        Writer {
            r: Roff::new(),
            fresh: true,
        }
    }
    fn section(&mut self, title: &str) {
        self.r.control("SH", [title]);
        self.fresh = true;
    }
    fn subsection(&mut self, title: &str) {
        self.r.control("SS", [title]);
        self.fresh = true;
    }
    fn control(&mut self, name: &str, args: &[&str]) {
        if name == "PP" && self.fresh {
            return;
        }
        self.r.control(name, args.iter().copied());
        self.fresh = false;
    }
    fn text(&mut self, inlines: Vec<Inline>) {
        self.r.text(inlines);
        self.fresh = false;
    }
}

/// Markdown blocks: paragraphs, `- ` lists (a list item that starts with a code span and a
/// colon is a tagged paragraph, as ERRORS are written), fenced code, and `### ` subheadings.
fn blocks(md: &str, params: &BTreeSet<String>, r: &mut Writer) {
    let mut para: Vec<String> = vec![];
    let mut item: Option<String> = None;
    let mut code: Option<Vec<String>> = None;
    let flush = |para: &mut Vec<String>, item: &mut Option<String>, r: &mut Writer| {
        if !para.is_empty() {
            r.control("PP", &[]);
            r.text(inlines(&para.join(" "), params));
            para.clear();
        }
        if let Some(it) = item.take() {
            list_item(&it, params, r);
        }
    };
    for line in md.lines() {
        if let Some(c) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                r.control("PP", &[]);
                r.control("EX", &[]);
                for l in c.iter() {
                    r.text(vec![roman(l.as_str())]);
                }
                r.control("EE", &[]);
                code = None;
            } else {
                c.push(line.to_string());
            }
            continue;
        }
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut item, r);
            code = Some(vec![]);
        } else if t.is_empty() {
            flush(&mut para, &mut item, r);
        } else if let Some(h) = t.strip_prefix("### ").or_else(|| t.strip_prefix("## ")) {
            flush(&mut para, &mut item, r);
            r.subsection(h);
        } else if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush(&mut para, &mut item, r);
            item = Some(rest.to_string());
        } else if let Some(it) = item.as_mut() {
            it.push(' ');
            it.push_str(t);
        } else {
            para.push(t.to_string());
        }
    }
    flush(&mut para, &mut item, r);
}

fn list_item(text: &str, params: &BTreeSet<String>, r: &mut Writer) {
    if let Some(rest) = text.strip_prefix('`')
        && let Some(end) = rest.find('`')
        && let Some(body) = rest[end + 1..].strip_prefix(':')
    {
        let tag = &rest[..end];
        let tag = tag
            .strip_prefix('-')
            .filter(|e| e.starts_with('E'))
            .unwrap_or(tag);
        r.control("TP", &[]);
        r.text(vec![if params.contains(tag) {
            italic(tag)
        } else {
            bold(tag)
        }]);
        r.text(inlines(body.trim(), params));
    } else {
        r.control("IP", &["\\(bu", "2"]);
        r.text(inlines(text, params));
    }
}

/// One SYNOPSIS entry: the prototype with the parameter names in italics, one parameter a line
/// after the first.
fn synopsis(proto: &str, r: &mut Writer) {
    let (head, args) = proto.split_once('(').unwrap_or((proto, ")"));
    let args = args.strip_suffix(')').unwrap_or(args);
    let mut line = vec![bold(format!("{head}("))];
    let list: Vec<&str> = args.split(", ").collect();
    let indent = " ".repeat(head.len() + 1);
    for (i, a) in list.iter().enumerate() {
        let split = a
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '[' || c == ']'))
            .map(|i| i + 1)
            .unwrap_or(0);
        let (ty, name) = a.split_at(split);
        if i > 0 {
            line.push(roman("\n"));
            line.push(roman(indent.clone()));
        }
        if ty.is_empty() || name.is_empty() {
            line.push(bold(*a));
        } else {
            line.push(bold(ty));
            line.push(italic(name));
        }
        line.push(bold(if i + 1 == list.len() { ");" } else { "," }));
    }
    r.text(line);
}

/// The manual pages of the functions that have a prototype in `protos` (liburing.h declares
/// them): (file name under the man directory, contents).
pub fn pages(
    funcs: &[Func],
    protos: &BTreeMap<String, String>,
    overviews: &[(String, String, String)],
    version: &str,
    date: &str,
) -> Result<Vec<(String, String)>, String> {
    let funcs: Vec<&Func> = funcs
        .iter()
        .filter(|f| protos.contains_key(&f.name))
        .collect();
    let docs: BTreeMap<&str, Doc> = funcs
        .iter()
        .map(|f| (f.name.as_str(), parse(&f.docs)))
        .collect();
    // page name -> members, the page's own function first
    let mut members: BTreeMap<String, Vec<&Func>> = BTreeMap::new();
    for f in funcs.iter().copied() {
        let page = docs[f.name.as_str()].page.clone().unwrap_or(f.name.clone());
        if page != f.name && docs.get(page.as_str()).is_none_or(|d| d.page.is_some()) {
            return Err(format!(
                "{}: `man: {page}` names no function with a page of its own",
                f.name
            ));
        }
        let m = members.entry(page.clone()).or_default();
        if page == f.name {
            m.insert(0, f);
        } else {
            m.push(f);
        }
    }
    let mut out = vec![];
    let mut differs = vec![];
    for (page, fs) in &members {
        let main = &docs[page.as_str()];
        let names: Vec<&str> = fs.iter().map(|f| f.name.as_str()).collect();
        let params: BTreeSet<String> = fs.iter().flat_map(|f| f.params.clone()).collect();
        let mut r = Writer::new();
        let source = format!("uring-rs {version}");
        r.control(
            "TH",
            &[page.as_str(), "3", date, &source, "uring-rs Manual"],
        );
        r.section("NAME");
        let summary = main
            .summary
            .clone()
            .unwrap_or_else(|| format!("the liburing function {page}"));
        r.text(vec![roman(format!("{} - {summary}", names.join(", ")))]);
        r.section("SYNOPSIS");
        r.control("nf", &[]);
        r.text(vec![bold("#include <liburing.h>")]);
        for f in fs {
            let proto = protos
                .get(&f.name)
                .ok_or_else(|| format!("{}: liburing.h declares no prototype for it", f.name))?;
            r.control("PP", &[]);
            synopsis(proto, &mut r);
        }
        r.control("fi", &[]);
        r.section("DESCRIPTION");
        let mut see = BTreeSet::new();
        for (i, f) in fs.iter().enumerate() {
            let d = &docs[f.name.as_str()];
            let desc = d.sections.get("").map(String::as_str).unwrap_or("").trim();
            for t in d.sections.values() {
                refs(t, &mut see);
            }
            if i == 0 {
                blocks(desc, &params, &mut r);
            } else if !desc.is_empty() {
                blocks(&format!("`{}()`: {desc}", f.name), &params, &mut r);
            }
        }
        for f in fs {
            let d = &docs[f.name.as_str()];
            for h in &d.order {
                let mut title = h.clone();
                title[..1].make_ascii_uppercase();
                r.subsection(&title);
                blocks(&d.sections[h], &params, &mut r);
            }
        }
        for (key, title) in SECTIONS {
            let mut text = String::new();
            for f in fs {
                if let Some(s) = docs[f.name.as_str()].sections.get(key) {
                    text.push_str(s);
                    text.push('\n');
                }
            }
            let text = text.trim();
            let text = match (key, text.is_empty()) {
                ("return value", true) if fs.iter().all(|f| f.returns_void) => "None.",
                ("errors", true) if fs.iter().all(|f| f.returns_void) => {
                    "None: these functions only fill in memory and cannot fail."
                }
                ("see also", _) => continue,
                (_, true) => continue,
                _ => text,
            };
            if key == "notes" {
                differs.push(page.clone());
            }
            r.section(title);
            blocks(text, &params, &mut r);
        }
        see.retain(|(n, s)| !(s == "3" && names.contains(&n.as_str())));
        see.insert(("uring-rs".into(), "7".into()));
        r.section("SEE ALSO");
        let n = see.len();
        let mut line = vec![];
        for (i, (name, sec)) in see.iter().enumerate() {
            line.push(bold(name.as_str()));
            line.push(roman(format!(
                "({sec}){}",
                if i + 1 < n { ", " } else { "" }
            )));
        }
        r.text(line);
        out.push((format!("man3/{page}.3"), wrap(&r.r.render())));
        for f in &fs[1..] {
            let link = Roff::new()
                .control("so", [format!("man3/{page}.3").as_str()])
                .to_roff();
            out.push((format!("man3/{}.3", f.name), link));
        }
    }
    for (name, section, md) in overviews {
        out.push((
            format!("man{section}/{name}.{section}"),
            overview_page(name, section, md, &differs, version, date),
        ));
    }
    Ok(out)
}

/// A hand-written page (uring-rs(7), uring-rs-trace(1)) from its Markdown source: `# Heading`
/// sections; the list of pages with NOTES (where a function differs from liburing's) is added
/// to the section that asks for it.
fn overview_page(
    name: &str,
    section: &str,
    md: &str,
    differs: &[String],
    version: &str,
    date: &str,
) -> String {
    let mut r = Writer::new();
    let source = format!("uring-rs {version}");
    r.control("TH", &[name, section, date, &source, "uring-rs Manual"]);
    let none = BTreeSet::new();
    for (i, sec) in md.split("\n# ").enumerate() {
        let sec = if i == 0 {
            sec.trim_start_matches("# ")
        } else {
            sec
        };
        let (title, body) = sec.split_once('\n').unwrap_or((sec, ""));
        r.section(&title.trim().to_uppercase());
        let body = body.replace(
            "{pages with notes}",
            &differs
                .iter()
                .map(|p| format!("`{p}(3)`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        blocks(&body, &none, &mut r);
    }
    wrap(&r.r.render())
}

/// Text lines broken at spaces to at most 80 bytes where they can be (roff fills them again;
/// mandoc's lint asks for it), except in no-fill blocks (.nf ... .fi) and control lines.
fn wrap(page: &str) -> String {
    const MAX: usize = 80;
    let mut out = String::with_capacity(page.len() + page.len() / 16);
    let mut fill = true;
    for line in page.lines() {
        match line {
            ".nf" => fill = false,
            ".fi" => fill = true,
            _ => {}
        }
        let control = line.starts_with('.') || line.starts_with('\'');
        let mut rest = line;
        while fill && !control && rest.len() > MAX {
            // a space is one byte, so its index is a char boundary
            let Some(at) = rest.as_bytes()[..=MAX]
                .iter()
                .rposition(|&b| b == b' ')
                .filter(|&i| i > 0)
            else {
                break;
            };
            out.push_str(&rest[..at]);
            out.push('\n');
            rest = &rest[at + 1..];
            if rest.starts_with('.') || rest.starts_with('\'') {
                out.push_str("\\&");
            }
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}
