//! The generic runtime calls of [`RtFn`] (`orus_abi::rtfn`), shared by both engines: the
//! interpreter calls [`dispatch`] from `RTCALL`, native code through `orus_rt_call`.
//!
//! Every call receives its arguments as slot words and a type-list index whose meaning is
//! documented per function in `orus_abi::rtfn`. Ref arguments come from the caller's frame
//! slots (GC roots), and every allocation here keeps the Refs it still needs alive.

use crate::error::{codes, ErrorKind, RuntimeError};
use crate::object;
use crate::show::{self, Equality, Notation};
use crate::string::{alloc_str, str_bytes};
use orus_abi::bytecode::ValueType;
use orus_abi::rtfn::RtFn;
use orus_abi::typetable::TypeTable;
use std::cmp::Ordering;
use std::io::{BufRead, IsTerminal, Write};

/// The most elements an array built by repetition or the fill form may have (1 GiB of
/// elements); larger counts are the repetition error rather than an out-of-memory abort.
pub const MAX_REPEAT_ELEMENTS: u64 = 1 << 27;

/// Performs the runtime call `f` with argument words `args` and type-list index `types`;
/// returns the result word (0 for calls without a result) or the runtime error to raise.
pub fn dispatch(f: RtFn, args: &[u64], types: u32) -> Result<u64, RuntimeError> {
    if f.arity() >= 0 && args.len() < f.arity() as usize {
        return Err(internal("runtime call with too few arguments"));
    }
    let table = crate::types::table();
    let list = crate::types::list(&table, types);
    let arg = |i: usize| args.get(i).copied().unwrap_or(0);
    let first = list.first().cloned().unwrap_or(ValueType::I64);
    match f {
        RtFn::ArrayFill => {
            let count = repeat_count(arg(1) as i64, 1)?;
            Ok(object::array_filled(
                TypeTable::is_ref(&first),
                arg(0),
                count,
            ))
        }
        RtFn::ArrayRepeat => array_repeat(arg(0), arg(1) as i64, TypeTable::is_ref(&first)),
        RtFn::ArrayPop => object::array_pop(arg(0)),
        RtFn::ArraySlice => {
            let elems = object::array_elems(arg(0));
            let (start, end) = slice_bounds(elems.len(), arg(1) as i64, arg(2) as i64, false)?;
            Ok(object::array_new(
                object::array_elems_are_refs(arg(0)) || TypeTable::is_ref(&first),
                &elems[start..end],
            ))
        }
        RtFn::Sorted => sorted(arg(0), &first),
        RtFn::StrIndex => str_index(arg(0), arg(1) as i64),
        RtFn::StrSlice => {
            let bytes = str_bytes(arg(0));
            let (start, end) = slice_bounds(bytes.len(), arg(1) as i64, arg(2) as i64, true)?;
            let piece = bytes[start..end].to_vec();
            Ok(alloc_str(&piece))
        }
        RtFn::RangeNew => range_new(arg(0) as i64, arg(1) as i64, arg(2) as i64),
        RtFn::RangeArgU64 => {
            if arg(0) > i64::MAX as u64 {
                Err(RuntimeError::bad_range_arguments())
            } else {
                Ok(arg(0))
            }
        }
        RtFn::RangeInvalid => Err(RuntimeError::bad_range_arguments()),
        RtFn::RangeHasNext => Ok(object::range_has_next(arg(0)) as u64),
        RtFn::RangeNext => Ok(object::range_next(arg(0)) as u64),
        RtFn::Input => input(arg(0), arg(1) != 0),
        RtFn::IntOf => Ok(crate::convert::int_of(&table, &first, arg(0))? as i64 as u64),
        RtFn::FloatOf => Ok(crate::convert::float_of(&table, &first, arg(0))?.to_bits()),
        RtFn::ValueEq => {
            Ok(show::equal(&table, &first, arg(0), &first, arg(1), Equality::Structural) as u64)
        }
        RtFn::EnumNew => {
            let Some(ValueType::Enum(id)) = list.first() else {
                return Err(internal("enum_new needs an enum type list"));
            };
            let variant = arg(0) as u32;
            let payloads = args.get(1..).unwrap_or(&[]);
            Ok(object::enum_new(*id, variant, types, payloads))
        }
        RtFn::EnumPayloadChecked => {
            let (value, index) = (arg(0), arg(1) as u32);
            match object::enum_payload_type(&table, value, index) {
                Some(actual) if *actual == first => Ok(object::enum_payload(value, index)),
                _ => Err(RuntimeError::payload_mismatch()),
            }
        }
        RtFn::TypeofError => {
            let text = crate::error_value::error_of(arg(0)).type_name();
            Ok(alloc_str(text.as_bytes()))
        }
        RtFn::ToStringAny => {
            let text = show::render_string(&table, &first, arg(0), Notation::Print, usize::MAX);
            Ok(alloc_str(text.as_bytes()))
        }
        RtFn::StrConcat => Ok(crate::string::concat_all(args)),
    }
}

