//! The `print` statement (LANGUAGE.md §9.2, §15.1): argument rendering, format strings, and
//! writing the finished line to stdout in one piece.

use crate::format::{format_fixed, write_value};
use crate::string::str_bytes;
use orus_abi::types::TypeTag;
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

/// Renders `print(values…)` into one line, newline included, without writing it.
/// `tags[i]` is the type of `values[i]`; the shorter of the two slices decides the count.
pub fn format_print_line(tags: &[TypeTag], values: &[u64]) -> Vec<u8> {
    let args: Vec<(TypeTag, u64)> = tags.iter().copied().zip(values.iter().copied()).collect();
    let mut out = Vec::new();
    let mut next = 0;
    if let Some(&(TypeTag::Str, format)) = args.first() {
        next = write_format(&mut out, str_bytes(format), &args[1..]) + 1;
    }
    for (index, &(tag, bits)) in args.iter().enumerate().skip(next) {
        if index > 0 {
            out.push(b' ');
        }
        write_value(&mut out, tag, bits);
    }
    out.push(b'\n');
    out
}

/// Executes `print(values…)`: renders the line, writes it to stdout and flushes. Write
/// errors (a closed pipe) are ignored, as the program has no way to observe them.
pub fn print_values(tags: &[TypeTag], values: &[u64]) {
    let line = format_print_line(tags, values);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&line);
    let _ = stdout.flush();
}

/// Writes `format` with its `@` specs replaced by `args`; returns how many args were used.
fn write_format(out: &mut Vec<u8>, format: &[u8], args: &[(TypeTag, u64)]) -> usize {
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
            Some(&(tag, bits)) => {
                write_spec(out, spec, tag, bits);
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

fn write_spec(out: &mut Vec<u8>, spec: Spec, tag: TypeTag, bits: u64) {
    match spec {
        Spec::Radix(radix) if tag.is_integer() => {
            let bits = match tag {
                TypeTag::I32 => bits as i32 as i64 as u64,
                TypeTag::U32 => bits as u32 as u64,
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
        Spec::Fixed(decimals) if tag == TypeTag::F64 => {
            out.extend_from_slice(format_fixed(f64::from_bits(bits), decimals).as_bytes());
        }
        _ => write_value(out, tag, bits),
    }
}
