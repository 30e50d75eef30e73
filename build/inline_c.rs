//! Turns the Rust functions marked `/// c: inline` into `static inline` C definitions for
//! `include/liburing/inline.h`, so C programs get liburing's inline fast paths from the very
//! code the library exports (one implementation, two compilers).
//!
//! A marked function is written in a small subset of Rust that reads like C already:
//! raw pointers (`(*ring).sq.sqe_tail` → `ring->sq.sqe_tail`), `let x: T = e;` (the type is
//! required; `e` may be a struct literal naming every field in declaration order), `if`/`else`,
//! `loop`/`while`, `return`, `break`/`continue`, `unsafe { }` blocks, integer and boolean
//! operators, `as` casts, literals, constants (the same names as the C macros and enums),
//! calls of other marked functions and of exported functions, and a few known operations:
//!
//! | Rust                                        | C                                          |
//! |---------------------------------------------|--------------------------------------------|
//! | `load_acquire(p)` / `load_relaxed(p)`        | `__atomic_load_n(p, __ATOMIC_ACQUIRE/RELAXED)` |
//! | `store_release(p, v)` / `store_relaxed(p, v)` | `__atomic_store_n(p, v, __ATOMIC_...)`     |
//! | the same with `_u16` (`load_acquire_u16(p)`)  | the same (`__atomic_*_n` are generic)      |
//! | `io_uring_buf_ring::tail_ptr(br)`            | `(&br->tail)` (src/uapi/buf_ring.rs)       |
//! | `null()`, `null_mut()`                       | `NULL`                                     |
//! | `read_unaligned(p)`                          | `(*p)` (a plain read, as liburing's C does) |
//! | `p.is_null()`, `p.add(n)`                    | `(p == NULL)`, `(p + n)`                   |
//! | `a.wrapping_add(b)` (`_sub`, `_mul`)         | `((__typeof__(a))(a + b))`                 |
//! | `(*sqe).set_off(v)`, `(*sqe).off()`          | `sqe->off = v`, `sqe->off` (the `sqe_fields!` table of src/uapi/sqe.rs, read with syn) |
//! | `cfg!(target_endian = "big")`                | `(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)` |
//! | `size_of::<T>()`                             | `sizeof(T)`                                |
//! | `!x`: by the type of `x` (locals, fields, constants) | `(!x)` for bool, `(~x)` for integers  |
//! | `a.wrapping_add(b)` on a signed type          | the sum in the unsigned type, cast back    |
//! | `let _ = x;`                                 | `(void)x;`                                 |
//!
//! What C would compute differently is refused (`check_arith`): a shift of an unsuffixed
//! literal (`1 << n` shifts an `int` in C), `+ - * <<` on types narrower than `int` (C computes
//! them in `int`), literal arithmetic with an operand of unknown type, `!` of an integer
//! narrower than `int` or of an operand of unknown type. Anything else outside the subset is
//! an error too. Each error names the function, the line and the construct, and fails the
//! build; tests/inline_translator.rs shows them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{BinOp, Expr, FnArg, Item, Lit, Pat, ReturnType, Stmt, Type, UnOp};

/// The doc-comment line that marks a function for C inlining.
pub const MARKER: &str = "c: inline";
/// The doc-comment line that makes a constant a `#define` of the public header
/// (include/liburing/extra.h, the block build.rs writes).
pub const DEFINE_MARKER: &str = "c: define";

/// A marked function.
pub struct Marked {
    pub name: String,
    /// `#[no_mangle] extern "C"`: C code may call the library's copy too.
    pub exported: bool,
    pub item: syn::ItemFn,
    pub file: PathBuf,
}

/// Everything a translation needs to know about the crate.
#[derive(Default)]
pub struct Crate {
    pub marked: Vec<Marked>,
    /// Every `#[no_mangle]` function: C may call them (liburing.h declares them).
    pub exported: BTreeSet<String>,
    /// SQE union field accessors: setter/getter name → C member (`set_op_flags` → `fsync_flags`).
    pub sqe_setters: BTreeMap<String, String>,
    pub sqe_getters: BTreeMap<String, String>,
    /// Field pointers of other uapi structs: `io_uring_buf_ring::tail_ptr` → C member `tail`
    /// and the Rust type of the field.
    pub field_ptrs: BTreeMap<String, (String, Type)>,
    /// Field types of the crate's structs (`io_uring.sq`, `io_uring_sq.sqe_tail`...) and the
    /// return types of its functions, to know which integer type an expression has.
    pub fields: BTreeMap<(String, String), Type>,
    pub returns: BTreeMap<String, Type>,
    /// Field names of the crate's structs in declaration order (C initialises by position).
    pub field_order: BTreeMap<String, Vec<String>>,
    /// Types of the crate's constants (the uapi ones from bindings.rs included): C's `~` or
    /// `!`, and the type an operation is computed in, follow from them.
    pub consts: BTreeMap<String, Type>,
    /// SQE getter name → Rust type of the field (`off` → `u64`).
    pub sqe_types: BTreeMap<String, Type>,
    /// The constants marked `c: define`, in source order.
    pub defines: Vec<syn::ItemConst>,
    /// The signatures of the exported functions: their C prototypes.
    pub sigs: BTreeMap<String, syn::Signature>,
    /// The initializers of the crate's constants (`IORING_OP_NOP` → `0`, from bindings.rs).
    pub const_values: BTreeMap<String, Expr>,
}

pub fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta
            && nv.path.is_ident("doc")
            && let Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
        {
            out.push(s.value());
        }
    }
    out
}

fn is_marked(attrs: &[syn::Attribute]) -> bool {
    doc_lines(attrs).iter().any(|l| l.trim() == MARKER)
}

pub fn is_no_mangle(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.meta
            .to_token_stream()
            .to_string()
            .replace(' ', "")
            .contains("no_mangle")
    })
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.meta.to_token_stream().to_string().contains("test"))
}

