//! Error values: the heap objects a `catch name:` variable holds, with the layout
//! [`orus_abi::object::ErrorObject`]: `kind` holds the [`ErrorKind`] number in its low 8 bits
//! and the §18.3 error code in bits 16..32; `message` is a Ref to the message string (at most
//! 255 bytes, §17).

use crate::error::{ErrorKind, RuntimeError};
use crate::heap::alloc_object_rooted;
use crate::string::{alloc_str, str_bytes};
use orus_abi::object::{ErrorObject, ObjKind};

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

/// The number stored for `kind` in an error object.
pub fn kind_number(kind: ErrorKind) -> u64 {
    KINDS.iter().position(|&k| k == kind).unwrap_or(0) as u64
}

/// Allocates the error value for a caught runtime error and returns its Ref.
pub fn alloc_error(err: &RuntimeError) -> u64 {
    let mut text = err.message.clone();
    crate::error::truncate_at_boundary(&mut text, crate::error::MAX_MESSAGE_BYTES);
    let message = alloc_str(text.as_bytes());
    let object = alloc_object_rooted(
        ObjKind::Error,
        0,
        std::mem::size_of::<ErrorObject>(),
        &[message],
    ) as *mut ErrorObject;
    // SAFETY: a fresh error object.
    unsafe {
        (*object).kind = kind_number(err.kind) | (err.code as u64) << 16;
        (*object).message = message;
    }
    object as u64
}

/// The message of the error value `r` (a live Ref made by [`alloc_error`]; null reads as empty).
pub fn message<'a>(r: u64) -> &'a [u8] {
    str_bytes(crate::object::error_message(r))
}

/// The runtime error held by the error value `r` (a live Ref made by [`alloc_error`]).
pub fn error_of(r: u64) -> RuntimeError {
    if r == 0 {
        return RuntimeError::new(ErrorKind::Runtime, 5, "");
    }
    // SAFETY: `r` is a live error object.
    let word = unsafe { (*(r as *const ErrorObject)).kind };
    let kind = KINDS
        .get((word & 0xff) as usize)
        .copied()
        .unwrap_or(ErrorKind::Runtime);
    RuntimeError::new(
        kind,
        (word >> 16) as u16,
        String::from_utf8_lossy(message(r)),
    )
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
