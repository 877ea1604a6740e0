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
    /// A boxed variable captured by a closure.
    Cell = 7,
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
            7 => Some(ObjKind::Cell),
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
    /// Flag bits: [`FLAG_REF_ELEMS`], [`FLAG_STATIC`].
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

/// [`ObjHeader::reserved`] bit: the object's slots (array elements, cell value) hold Refs the
/// collector must trace.
pub const FLAG_REF_ELEMS: u16 = 1;
/// [`ObjHeader::reserved`] bit: the object is not on the collected heap (a constant emitted
/// into a native executable, or an interpreter constant pinned for the whole run). The collector
/// never marks, frees or writes to such an object; it still traces its references.
pub const FLAG_STATIC: u16 = 2;

/// Layout of an array: the header, then the current length, the capacity and a pointer to
/// `cap` 64-bit element words allocated separately (so the array object never moves when it
/// grows). `header.type_id` is unused (0); `header.reserved & FLAG_REF_ELEMS` says whether the
/// elements are Refs.
#[repr(C)]
#[derive(Debug)]
pub struct ArrayObject {
    /// Common header with kind [`ObjKind::Array`].
    pub header: ObjHeader,
    /// Number of elements.
    pub len: u64,
    /// Number of element words allocated at `data`.
    pub cap: u64,
    /// The elements, `len` valid words (null when `cap` is 0).
    pub data: *mut u64,
}

/// Layout of a struct instance: the header (`type_id` = struct index in the program's type
/// table), then one 64-bit word per field in declaration order. Which fields are Refs comes
/// from the type table.
#[repr(C)]
#[derive(Debug)]
pub struct StructObject {
    /// Common header with kind [`ObjKind::Struct`].
    pub header: ObjHeader,
}

/// Byte offset of field `i` of a struct: `STRUCT_FIELDS_OFFSET + 8 * i`.
pub const STRUCT_FIELDS_OFFSET: usize = core::mem::size_of::<ObjHeader>();

/// Layout of an enum value: the header (`type_id` = enum index in the type table), the variant
/// number, the payload count, the type-list index (in the type table) giving the run-time
/// [`crate::bytecode::ValueType`] of each payload, then `count` payload words.
#[repr(C)]
#[derive(Debug)]
pub struct EnumObject {
    /// Common header with kind [`ObjKind::Enum`].
    pub header: ObjHeader,
    /// Variant number in declaration order.
    pub variant: u32,
    /// Number of payload words that follow.
    pub count: u32,
    /// Type list (index into `TypeTable::type_lists`) the value was built with: the `types`
    /// operand of `RtFn::EnumNew`, `[Enum(id), p1, p2, …]`. Payload `i` has run-time type
    /// entry `i + 1` (entry 0 is the enum itself and is skipped).
    pub payload_types: u32,
    /// Reserved, 0.
    pub reserved: u32,
}

/// Byte offset of payload `i` of an enum value: `ENUM_PAYLOAD_OFFSET + 8 * i`.
pub const ENUM_PAYLOAD_OFFSET: usize = core::mem::size_of::<EnumObject>();

/// Layout of a cell: one boxed variable captured by a closure. `header.reserved &
/// FLAG_REF_ELEMS` says whether `value` is a Ref.
#[repr(C)]
#[derive(Debug)]
pub struct CellObject {
    /// Common header with kind [`ObjKind::Cell`].
    pub header: ObjHeader,
    /// The variable's current value.
    pub value: u64,
}

/// Layout of a function value: the header (`type_id` = function index of the program), the
/// native entry of that function (null in the interpreter), the number of captures, then
/// `count` capture words — each a Ref to a [`CellObject`].
#[repr(C)]
#[derive(Debug)]
pub struct ClosureObject {
    /// Common header with kind [`ObjKind::Closure`].
    pub header: ObjHeader,
    /// Native code of the function (`fn(env, args…)`), null when interpreted.
    pub code: *const core::ffi::c_void,
    /// Number of capture words that follow.
    pub count: u64,
}

/// Byte offset of capture `i` of a closure: `CLOSURE_CAPTURES_OFFSET + 8 * i`.
pub const CLOSURE_CAPTURES_OFFSET: usize = core::mem::size_of::<ClosureObject>();

/// Layout of a range value from `range(...)`: the next value, the stop and the step (i64).
#[repr(C)]
#[derive(Debug)]
pub struct RangeObject {
    /// Common header with kind [`ObjKind::Range`].
    pub header: ObjHeader,
    /// Next value to produce.
    pub next: i64,
    /// Exclusive stop.
    pub stop: i64,
    /// Step (never 0).
    pub step: i64,
}

/// Layout of an error value bound by `catch e`: its kind number
/// (`orus_runtime::error::ErrorKind` discriminant) and a Ref to its message string.
#[repr(C)]
#[derive(Debug)]
pub struct ErrorObject {
    /// Common header with kind [`ObjKind::Error`].
    pub header: ObjHeader,
    /// Error kind number (`orus_runtime::error::ErrorKind` in declaration order) in bits 0..8,
    /// the §18.3 error code (`E<code>`) in bits 16..32.
    pub kind: u64,
    /// Ref to the message string.
    pub message: u64,
}

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
        for byte in 0..=7u8 {
            assert_eq!(ObjKind::from_u8(byte).map(|k| k as u8), Some(byte));
        }
        assert_eq!(ObjKind::from_u8(8), None);
    }
}
