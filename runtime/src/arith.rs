//! Arithmetic with Orus semantics (LANGUAGE.md §8.2) for the cases both engines must agree on:
//! checked signed operations, truncating division and remainder, float `%`.

use crate::error::RuntimeError;

/// C `fmod`: the remainder of `a / b` with the sign of `a` (Rust's `%` on `f64` is `fmod`).
pub fn fmod(a: f64, b: f64) -> f64 {
    a % b
}

/// `a / b` on `f64`; dividing by zero (either sign) is `Division by zero`.
pub fn div_f64(a: f64, b: f64) -> Result<f64, RuntimeError> {
    if b == 0.0 {
        return Err(RuntimeError::division_by_zero());
    }
    Ok(a / b)
}

/// `a % b` on `f64`; `%` by zero is `Division by zero`.
pub fn rem_f64(a: f64, b: f64) -> Result<f64, RuntimeError> {
    if b == 0.0 {
        return Err(RuntimeError::division_by_zero());
    }
    Ok(fmod(a, b))
}

macro_rules! signed_ops {
    ($t:ty, $add:ident, $sub:ident, $mul:ident, $div:ident, $rem:ident, $neg:ident, $neg_err:expr) => {
        #[doc = concat!("Checked `+` on `", stringify!($t), "`.")]
        pub fn $add(a: $t, b: $t) -> Result<$t, RuntimeError> {
            a.checked_add(b).ok_or_else(RuntimeError::overflow)
        }

        #[doc = concat!("Checked `-` on `", stringify!($t), "`.")]
        pub fn $sub(a: $t, b: $t) -> Result<$t, RuntimeError> {
            a.checked_sub(b).ok_or_else(RuntimeError::overflow)
        }

        #[doc = concat!("Checked `*` on `", stringify!($t), "`.")]
        pub fn $mul(a: $t, b: $t) -> Result<$t, RuntimeError> {
            a.checked_mul(b).ok_or_else(RuntimeError::overflow)
        }

        #[doc = concat!("Truncating `/` on `", stringify!($t), "`: zero divisor and `MIN / -1` fail.")]
        pub fn $div(a: $t, b: $t) -> Result<$t, RuntimeError> {
            if b == 0 {
                return Err(RuntimeError::division_by_zero());
            }
            a.checked_div(b).ok_or_else(RuntimeError::overflow)
        }

        #[doc = concat!("`%` on `", stringify!($t), "` with the dividend's sign: zero divisor and `MIN % -1` fail.")]
        pub fn $rem(a: $t, b: $t) -> Result<$t, RuntimeError> {
            if b == 0 {
                return Err(RuntimeError::division_by_zero());
            }
            a.checked_rem(b).ok_or_else(RuntimeError::overflow)
        }

        #[doc = concat!("Checked unary `-` on `", stringify!($t), "`.")]
        pub fn $neg(a: $t) -> Result<$t, RuntimeError> {
            a.checked_neg().ok_or_else($neg_err)
        }
    };
}

signed_ops!(
    i32,
    add_i32,
    sub_i32,
    mul_i32,
    div_i32,
    rem_i32,
    neg_i32,
    RuntimeError::negate_min
);
signed_ops!(
    i64,
    add_i64,
    sub_i64,
    mul_i64,
    div_i64,
    rem_i64,
    neg_i64,
    RuntimeError::overflow
);

macro_rules! unsigned_ops {
    ($t:ty, $div:ident, $rem:ident) => {
        #[doc = concat!("`/` on `", stringify!($t), "`; a zero divisor fails.")]
        pub fn $div(a: $t, b: $t) -> Result<$t, RuntimeError> {
            a.checked_div(b).ok_or_else(RuntimeError::division_by_zero)
        }

        #[doc = concat!("`%` on `", stringify!($t), "`; a zero divisor fails.")]
        pub fn $rem(a: $t, b: $t) -> Result<$t, RuntimeError> {
            a.checked_rem(b).ok_or_else(RuntimeError::division_by_zero)
        }
    };
}

unsigned_ops!(u32, div_u32, rem_u32);
unsigned_ops!(u64, div_u64, rem_u64);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_semantics() {
        assert_eq!(div_i32(-7, 2), Ok(-3));
        assert_eq!(rem_i32(-7, 2), Ok(-1));
        assert_eq!(rem_i32(7, -2), Ok(1));
        assert_eq!(div_i32(i32::MIN, -1), Err(RuntimeError::overflow()));
        assert_eq!(rem_i32(i32::MIN, -1), Err(RuntimeError::overflow()));
        assert_eq!(rem_i64(i64::MIN, -1), Err(RuntimeError::overflow()));
        assert_eq!(div_i64(1, 0), Err(RuntimeError::division_by_zero()));
        assert_eq!(add_i32(i32::MAX, 1), Err(RuntimeError::overflow()));
        assert_eq!(neg_i32(i32::MIN), Err(RuntimeError::negate_min()));
        assert_eq!(neg_i64(i64::MIN), Err(RuntimeError::overflow()));
        assert_eq!(mul_i64(1 << 62, 2), Err(RuntimeError::overflow()));
        assert_eq!(sub_i64(-5, 3), Ok(-8));
    }

    #[test]
    fn unsigned_and_float_semantics() {
        assert_eq!(div_u32(7, 0), Err(RuntimeError::division_by_zero()));
        assert_eq!(rem_u64(7, 4), Ok(3));
        assert_eq!(fmod(-5.5, 2.0), -1.5);
        assert_eq!(div_f64(1.0, -0.0), Err(RuntimeError::division_by_zero()));
        assert_eq!(rem_f64(1.0, 0.0), Err(RuntimeError::division_by_zero()));
        assert_eq!(div_f64(1e308, 0.1), Ok(f64::INFINITY));
    }
}