pub fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn collect_items(items: &[Item], file: &Path, c: &mut Crate) {
    for item in items {
        match item {
            Item::Fn(f) => {
                let name = f.sig.ident.to_string();
                let exported = is_no_mangle(&f.attrs);
                if let ReturnType::Type(_, t) = &f.sig.output
                    && (exported || is_marked(&f.attrs))
                {
                    c.returns.insert(name.clone(), (**t).clone());
                }
                if exported {
                    c.exported.insert(name.clone());
                    c.sigs.insert(name.clone(), f.sig.clone());
                }
                if is_marked(&f.attrs) {
                    c.marked.push(Marked {
                        name,
                        exported,
                        item: f.clone(),
                        file: file.to_path_buf(),
                    });
                }
            }
            Item::Struct(s) => {
                for f in &s.fields {
                    if let Some(id) = &f.ident {
                        c.fields
                            .insert((s.ident.to_string(), id.to_string()), f.ty.clone());
                        c.field_order
                            .entry(s.ident.to_string())
                            .or_default()
                            .push(id.to_string());
                    }
                }
            }
            Item::Const(k) => {
                c.consts.insert(k.ident.to_string(), (*k.ty).clone());
                c.const_values
                    .insert(k.ident.to_string(), (*k.expr).clone());
                if doc_lines(&k.attrs)
                    .iter()
                    .any(|l| l.trim() == DEFINE_MARKER)
                {
                    c.defines.push(k.clone());
                }
            }
            Item::Mod(m) if !is_cfg_test(&m.attrs) => {
                if let Some((_, items)) = &m.content {
                    collect_items(items, file, c);
                }
            }
            _ => {}
        }
    }
}

/// One line of a field table macro: `set_off / off: u64 = (__bindgen_anon_1.off);` (SQE
/// accessors, src/uapi/sqe.rs) or `tail_ptr: u16 = (__bindgen_anon_1.tail);` (field pointers,
/// src/uapi/buf_ring.rs). `member` is the C path: the anonymous unions drop out of it.
struct TableRow {
    names: Vec<String>,
    ty: Type,
    member: String,
}

struct Table(Vec<TableRow>);

impl syn::parse::Parse for Table {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let mut rows = vec![];
        while !input.is_empty() {
            let mut names = vec![input.parse::<syn::Ident>()?.to_string()];
            while input.parse::<Option<syn::Token![/]>>()?.is_some() {
                names.push(input.parse::<syn::Ident>()?.to_string());
            }
            input.parse::<syn::Token![:]>()?;
            let ty: Type = input.parse()?;
            input.parse::<syn::Token![=]>()?;
            let path;
            syn::parenthesized!(path in input);
            let path: proc_macro2::TokenStream = path.parse()?;
            input.parse::<syn::Token![;]>()?;
            let path = path.to_string().replace(' ', "");
            let member: Vec<&str> = path
                .split('.')
                .filter(|s| !s.starts_with("__bindgen_anon_"))
                .collect();
            rows.push(TableRow {
                names,
                ty,
                member: member.join("."),
            });
        }
        Ok(Table(rows))
    }
}

/// The rows of the invocations of macro `name` in a file.
fn table(file: &syn::File, name: &str) -> Result<Vec<TableRow>, String> {
    let mut rows = vec![];
    for item in &file.items {
        if let Item::Macro(m) = item
            && m.mac.path.is_ident(name)
        {
            let t: Table = syn::parse2(m.mac.tokens.clone())
                .map_err(|e| format!("{name}! table, line {}: {e}", e.span().start().line))?;
            rows.extend(t.0);
        }
    }
    Ok(rows)
}

/// The SQE accessor table (`sqe_fields!` in src/uapi/sqe.rs): `set_off`/`off` → C member `off`.
fn sqe_table(file: &syn::File, c: &mut Crate) -> Result<(), String> {
    for row in table(file, "sqe_fields")? {
        let [set, get] = &row.names[..] else {
            return Err("sqe_fields!: each row is `set_x / x: type = (path);`".into());
        };
        c.sqe_setters.insert(set.clone(), row.member.clone());
        c.sqe_getters.insert(get.clone(), row.member);
        c.sqe_types.insert(get.clone(), row.ty);
    }
    Ok(())
}

/// A field-pointer table (`field_ptrs!` in src/uapi/buf_ring.rs): `io_uring_buf_ring::tail_ptr`
/// → C member `tail` of type `u16`.
fn field_ptr_table(file: &syn::File, owner: &str, c: &mut Crate) -> Result<(), String> {
    for row in table(file, "field_ptrs")? {
        let [name] = &row.names[..] else {
            return Err("field_ptrs!: each row is `name: type = (path);`".into());
        };
        c.field_ptrs
            .insert(format!("{owner}::{name}"), (row.member, row.ty));
    }
    Ok(())
}

/// Parse every source file under `src`.
pub fn scan(src: &Path) -> Result<Crate, String> {
    let mut c = Crate::default();
    let mut files = vec![];
    rs_files(src, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        let at = |e: String| format!("{}: {e}", f.display());
        if f.ends_with("uapi/sqe.rs") {
            sqe_table(&file, &mut c).map_err(at)?;
        }
        if f.ends_with("uapi/buf_ring.rs") {
            field_ptr_table(&file, "io_uring_buf_ring", &mut c).map_err(at)?;
        }
        collect_items(&file.items, &f, &mut c);
    }
    if c.sqe_setters.is_empty() {
        return Err("src/uapi/sqe.rs: found no SQE accessor table".into());
    }
    if c.field_ptrs.is_empty() {
        return Err("src/uapi/buf_ring.rs: found no field pointer table".into());
    }
    Ok(c)
}

