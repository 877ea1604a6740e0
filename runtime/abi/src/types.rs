//! Run-time type tags and the encoding of values in 64-bit slots.
//!
//! Every frame slot, global and array element is an untyped 64-bit word (encoded as
//! [`crate::value`] describes); the compiler knows each slot's type statically and passes the
//! matching [`TypeTag`] to runtime functions that need it (printing, casts, `assert_eq`, the
//! collector's root maps). Scalars are stored by value; strings, arrays, structs, enums,
//! functions, ranges and errors are Refs: the address of the object's
//! [`crate::object::ObjHeader`].

/// The run-time type of a value held in a 64-bit slot.
#[repr(u8)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeTag {
    /// 32-bit signed integer, sign-extended in its slot.
    I32 = 0,
    /// 64-bit signed integer.
    I64 = 1,
    /// 32-bit unsigned integer, zero-extended in its slot.
    U32 = 2,
    /// 64-bit unsigned integer.
    U64 = 3,
    /// IEEE-754 double, stored as its bit pattern.
    F64 = 4,
    /// Boolean, stored as 0 or 1.
    Bool = 5,
    /// Reference to an immutable heap string.
    Str = 6,
    /// Reference to a heap array.
    Array = 7,
    /// Reference to a heap struct.
    Struct = 8,
    /// Reference to a heap enum value.
    Enum = 9,
    /// Reference to a function value (closure).
    Func = 10,
    /// Reference to a range value.
    Range = 11,
    /// Reference to an error value (the variable of a `catch`).
    Error = 12,
}

impl TypeTag {
    /// Every tag, in discriminant order.
    pub const ALL: [TypeTag; 13] = [
        TypeTag::I32,
        TypeTag::I64,
        TypeTag::U32,
        TypeTag::U64,
        TypeTag::F64,
        TypeTag::Bool,
        TypeTag::Str,
        TypeTag::Array,
        TypeTag::Struct,
        TypeTag::Enum,
        TypeTag::Func,
        TypeTag::Range,
        TypeTag::Error,
    ];

    /// Decodes a tag from its discriminant, `None` for an unknown byte.
    pub fn from_u8(byte: u8) -> Option<TypeTag> {
        TypeTag::ALL.get(byte as usize).copied()
    }

    /// True for tags whose slot holds a Ref (a GC root when live).
    pub fn is_ref(self) -> bool {
        (self as u8) >= (TypeTag::Str as u8)
    }

    /// True for the four integer types.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            TypeTag::I32 | TypeTag::I64 | TypeTag::U32 | TypeTag::U64
        )
    }

    /// The name `typeof` reports for values of scalar and string types, and the
    /// generic name for the others (`array`, `struct`, `enum`, `function`, `range_iterator`, `error`).
    pub fn name(self) -> &'static str {
        match self {
            TypeTag::I32 => "i32",
            TypeTag::I64 => "i64",
            TypeTag::U32 => "u32",
            TypeTag::U64 => "u64",
            TypeTag::F64 => "f64",
            TypeTag::Bool => "bool",
            TypeTag::Str => "string",
            TypeTag::Array => "array",
            TypeTag::Struct => "struct",
            TypeTag::Enum => "enum",
            TypeTag::Func => "function",
            TypeTag::Range => "range_iterator",
            TypeTag::Error => "error",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TypeTag;

    #[test]
    fn from_u8_round_trips_every_tag() {
        for tag in TypeTag::ALL {
            assert_eq!(TypeTag::from_u8(tag as u8), Some(tag));
        }
        assert_eq!(TypeTag::from_u8(13), None);
        assert_eq!(TypeTag::from_u8(255), None);
    }

    #[test]
    fn ref_tags_start_at_string() {
        assert!(!TypeTag::Bool.is_ref());
        assert!(TypeTag::Str.is_ref());
        assert!(TypeTag::Error.is_ref());
        assert!(TypeTag::U64.is_integer());
        assert!(!TypeTag::F64.is_integer());
    }
}
