//! Token kinds and the 26 keywords of §2.4.

use crate::ast::NumSuffix;
use crate::source::Span;

/// One of the 26 reserved words of §2.4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    /// `and`
    And,
    /// `as`
    As,
    /// `break`
    Break,
    /// `catch`
    Catch,
    /// `continue`
    Continue,
    /// `elif`
    Elif,
    /// `else`
    Else,
    /// `enum`
    Enum,
    /// `fn`
    Fn,
    /// `for`
    For,
    /// `if`
    If,
    /// `impl`
    Impl,
    /// `in`
    In,
    /// `match`
    Match,
    /// `matches`
    Matches,
    /// `mut`
    Mut,
    /// `not`
    Not,
    /// `or`
    Or,
    /// `pass`
    Pass,
    /// `print`
    Print,
    /// `pub`
    Pub,
    /// `return`
    Return,
    /// `struct`
    Struct,
    /// `try`
    Try,
    /// `use`
    Use,
    /// `while`
    While,
}

/// Every keyword with its spelling.
const KEYWORDS: [(Keyword, &str); 26] = [
    (Keyword::And, "and"),
    (Keyword::As, "as"),
    (Keyword::Break, "break"),
    (Keyword::Catch, "catch"),
    (Keyword::Continue, "continue"),
    (Keyword::Elif, "elif"),
    (Keyword::Else, "else"),
    (Keyword::Enum, "enum"),
    (Keyword::Fn, "fn"),
    (Keyword::For, "for"),
    (Keyword::If, "if"),
    (Keyword::Impl, "impl"),
    (Keyword::In, "in"),
    (Keyword::Match, "match"),
    (Keyword::Matches, "matches"),
    (Keyword::Mut, "mut"),
    (Keyword::Not, "not"),
    (Keyword::Or, "or"),
    (Keyword::Pass, "pass"),
    (Keyword::Print, "print"),
    (Keyword::Pub, "pub"),
    (Keyword::Return, "return"),
    (Keyword::Struct, "struct"),
    (Keyword::Try, "try"),
    (Keyword::Use, "use"),
    (Keyword::While, "while"),
];

impl Keyword {
    /// The keyword spelled `word`, if it is one.
    pub fn from_word(word: &str) -> Option<Keyword> {
        KEYWORDS.iter().find(|(_, w)| *w == word).map(|(k, _)| *k)
    }

    /// How the keyword is written.
    pub fn as_str(self) -> &'static str {
        KEYWORDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, w)| w)
    }
}

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// Integer literal; the value is the magnitude as written.
    Int {
        /// The value (saturated after an out-of-range error).
        value: u64,
        /// Written in hex.
        hex: bool,
        /// An adjacent suffix.
        suffix: Option<NumSuffix>,
    },
    /// Float literal.
    Float {
        /// The value.
        value: f64,
        /// An adjacent suffix.
        suffix: Option<NumSuffix>,
    },
    /// String literal with escapes decoded.
    Str(Vec<u8>),
    /// A name.
    Ident(String),
    /// A reserved word.
    Kw(Keyword),
    /// `true`
    True,
    /// `false`
    False,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `:=`
    ColonEq,
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// `->`
    Arrow,
    /// `=`
    Assign,
    /// `+=`
    PlusEq,
    /// `-=`
    MinusEq,
    /// `*=`
    StarEq,
    /// `/=`
    SlashEq,
    /// `%=`
    PercentEq,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `==`
    EqEq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `'` before a loop label.
    Quote,
    /// End of a logical line.
    Newline,
    /// Start of an indented block.
    Indent,
    /// End of an indented block.
    Dedent,
    /// A character the lexer already reported; the parser skips its statement silently.
    Error,
    /// End of file.
    Eof,
}

impl TokenKind {
    /// How diagnostics name the token (`COLON`, `NEWLINE`, `IDENTIFIER 'x'`, ...).
    pub fn describe(&self) -> String {
        use TokenKind::*;
        let fixed = match self {
            Int { .. } | Float { .. } => "NUMBER",
            Str(_) => "STRING",
            Ident(name) => return format!("IDENTIFIER '{name}'"),
            Kw(keyword) => return format!("keyword '{}'", keyword.as_str()),
            True => "TRUE",
            False => "FALSE",
            LParen => "LEFT_PAREN",
            RParen => "RIGHT_PAREN",
            LBracket => "LEFT_BRACKET",
            RBracket => "RIGHT_BRACKET",
            LBrace => "LEFT_BRACE",
            RBrace => "RIGHT_BRACE",
            Comma => "COMMA",
            Semi => "SEMICOLON",
            Colon => "COLON",
            ColonEq => "COLON_EQUAL",
            Dot => "DOT",
            DotDot => "DOT_DOT",
            Arrow => "ARROW",
            Assign => "EQUAL",
            PlusEq => "PLUS_EQUAL",
            MinusEq => "MINUS_EQUAL",
            StarEq => "STAR_EQUAL",
            SlashEq => "SLASH_EQUAL",
            PercentEq => "PERCENT_EQUAL",
            Plus => "PLUS",
            Minus => "MINUS",
            Star => "STAR",
            Slash => "SLASH",
            Percent => "PERCENT",
            EqEq => "EQUAL_EQUAL",
            NotEq => "BANG_EQUAL",
            Lt => "LESS",
            Le => "LESS_EQUAL",
            Gt => "GREATER",
            Ge => "GREATER_EQUAL",
            Quote => "QUOTE",
            Newline => "NEWLINE",
            Indent => "INDENT",
            Dedent => "DEDENT",
            Error => "ERROR",
            Eof => "EOF",
        };
        fixed.to_string()
    }
}

/// One token with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it was written (layout tokens: the line break, the indentation, or empty).
    pub span: Span,
    /// A line break (also one inside brackets) comes between this token and the previous one.
    pub line_break_before: bool,
}