/// C spelling of a Rust type, with cbindgen's mapping (and its [export.rename] table).
pub fn c_type(
    t: &Type,
    rename: &std::collections::HashMap<String, String>,
) -> Result<String, String> {
    Ok(match t {
        Type::Ptr(p) => {
            let inner = c_type(&p.elem, rename)?;
            match (inner.ends_with('*'), p.const_token.is_some()) {
                // a pointer to a pointer: `const` qualifies the inner pointer
                (true, true) => format!("{inner}const *"),
                (true, false) => format!("{inner}*"),
                (false, true) => format!("const {inner} *"),
                (false, false) => format!("{inner} *"),
            }
        }
        Type::Paren(p) => c_type(&p.elem, rename)?,
        Type::Path(p) if p.qself.is_none() => {
            let last = p
                .path
                .segments
                .last()
                .ok_or("empty type path")?
                .ident
                .to_string();
            match last.as_str() {
                "c_void" => "void".into(),
                "c_char" => "char".into(),
                "c_int" => "int".into(),
                "c_uint" => "unsigned int".into(),
                "c_short" => "short".into(),
                "c_ushort" => "unsigned short".into(),
                "c_long" => "long".into(),
                "c_ulong" => "unsigned long".into(),
                "u8" | "u16" | "u32" | "u64" => format!("uint{}_t", &last[1..]),
                "i8" | "i16" | "i32" | "i64" => format!("int{}_t", &last[1..]),
                "usize" => "size_t".into(),
                "isize" => "ptrdiff_t".into(),
                "bool" => "bool".into(),
                "io_uring" | "io_uring_sq" | "io_uring_cq" | "io_uring_cqe_iter" => {
                    format!("struct {last}")
                }
                other => rename
                    .get(other)
                    .cloned()
                    .unwrap_or_else(|| other.to_string()),
            }
        }
        other => return Err(format!("type `{}`", other.to_token_stream())),
    })
}

/// A C declaration `T name` (pointers bind to the name: `struct io_uring *ring`).
fn c_decl(
    t: &Type,
    name: &str,
    rename: &std::collections::HashMap<String, String>,
) -> Result<String, String> {
    let ty = c_type(t, rename)?;
    Ok(if ty.ends_with('*') {
        format!("{ty}{name}")
    } else {
        format!("{ty} {name}")
    })
}

fn ident(p: &Pat) -> Result<String, String> {
    match p {
        Pat::Ident(i) => Ok(i.ident.to_string().trim_start_matches("r#").to_string()),
        Pat::Type(t) => ident(&t.pat),
        other => Err(format!(
            "pattern `{}` (only plain names)",
            other.to_token_stream()
        )),
    }
}

/// The translation of one function body.
struct Fn<'a> {
    krate: &'a Crate,
    rename: &'a std::collections::HashMap<String, String>,
    /// Marked functions this one calls (C needs them defined first).
    deps: BTreeSet<String>,
    returns_value: bool,
    /// Parameters and locals with their Rust types.
    locals: BTreeMap<String, Type>,
}

fn last_ident(t: &Type) -> Option<String> {
    match t {
        Type::Path(p) => Some(p.path.segments.last()?.ident.to_string()),
        Type::Paren(p) => last_ident(&p.elem),
        _ => None,
    }
}

/// Integer types C promotes to `int` in arithmetic: `a.wrapping_add(b)` must be cast back.
fn is_small_int(t: &Type) -> bool {
    matches!(
        last_ident(t).as_deref(),
        Some(
            "u8" | "u16"
                | "i8"
                | "i16"
                | "c_uchar"
                | "c_ushort"
                | "c_short"
                | "c_char"
                | "c_schar"
                | "__u8"
                | "__u16"
                | "__s16"
                | "bool"
        )
    )
}

/// Signed integer types: C's `+`/`-`/`*` overflow on them is undefined, so the translation of
/// `wrapping_*` computes in the unsigned type of the same width.
fn unsigned_twin(t: &Type) -> Option<&'static str> {
    Some(match last_ident(t).as_deref()? {
        "i32" | "c_int" | "__s32" => "unsigned int",
        "i64" | "c_long" | "isize" | "__s64" | "c_longlong" => "unsigned long long",
        _ => return None,
    })
}

/// An integer literal without a type suffix: C gives it type `int` (or wider when it does not
/// fit), Rust the type it infers from the context.
fn is_unsuffixed_int(e: &Expr) -> bool {
    match e {
        Expr::Lit(l) => matches!(&l.lit, Lit::Int(i) if i.suffix().is_empty()),
        Expr::Paren(p) => is_unsuffixed_int(&p.expr),
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => is_unsuffixed_int(&u.expr),
        _ => false,
    }
}

/// Integer types, C's typedefs of them included (for `!x` → `~x`; build/sqe_methods.rs: the
/// parameters that are plain numbers).
pub fn is_int(t: &Type) -> bool {
    matches!(
        last_ident(t).as_deref(),
        Some(
            "u8" | "u16"
                | "u32"
                | "u64"
                | "usize"
                | "i8"
                | "i16"
                | "i32"
                | "i64"
                | "isize"
                | "c_int"
                | "c_uint"
                | "c_ushort"
                | "c_short"
                | "c_long"
                | "c_ulong"
                | "__u8"
                | "__u16"
                | "__u32"
                | "__u64"
                | "__s32"
                | "c_longlong"
                | "c_ulonglong"
                | "__s64"
                | "__s16"
                | "__s8"
                | "c_uchar"
                | "c_schar"
                | "c_char"
                | "off_t"
                | "loff_t"
                | "mode_t"
                | "socklen_t"
                | "size_t"
                | "ssize_t"
                | "pid_t"
                | "id_t"
                | "idtype_t"
        )
    )
}

/// `T` of `size_of::<T>` (`core::mem::size_of::<T>`).
fn size_of_type(func: &Expr) -> Option<Type> {
    let Expr::Path(p) = func else { return None };
    let last = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
        return None;
    };
    match (last.ident == "size_of", a.args.first()) {
        (true, Some(syn::GenericArgument::Type(t))) if a.args.len() == 1 => Some(t.clone()),
        _ => None,
    }
}

