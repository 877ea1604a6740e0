//! Numeric and string literals (§2.5–§2.7): digit and underscore rules, suffixes, escapes.

use super::{Lexer, TokenKind};
use crate::ast::NumSuffix;
use crate::diagnostics::codes;

/// The largest number of significant hex digits that fit in 64 bits.
const MAX_HEX_DIGITS: usize = 16;

impl Lexer<'_> {
    /// Lexes a decimal or hex number with its suffix.
    pub(super) fn number(&mut self) {
        let start = self.pos;
        let is_hex = self.src[start] == b'0' && matches!(self.peek(1), Some(b'x' | b'X'));
        let kind = if is_hex {
            self.hex_number(start)
        } else {
            self.decimal_number(start)
        };
        self.push(kind, start, self.pos);
    }

    fn hex_number(&mut self, start: usize) -> TokenKind {
        self.pos += 2;
        let digits_start = self.pos;
        self.digit_run(|b| b.is_ascii_hexdigit());
        let digits: String = self.text[digits_start..self.pos]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        let suffix = self.suffix(start, |b| matches!(b, b'i' | b'u'));
        let written = &self.text[start..self.pos];
        let significant = digits.trim_start_matches('0');
        let value = if digits.is_empty() {
            self.error(
                codes::BAD_SYNTAX,
                start,
                self.pos,
                format!("Invalid hex literal '{written}': expected hex digits after '0x'"),
            );
            0
        } else if significant.len() > MAX_HEX_DIGITS {
            self.error(
                codes::BAD_SYNTAX,
                start,
                self.pos,
                format!("literal out of range: hex literal '{written}' is wider than 64 bits"),
            );
            u64::MAX
        } else {
            u64::from_str_radix(&digits, 16).unwrap_or(u64::MAX)
        };
        TokenKind::Int {
            value,
            hex: true,
            suffix,
        }
    }

    fn decimal_number(&mut self, start: usize) -> TokenKind {
        self.digit_run(|b| b.is_ascii_digit());
        let int_end = self.pos;
        let mut is_float = false;
        if self.peek(0) == Some(b'.') && self.peek(1).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
            self.digit_run(|b| b.is_ascii_digit());
            is_float = true;
        }
        if matches!(self.peek(0), Some(b'e' | b'E')) {
            is_float |= self.exponent();
        }
        let number_end = self.pos;
        let suffix = self.suffix(start, |b| matches!(b, b'i' | b'u' | b'f'));
        let written = &self.text[start..self.pos];
        let int_part = &self.text[start..int_end];
        if int_part.len() > 1 && int_part.starts_with('0') {
            self.error(
                codes::BAD_SYNTAX,
                start,
                self.pos,
                format!("Invalid numeric literal '{written}': leading zeros are not allowed"),
            );
        }
        let digits: String = self.text[start..number_end]
            .chars()
            .filter(|&c| c != '_')
            .collect();
        if is_float {
            // A malformed exponent was reported already; it must not also read as out of range.
            let value = digits.parse::<f64>().unwrap_or(0.0);
            if value.is_infinite() {
                self.error(
                    codes::BAD_SYNTAX,
                    start,
                    self.pos,
                    format!("literal out of range: '{written}' is too large for an f64"),
                );
            }
            return TokenKind::Float { value, suffix };
        }
        let value = digits.parse::<u64>().unwrap_or_else(|_| {
            self.error(
                codes::BAD_SYNTAX,
                start,
                self.pos,
                format!("literal out of range: '{written}' is larger than 18446744073709551615"),
            );
            u64::MAX
        });
        TokenKind::Int {
            value,
            hex: false,
            suffix,
        }
    }

    /// Consumes digits and underscores; an underscore must sit between two digits.
    fn digit_run(&mut self, is_digit: impl Fn(u8) -> bool) {
        let start = self.pos;
        while self.peek(0).is_some_and(|b| is_digit(b) || b == b'_') {
            if self.peek(0) == Some(b'_') {
                let before = self.pos > start && is_digit(self.src[self.pos - 1]);
                let after = self.peek(1).is_some_and(&is_digit);
                if !(before && after) {
                    self.error(
                        codes::BAD_SYNTAX,
                        self.pos,
                        self.pos + 1,
                        "Invalid numeric literal: '_' must sit between two digits",
                    );
                }
            }
            self.pos += 1;
        }
    }

    /// Consumes an exponent after `e`/`E`; returns false (consuming nothing) when the letter
    /// starts a name instead.
    fn exponent(&mut self) -> bool {
        let sign = matches!(self.peek(1), Some(b'+' | b'-'));
        let digit_at = if sign { 2 } else { 1 };
        if self.peek(digit_at).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += digit_at;
            self.digit_run(|b| b.is_ascii_digit());
            return true;
        }
        if sign {
            self.error(
                codes::BAD_SYNTAX,
                self.pos,
                self.pos + 2,
                "Invalid numeric literal: the exponent needs digits",
            );
            self.pos += 2;
            return true;
        }
        false
    }

    /// Consumes an adjacent suffix when the next letter may start one (`starts`).
    fn suffix(&mut self, start: usize, starts: impl Fn(u8) -> bool) -> Option<NumSuffix> {
        if !self.peek(0).is_some_and(starts) {
            return None;
        }
        let suffix_start = self.pos;
        while self
            .peek(0)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        let suffix = match &self.text[suffix_start..self.pos] {
            "i32" => Some(NumSuffix::I32),
            "i64" => Some(NumSuffix::I64),
            "u32" => Some(NumSuffix::U32),
            "u64" => Some(NumSuffix::U64),
            "f64" => Some(NumSuffix::F64),
            _ => None,
        };
        if suffix.is_none() {
            let written = &self.text[suffix_start..self.pos];
            self.error(
                codes::BAD_SYNTAX,
                start,
                self.pos,
                format!("invalid numeric literal suffix '{written}'"),
            );
        }
        suffix
    }

    /// Lexes a string literal, decoding the six escapes of §2.7.
    pub(super) fn string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        let mut value = Vec::new();
        loop {
            match self.peek(0) {
                None => {
                    self.error(
                        codes::BAD_SYNTAX,
                        start,
                        start + 1,
                        "Unterminated string literal: this '\"' is never closed",
                    );
                    break;
                }
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => self.escape(&mut value),
                Some(b) => {
                    value.push(b);
                    self.pos += 1;
                }
            }
        }
        self.push(TokenKind::Str(value), start, self.pos);
    }

    fn escape(&mut self, value: &mut Vec<u8>) {
        let decoded = match self.peek(1) {
            Some(b'n') => b'\n',
            Some(b't') => b'\t',
            Some(b'r') => b'\r',
            Some(b'\\') => b'\\',
            Some(b'"') => b'"',
            Some(b'0') => 0,
            None => {
                self.pos += 1;
                return;
            }
            Some(_) => {
                let ch = self.text[self.pos + 1..].chars().next().unwrap_or('?');
                let end = self.pos + 1 + ch.len_utf8();
                let written = &self.text[self.pos..end];
                self.error(
                    codes::BAD_SYNTAX,
                    self.pos,
                    end,
                    format!(
                        "Invalid escape sequence '{written}': only \\n \\t \\r \\\\ \\\" and \\0 are allowed"
                    ),
                );
                self.pos = end;
                return;
            }
        };
        value.push(decoded);
        self.pos += 2;
    }
}
