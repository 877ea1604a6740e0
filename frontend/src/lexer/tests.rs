//! Lexer unit tests: tokens, layout, literals and lexical errors.

use super::{lex, Keyword, TokenKind};
use crate::ast::NumSuffix;
use crate::source::FileId;

fn kinds(text: &str) -> Vec<TokenKind> {
    lex(FileId(0), text).0.into_iter().map(|t| t.kind).collect()
}

fn errors(text: &str) -> Vec<String> {
    lex(FileId(0), text)
        .1
        .into_iter()
        .map(|d| d.message)
        .collect()
}

fn int(value: u64) -> TokenKind {
    TokenKind::Int {
        value,
        hex: false,
        suffix: None,
    }
}

fn ident(name: &str) -> TokenKind {
    TokenKind::Ident(name.to_string())
}

use TokenKind::{Dedent, Eof, Indent, Newline};

#[test]
fn keywords_names_and_literals() {
    assert_eq!(
        kinds("while timestamp true self_x"),
        vec![
            TokenKind::Kw(Keyword::While),
            ident("timestamp"),
            TokenKind::True,
            ident("self_x"),
            Newline,
            Eof
        ]
    );
    assert_eq!(Keyword::from_word("matches"), Some(Keyword::Matches));
    assert_eq!(Keyword::from_word("let"), None);
}

#[test]
fn operators_longest_match() {
    use TokenKind::*;
    assert_eq!(
        kinds("a := b -> c .. d == e != f <= g >= h += -= *= /= %="),
        vec![
            ident("a"),
            ColonEq,
            ident("b"),
            Arrow,
            ident("c"),
            DotDot,
            ident("d"),
            EqEq,
            ident("e"),
            NotEq,
            ident("f"),
            Le,
            ident("g"),
            Ge,
            ident("h"),
            PlusEq,
            MinusEq,
            StarEq,
            SlashEq,
            PercentEq,
            Newline,
            Eof
        ]
    );
}

#[test]
fn indentation_produces_indent_and_dedent() {
    assert_eq!(
        kinds("a\n  b\n    c\nd\n"),
        vec![
            ident("a"),
            Newline,
            Indent,
            ident("b"),
            Newline,
            Indent,
            ident("c"),
            Newline,
            Dedent,
            Dedent,
            ident("d"),
            Newline,
            Eof
        ]
    );
}

#[test]
fn tab_counts_four_columns() {
    assert_eq!(
        kinds("a\n\tb\n    c\n"),
        vec![
            ident("a"),
            Newline,
            Indent,
            ident("b"),
            Newline,
            ident("c"),
            Newline,
            Dedent,
            Eof
        ]
    );
}

#[test]
fn blank_and_comment_lines_do_not_count() {
    let text = "a\n      \n   // note\n  /* x */  \n\n  b\n";
    assert_eq!(
        kinds(text),
        vec![
            ident("a"),
            Newline,
            Indent,
            ident("b"),
            Newline,
            Dedent,
            Eof
        ]
    );
}

#[test]
fn crlf_line_endings() {
    assert_eq!(
        kinds("a\r\n  b\r\n"),
        vec![
            ident("a"),
            Newline,
            Indent,
            ident("b"),
            Newline,
            Dedent,
            Eof
        ]
    );
}

#[test]
fn no_layout_inside_brackets() {
    let tokens = lex(FileId(0), "x = [\n    1,\n  2]\ny").0;
    let kinds: Vec<_> = tokens.iter().map(|t| t.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            ident("x"),
            TokenKind::Assign,
            TokenKind::LBracket,
            int(1),
            TokenKind::Comma,
            int(2),
            TokenKind::RBracket,
            Newline,
            ident("y"),
            Newline,
            Eof
        ]
    );
    assert!(tokens[3].line_break_before);
    assert!(!tokens[4].line_break_before);
}

#[test]
fn inconsistent_dedent_is_an_error() {
    assert_eq!(
        errors("a\n    b\n  c\n"),
        vec!["Inconsistent indentation: this line does not line up with any enclosing block."]
    );
}

#[test]
fn block_comment_mid_expression() {
    assert_eq!(
        kinds("a /* note */ + b"),
        vec![ident("a"), TokenKind::Plus, ident("b"), Newline, Eof]
    );
    assert_eq!(
        errors("a /* open"),
        vec!["Unterminated block comment: this '/*' has no closing '*/'"]
    );
    assert_eq!(kinds("/* a /* b */ c"), vec![ident("c"), Newline, Eof]);
}

#[test]
fn decimal_and_hex_integers() {
    assert_eq!(kinds("1_000_000")[0], int(1_000_000));
    assert_eq!(
        kinds("0xdead_BEEF")[0],
        TokenKind::Int {
            value: 0xdead_beef,
            hex: true,
            suffix: None
        }
    );
    assert_eq!(
        kinds("0x1f64")[0],
        TokenKind::Int {
            value: 0x1f64,
            hex: true,
            suffix: None
        }
    );
    assert_eq!(
        kinds("0xFFu32")[0],
        TokenKind::Int {
            value: 255,
            hex: true,
            suffix: Some(NumSuffix::U32)
        }
    );
    assert_eq!(kinds("18446744073709551615")[0], int(u64::MAX));
}