fn bin_op(op: &BinOp) -> Option<&'static str> {
    Some(match op {
        BinOp::Add(_) => "+",
        BinOp::Sub(_) => "-",
        BinOp::Mul(_) => "*",
        BinOp::Div(_) => "/",
        BinOp::Rem(_) => "%",
        BinOp::And(_) => "&&",
        BinOp::Or(_) => "||",
        BinOp::BitXor(_) => "^",
        BinOp::BitAnd(_) => "&",
        BinOp::BitOr(_) => "|",
        BinOp::Shl(_) => "<<",
        BinOp::Shr(_) => ">>",
        BinOp::Eq(_) => "==",
        BinOp::Lt(_) => "<",
        BinOp::Le(_) => "<=",
        BinOp::Ne(_) => "!=",
        BinOp::Ge(_) => ">=",
        BinOp::Gt(_) => ">",
        BinOp::AddAssign(_) => "+=",
        BinOp::SubAssign(_) => "-=",
        BinOp::MulAssign(_) => "*=",
        BinOp::BitXorAssign(_) => "^=",
        BinOp::BitAndAssign(_) => "&=",
        BinOp::BitOrAssign(_) => "|=",
        BinOp::ShlAssign(_) => "<<=",
        BinOp::ShrAssign(_) => ">>=",
        _ => return None,
    })
}

fn is_bool_expr(e: &Expr) -> bool {
    match e {
        Expr::Binary(b) => matches!(
            b.op,
            BinOp::And(_)
                | BinOp::Or(_)
                | BinOp::Eq(_)
                | BinOp::Lt(_)
                | BinOp::Le(_)
                | BinOp::Ne(_)
                | BinOp::Ge(_)
                | BinOp::Gt(_)
        ),
        Expr::Paren(p) => is_bool_expr(&p.expr),
        Expr::Unary(u) if matches!(u.op, UnOp::Not(_)) => is_bool_expr(&u.expr),
        Expr::MethodCall(m) => m.method == "is_null",
        Expr::Lit(l) => matches!(l.lit, Lit::Bool(_)),
        _ => false,
    }
}

fn strip_parens(s: String) -> String {
    // Only strip when the outer parentheses enclose the whole string.
    if s.starts_with('(') && s.ends_with(')') {
        let mut depth = 0;
        for (i, ch) in s.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 && i != s.len() - 1 {
                        return s;
                    }
                }
                _ => {}
            }
        }
        return s[1..s.len() - 1].to_string();
    }
    s
}

