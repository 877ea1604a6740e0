//! The `int(v)` and `float(v)` builtins (LANGUAGE.md §15) with their exact conversion errors.

use crate::error::RuntimeError;
use crate::format::format_f64_g;
use crate::string::str_bytes;
use orus_abi::bytecode::ValueType;
use orus_abi::types::TypeTag;
use orus_abi::typetable::TypeTable;

/// Longest message of an `int()`/`float()` failure, in bytes.
const MAX_CONVERSION_MESSAGE: usize = 127;
/// How many bytes of the argument a message quotes before `...`.
const QUOTED_BYTES: usize = 52;

/// `int(v)`: parses a base-10 string or range-checks a number into an `i32`.
pub fn builtin_int(tag: TypeTag, bits: u64) -> Result<i32, RuntimeError> {
    let number = match tag {
        TypeTag::I32 => return Ok(bits as i32),
        TypeTag::I64 => (bits as i64).to_string(),
        TypeTag::U32 => (bits as u32).to_string(),
        TypeTag::U64 => bits.to_string(),
        TypeTag::F64 => return int_of_float(f64::from_bits(bits)),
        TypeTag::Str => return int_of_text(str_bytes(bits)),
        _ => {
            return Err(int_error(format!(
                "int() argument must be a string or number, got {}",
                tag.name()
            )))
        }
    };
    number
        .parse::<i32>()
        .map_err(|_| int_error(format!("int() overflow: {number} is out of range for i32")))
}

/// The scalar tag of a static type (None for arrays, structs and the other object types).
fn scalar_tag(t: &ValueType) -> Option<TypeTag> {
    Some(match t {
        ValueType::I32 => TypeTag::I32,
        ValueType::I64 => TypeTag::I64,
        ValueType::U32 => TypeTag::U32,
        ValueType::U64 => TypeTag::U64,
        ValueType::F64 => TypeTag::F64,
        ValueType::Bool => TypeTag::Bool,
        ValueType::Str => TypeTag::Str,
        _ => return None,
    })
}

/// `int(v)` for a value of static type `t` (any type; objects give the "string or number"
/// error naming their `typeof`).
pub fn int_of(table: &TypeTable, t: &ValueType, bits: u64) -> Result<i32, RuntimeError> {
    match scalar_tag(t) {
        Some(tag) => builtin_int(tag, bits),
        None => Err(int_error(format!(
            "int() argument must be a string or number, got {}",
            crate::types::type_name(table, t)
        ))),
    }
}

/// `float(v)` for a value of static type `t` (any type, like [`int_of`]).
pub fn float_of(table: &TypeTable, t: &ValueType, bits: u64) -> Result<f64, RuntimeError> {
    match scalar_tag(t) {
        Some(tag) => builtin_float(tag, bits),
        None => Err(float_error(format!(
            "float() argument must be a string or number, got {}",
            crate::types::type_name(table, t)
        ))),
    }
}

/// `float(v)`: parses a string like C `strtod` (whole text, surrounding whitespace allowed,
/// hex floats accepted) or converts a number into an `f64`.
pub fn builtin_float(tag: TypeTag, bits: u64) -> Result<f64, RuntimeError> {
    match tag {
        TypeTag::F64 => Ok(f64::from_bits(bits)),
        TypeTag::I32 => Ok(bits as i32 as f64),
        TypeTag::I64 => Ok(bits as i64 as f64),
        TypeTag::U32 => Ok(bits as u32 as f64),
        TypeTag::U64 => Ok(bits as f64),
        TypeTag::Str => float_of_text(str_bytes(bits)),
        _ => Err(float_error(format!(
            "float() argument must be a string or number, got {}",
            tag.name()
        ))),
    }
}

fn int_of_float(x: f64) -> Result<i32, RuntimeError> {
    if !x.is_finite() {
        return Err(int_error("int() overflow: value is not finite".to_string()));
    }
    if x.fract() != 0.0 {
        return Err(int_error(format!(
            "int() argument must be a whole number, got f64 {}",
            format_f64_g(x)
        )));
    }
    if x < i32::MIN as f64 || x > i32::MAX as f64 {
        return Err(int_error(format!(
            "int() overflow: {} is out of range for i32",
            format_f64_g(x)
        )));
    }
    Ok(x as i32)
}