#[test]
fn suffixes_are_adjacent() {
    assert_eq!(
        kinds("7u32 10i64 3f64")[..3],
        [
            TokenKind::Int {
                value: 7,
                hex: false,
                suffix: Some(NumSuffix::U32)
            },
            TokenKind::Int {
                value: 10,
                hex: false,
                suffix: Some(NumSuffix::I64)
            },
            TokenKind::Int {
                value: 3,
                hex: false,
                suffix: Some(NumSuffix::F64)
            },
        ]
    );
    assert_eq!(errors("5u"), vec!["invalid numeric literal suffix 'u'"]);
    assert_eq!(errors("5i8"), vec!["invalid numeric literal suffix 'i8'"]);
}

#[test]
fn floats_need_digits_on_both_sides() {
    assert_eq!(
        kinds("0..10"),
        vec![int(0), TokenKind::DotDot, int(10), Newline, Eof]
    );
    let float = |value| TokenKind::Float {
        value,
        suffix: None,
    };
    assert_eq!(kinds("3.25")[0], float(3.25));
    assert_eq!(kinds("6.02e23")[0], float(6.02e23));
    assert_eq!(kinds("1e-9")[0], float(1e-9));
    assert_eq!(kinds("2E2")[0], float(200.0));
    assert_eq!(kinds("1.")[..2], [int(1), TokenKind::Dot]);
}

#[test]
fn binary_prefix_is_a_zero_then_a_name() {
    assert_eq!(kinds("0b101")[..2], [int(0), ident("b101")]);
    assert!(errors("0b101").is_empty());
}

#[test]
fn malformed_numbers() {
    assert_eq!(
        errors("007"),
        vec!["Invalid numeric literal '007': leading zeros are not allowed"]
    );
    assert_eq!(
        errors("1__0"),
        vec!["Invalid numeric literal: '_' must sit between two digits"; 2]
    );
    assert_eq!(
        errors("1_"),
        vec!["Invalid numeric literal: '_' must sit between two digits"]
    );
    assert_eq!(
        errors("1e+"),
        vec!["Invalid numeric literal: the exponent needs digits"]
    );
    assert_eq!(
        errors("0x"),
        vec!["Invalid hex literal '0x': expected hex digits after '0x'"]
    );
    assert_eq!(errors("18446744073709551616").len(), 1);
    assert_eq!(errors("0x1_0000_0000_0000_0000").len(), 1);
    assert!(errors("0x0000_FFFF_FFFF_FFFF_FFFF").is_empty());
}

#[test]
fn strings_and_escapes() {
    assert_eq!(
        kinds(r#""a\n\t\r\\\"\0é""#)[0],
        TokenKind::Str(b"a\n\t\r\\\"\0\xc3\xa9".to_vec())
    );
    assert_eq!(
        kinds("\"two\nlines\"")[0],
        TokenKind::Str(b"two\nlines".to_vec())
    );
    assert_eq!(
        errors(r#""\x41""#),
        vec![r#"Invalid escape sequence '\x': only \n \t \r \\ \" and \0 are allowed"#]
    );
    assert_eq!(
        errors("\"open"),
        vec!["Unterminated string literal: this '\"' is never closed"]
    );
}

#[test]
fn forbidden_characters() {
    for text in [
        "a & b", "a | b", "a ^ b", "~a", "!a", "a?", "@a", "a << 1", "a >> 1", "é",
    ] {
        assert_eq!(errors(text).len(), 1, "{text}");
    }
    assert_eq!(errors("a && b").len(), 1);
    assert!(kinds("a & b").contains(&TokenKind::Error));
    assert!(errors("// ünïcode & ! ?\n\"ü & !\"").is_empty());
}

#[test]
fn label_quote() {
    assert_eq!(
        kinds("break 'outer")[..3],
        [
            TokenKind::Kw(Keyword::Break),
            TokenKind::Quote,
            ident("outer")
        ]
    );
}

#[test]
fn garbage_never_panics() {
    let text: String = (0u32..2000)
        .map(|i| char::from_u32((i * 7919) % 0x2FF).unwrap_or('x'))
        .collect();
    let (tokens, _) = lex(FileId(0), &text);
    assert_eq!(tokens.last().map(|t| t.kind.clone()), Some(Eof));
}

#[test]
fn unclosed_bracket_ends_before_a_statement_keyword() {
    assert_eq!(
        kinds("x = f(1\nprint(x)\n"),
        vec![
            ident("x"),
            TokenKind::Assign,
            ident("f"),
            TokenKind::LParen,
            int(1),
            Newline,
            TokenKind::Kw(Keyword::Print),
            TokenKind::LParen,
            ident("x"),
            TokenKind::RParen,
            Newline,
            Eof
        ]
    );
    assert_eq!(
        kinds("x = (a\n  if c\n  else b)")[..6],
        [
            ident("x"),
            TokenKind::Assign,
            TokenKind::LParen,
            ident("a"),
            TokenKind::Kw(Keyword::If),
            ident("c")
        ]
    );
    let function_type = kinds("t: [\n    fn(i32) -> i32\n] = x");
    assert_eq!(function_type.iter().filter(|t| **t == Newline).count(), 1);
}