impl Fn<'_> {
    fn err<T>(&self, what: &str, e: &dyn ToTokens) -> Result<T, String> {
        use syn::spanned::Spanned;
        Err(format!(
            "line {}: {what} `{}`",
            e.span().start().line,
            e.to_token_stream()
        ))
    }

    fn ty(&self, t: &Type) -> Result<String, String> {
        c_type(t, self.rename)
    }

    /// `recv.member` where `recv` is `(*p)` → `p->member`.
    fn member(&mut self, recv: &Expr, member: &str) -> Result<String, String> {
        if let Expr::Paren(p) = recv
            && let Expr::Unary(u) = &*p.expr
            && matches!(u.op, UnOp::Deref(_))
        {
            return Ok(format!("{}->{member}", self.expr(&u.expr)?));
        }
        Ok(format!("{}.{member}", self.expr(recv)?))
    }

    /// The Rust type of `e`, where it follows from declarations (None: unknown).
    fn rty(&self, e: &Expr) -> Option<Type> {
        match e {
            Expr::Path(p) => {
                let name = p.path.segments.last()?.ident.to_string();
                match self.locals.get(&name) {
                    Some(t) => Some(t.clone()),
                    None => self.krate.consts.get(&name).cloned(),
                }
            }
            Expr::Lit(l) => match &l.lit {
                Lit::Int(i) if !i.suffix().is_empty() => syn::parse_str(i.suffix()).ok(),
                Lit::Bool(_) => Some(syn::parse_quote!(bool)),
                _ => None,
            },
            Expr::Binary(b) if is_bool_expr(e) => {
                let _ = b;
                Some(syn::parse_quote!(bool))
            }
            Expr::Binary(b) => match b.op {
                // a shift has the type of its left operand; the others of both (Rust has no
                // mixed-type arithmetic), so either typed operand tells
                BinOp::Shl(_) | BinOp::Shr(_) => self.rty(&b.left),
                _ => self.rty(&b.left).or_else(|| self.rty(&b.right)),
            },
            Expr::Unary(u) if !matches!(u.op, UnOp::Deref(_)) => self.rty(&u.expr),
            Expr::MethodCall(m) if m.method == "is_null" => Some(syn::parse_quote!(bool)),
            Expr::MethodCall(m) if m.args.is_empty() => {
                self.krate.sqe_types.get(&m.method.to_string()).cloned()
            }
            Expr::Cast(c) => Some((*c.ty).clone()),
            Expr::Paren(p) => self.rty(&p.expr),
            Expr::Unary(u) if matches!(u.op, UnOp::Deref(_)) => match self.rty(&u.expr)? {
                Type::Ptr(p) => Some(*p.elem),
                _ => None,
            },
            Expr::Field(f) => {
                let syn::Member::Named(n) = &f.member else {
                    return None;
                };
                let base = last_ident(&self.rty(&f.base)?)?;
                self.krate.fields.get(&(base, n.to_string())).cloned()
            }
            Expr::Call(c) => {
                if size_of_type(&c.func).is_some() {
                    return Some(syn::parse_quote!(usize));
                }
                if let Some((_, t)) = self.field_ptr(&c.func) {
                    return Some(syn::parse_quote!(*mut #t));
                }
                let name = self.call_name(&c.func).ok()?;
                if name.starts_with("load_") {
                    return Some(if name.ends_with("_u16") {
                        syn::parse_quote!(u16)
                    } else {
                        syn::parse_quote!(c_uint)
                    });
                }
                self.krate.returns.get(&name).cloned()
            }
            Expr::MethodCall(m) if m.method.to_string().starts_with("wrapping_") => {
                self.rty(&m.receiver)
            }
            _ => None,
        }
    }

    /// Refuse the binary operations C computes differently from Rust: C's integer promotions
    /// compute `+ - * <<` on types narrower than `int` in `int`, an unsuffixed literal is an
    /// `int` in C whatever Rust infers for it, so `1 << n` shifts an `int`, and an operation
    /// whose operand types are unknown would be computed in whatever C makes of them.
    /// Compound assignments store back into their left operand, which truncates C's wider
    /// result to what Rust computes.
    fn check_arith(&self, b: &syn::ExprBinary) -> Result<(), String> {
        let shift = matches!(b.op, BinOp::Shl(_) | BinOp::Shr(_));
        let promoting = matches!(
            b.op,
            BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) | BinOp::Shl(_)
        );
        let arith = shift
            || promoting
            || matches!(
                b.op,
                BinOp::Div(_)
                    | BinOp::Rem(_)
                    | BinOp::BitAnd(_)
                    | BinOp::BitOr(_)
                    | BinOp::BitXor(_)
            );
        if !arith {
            return Ok(());
        }
        if shift && is_unsuffixed_int(&b.left) {
            return self.err(
                "shift of an unsuffixed integer literal (C shifts an `int`, Rust the type it infers: `let m: u64 = 1 << 40;` is 0 in C); give the literal a suffix (`1u64 << n`) in",
                b,
            );
        }
        let ty = if shift {
            self.rty(&b.left)
        } else {
            self.rty(&b.left).or_else(|| self.rty(&b.right))
        };
        match ty {
            None if is_unsuffixed_int(&b.left) || is_unsuffixed_int(&b.right) => self.err(
                "arithmetic between an unsuffixed literal and an operand of unknown type (C would compute in `int`); give the literal a suffix or cast the operand:",
                b,
            ),
            Some(t) if promoting && is_small_int(&t) => self.err(
                &format!(
                    "`{}` on `{}`, narrower than `int` (C promotes both operands to `int`, so the result keeps the bits Rust's `{}` drops); cast the operands to a 32-bit type first:",
                    b.op.to_token_stream(),
                    t.to_token_stream(),
                    t.to_token_stream()
                ),
                b,
            ),
            _ => Ok(()),
        }
    }

    /// `Owner::name` of a field-pointer accessor: its C member and field type.
    fn field_ptr(&self, e: &Expr) -> Option<(String, Type)> {
        let Expr::Path(p) = e else { return None };
        let n = p.path.segments.len();
        if n < 2 {
            return None;
        }
        let key = format!(
            "{}::{}",
            p.path.segments[n - 2].ident,
            p.path.segments[n - 1].ident
        );
        self.krate.field_ptrs.get(&key).cloned()
    }

    fn call_name(&self, e: &Expr) -> Result<String, String> {
        match e {
            Expr::Path(p) if p.qself.is_none() => {
                Ok(p.path.segments.last().unwrap().ident.to_string())
            }
            other => self.err("call of", other),
        }
    }

    fn expr(&mut self, e: &Expr) -> Result<String, String> {
        Ok(match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Int(i) => {
                    let v: u128 = i.base10_parse().map_err(|e| e.to_string())?;
                    let digits = if v > i32::MAX as u128 {
                        format!("{v}ULL")
                    } else {
                        v.to_string()
                    };
                    match i.suffix() {
                        "" => digits,
                        s => format!("(({})({digits}))", self.ty(&syn::parse_str(s).unwrap())?),
                    }
                }
                Lit::Bool(b) => b.value.to_string(),
                _ => return self.err("literal", l),
            },
            Expr::Path(p) if p.qself.is_none() => {
                // locals, parameters and constants; `crate::uapi::X`/`libc::EAGAIN` → `X`
                p.path
                    .segments
                    .last()
                    .unwrap()
                    .ident
                    .to_string()
                    .trim_start_matches("r#")
                    .to_string()
            }
            Expr::Paren(p) => format!("({})", strip_parens(self.expr(&p.expr)?)),
            Expr::Unary(u) => {
                let inner = self.expr(&u.expr)?;
                match u.op {
                    UnOp::Deref(_) => format!("(*{inner})"),
                    UnOp::Neg(_) => format!("(-{inner})"),
                    UnOp::Not(_) if matches!(&*u.expr, Expr::MethodCall(m) if m.method == "is_null") => {
                        inner.replacen(" == NULL)", " != NULL)", 1)
                    }
                    UnOp::Not(_) if is_bool_expr(&u.expr) => format!("(!{inner})"),
                    UnOp::Not(_) => match self.rty(&u.expr) {
                        Some(t) if last_ident(&t).as_deref() == Some("bool") => {
                            format!("(!{inner})")
                        }
                        Some(t) if is_small_int(&t) => {
                            return self.err(
                                "`!` of an integer narrower than `int` (C's `~` complements the promoted `int`: the result has more bits set than Rust's); cast it to a 32-bit type first:",
                                u,
                            );
                        }
                        Some(t) if is_int(&t) => format!("(~{inner})"),
                        _ => {
                            return self.err(
                                "`!` of an operand whose type the translator does not know (`!` on bool, `~` on integers): give it a typed `let` or a cast:",
                                u,
                            );
                        }
                    },
                    _ => return self.err("unary operator", u),
                }
            }
            Expr::Binary(b) => {
                let op = bin_op(&b.op)
                    .ok_or_else(|| format!("operator `{}`", b.op.to_token_stream()))?;
                self.check_arith(b)?;
                format!("({} {op} {})", self.expr(&b.left)?, self.expr(&b.right)?)
            }
            Expr::Assign(a) => format!(
                "{} = {}",
                strip_parens(self.expr(&a.left)?),
                strip_parens(self.expr(&a.right)?)
            ),
            Expr::Field(f) => match &f.member {
                syn::Member::Named(n) => self.member(&f.base, &n.to_string())?,
                syn::Member::Unnamed(_) => return self.err("tuple field", f),
            },
            Expr::Index(i) => format!(
                "{}[{}]",
                self.expr(&i.expr)?,
                strip_parens(self.expr(&i.index)?)
            ),
            Expr::Cast(c) => format!(
                "(({})({}))",
                self.ty(&c.ty)?,
                strip_parens(self.expr(&c.expr)?)
            ),
            Expr::Reference(r) => format!("(&{})", self.expr(&r.expr)?),
            Expr::RawAddr(r) => format!("(&{})", self.expr(&r.expr)?),
            Expr::Call(c)
                if c.args.is_empty()
                    && let Some(t) = size_of_type(&c.func) =>
            {
                format!("sizeof({})", self.ty(&t)?)
            }
            Expr::Call(c) if let Some((member, _)) = self.field_ptr(&c.func) => {
                let [arg] = &c.args.iter().collect::<Vec<_>>()[..] else {
                    return self.err("field pointer call without one argument:", c);
                };
                format!("(&{}->{member})", self.expr(arg)?)
            }
            Expr::Call(c) => {
                let name = self.call_name(&c.func)?;
                let mut args = vec![];
                for a in &c.args {
                    args.push(strip_parens(self.expr(a)?));
                }
                let ordering = |n: &str| {
                    if n.trim_end_matches("_u16").ends_with("acquire") {
                        "__ATOMIC_ACQUIRE"
                    } else if n.trim_end_matches("_u16").ends_with("release") {
                        "__ATOMIC_RELEASE"
                    } else {
                        "__ATOMIC_RELAXED"
                    }
                };
                match name.as_str() {
                    "null" | "null_mut" if args.is_empty() => "NULL".into(),
                    // Rust must not dereference a misaligned pointer; C code reads the field as
                    // liburing's does (GNU C on the platforms we build for tolerates it)
                    "read_unaligned" if args.len() == 1 => format!("(*{})", args[0]),
                    "load_acquire" | "load_relaxed" | "load_acquire_u16" | "load_relaxed_u16"
                        if args.len() == 1 =>
                    {
                        format!("__atomic_load_n({}, {})", args[0], ordering(&name))
                    }
                    "store_release" | "store_relaxed" | "store_release_u16"
                    | "store_relaxed_u16"
                        if args.len() == 2 =>
                    {
                        format!(
                            "__atomic_store_n({}, {}, {})",
                            args[0],
                            args[1],
                            ordering(&name)
                        )
                    }
                    _ if self.krate.marked.iter().any(|m| m.name == name) => {
                        self.deps.insert(name.clone());
                        format!("{name}({})", args.join(", "))
                    }
                    _ if self.krate.exported.contains(&name) => {
                        format!("{name}({})", args.join(", "))
                    }
                    _ => {
                        return self.err(
                            "call of a function that is neither marked `c: inline` nor exported:",
                            &c.func,
                        );
                    }
                }
            }
            Expr::MethodCall(m) => {
                let method = m.method.to_string();
                let mut args = vec![];
                for a in &m.args {
                    args.push(strip_parens(self.expr(a)?));
                }
                match (method.as_str(), args.len()) {
                    ("wrapping_add" | "wrapping_sub" | "wrapping_mul", 1) => {
                        // C wraps unsigned arithmetic too, but promotes types narrower than int
                        let recv = self.expr(&m.receiver)?;
                        let op = match &method[9..] {
                            "add" => "+",
                            "sub" => "-",
                            _ => "*",
                        };
                        match self.rty(&m.receiver) {
                            Some(t) if unsigned_twin(&t).is_some() => {
                                // signed overflow is undefined in C: wrap in the unsigned type
                                let u = unsigned_twin(&t).unwrap();
                                format!(
                                    "(({})(({u})({recv}) {op} ({u})({})))",
                                    self.ty(&t)?,
                                    args[0]
                                )
                            }
                            Some(t) if !is_small_int(&t) => format!("({recv} {op} {})", args[0]),
                            Some(t) => format!("(({})({recv} {op} {}))", self.ty(&t)?, args[0]),
                            None => format!("((__typeof__({recv}))({recv} {op} {}))", args[0]),
                        }
                    }
                    ("is_null", 0) => format!("({} == NULL)", self.expr(&m.receiver)?),
                    ("add", 1) => format!("({} + {})", self.expr(&m.receiver)?, args[0]),
                    (s, 1) if self.krate.sqe_setters.contains_key(s) => {
                        let member = self.krate.sqe_setters[s].clone();
                        format!("{} = {}", self.member(&m.receiver, &member)?, args[0])
                    }
                    (g, 0) if self.krate.sqe_getters.contains_key(g) => {
                        let member = self.krate.sqe_getters[g].clone();
                        self.member(&m.receiver, &member)?
                    }
                    _ => return self.err("method call", m),
                }
            }
            Expr::If(i) => {
                // `if c { a } else { b }` as a value
                let (Some((_, els)), [Stmt::Expr(then, None)]) =
                    (&i.else_branch, &i.then_branch.stmts[..])
                else {
                    return self.err("`if` used as a value without a one-expression `else`", i);
                };
                let Expr::Block(b) = &**els else {
                    return self.err("`else if` used as a value", i);
                };
                let [Stmt::Expr(other, None)] = &b.block.stmts[..] else {
                    return self.err("`else` block used as a value", i);
                };
                format!(
                    "({} ? {} : {})",
                    strip_parens(self.expr(&i.cond)?),
                    self.expr(then)?,
                    self.expr(other)?
                )
            }
            Expr::Unsafe(u) => match &u.block.stmts[..] {
                [Stmt::Expr(e, None)] => self.expr(e)?,
                _ => return self.err("block used as a value", u),
            },
            Expr::Macro(m) if m.mac.path.is_ident("cfg") => {
                match m.mac.tokens.to_string().replace(' ', "").as_str() {
                    "target_endian=\"big\"" => "(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)".into(),
                    "target_endian=\"little\"" => {
                        "(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)".into()
                    }
                    _ => return self.err("cfg!", m),
                }
            }
            other => return self.err("expression", other),
        })
    }

    /// Statements of a block at indentation `ind`; `tail` says what a final value-expression
    /// is: the function's result (`return`) or a discarded value.
    fn block(
        &mut self,
        stmts: &[Stmt],
        ind: usize,
        tail: bool,
        out: &mut String,
    ) -> Result<(), String> {
        for (i, s) in stmts.iter().enumerate() {
            let last = i + 1 == stmts.len();
            match s {
                Stmt::Local(l) if matches!(l.pat, Pat::Wild(_)) => {
                    // `let _ = x;`: a parameter C doesn't otherwise use
                    match &l.init {
                        Some(init)
                            if init.diverge.is_none() && matches!(&*init.expr, Expr::Path(_)) =>
                        {
                            writeln!(out, "{:ind$}(void){};", "", self.expr(&init.expr)?).unwrap();
                        }
                        _ => return self.err("`let _ =` of something other than a name:", l),
                    }
                }
                Stmt::Local(l) => {
                    let Pat::Type(pt) = &l.pat else {
                        return self.err("`let` without a type annotation:", l);
                    };
                    let name = ident(&pt.pat)?;
                    let decl = c_decl(&pt.ty, &name, self.rename)?;
                    self.locals.insert(name.clone(), (*pt.ty).clone());
                    match &l.init {
                        Some(init) if init.diverge.is_none() => {
                            let v = match &*init.expr {
                                Expr::Struct(st) => self.struct_init(st)?,
                                e => strip_parens(self.expr(e)?),
                            };
                            writeln!(out, "{:ind$}{decl} = {v};", "").unwrap();
                        }
                        None => writeln!(out, "{:ind$}{decl};", "").unwrap(),
                        _ => return self.err("`let ... else`", l),
                    }
                }
                Stmt::Expr(e, semi) => self.stmt(e, ind, tail && last && semi.is_none(), out)?,
                Stmt::Item(it) => return self.err("item inside a function", it),
                Stmt::Macro(m) => return self.err("macro", m),
            }
        }
        Ok(())
    }

    /// `let x: T = T { a: .., b: .. };` → `T x = { .., .. };`: every field, in declaration
    /// order (an initializer list is C and C++; designated initializers and compound literals
    /// are not C++17).
    fn struct_init(&mut self, st: &syn::ExprStruct) -> Result<String, String> {
        let name = st
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let given: Vec<String> = st
            .fields
            .iter()
            .map(|f| f.member.to_token_stream().to_string())
            .collect();
        if st.rest.is_some() || self.krate.field_order.get(&name) != Some(&given) {
            return self.err(
                "struct literal without all fields in declaration order:",
                st,
            );
        }
        let mut vals = vec![];
        for f in &st.fields {
            vals.push(strip_parens(self.expr(&f.expr)?));
        }
        Ok(format!("{{ {} }}", vals.join(", ")))
    }

    fn stmt(
        &mut self,
        e: &Expr,
        ind: usize,
        is_result: bool,
        out: &mut String,
    ) -> Result<(), String> {
        match e {
            Expr::Unsafe(u) => self.block(&u.block.stmts, ind, is_result, out)?,
            Expr::Block(b) => self.block(&b.block.stmts, ind, is_result, out)?,
            Expr::If(i) => {
                let mut cur = i;
                let mut kw = "if";
                loop {
                    writeln!(
                        out,
                        "{:ind$}{kw} ({}) {{",
                        "",
                        strip_parens(self.expr(&cur.cond)?)
                    )
                    .unwrap();
                    self.block(&cur.then_branch.stmts, ind + 8, is_result, out)?;
                    match &cur.else_branch {
                        None => {
                            writeln!(out, "{:ind$}}}", "").unwrap();
                            break;
                        }
                        Some((_, els)) => match &**els {
                            Expr::If(next) => {
                                cur = next;
                                kw = "} else if";
                            }
                            Expr::Block(b) => {
                                writeln!(out, "{:ind$}}} else {{", "").unwrap();
                                self.block(&b.block.stmts, ind + 8, is_result, out)?;
                                writeln!(out, "{:ind$}}}", "").unwrap();
                                break;
                            }
                            other => return self.err("else branch", other),
                        },
                    }
                }
            }
            Expr::Loop(l) => {
                writeln!(out, "{:ind$}for (;;) {{", "").unwrap();
                self.block(&l.body.stmts, ind + 8, false, out)?;
                writeln!(out, "{:ind$}}}", "").unwrap();
            }
            Expr::While(w) => {
                writeln!(
                    out,
                    "{:ind$}while ({}) {{",
                    "",
                    strip_parens(self.expr(&w.cond)?)
                )
                .unwrap();
                self.block(&w.body.stmts, ind + 8, false, out)?;
                writeln!(out, "{:ind$}}}", "").unwrap();
            }
            Expr::Break(b) if b.label.is_none() && b.expr.is_none() => {
                writeln!(out, "{:ind$}break;", "").unwrap()
            }
            Expr::Continue(c) if c.label.is_none() => {
                writeln!(out, "{:ind$}continue;", "").unwrap()
            }
            Expr::Return(r) => match &r.expr {
                Some(v) => {
                    writeln!(out, "{:ind$}return {};", "", strip_parens(self.expr(v)?)).unwrap()
                }
                None => writeln!(out, "{:ind$}return;", "").unwrap(),
            },
            other if is_result && self.returns_value => writeln!(
                out,
                "{:ind$}return {};",
                "",
                strip_parens(self.expr(other)?)
            )
            .unwrap(),
            other => writeln!(out, "{:ind$}{};", "", strip_parens(self.expr(other)?)).unwrap(),
        }
        Ok(())
    }
}

