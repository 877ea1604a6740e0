//! The header every heap object starts with, and the layouts of the objects whose fields
//! compiled code reads directly.
//!
//! Memory management contract (for the mark-and-sweep collector):
//! * every heap object begins with an [`ObjHeader`]; a Ref (see [`crate::types`]) is the address
//!   of that header;
//! * the runtime links every allocated object into one *all-objects list* through
//!   [`ObjHeader::next`]; the sweep phase walks that list, frees every object whose
//!   [`ObjHeader::marked`] is 0 and clears the mark of the others;
//! * [`ObjHeader::size`] is the exact byte size of the allocation (header included, alignment 8),
//!   so the sweeper can free an object without knowing its kind;
//! * objects never move.

/// What kind of object follows the header; decides how the collector traces it.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjKind {
    /// An immutable byte string ([`StringObject`]); holds no references.
    String = 0,
    /// A growable array.
    Array = 1,
    /// A struct instance.
    Struct = 2,
    /// An enum value with its payloads.
    Enum = 3,
    /// A function value with its captured variables.
    Closure = 4,
    /// A range value.
    Range = 5,
    /// An error value (the variable of a `catch`).
    Error = 6,
}

impl ObjKind {
    /// Decodes a kind from its discriminant, `None` for an unknown byte.
    pub fn from_u8(byte: u8) -> Option<ObjKind> {
        match byte {
            0 => Some(ObjKind::String),
            1 => Some(ObjKind::Array),
            2 => Some(ObjKind::Struct),
            3 => Some(ObjKind::Enum),
            4 => Some(ObjKind::Closure),
            5 => Some(ObjKind::Range),
            6 => Some(ObjKind::Error),
            _ => None,
        }
    }
}

/// The first 24 bytes of every heap object.
#[repr(C)]
#[derive(Debug)]
pub struct ObjHeader {
    /// The next object in the runtime's all-objects list (null at the end); the sweep walks it.
    pub next: *mut ObjHeader,
    /// Exact size of the allocation in bytes, header included.
    pub size: u64,
    /// Program-wide id of the struct or enum type for those kinds, 0 for the others.
    pub type_id: u32,
    /// The [`ObjKind`] discriminant.
    pub kind: u8,
    /// GC mark bit: 0 = not (yet) reached in the current collection, 1 = reached.
    pub marked: u8,
    /// Reserved, always 0.
    pub reserved: u16,
}

/// Layout of a heap string: the header, the byte length, then `len` bytes (no terminator).
/// Strings are immutable once allocated.
#[repr(C)]
#[derive(Debug)]
pub struct StringObject {
    /// Common header with kind [`ObjKind::String`].
    pub header: ObjHeader,
    /// Number of bytes that follow this struct.
    pub len: u64,
}

/// Byte offset of a string's first byte from its Ref.
pub const STRING_DATA_OFFSET: usize = core::mem::size_of::<StringObject>();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_layout_is_fixed() {
        assert_eq!(core::mem::size_of::<ObjHeader>(), 24);
        assert_eq!(core::mem::align_of::<ObjHeader>(), 8);
        assert_eq!(STRING_DATA_OFFSET, 32);
    }

    #[test]
    fn kinds_round_trip() {
        for byte in 0..=6u8 {
            assert_eq!(ObjKind::from_u8(byte).map(|k| k as u8), Some(byte));
        }
        assert_eq!(ObjKind::from_u8(7), None);
    }
}
