//! `expr as T` at run time (LANGUAGE.md §6.2) for scalar sources, with the exact error
//! messages of failing casts.

use crate::error::{codes, ErrorKind, RuntimeError};
use crate::format::format_f64_g;
use crate::string::alloc_str;
use orus_abi::types::TypeTag;

/// Converts `bits` of type `from` to type `to`. Casting to the same type returns `bits`;
/// casting to `string` allocates a new string. Range failures are value errors (E0004).
pub fn cast(from: TypeTag, to: TypeTag, bits: u64) -> Result<u64, RuntimeError> {
    if from == to {
        return Ok(bits);
    }
    match (from, to) {
        (_, TypeTag::Str) if !from.is_ref() => Ok(to_string(from, bits)),
        (_, TypeTag::Bool) if !from.is_ref() => Ok(is_nonzero(from, bits) as u64),
        (TypeTag::Bool, _) if to == TypeTag::F64 => Ok(((bits != 0) as u8 as f64).to_bits()),
        (TypeTag::Bool, _) if to.is_integer() => Ok((bits != 0) as u64),
        (TypeTag::F64, _) if to.is_integer() => float_to_int(f64::from_bits(bits), to),
        (_, TypeTag::F64) if from.is_integer() => Ok(int_to_float(from, bits).to_bits()),
        _ if from.is_integer() && to.is_integer() => int_to_int(from, to, bits),
        _ => Err(RuntimeError::new(
            ErrorKind::Type,
            codes::OTHER,
            format!("Cannot cast {} to {}", from.name(), to.name()),
        )),
    }
}

/// `value as string`: decimal integers, `true`/`false`, floats with C `%g`; strings are
/// returned unchanged.
pub fn to_string(tag: TypeTag, bits: u64) -> u64 {
    let text = match tag {
        TypeTag::Str => return bits,
        TypeTag::F64 => format_f64_g(f64::from_bits(bits)),
        _ => crate::format::scalar_text(tag, bits),
    };
    alloc_str(text.as_bytes())
}

fn is_nonzero(tag: TypeTag, bits: u64) -> bool {
    match tag {
        TypeTag::F64 => f64::from_bits(bits) != 0.0,
        TypeTag::I32 | TypeTag::U32 => bits as u32 != 0,
        _ => bits != 0,
    }
}

/// The value of an integer slot as an `i128`, wide enough for every integer type.
fn int_value(tag: TypeTag, bits: u64) -> i128 {
    match tag {
        TypeTag::I32 => bits as i32 as i128,
        TypeTag::I64 => bits as i64 as i128,
        TypeTag::U32 => bits as u32 as i128,
        _ => bits as i128,
    }
}

fn int_to_float(tag: TypeTag, bits: u64) -> f64 {
    match tag {
        TypeTag::I32 => bits as i32 as f64,
        TypeTag::I64 => bits as i64 as f64,
        TypeTag::U32 => bits as u32 as f64,
        _ => bits as f64,
    }
}

/// Encodes an in-range integer into the slot representation of `to`, wrapping otherwise.
fn encode_int(to: TypeTag, value: i128) -> u64 {
    match to {
        TypeTag::I32 => value as i32 as i64 as u64,
        TypeTag::U32 => value as u32 as u64,
        _ => value as u64,
    }
}

fn int_to_int(from: TypeTag, to: TypeTag, bits: u64) -> Result<u64, RuntimeError> {
    let value = int_value(from, bits);
    let failure = match (from, to) {
        (TypeTag::I32 | TypeTag::I64, TypeTag::U64) if value < 0 => {
            Some(format!("Cannot convert negative {} to u64", from.name()))
        }
        (TypeTag::I64, TypeTag::U32) if !(0..=u32::MAX as i128).contains(&value) => {
            Some("i64 value out of u32 range".to_string())
        }
        (TypeTag::U64, _) if value > max_of(to) => {
            Some(format!("u64 value too large for {}", to.name()))
        }
        _ => None,
    };
    match failure {
        Some(message) => Err(RuntimeError::cast_out_of_range(message)),
        None => Ok(encode_int(to, value)),
    }
}

fn max_of(tag: TypeTag) -> i128 {
    match tag {
        TypeTag::I32 => i32::MAX as i128,
        TypeTag::I64 => i64::MAX as i128,
        TypeTag::U32 => u32::MAX as i128,
        _ => u64::MAX as i128,
    }
}

fn min_of(tag: TypeTag) -> i128 {
    match tag {
        TypeTag::I32 => i32::MIN as i128,
        TypeTag::I64 => i64::MIN as i128,
        _ => 0,
    }
}

/// Truncates toward zero; NaN, out-of-range results and (for unsigned targets) every value
/// below zero fail with `f64 value out of <T> range`.
fn float_to_int(x: f64, to: TypeTag) -> Result<u64, RuntimeError> {
    let truncated = x.trunc();
    // Every bound is a power of two (or one less), so comparing against the bound + 1 as an
    // exact f64 is precise.
    let in_range = !x.is_nan()
        && truncated >= min_of(to) as f64
        && truncated < (max_of(to) + 1) as f64
        && !(min_of(to) == 0 && x < 0.0);
    if in_range {
        Ok(encode_int(to, truncated as i128))
    } else {
        Err(RuntimeError::cast_out_of_range(format!(
            "f64 value out of {} range",
            to.name()
        )))
    }
}