/// The translation of one marked function: its C definition and the marked functions it calls.
pub fn translate(
    m: &Marked,
    krate: &Crate,
    prototype: &str,
    rename: &std::collections::HashMap<String, String>,
) -> Result<(String, BTreeSet<String>), String> {
    let returns_value = !matches!(m.item.sig.output, ReturnType::Default);
    let mut locals = BTreeMap::new();
    for a in &m.item.sig.inputs {
        if let FnArg::Typed(pt) = a {
            locals.insert(ident(&pt.pat)?, (*pt.ty).clone());
        }
    }
    let mut f = Fn {
        krate,
        rename,
        deps: BTreeSet::new(),
        returns_value,
        locals,
    };
    let mut out = String::new();
    let docs: Vec<String> = doc_lines(&m.item.attrs)
        .into_iter()
        .filter(|l| l.trim() != MARKER)
        .collect();
    if !docs.is_empty() {
        out.push_str("/**\n");
        for l in &docs {
            writeln!(out, " *{}", l.trim_end()).unwrap();
        }
        out.push_str(" */\n");
    }
    writeln!(out, "static inline {prototype}\n{{").unwrap();
    f.block(&m.item.block.stmts, 8, true, &mut out)?;
    out.push_str("}\n");
    // kernel style: tabs
    let out = out
        .lines()
        .map(|l| {
            let n = l.len() - l.trim_start_matches(' ').len();
            format!("{}{}\n", "\t".repeat(n / 8), &l[n - n % 8..])
        })
        .collect();
    Ok((out, f.deps))
}

