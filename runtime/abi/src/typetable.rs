//! The program's type table: what the runtime must know about static types to print, compare,
//! sort and trace heap values. Both engines hand the same table to the runtime at start (the
//! interpreter from its [`crate::bytecode::Program`], native code as the encoded bytes of
//! [`TypeTable::encode`] referenced from its program description).
//!
//! Runtime operations that need types receive a *type-list index*: an index into
//! [`TypeTable::type_lists`], whose entries are interned lists of [`ValueType`]s.

use crate::bytecode::ValueType;
use alloc::string::String;
use alloc::vec::Vec;

/// A struct declaration.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct StructDesc {
    /// Type name (the `typeof` label).
    pub name: String,
    /// Field names and types in declaration order.
    pub fields: Vec<(String, ValueType)>,
}

/// One variant of an enum.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct VariantDesc {
    /// Variant name.
    pub name: String,
    /// Number of payload fields.
    pub arity: u32,
}

/// An enum declaration (payload types travel with each value, see
/// [`crate::object::EnumObject::payload_types`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct EnumDesc {
    /// Type name (the `typeof` label), e.g. `Result`.
    pub name: String,
    /// Variants in declaration order.
    pub variants: Vec<VariantDesc>,
}

/// Everything the runtime knows about the program's types.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct TypeTable {
    /// Interned type lists, referenced by index from instructions and enum values.
    pub type_lists: Vec<Vec<ValueType>>,
    /// Struct declarations, indexed by `ValueType::Struct(i)`.
    pub structs: Vec<StructDesc>,
    /// Enum declarations, indexed by `ValueType::Enum(i)`.
    pub enums: Vec<EnumDesc>,
    /// Display name of each function of the program (by function index) for printing function
    /// values: `<fn name>`; an empty name prints `<fn>` (function expressions).
    pub func_names: Vec<String>,
}

impl TypeTable {
    /// The index of `list` in [`TypeTable::type_lists`], adding it when new.
    pub fn intern(&mut self, list: &[ValueType]) -> u32 {
        if let Some(i) = self.type_lists.iter().position(|l| l.as_slice() == list) {
            return i as u32;
        }
        self.type_lists.push(list.to_vec());
        (self.type_lists.len() - 1) as u32
    }

    /// True when a value of type `t` is held as a Ref.
    pub fn is_ref(t: &ValueType) -> bool {
        !matches!(
            t,
            ValueType::I32
                | ValueType::I64
                | ValueType::U32
                | ValueType::U64
                | ValueType::F64
                | ValueType::Bool
        )
    }

    /// A compact byte encoding (for native executables).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        put_u32(&mut out, self.type_lists.len() as u32);
        for list in &self.type_lists {
            put_u32(&mut out, list.len() as u32);
            for t in list {
                put_type(&mut out, t);
            }
        }
        put_u32(&mut out, self.structs.len() as u32);
        for s in &self.structs {
            put_str(&mut out, &s.name);
            put_u32(&mut out, s.fields.len() as u32);
            for (name, t) in &s.fields {
                put_str(&mut out, name);
                put_type(&mut out, t);
            }
        }
        put_u32(&mut out, self.enums.len() as u32);
        for e in &self.enums {
            put_str(&mut out, &e.name);
            put_u32(&mut out, e.variants.len() as u32);
            for v in &e.variants {
                put_str(&mut out, &v.name);
                put_u32(&mut out, v.arity);
            }
        }
        put_u32(&mut out, self.func_names.len() as u32);
        for name in &self.func_names {
            put_str(&mut out, name);
        }
        out
    }

    /// Decodes [`TypeTable::encode`]'s output; `None` when the bytes are malformed.
    pub fn decode(bytes: &[u8]) -> Option<TypeTable> {
        let mut r = Reader { bytes, pos: 0 };
        let mut table = TypeTable::default();
        for _ in 0..r.u32()? {
            let n = r.u32()?;
            let mut list = Vec::new();
            for _ in 0..n {
                list.push(r.ty(0)?);
            }
            table.type_lists.push(list);
        }
        for _ in 0..r.u32()? {
            let name = r.string()?;
            let mut fields = Vec::new();
            for _ in 0..r.u32()? {
                let field = r.string()?;
                fields.push((field, r.ty(0)?));
            }
            table.structs.push(StructDesc { name, fields });
        }
        for _ in 0..r.u32()? {
            let name = r.string()?;
            let mut variants = Vec::new();
            for _ in 0..r.u32()? {
                let vname = r.string()?;
                variants.push(VariantDesc {
                    name: vname,
                    arity: r.u32()?,
                });
            }
            table.enums.push(EnumDesc { name, variants });
        }
        for _ in 0..r.u32()? {
            table.func_names.push(r.string()?);
        }
        (r.pos == bytes.len()).then_some(table)
    }
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn put_type(out: &mut Vec<u8>, t: &ValueType) {
    match t {
        ValueType::I32 => out.push(0),
        ValueType::I64 => out.push(1),
        ValueType::U32 => out.push(2),
        ValueType::U64 => out.push(3),
        ValueType::F64 => out.push(4),
        ValueType::Bool => out.push(5),
        ValueType::Str => out.push(6),
        ValueType::Array(inner) => {
            out.push(7);
            put_type(out, inner);
        }
        ValueType::Struct(i) => {
            out.push(8);
            put_u32(out, *i);
        }
        ValueType::Enum(i) => {
            out.push(9);
            put_u32(out, *i);
        }
        ValueType::Func => out.push(10),
        ValueType::Range => out.push(11),
        ValueType::Error => out.push(12),
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn u8(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        let b = self.bytes.get(self.pos..self.pos + n)?;
        self.pos += n;
        String::from_utf8(b.to_vec()).ok()
    }

    fn ty(&mut self, depth: u32) -> Option<ValueType> {
        if depth > 64 {
            return None;
        }
        Some(match self.u8()? {
            0 => ValueType::I32,
            1 => ValueType::I64,
            2 => ValueType::U32,
            3 => ValueType::U64,
            4 => ValueType::F64,
            5 => ValueType::Bool,
            6 => ValueType::Str,
            7 => ValueType::Array(alloc::boxed::Box::new(self.ty(depth + 1)?)),
            8 => ValueType::Struct(self.u32()?),
            9 => ValueType::Enum(self.u32()?),
            10 => ValueType::Func,
            11 => ValueType::Range,
            12 => ValueType::Error,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::boxed::Box;
    use alloc::vec;

    #[test]
    fn encode_decode_round_trips() {
        let mut t = TypeTable::default();
        let a = t.intern(&[ValueType::I32, ValueType::Array(Box::new(ValueType::Str))]);
        let b = t.intern(&[ValueType::Enum(0)]);
        assert_eq!(t.intern(&[ValueType::Enum(0)]), b);
        assert_ne!(a, b);
        t.structs.push(StructDesc {
            name: "Pt".into(),
            fields: vec![
                ("x".into(), ValueType::F64),
                ("s".into(), ValueType::Struct(0)),
            ],
        });
        t.enums.push(EnumDesc {
            name: "Result".into(),
            variants: vec![
                VariantDesc {
                    name: "Ok".into(),
                    arity: 1,
                },
                VariantDesc {
                    name: "Err".into(),
                    arity: 1,
                },
            ],
        });
        t.func_names = vec!["main".into(), "".into()];
        assert_eq!(TypeTable::decode(&t.encode()), Some(t.clone()));
        assert_eq!(TypeTable::decode(&t.encode()[1..]), None);
    }
}