fn int_of_text(raw: &[u8]) -> Result<i32, RuntimeError> {
    if raw.iter().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        return Err(int_error(format!(
            "int() argument must be an integer string (decimals are not allowed). Use float() to parse decimal values, got {}",
            quote(raw)
        )));
    }
    let text = trim_c_space(raw);
    let digits = match text.first() {
        Some(b'+' | b'-') => &text[1..],
        _ => text,
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(int_error(format!(
            "int() argument must be an integer string, got {}",
            quote(raw)
        )));
    }
    // Only ASCII sign and digits remain, so the text is valid UTF-8.
    let text = String::from_utf8_lossy(text);
    text.parse::<i32>().map_err(|_| {
        int_error(format!(
            "int() overflow: {} is out of range for i32",
            quote(raw)
        ))
    })
}

fn float_of_text(raw: &[u8]) -> Result<f64, RuntimeError> {
    let text = trim_c_space(raw);
    let bad = || {
        float_error(format!(
            "float() argument must be a number, got {}",
            quote(raw)
        ))
    };
    let out_of_range = || {
        float_error(format!(
            "float() overflow: {} is out of range for f64",
            quote(raw)
        ))
    };
    let text = std::str::from_utf8(text).map_err(|_| bad())?;
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let lower = unsigned.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return Err(out_of_range());
    }
    let (value, nonzero_digits) = if let Some(hex) = lower.strip_prefix("0x") {
        parse_hex_float(hex).ok_or_else(bad)?
    } else {
        parse_decimal(unsigned).ok_or_else(bad)?
    };
    let magnitude_ok = value.is_finite() && (value == 0.0 || value.is_normal());
    if !magnitude_ok || (value == 0.0 && nonzero_digits) {
        return Err(out_of_range());
    }
    Ok(if negative { -value } else { value })
}

/// Parses an unsigned decimal float; returns the value and whether any digit was non-zero.
fn parse_decimal(text: &str) -> Option<(f64, bool)> {
    let bytes = text.as_bytes();
    let mantissa_len = bytes
        .iter()
        .position(|&b| b == b'e' || b == b'E')
        .unwrap_or(bytes.len());
    let mantissa = &bytes[..mantissa_len];
    let valid = mantissa.iter().any(u8::is_ascii_digit)
        && mantissa.iter().all(|&b| b.is_ascii_digit() || b == b'.')
        && mantissa.iter().filter(|&&b| b == b'.').count() <= 1;
    if !valid || text.starts_with(['+', '-']) {
        return None;
    }
    let value = text.parse::<f64>().ok()?;
    let nonzero = mantissa.iter().any(|&b| (b'1'..=b'9').contains(&b));
    Some((value, nonzero))
}

/// Parses the part of a hex float after `0x`: hex digits, optional `.` and hex digits,
/// optional `p` and a signed decimal exponent.
fn parse_hex_float(text: &str) -> Option<(f64, bool)> {
    let (mantissa, exponent) = match text.split_once('p') {
        Some((mantissa, exponent)) => (mantissa, parse_exponent(exponent)?),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut value = 0f64;
    let mut scale = exponent;
    for c in whole.chars() {
        value = value * 16.0 + c.to_digit(16)? as f64;
    }
    for c in fraction.chars() {
        value = value * 16.0 + c.to_digit(16)? as f64;
        scale = scale.saturating_sub(4);
    }
    let nonzero = value != 0.0;
    Some((value * 2f64.powi(scale.clamp(-2200, 2200)), nonzero))
}

fn parse_exponent(text: &str) -> Option<i32> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.parse::<i32>().unwrap_or(i32::MAX / 2);
    Some(if text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

/// Strips the characters C's `isspace` accepts from both ends.
fn trim_c_space(bytes: &[u8]) -> &[u8] {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let start = bytes
        .iter()
        .position(|b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// The argument in quotes: its first 52 bytes, then `...` when it is longer.
fn quote(raw: &[u8]) -> String {
    let shown = &raw[..raw.len().min(QUOTED_BYTES)];
    let ellipsis = if raw.len() > QUOTED_BYTES { "..." } else { "" };
    format!("\"{}{ellipsis}\"", String::from_utf8_lossy(shown))
}

fn int_error(mut message: String) -> RuntimeError {
    crate::error::truncate_at_boundary(&mut message, MAX_CONVERSION_MESSAGE);
    RuntimeError::int_conversion(message)
}

fn float_error(mut message: String) -> RuntimeError {
    crate::error::truncate_at_boundary(&mut message, MAX_CONVERSION_MESSAGE);
    RuntimeError::float_conversion(message)
}
