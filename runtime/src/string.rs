//! Immutable heap strings: an [`ObjHeader`](orus_abi::object::ObjHeader) of kind string, the
//! byte length, then the bytes. A string value is its Ref (the object address as `u64`).

use crate::heap::{alloc_object, alloc_object_rooted};
use orus_abi::object::{ObjKind, StringObject, STRING_DATA_OFFSET};
use std::cmp::Ordering;

/// Allocates a new string holding a copy of `bytes` and returns its Ref.
pub fn alloc_str(bytes: &[u8]) -> u64 {
    let object =
        alloc_object(ObjKind::String, 0, STRING_DATA_OFFSET + bytes.len()) as *mut StringObject;
    // SAFETY: the allocation is `STRING_DATA_OFFSET + len` bytes, so the length field and the
    // data area are inside it; the data area does not overlap `bytes`.
    unsafe {
        (*object).len = bytes.len() as u64;
        let data = (object as *mut u8).add(STRING_DATA_OFFSET);
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len());
    }
    object as u64
}

/// The bytes of the string `r`. `r` must be a Ref made by [`alloc_str`] that is still alive;
/// the null Ref reads as the empty string.
pub fn str_bytes<'a>(r: u64) -> &'a [u8] {
    if r == 0 {
        return &[];
    }
    let object = r as *const StringObject;
    // SAFETY: per the contract above, `r` points at a live string object whose `len` bytes
    // follow the fixed part, and strings are never mutated or moved.
    unsafe {
        let len = (*object).len as usize;
        std::slice::from_raw_parts((object as *const u8).add(STRING_DATA_OFFSET), len)
    }
}

/// The length of the string `r` in bytes.
pub fn str_len(r: u64) -> usize {
    str_bytes(r).len()
}

/// A new string holding `a` followed by `b`.
pub fn concat(a: u64, b: u64) -> u64 {
    concat_all(&[a, b])
}

/// A new string holding every string of `parts` in order, built with one allocation (the
/// parts stay rooted through it).
pub fn concat_all(parts: &[u64]) -> u64 {
    let total: usize = parts.iter().map(|&p| str_bytes(p).len()).sum();
    let object = alloc_object_rooted(ObjKind::String, 0, STRING_DATA_OFFSET + total, parts)
        as *mut StringObject;
    // SAFETY: the allocation holds the header, the length and `total` data bytes; each part is
    // another live object, so no copy overlaps the destination, and the copies add up to
    // `total` bytes.
    unsafe {
        (*object).len = total as u64;
        let mut data = (object as *mut u8).add(STRING_DATA_OFFSET);
        for &part in parts {
            let bytes = str_bytes(part);
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), data, bytes.len());
            data = data.add(bytes.len());
        }
    }
    object as u64
}

/// Byte-wise ordering of two strings.
pub fn compare(a: u64, b: u64) -> Ordering {
    str_bytes(a).cmp(str_bytes(b))
}

/// Byte-wise equality of two strings (`==` in Orus).
pub fn equals(a: u64, b: u64) -> bool {
    a == b || str_bytes(a) == str_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use orus_abi::object::ObjHeader;

    #[test]
    fn round_trips_bytes() {
        let r = alloc_str(b"hello\0world");
        assert_eq!(str_bytes(r), b"hello\0world");
        assert_eq!(str_len(r), 11);
        let empty = alloc_str(b"");
        assert_eq!(str_bytes(empty), b"");
        assert_eq!(str_bytes(0), b"");
    }

    #[test]
    fn header_says_string_with_exact_size() {
        let r = alloc_str(b"abc");
        // SAFETY: `r` is a live string object.
        let header = unsafe { &*(r as *const ObjHeader) };
        assert_eq!(header.kind, ObjKind::String as u8);
        assert_eq!(header.size, (STRING_DATA_OFFSET + 3) as u64);
        assert_eq!(crate::heap::all_objects() as u64, r);
    }

    #[test]
    fn concat_compare_equals() {
        let a = alloc_str(b"ab");
        let b = alloc_str(b"c");
        let ab_c = concat(a, b);
        assert_eq!(str_bytes(ab_c), b"abc");
        assert_eq!(compare(a, b), Ordering::Less);
        assert_eq!(compare(ab_c, a), Ordering::Greater);
        assert!(equals(ab_c, alloc_str(b"abc")));
        assert!(!equals(a, b));
        assert_eq!(compare(a, alloc_str(b"ab")), Ordering::Equal);
    }
}
