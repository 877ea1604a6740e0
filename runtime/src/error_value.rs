//! Error values: the heap objects a `catch name:` variable holds. An error object is an
//! [`ObjHeader`](orus_abi::object::ObjHeader) of kind error, the error's kind and code, and its
//! message bytes inline (so it holds no references for the collector to trace).

use crate::error::{ErrorKind, RuntimeError};
use crate::heap::alloc_object;
use orus_abi::object::{ObjHeader, ObjKind};

#[repr(C)]
struct ErrorObject {
    header: ObjHeader,
    kind: u8,
    code: u16,
    len: u32,
}

const MESSAGE_OFFSET: usize = std::mem::size_of::<ErrorObject>();

const KINDS: [ErrorKind; 10] = [
    ErrorKind::Runtime,
    ErrorKind::Type,
    ErrorKind::Index,
    ErrorKind::Value,
    ErrorKind::Conversion,
    ErrorKind::Argument,
    ErrorKind::Eof,
    ErrorKind::Recursion,
    ErrorKind::Name,
    ErrorKind::Io,
];

/// Allocates the error value for a caught runtime error and returns its Ref.
pub fn alloc_error(err: &RuntimeError) -> u64 {
    let message = err.message.as_bytes();
    let object =
        alloc_object(ObjKind::Error, 0, MESSAGE_OFFSET + message.len()) as *mut ErrorObject;
    let kind = KINDS.iter().position(|&k| k == err.kind).unwrap_or(0) as u8;
    // SAFETY: the allocation holds the fixed part and `message.len()` bytes after it.
    unsafe {
        (*object).kind = kind;
        (*object).code = err.code;
        (*object).len = message.len() as u32;
        let data = (object as *mut u8).add(MESSAGE_OFFSET);
        std::ptr::copy_nonoverlapping(message.as_ptr(), data, message.len());
    }
    object as u64
}

/// The message of the error value `r` (a live Ref made by [`alloc_error`]; null reads as empty).
pub fn message<'a>(r: u64) -> &'a [u8] {
    if r == 0 {
        return &[];
    }
    let object = r as *const ErrorObject;
    // SAFETY: `r` is a live, never-mutated error object with `len` message bytes after it.
    unsafe {
        std::slice::from_raw_parts(
            (object as *const u8).add(MESSAGE_OFFSET),
            (*object).len as usize,
        )
    }
}

/// The runtime error held by the error value `r` (a live Ref made by [`alloc_error`]).
pub fn error_of(r: u64) -> RuntimeError {
    if r == 0 {
        return RuntimeError::new(ErrorKind::Runtime, 5, "");
    }
    let object = r as *const ErrorObject;
    // SAFETY: as in `message`.
    let (kind, code) = unsafe { ((*object).kind, (*object).code) };
    let kind = KINDS
        .get(kind as usize)
        .copied()
        .unwrap_or(ErrorKind::Runtime);
    RuntimeError::new(kind, code, String::from_utf8_lossy(message(r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a_runtime_error() {
        for err in [
            RuntimeError::division_by_zero(),
            RuntimeError::array_index_out_of_bounds(),
            RuntimeError::stack_overflow(),
            RuntimeError::new(ErrorKind::Io, 5, ""),
        ] {
            let r = alloc_error(&err);
            assert_eq!(error_of(r), err);
            assert_eq!(message(r), err.message.as_bytes());
        }
    }
}