/// The `#define` of a constant marked `c: define`, under `#ifndef` (a system header may have
/// defined it first) and spelled as its Rust initializer is, literals included, so that a
/// header defining it the same way later redefines it identically: `_IO(0x12, 0)` stays
/// `_IO(0x12, 0)`. Its doc comment (without the marker) becomes the C comment above it.
pub fn define(k: &syn::ItemConst) -> Result<String, String> {
    let name = k.ident.to_string();
    let docs: Vec<String> = doc_lines(&k.attrs)
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| l != DEFINE_MARKER)
        .collect();
    let value = const_expr(&k.expr).map_err(|e| format!("c: define: {name}: {e}"))?;
    let mut out = String::new();
    if !docs.is_empty() {
        writeln!(out, "/* {} */", docs.join(" ").replace('`', "")).unwrap();
    }
    writeln!(out, "#ifndef {name}\n#define {name} {value}\n#endif").unwrap();
    Ok(out)
}

/// C of a constant initializer: literals as written (minus Rust suffixes), names, casts,
/// calls (of `const fn`s named as the C macros they mirror), unary minus and binary operators.
fn const_expr(e: &Expr) -> Result<String, String> {
    Ok(match e {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(i), ..
        }) => {
            let text = i.to_string();
            text[..text.len() - i.suffix().len()].to_string()
        }
        Expr::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            p.path.segments[0].ident.to_string()
        }
        Expr::Paren(p) => format!("({})", const_expr(&p.expr)?),
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => format!("-{}", const_expr(&u.expr)?),
        Expr::Cast(c) => format!(
            "(({}) {})",
            c_type(&c.ty, &Default::default())?,
            const_expr(&c.expr)?
        ),
        Expr::Call(c) => {
            let args: Result<Vec<String>, String> = c.args.iter().map(const_expr).collect();
            format!("{}({})", const_expr(&c.func)?, args?.join(", "))
        }
        Expr::Binary(b) => {
            let op =
                bin_op(&b.op).ok_or_else(|| format!("operator `{}`", b.op.to_token_stream()))?;
            format!("({} {op} {})", const_expr(&b.left)?, const_expr(&b.right)?)
        }
        other => return Err(format!("`{}` has no C spelling", other.to_token_stream())),
    })
}

