//! How scalar values are stored in a 64-bit slot word (registers, globals, spill slots,
//! constants). Every engine and the runtime use exactly this encoding:
//!
//! * `i32`: sign-extended, `v as i64 as u64`;
//! * `i64`: `v as u64`;
//! * `u32`: zero-extended, `v as u64`;
//! * `u64`: the value itself;
//! * `f64`: `v.to_bits()`;
//! * `bool`: `0` or `1`;
//! * `Ref`: the object pointer.
//!
//! So an `i32` word compares correctly as an `i64`, a `u32` word as a `u64`, and the widening
//! casts `i32 → i64`, `u32 → i64/u64` and `bool → integer` leave the word unchanged.

/// The word of an `i32`.
#[inline(always)]
pub const fn from_i32(v: i32) -> u64 {
    v as i64 as u64
}

/// The word of an `i64`.
#[inline(always)]
pub const fn from_i64(v: i64) -> u64 {
    v as u64
}

/// The word of a `u32`.
#[inline(always)]
pub const fn from_u32(v: u32) -> u64 {
    v as u64
}

/// The word of an `f64`.
#[inline(always)]
pub const fn from_f64(v: f64) -> u64 {
    v.to_bits()
}

/// The word of a `bool`.
#[inline(always)]
pub const fn from_bool(v: bool) -> u64 {
    v as u64
}

/// The `i32` in a word.
#[inline(always)]
pub const fn to_i32(w: u64) -> i32 {
    w as i32
}

/// The `u32` in a word.
#[inline(always)]
pub const fn to_u32(w: u64) -> u32 {
    w as u32
}

/// The `f64` in a word.
#[inline(always)]
pub const fn to_f64(w: u64) -> f64 {
    f64::from_bits(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i32_words_are_sign_extended() {
        assert_eq!(from_i32(-1), u64::MAX);
        assert_eq!(to_i32(from_i32(i32::MIN)), i32::MIN);
        assert_eq!(from_i32(-5) as i64, -5);
    }

    #[test]
    fn u32_words_are_zero_extended() {
        assert_eq!(from_u32(u32::MAX), 0xffff_ffff);
        assert_eq!(to_u32(from_u32(7)), 7);
    }

    #[test]
    fn f64_and_bool_words() {
        assert_eq!(to_f64(from_f64(-2.5)), -2.5);
        assert_eq!(from_bool(true), 1);
        assert_eq!(from_i64(-2) as i64, -2);
    }
}
