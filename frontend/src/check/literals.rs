//! Numeric literal typing: default types, hex bit patterns, suffixes and adaptation
//! (LANGUAGE.md §2.5, §2.6, §5.2).

use super::types::Type;
use crate::ast::NumSuffix;
use crate::typed::Const;

/// The type a suffix names.
pub(crate) fn suffix_type(suffix: NumSuffix) -> Type {
    match suffix {
        NumSuffix::I32 => Type::I32,
        NumSuffix::I64 => Type::I64,
        NumSuffix::U32 => Type::U32,
        NumSuffix::U64 => Type::U64,
        NumSuffix::F64 => Type::F64,
    }
}

/// The suffix as written, for `invalid numeric literal suffix '<suffix>'`.
pub(crate) fn suffix_text(suffix: NumSuffix) -> &'static str {
    suffix_type(suffix).name()
}

/// The constant of an unsuffixed integer literal at its default type: decimal `i32` else
/// `i64`; hex up to 32 bits an `i32` bit pattern, else an `i64` bit pattern. `None` when the
/// value is out of range.
pub(crate) fn int_default(value: u64, negative: bool, hex: bool) -> Option<Const> {
    if hex {
        return Some(if value <= u64::from(u32::MAX) {
            let pattern = value as u32 as i32;
            Const::I32(if negative {
                pattern.wrapping_neg()
            } else {
                pattern
            })
        } else {
            let pattern = value as i64;
            Const::I64(if negative {
                pattern.wrapping_neg()
            } else {
                pattern
            })
        });
    }
    let signed = signed_value(value, negative);
    if let Ok(v) = i32::try_from(signed) {
        Some(Const::I32(v))
    } else {
        i64::try_from(signed).ok().map(Const::I64)
    }
}

/// The constant of an integer literal taking type `target` (by suffix or adaptation), or
/// `None` when the value does not fit. Hex literals keep their written value when it fits;
/// for `i32`/`i64` a wider pattern is read as two's complement.
pub(crate) fn int_as(value: u64, negative: bool, hex: bool, target: &Type) -> Option<Const> {
    let signed = signed_value(value, negative);
    let pattern = hex && !negative;
    Some(match target {
        Type::I32 => match i32::try_from(signed) {
            Ok(v) => Const::I32(v),
            Err(_) if pattern && value <= u64::from(u32::MAX) => Const::I32(value as u32 as i32),
            Err(_) => return None,
        },
        Type::I64 => match i64::try_from(signed) {
            Ok(v) => Const::I64(v),
            Err(_) if pattern => Const::I64(value as i64),
            Err(_) => return None,
        },
        Type::U32 => Const::U32(u32::try_from(signed).ok()?),
        Type::U64 => Const::U64(u64::try_from(signed).ok()?),
        Type::F64 => Const::F64(signed as f64),
        _ => return None,
    })
}

/// The constant of a float literal with an integer suffix (`3.0i32`): the value must be
/// whole and fit the type.
pub(crate) fn float_as(value: f64, target: &Type) -> Option<Const> {
    if *target == Type::F64 {
        return Some(Const::F64(value));
    }
    if !value.is_finite() || value.fract() != 0.0 || value.abs() > 1.9e19 {
        return None;
    }
    let whole = value as i128;
    Some(match target {
        Type::I32 => Const::I32(i32::try_from(whole).ok()?),
        Type::I64 => Const::I64(i64::try_from(whole).ok()?),
        Type::U32 => Const::U32(u32::try_from(whole).ok()?),
        Type::U64 => Const::U64(u64::try_from(whole).ok()?),
        _ => return None,
    })
}

/// The inference type of a constant.
pub(crate) fn const_type(value: &Const) -> Type {
    match value {
        Const::I32(_) => Type::I32,
        Const::I64(_) => Type::I64,
        Const::U32(_) => Type::U32,
        Const::U64(_) => Type::U64,
        Const::F64(_) => Type::F64,
        Const::Bool(_) => Type::Bool,
        Const::Str(_) => Type::Str,
    }
}

fn signed_value(value: u64, negative: bool) -> i128 {
    if negative {
        -i128::from(value)
    } else {
        i128::from(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_defaults() {
        assert_eq!(int_default(7, false, false), Some(Const::I32(7)));
        assert_eq!(
            int_default(2147483648, true, false),
            Some(Const::I32(i32::MIN))
        );
        assert_eq!(
            int_default(2147483648, false, false),
            Some(Const::I64(2147483648))
        );
        assert_eq!(int_default(u64::MAX, false, false), None);
    }

    #[test]
    fn hex_bit_patterns() {
        assert_eq!(int_default(0xFFFF_FFFF, false, true), Some(Const::I32(-1)));
        assert_eq!(int_default(u64::MAX, false, true), Some(Const::I64(-1)));
        assert_eq!(
            int_as(0xFFFF_FFFF, false, true, &Type::I64),
            Some(Const::I64(4294967295))
        );
        assert_eq!(int_as(0xFF, false, true, &Type::U32), Some(Const::U32(255)));
        assert_eq!(
            int_as(0xFFFF_FFFF, false, true, &Type::I32),
            Some(Const::I32(-1))
        );
        assert_eq!(int_as(0x1_0000_0000, false, true, &Type::U32), None);
    }

    #[test]
    fn adaptation_range_checks() {
        assert_eq!(int_as(1, true, false, &Type::U32), None);
        assert_eq!(int_as(3000000000, false, false, &Type::I32), None);
        assert_eq!(
            int_as(u64::MAX, false, false, &Type::U64),
            Some(Const::U64(u64::MAX))
        );
        assert_eq!(int_as(2, true, false, &Type::F64), Some(Const::F64(-2.0)));
        assert_eq!(int_as(1, false, false, &Type::Bool), None);
    }

    #[test]
    fn float_suffixes() {
        assert_eq!(float_as(3.0, &Type::I32), Some(Const::I32(3)));
        assert_eq!(float_as(3.5, &Type::I32), None);
        assert_eq!(float_as(-1.0, &Type::U32), None);
    }
}
