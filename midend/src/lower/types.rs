//! Mapping Orus types to register classes and runtime type descriptors.

use orus_frontend::typed::Ty as SourceTy;

use crate::ir::{Ty, ValueType};

/// The register class holding values of a source type; `None` for `void`.
pub(crate) fn class_of(ty: &SourceTy) -> Option<Ty> {
    Some(match ty {
        SourceTy::I32 => Ty::I32,
        SourceTy::I64 => Ty::I64,
        SourceTy::U32 => Ty::U32,
        SourceTy::U64 => Ty::U64,
        SourceTy::F64 => Ty::F64,
        SourceTy::Bool => Ty::Bool,
        SourceTy::Str
        | SourceTy::Array(_)
        | SourceTy::Func(..)
        | SourceTy::Struct(_)
        | SourceTy::Enum(_)
        | SourceTy::Range
        | SourceTy::Error => Ty::Ref,
        SourceTy::Void => return None,
    })
}

/// The runtime descriptor of a source type, for printing and `assert_eq`.
pub(crate) fn value_type(ty: &SourceTy) -> Result<ValueType, String> {
    Ok(match ty {
        SourceTy::I32 => ValueType::I32,
        SourceTy::I64 => ValueType::I64,
        SourceTy::U32 => ValueType::U32,
        SourceTy::U64 => ValueType::U64,
        SourceTy::F64 => ValueType::F64,
        SourceTy::Bool => ValueType::Bool,
        SourceTy::Str => ValueType::Str,
        SourceTy::Array(elem) => ValueType::Array(Box::new(value_type(elem)?)),
        SourceTy::Struct(id) => ValueType::Struct(*id),
        SourceTy::Enum(id) => ValueType::Enum(*id),
        SourceTy::Func(..) => ValueType::Func,
        SourceTy::Range => ValueType::Range,
        SourceTy::Error => ValueType::Error,
        SourceTy::Void => return Err("internal error: a void value has no runtime type".into()),
    })
}
