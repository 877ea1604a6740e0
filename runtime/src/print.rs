//! The `print` statement (LANGUAGE.md §9.2, §15.1): argument rendering, format strings, and
//! writing the finished line to stdout in one piece. Values of every type are rendered by
//! [`crate::show`] from their static types (a type list of the program's type table).

use crate::format::format_fixed;
use crate::show::{render, Notation};
use crate::string::str_bytes;
use orus_abi::bytecode::ValueType;
use orus_abi::typetable::TypeTable;
use std::io::Write;

/// One `@` spec of a format string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spec {
    /// `@` (or `@.` / `@.f` without digits): default rendering.
    Default,
    /// `@x`, `@X`, `@b`, `@o`: an integer in another radix.
    Radix(Radix),
    /// `@.N` / `@.Nf`: fixed point with N decimals.
    Fixed(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Radix {
    LowerHex,
    UpperHex,
    Binary,
    Octal,
}

/// No limit on the length of a printed line.
const UNLIMITED: usize = usize::MAX;

/// Renders `print(values…)` into one line, newline included, without writing it.
/// `types[i]` is the static type of `values[i]`; the shorter of the two slices decides the
/// count.
pub fn format_line(table: &TypeTable, types: &[ValueType], values: &[u64]) -> Vec<u8> {
    let args: Vec<(&ValueType, u64)> = types.iter().zip(values.iter().copied()).collect();
    let mut out = Vec::new();
    let mut next = 0;
    if let Some(&(ValueType::Str, format)) = args.first() {
        next = write_format(&mut out, table, str_bytes(format), &args[1..]) + 1;
    }
    for (index, &(t, bits)) in args.iter().enumerate().skip(next) {
        if index > 0 {
            out.push(b' ');
        }
        render(&mut out, table, t, bits, Notation::Print, UNLIMITED);
    }
    out.push(b'\n');
    out
}

/// Renders `print(values…)` where `types` is a type-list index of the installed type table.
pub fn format_print_line(types: u32, values: &[u64]) -> Vec<u8> {
    crate::types::with_table(|table| format_line(table, crate::types::list(table, types), values))
}

/// Executes one `print` statement: `types` is the type-list index giving the static type of
/// each value. Renders the line, writes it to stdout and flushes; write errors (a closed
/// pipe) are ignored, as the program has no way to observe them.
pub fn print_values(types: u32, values: &[u64]) {
    let line = format_print_line(types, values);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&line);
    let _ = stdout.flush();
}

/// Writes `format` with its `@` specs replaced by `args`; returns how many args were used.
fn write_format(
    out: &mut Vec<u8>,
    table: &TypeTable,
    format: &[u8],
    args: &[(&ValueType, u64)],
) -> usize {
    let mut used = 0;
    let mut i = 0;
    while i < format.len() {
        if format[i] != b'@' {
            out.push(format[i]);
            i += 1;
            continue;
        }
        let (spec, spec_len) = parse_spec(&format[i + 1..]);
        match args.get(used) {
            Some(&(t, bits)) => {
                write_spec(out, table, spec, t, bits);
                used += 1;
            }
            None => out.extend_from_slice(&format[i..i + 1 + spec_len]),
        }
        i += 1 + spec_len;
    }
    used
}

/// Parses the spec after an `@`; returns it and how many bytes it spans after the `@`.
fn parse_spec(rest: &[u8]) -> (Spec, usize) {
    let radix = match rest.first() {
        Some(b'x') => Radix::LowerHex,
        Some(b'X') => Radix::UpperHex,
        Some(b'b') => Radix::Binary,
        Some(b'o') => Radix::Octal,
        Some(b'.') => return parse_precision(rest),
        _ => return (Spec::Default, 0),
    };
    (Spec::Radix(radix), 1)
}

/// Parses `.`, digits, optional `f`; without digits the spec renders by default.
fn parse_precision(rest: &[u8]) -> (Spec, usize) {
    let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut len = 1 + digits;
    if rest.get(len) == Some(&b'f') {
        len += 1;
    }
    if digits == 0 {
        return (Spec::Default, len);
    }
    let decimals = rest[1..=digits].iter().fold(0usize, |n, &d| {
        n.saturating_mul(10).saturating_add((d - b'0') as usize)
    });
    (Spec::Fixed(decimals), len)
}

fn write_spec(out: &mut Vec<u8>, table: &TypeTable, spec: Spec, t: &ValueType, bits: u64) {
    let integer = matches!(
        t,
        ValueType::I32 | ValueType::I64 | ValueType::U32 | ValueType::U64
    );
    match spec {
        Spec::Radix(radix) if integer => {
            let bits = match t {
                ValueType::I32 => bits as i32 as i64 as u64,
                ValueType::U32 => bits as u32 as u64,
                _ => bits,
            };
            let text = match radix {
                Radix::LowerHex => format!("{bits:x}"),
                Radix::UpperHex => format!("{bits:X}"),
                Radix::Binary => format!("{bits:b}"),
                Radix::Octal => format!("{bits:o}"),
            };
            out.extend_from_slice(text.as_bytes());
        }
        Spec::Fixed(decimals) if *t == ValueType::F64 => {
            out.extend_from_slice(format_fixed(f64::from_bits(bits), decimals).as_bytes());
        }
        _ => render(out, table, t, bits, Notation::Print, UNLIMITED),
    }
}
