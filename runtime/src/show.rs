//! Rendering and comparing values of any type, driven by their static types and the type
//! table: `print`'s notation (§16), `assert_eq`'s notation (§15), deep equality
//! (`assert_eq`) and structural `==` (enums, §8.4).
//!
//! Both rendering and comparison use an explicit work stack, so deeply nested values never
//! overflow the machine stack; nesting deeper than [`MAX_DEPTH`] is rendered as `...`
//! (only reachable through cycles built with generic enum payloads).

use crate::error_value;
use crate::format::{format_f64, format_f64_g};
use crate::object;
use crate::string::str_bytes;
use orus_abi::bytecode::ValueType;
use orus_abi::object::ObjKind;
use orus_abi::typetable::TypeTable;

/// Deepest nesting rendered or compared before giving up (`...` / identity).
pub const MAX_DEPTH: u32 = 10_000;

/// Which notation to render in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// `print` (§16): arrays and structs flattened without brackets, strings raw.
    Print,
    /// `assert_eq` messages (§15): `[a, b]`, quoted strings, `%g` floats, `<range>`,
    /// `Error(<message>)`.
    Assert,
}

enum Item<'t> {
    Value(&'t ValueType, u64, u32),
    Text(&'static str),
}

/// Appends the rendering of `value` (static type `t`) to `out`, stopping once `out` is
/// longer than `limit` bytes.
pub fn render(
    out: &mut Vec<u8>,
    table: &TypeTable,
    t: &ValueType,
    value: u64,
    notation: Notation,
    limit: usize,
) {
    let mut stack = vec![Item::Value(t, value, 0)];
    while let Some(item) = stack.pop() {
        if out.len() > limit {
            return;
        }
        match item {
            Item::Text(text) => out.extend_from_slice(text.as_bytes()),
            Item::Value(t, value, depth) => {
                if depth > MAX_DEPTH {
                    out.extend_from_slice(b"...");
                    continue;
                }
                render_one(out, table, t, value, depth, notation, &mut stack);
            }
        }
    }
}

/// Renders `value` to a new string (see [`render`]).
pub fn render_string(
    table: &TypeTable,
    t: &ValueType,
    value: u64,
    notation: Notation,
    limit: usize,
) -> String {
    let mut out = Vec::new();
    render(&mut out, table, t, value, notation, limit);
    String::from_utf8_lossy(&out).into_owned()
}

fn render_one<'t>(
    out: &mut Vec<u8>,
    table: &'t TypeTable,
    t: &'t ValueType,
    value: u64,
    depth: u32,
    notation: Notation,
    stack: &mut Vec<Item<'t>>,
) {
    let assert = notation == Notation::Assert;
    let brackets = if assert { ("[", "]") } else { ("", "") };
    match t {
        ValueType::I32 => push_str(out, &(value as i32).to_string()),
        ValueType::I64 => push_str(out, &(value as i64).to_string()),
        ValueType::U32 => push_str(out, &(value as u32).to_string()),
        ValueType::U64 => push_str(out, &value.to_string()),
        ValueType::Bool => push_str(out, if value != 0 { "true" } else { "false" }),
        ValueType::F64 if assert => push_str(out, &format_f64_g(f64::from_bits(value))),
        ValueType::F64 => push_str(out, &format_f64(f64::from_bits(value))),
        ValueType::Str if assert => quote_into(out, str_bytes(value)),
        ValueType::Str => {
            let bytes = str_bytes(value);
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            out.extend_from_slice(&bytes[..end]);
        }
        _ if value == 0 => {}
        ValueType::Array(inner) => {
            let elems = object::array_elems(value);
            push_list(stack, elems.iter().map(|&e| (&**inner, e)), depth, brackets);
        }
        ValueType::Struct(id) => {
            let fields = table
                .structs
                .get(*id as usize)
                .map_or(&[][..], |s| s.fields.as_slice());
            let count = fields.len().min(object::struct_field_count(value));
            let items = fields[..count]
                .iter()
                .enumerate()
                .map(|(i, (_, ft))| (ft, object::field_get(value, i as u32)));
            push_list(stack, items, depth, brackets);
        }
        ValueType::Enum(_) => {
            if object::kind_of(value) != Some(ObjKind::Enum) {
                return;
            }
            let (id, variant, types) = object::enum_parts(value);
            match table.enums.get(id as usize) {
                Some(desc) => {
                    push_str(out, &desc.name);
                    out.push(b'.');
                    match desc.variants.get(variant as usize) {
                        Some(v) => push_str(out, &v.name),
                        None => push_str(out, &variant.to_string()),
                    }
                }
                None => push_str(out, "<enum>"),
            }
            let payloads = object::enum_payloads(value);
            if !payloads.is_empty() {
                let types = crate::gc::payload_types(table, types);
                let items = payloads
                    .iter()
                    .enumerate()
                    .map(|(i, &p)| (types.get(i).unwrap_or(&ValueType::I64), p));
                push_list(stack, items, depth, ("(", ")"));
            }
        }
        ValueType::Func => {
            let id = object::closure_func(value) as usize;
            match table.func_names.get(id).filter(|n| !n.is_empty()) {
                Some(name) => {
                    push_str(out, "<fn ");
                    push_str(out, name);
                    out.push(b'>');
                }
                None => push_str(out, "<fn>"),
            }
        }
        ValueType::Range if assert => push_str(out, "<range>"),
        ValueType::Range => {
            let (next, stop, step) = object::range_parts(value);
            if step == 1 {
                push_str(out, &format!("range({next}..{stop})"));
            } else {
                push_str(out, &format!("range({next}..{stop} step={step})"));
            }
        }
        ValueType::Error if assert => {
            push_str(out, "Error(");
            out.extend_from_slice(error_value::message(value));
            out.push(b')');
        }
        ValueType::Error => {
            push_str(out, "Error: ");
            out.extend_from_slice(error_value::message(value));
        }
    }
}