/// The prototype of a marked function that is not exported (liburing.h does not declare it).
pub fn own_prototype(
    m: &Marked,
    rename: &std::collections::HashMap<String, String>,
) -> Result<String, String> {
    // Every C program that includes liburing.h gets this definition: keep the user's names free.
    if !m.name.starts_with("__io_uring_") {
        return Err(
            "a marked function that is not exported needs a reserved name: `__io_uring_...`".into(),
        );
    }
    prototype(&m.item.sig, rename)
}

/// The C prototype of a function, as cbindgen declares it in liburing.h (`[fn] args =
/// "horizontal"`, its [export.rename] table): `struct io_uring_sqe *io_uring_get_sqe(struct
/// io_uring *ring)`.
pub fn prototype(
    sig: &syn::Signature,
    rename: &std::collections::HashMap<String, String>,
) -> Result<String, String> {
    let ret = match &sig.output {
        ReturnType::Default => "void".to_string(),
        ReturnType::Type(_, t) => c_type(t, rename)?,
    };
    let mut args = vec![];
    for a in &sig.inputs {
        let FnArg::Typed(pt) = a else {
            return Err("`self` parameter".into());
        };
        args.push(c_decl(&pt.ty, &ident(&pt.pat)?, rename)?);
    }
    let sep = if ret.ends_with('*') { "" } else { " " };
    Ok(format!(
        "{ret}{sep}{}({})",
        sig.ident,
        if args.is_empty() {
            "void".into()
        } else {
            args.join(", ")
        }
    ))
}

/// Definitions ordered so that each function comes after the marked functions it calls.
pub fn order(
    defs: &BTreeMap<String, (String, BTreeSet<String>)>,
    names: &[String],
) -> Result<Vec<String>, String> {
    fn visit(
        n: &str,
        defs: &BTreeMap<String, (String, BTreeSet<String>)>,
        state: &mut BTreeMap<String, bool>,
        out: &mut Vec<String>,
    ) -> Result<(), String> {
        match state.get(n) {
            Some(true) => return Ok(()),
            Some(false) => return Err(format!("{n}: marked functions call each other in a cycle")),
            None => {}
        }
        state.insert(n.to_string(), false);
        for d in &defs[n].1 {
            visit(d, defs, state, out)?;
        }
        state.insert(n.to_string(), true);
        out.push(n.to_string());
        Ok(())
    }
    let mut state = BTreeMap::new();
    let mut out = vec![];
    for n in names {
        visit(n, defs, &mut state, &mut out)?;
    }
    Ok(out)
}

/// The C of the marked functions of one source text on its own, each as `static inline`
/// with its own prototype (names `__io_uring_...`): the translator's tests
/// (tests/inline_translator.rs) feed it snippets. Errors name the function.
#[allow(dead_code)] // build.rs translates the crate through scan/translate
pub fn translate_text(text: &str) -> Result<String, String> {
    let c = scan_text(text, Path::new("snippet.rs"))?;
    let rename = std::collections::HashMap::new();
    let mut out = String::new();
    for m in &c.marked {
        let at = |e: String| format!("{}: {e}", m.name);
        let proto = own_prototype(m, &rename).map_err(at)?;
        out.push_str(&translate(m, &c, &proto, &rename).map_err(at)?.0);
    }
    Ok(out)
}

/// What `scan` gathers, from one source text standing at `file` (the tests' snippets).
#[allow(dead_code)] // build.rs scans src/
pub fn scan_text(text: &str, file: &Path) -> Result<Crate, String> {
    let parsed = syn::parse_file(text).map_err(|e| e.to_string())?;
    let mut c = Crate::default();
    collect_items(&parsed.items, file, &mut c);
    Ok(c)
}
