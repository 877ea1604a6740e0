//! Value formatting (LANGUAGE.md §16) and the C-compatible float conversions it is built on
//! (`%.17g`, `%.17f`, `%g`, `%.Nf`), implemented on top of Rust's correctly rounded
//! (round-half-to-even on the exact binary value) formatting, exactly like glibc.

use orus_abi::types::TypeTag;

/// Precision beyond which every further decimal of an `f64` is zero (the longest exact
/// expansion has 1074 decimals), so larger requests are padded with zeros.
const MAX_EXACT_DECIMALS: usize = 1100;

/// `print` rendering of an `f64` (§16): `nan`, `inf`, `-inf`, `0` for any zero, `%.17g` when
/// `0 < |x| < 1e-4`, otherwise `%.17f` without trailing zeros and trailing `.`.
pub fn format_f64(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if x.abs() < 1e-4 {
        return format_g(x, 17);
    }
    let mut text = format!("{x:.17}");
    strip_fraction_zeros(&mut text);
    text
}

/// C `%g` (6 significant digits) of an `f64`, used by `as string` and `assert_eq`:
/// `inf`/`-inf`, and `nan`/`-nan` by the sign bit.
pub fn format_f64_g(x: f64) -> String {
    format_g(x, 6)
}

/// C `%.<precision>g` with glibc's spelling of NaN and infinities.
pub fn format_g(x: f64, precision: usize) -> String {
    if let Some(special) = non_finite(x) {
        return special.to_string();
    }
    let precision = precision.clamp(1, MAX_EXACT_DECIMALS);
    let scientific = format!("{:.*e}", precision - 1, x);
    let (mantissa, exponent) = match scientific.split_once('e') {
        Some((mantissa, exponent)) => (mantissa, exponent.parse::<i64>().unwrap_or(0)),
        None => (scientific.as_str(), 0),
    };
    if exponent >= -4 && exponent < precision as i64 {
        let decimals = (precision as i64 - 1 - exponent) as usize;
        let mut text = format!("{x:.decimals$}");
        strip_fraction_zeros(&mut text);
        text
    } else {
        let mut text = mantissa.to_string();
        strip_fraction_zeros(&mut text);
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{text}e{sign}{:02}", exponent.unsigned_abs())
    }
}

/// C `%.<decimals>f` with glibc's spelling of NaN and infinities (`@.Nf` in `print`).
pub fn format_fixed(x: f64, decimals: usize) -> String {
    if let Some(special) = non_finite(x) {
        return special.to_string();
    }
    if decimals <= MAX_EXACT_DECIMALS {
        return format!("{x:.decimals$}");
    }
    let mut text = format!("{x:.MAX_EXACT_DECIMALS$}");
    text.extend(std::iter::repeat_n('0', decimals - MAX_EXACT_DECIMALS));
    text
}

/// Decimal text of an integer or bool, [`format_f64`] of a float; the scalar part of §16.
pub fn scalar_text(tag: TypeTag, bits: u64) -> String {
    match tag {
        TypeTag::I32 => (bits as i32).to_string(),
        TypeTag::I64 => (bits as i64).to_string(),
        TypeTag::U32 => (bits as u32).to_string(),
        TypeTag::F64 => format_f64(f64::from_bits(bits)),
        TypeTag::Bool => if bits != 0 { "true" } else { "false" }.to_string(),
        _ => bits.to_string(),
    }
}

fn non_finite(x: f64) -> Option<&'static str> {
    match (x.is_nan(), x.is_infinite(), x.is_sign_negative()) {
        (true, _, false) => Some("nan"),
        (true, _, true) => Some("-nan"),
        (_, true, false) => Some("inf"),
        (_, true, true) => Some("-inf"),
        _ => None,
    }
}

/// Removes trailing zeros after a decimal point, then the point itself if nothing follows.
fn strip_fraction_zeros(text: &mut String) {
    if text.contains('.') {
        let kept = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(kept);
    }
}

// The spec's examples use literals such as 3.14 that clippy mistakes for PI.
#[cfg(test)]
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;

    #[test]
    fn print_algorithm_matches_the_spec_examples() {
        let cases = [
            (3.14, "3.14000000000000012"),
            (0.1, "0.10000000000000001"),
            (0.1 + 0.2, "0.30000000000000004"),
            (2.5, "2.5"),
            (5.0, "5"),
            (-2.0, "-2"),
            (100.25, "100.25"),
            (0.0001, "0.0001"),
            (123456789.123, "123456789.12299999594688416"),
            (1e21, "1000000000000000000000"),
            (0.00001, "1.0000000000000001e-05"),
            (-0.00005, "-5.0000000000000002e-05"),
            (0.0, "0"),
            (-0.0, "0"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (9007199254740992.0, "9007199254740992"),
            (1e308 * 10.0, "inf"),
            (5e-324, "4.9406564584124654e-324"),
            (1.0 + 2f64.powi(-18), "1.00000381469726562"),
        ];
        for (x, expected) in cases {
            assert_eq!(format_f64(x), expected, "format_f64({x:e})");
        }
    }

    #[test]
    fn percent_g_matches_the_spec_examples() {
        let cases = [
            (3.14159265, "3.14159"),
            (1e20, "1e+20"),
            (1234567.0, "1.23457e+06"),
            (0.1, "0.1"),
            (2.0, "2"),
            (-0.0, "-0"),
            (0.0, "0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "-nan"),
            (5000000000.0, "5e+09"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123456.0, "123456"),
            (999999.5, "1e+06"),
            (100000.0, "100000"),
            (1e-300, "1e-300"),
            (-7.5, "-7.5"),
        ];
        for (x, expected) in cases {
            assert_eq!(format_f64_g(x), expected, "format_f64_g({x:e})");
        }
    }

    #[test]
    fn fixed_matches_c() {
        assert_eq!(format_fixed(3.14159, 3), "3.142");
        assert_eq!(format_fixed(3.14159, 2), "3.14");
        assert_eq!(format_fixed(2.5, 0), "2");
        assert_eq!(format_fixed(-0.0, 2), "-0.00");
        assert_eq!(format_fixed(f64::NAN, 2), "nan");
        assert_eq!(format_fixed(f64::NEG_INFINITY, 2), "-inf");
        let long = format_fixed(0.5, 1200);
        assert_eq!(long.len(), 1202);
        assert!(long.starts_with("0.5000"));
    }
}