/// Queues `items` joined with `, ` between `open` and `close`.
fn push_list<'t>(
    stack: &mut Vec<Item<'t>>,
    items: impl DoubleEndedIterator<Item = (&'t ValueType, u64)> + ExactSizeIterator,
    depth: u32,
    (open, close): (&'static str, &'static str),
) {
    if !close.is_empty() {
        stack.push(Item::Text(close));
    }
    for (i, (t, v)) in items.enumerate().rev() {
        stack.push(Item::Value(t, v, depth + 1));
        if i > 0 {
            stack.push(Item::Text(", "));
        }
    }
    if !open.is_empty() {
        stack.push(Item::Text(open));
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

/// Appends `"…"` with only `\\`, newline, tab and `"` escaped.
pub fn quote_into(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    for &byte in bytes {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'"' => out.extend_from_slice(b"\\\""),
            _ => out.push(byte),
        }
    }
    out.push(b'"');
}

/// How [`equal`] compares arrays and structs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Equality {
    /// `assert_eq`: arrays element by element, structs field by field.
    Deep,
    /// `==`: arrays, structs, functions and ranges by identity; enums structurally.
    Structural,
}

/// True when `a` (type `ta`) equals `b` (type `tb`). Values of different types are unequal;
/// floats compare with IEEE `==`, strings byte-wise, enums by enum, variant, payload types and
/// payloads, error values by kind and message.
pub fn equal(
    table: &TypeTable,
    ta: &ValueType,
    a: u64,
    tb: &ValueType,
    b: u64,
    mode: Equality,
) -> bool {
    let mut stack: Vec<(&ValueType, u64, &ValueType, u64, u32)> = vec![(ta, a, tb, b, 0)];
    while let Some((ta, a, tb, b, depth)) = stack.pop() {
        if ta != tb {
            return false;
        }
        let same = match ta {
            ValueType::F64 => f64::from_bits(a) == f64::from_bits(b),
            ValueType::I32 | ValueType::U32 => a as u32 == b as u32,
            ValueType::Bool => (a != 0) == (b != 0),
            ValueType::I64 | ValueType::U64 => a == b,
            ValueType::Str => a == b || str_bytes(a) == str_bytes(b),
            _ if a == 0 || b == 0 => a == b,
            _ if depth > MAX_DEPTH => a == b,
            ValueType::Error => a == b || error_value::error_of(a) == error_value::error_of(b),
            ValueType::Func | ValueType::Range => a == b,
            ValueType::Array(_) | ValueType::Struct(_) if mode == Equality::Structural => a == b,
            ValueType::Array(inner) => {
                let (xs, ys) = (object::array_elems(a), object::array_elems(b));
                if xs.len() != ys.len() {
                    return false;
                }
                for (&x, &y) in xs.iter().zip(ys) {
                    stack.push((inner, x, inner, y, depth + 1));
                }
                true
            }
            ValueType::Struct(id) => {
                let fields = table
                    .structs
                    .get(*id as usize)
                    .map_or(&[][..], |s| s.fields.as_slice());
                let n = fields
                    .len()
                    .min(object::struct_field_count(a))
                    .min(object::struct_field_count(b));
                for (i, (_, ft)) in fields[..n].iter().enumerate() {
                    let i = i as u32;
                    stack.push((
                        ft,
                        object::field_get(a, i),
                        ft,
                        object::field_get(b, i),
                        depth + 1,
                    ));
                }
                true
            }
            ValueType::Enum(_) => {
                if a == b {
                    true
                } else {
                    let (ida, va, la) = object::enum_parts(a);
                    let (idb, vb, lb) = object::enum_parts(b);
                    let (pa, pb) = (object::enum_payloads(a), object::enum_payloads(b));
                    if ida != idb || va != vb || pa.len() != pb.len() {
                        return false;
                    }
                    let (tla, tlb) = (
                        crate::gc::payload_types(table, la),
                        crate::gc::payload_types(table, lb),
                    );
                    for i in 0..pa.len() {
                        match (tla.get(i), tlb.get(i)) {
                            (Some(x), Some(y)) => stack.push((x, pa[i], y, pb[i], depth + 1)),
                            _ => return false,
                        }
                    }
                    true
                }
            }
        };
        if !same {
            return false;
        }
    }
    true
}