fn internal(message: &str) -> RuntimeError {
    RuntimeError::new(ErrorKind::Runtime, codes::OTHER, message)
}

/// Checks a repetition count for arrays of `len` elements; the count as `usize`.
fn repeat_count(count: i64, len: usize) -> Result<usize, RuntimeError> {
    if count < 0 || (count as u64).saturating_mul(len as u64) > MAX_REPEAT_ELEMENTS {
        return Err(RuntimeError::bad_repetition());
    }
    Ok(count as usize)
}

/// `xs * n`: a new array with the elements of `arr` repeated `count` times.
fn array_repeat(arr: u64, count: i64, elem_is_ref: bool) -> Result<u64, RuntimeError> {
    let elems = object::array_elems(arr);
    let count = repeat_count(count, elems.len())?;
    let mut out = Vec::with_capacity(elems.len() * count);
    for _ in 0..count {
        out.extend_from_slice(elems);
    }
    Ok(object::array_new(
        elem_is_ref || object::array_elems_are_refs(arr),
        &out,
    ))
}

/// The half-open element range of `xs[a..b]` (§8.8, inclusive end) over `n` elements, or
/// the slice error (`Array slice …`, or `String slice …` when `string`).
pub fn slice_bounds(
    n: usize,
    a: i64,
    b: i64,
    string: bool,
) -> Result<(usize, usize), RuntimeError> {
    let err = |array: fn() -> RuntimeError, text: fn() -> RuntimeError| {
        if string {
            text()
        } else {
            array()
        }
    };
    if a < 0 {
        return Err(err(
            RuntimeError::slice_start_negative,
            RuntimeError::string_slice_start_negative,
        ));
    }
    if b < 0 {
        return Err(err(
            RuntimeError::slice_end_negative,
            RuntimeError::string_slice_end_negative,
        ));
    }
    let n64 = n as i64;
    if a > n64 {
        return Err(err(
            RuntimeError::slice_start_out_of_bounds,
            RuntimeError::string_slice_start_out_of_bounds,
        ));
    }
    if b > n64 {
        return Err(err(
            RuntimeError::slice_end_out_of_bounds,
            RuntimeError::string_slice_end_out_of_bounds,
        ));
    }
    let before_start = || {
        err(
            RuntimeError::slice_end_before_start,
            RuntimeError::string_slice_end_before_start,
        )
    };
    if a == n64 {
        return if b == n64 {
            Ok((n, n))
        } else {
            Err(before_start())
        };
    }
    let last = if b == n64 { n64 - 1 } else { b };
    if last < a {
        return Err(before_start());
    }
    Ok((a as usize, last as usize + 1))
}

/// `s[i]`: a one-byte string.
fn str_index(s: u64, i: i64) -> Result<u64, RuntimeError> {
    let bytes = str_bytes(s);
    if i < 0 {
        return Err(RuntimeError::string_index_negative());
    }
    match bytes.get(i as usize) {
        Some(&byte) if (i as u64) < bytes.len() as u64 => Ok(alloc_str(&[byte])),
        _ => Err(RuntimeError::string_index_out_of_bounds()),
    }
}

fn range_new(start: i64, stop: i64, step: i64) -> Result<u64, RuntimeError> {
    if step == 0 {
        return Err(RuntimeError::bad_range_arguments());
    }
    Ok(object::range_new(start, stop, step))
}

/// `sorted(xs)`: a new, stably sorted array.
fn sorted(arr: u64, elem: &ValueType) -> Result<u64, RuntimeError> {
    let mut elems = object::array_elems(arr).to_vec();
    let compare: fn(&u64, &u64) -> Ordering = match elem {
        ValueType::Bool => |a, b| (*a != 0).cmp(&(*b != 0)),
        ValueType::I32 | ValueType::I64 => |a, b| (*a as i64).cmp(&(*b as i64)),
        ValueType::U32 | ValueType::U64 => |a, b| a.cmp(b),
        ValueType::F64 => |a, b| {
            let (x, y) = (f64::from_bits(*a), f64::from_bits(*b));
            match (x.is_nan(), y.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            }
        },
        ValueType::Str => |a, b| str_bytes(*a).cmp(str_bytes(*b)),
        _ => return Err(RuntimeError::not_comparable()),
    };
    elems.sort_by(compare);
    Ok(object::array_new(*elem == ValueType::Str, &elems))
}

/// `input()` / `input(prompt)`.
fn input(prompt: u64, has_prompt: bool) -> Result<u64, RuntimeError> {
    let stdin = std::io::stdin();
    if has_prompt {
        let bytes = str_bytes(prompt);
        let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(&bytes[..end]);
        let _ = stdout.flush();
    } else if stdin.is_terminal() {
        let _ = std::io::stdout().flush();
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(b"input> ");
        let _ = stderr.flush();
    }
    let mut line = Vec::new();
    match stdin.lock().read_until(b'\n', &mut line) {
        Ok(0) | Err(_) => return Err(RuntimeError::input_eof()),
        Ok(_) => {}
    }
    if line.last() == Some(&b'\n') {
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
    }
    Ok(alloc_str(&line))
}
