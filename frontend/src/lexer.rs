//! The lexer: source bytes → tokens, with indentation turned into `INDENT`/`DEDENT` and line
//! ends into `NEWLINE` (LANGUAGE.md §2). It never stops at an error: every problem becomes a
//! diagnostic and lexing goes on.

mod literal;
mod token;

#[cfg(test)]
mod tests;

pub use token::{Keyword, Token, TokenKind};

use crate::diagnostics::{codes, Diagnostic};
use crate::source::{FileId, Span};

/// Lexes one file into tokens ending with `EOF`, plus every lexical error found.
pub fn lex(file: FileId, text: &str) -> (Vec<Token>, Vec<Diagnostic>) {
    let mut lexer = Lexer {
        src: text.as_bytes(),
        text,
        pos: 0,
        file,
        tokens: Vec::new(),
        diags: Vec::new(),
        indents: vec![0],
        bracket_depth: 0,
        at_line_start: true,
        line_break_before: false,
    };
    lexer.run();
    (lexer.tokens, lexer.diags)
}

/// Lexer state over one file.
struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    file: FileId,
    tokens: Vec<Token>,
    diags: Vec<Diagnostic>,
    /// The indentation stack of §2.9, initially `[0]`.
    indents: Vec<usize>,
    /// Open `(`, `[` and `{`: inside them line breaks are not layout.
    bracket_depth: usize,
    at_line_start: bool,
    /// A line break was skipped since the last token.
    line_break_before: bool,
}

impl Lexer<'_> {
    fn run(&mut self) {
        loop {
            if self.at_line_start && self.bracket_depth == 0 {
                self.at_line_start = false;
                self.indentation();
            }
            self.skip_trivia();
            match self.peek(0) {
                None => break,
                Some(b'\n') => self.line_end(1),
                Some(b'\r') if self.peek(1) == Some(b'\n') => self.line_end(2),
                Some(_) => self.token(),
            }
        }
        let end = self.src.len();
        if self
            .tokens
            .last()
            .is_some_and(|t| t.kind != TokenKind::Newline)
        {
            self.push(TokenKind::Newline, end, end);
        }
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(TokenKind::Dedent, end, end);
        }
        self.push(TokenKind::Eof, end, end);
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.src.get(self.pos + ahead).copied()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn error(&mut self, code: u16, start: usize, end: usize, message: impl Into<String>) {
        let span = self.span(start, end);
        self.diags.push(Diagnostic::new(code, span, message));
    }

    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        let line_break_before = std::mem::take(&mut self.line_break_before);
        self.tokens.push(Token {
            kind,
            span: self.span(start, end),
            line_break_before,
        });
    }

    /// Consumes a line break of `len` bytes: `NEWLINE` at bracket depth 0 after a non-blank
    /// line, nothing inside brackets.
    fn line_end(&mut self, len: usize) {
        let start = self.pos;
        self.pos += len;
        if self.bracket_depth > 0 && !self.next_line_starts_statement() {
            self.line_break_before = true;
            return;
        }
        self.bracket_depth = 0;
        let after_line = self
            .tokens
            .last()
            .is_some_and(|t| t.kind != TokenKind::Newline);
        if after_line {
            // Empty, so that diagnostics at a line end point at one line only.
            self.push(TokenKind::Newline, start, start);
        }
        self.line_break_before = true;
        self.at_line_start = true;
    }

    /// Whether the next line starts with a keyword that only ever begins a statement. An
    /// unclosed bracket then ends at this line break instead of swallowing the rest of the
    /// file, so the parser reports the missing bracket and goes on with the next statement.
    fn next_line_starts_statement(&self) -> bool {
        let rest = &self.src[self.pos..];
        let indent = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let word_len = rest[indent..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
            .count();
        let word_end = self.pos + indent + word_len;
        let word = &self.text[self.pos + indent..word_end];
        // `fn(` may be a function type inside a multi-line array type; `fn name` may not.
        let named_fn = word == "fn"
            && self.src[word_end..]
                .iter()
                .find(|b| !matches!(b, b' ' | b'\t'))
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_');
        named_fn
            || matches!(
                Keyword::from_word(word),
                Some(
                    Keyword::Struct
                        | Keyword::Enum
                        | Keyword::Impl
                        | Keyword::Use
                        | Keyword::Pub
                        | Keyword::While
                        | Keyword::For
                        | Keyword::Return
                        | Keyword::Try
                        | Keyword::Catch
                        | Keyword::Print
                        | Keyword::Break
                        | Keyword::Continue
                        | Keyword::Pass
                        | Keyword::Elif
                )
            )
    }

    /// Measures the indentation of a new line and emits `INDENT`/`DEDENT` (§2.9).
    fn indentation(&mut self) {
        let line_start = self.pos;
        let mut width = 0;
        while let Some(b) = self.peek(0) {
            match b {
                b' ' => width += 1,
                b'\t' => width += 4,
                b'\r' if self.peek(1) != Some(b'\n') => {}
                _ => break,
            }
            self.pos += 1;
        }
        if self.rest_of_line_is_blank() {
            return;
        }
        let top = self.indents.last().copied().unwrap_or(0);
        if width > top {
            self.indents.push(width);
            self.push(TokenKind::Indent, line_start, self.pos);
            return;
        }
        while self.indents.last().is_some_and(|&t| t > width) {
            self.indents.pop();
            self.push(TokenKind::Dedent, self.pos, self.pos);
        }
        if self.indents.last().copied().unwrap_or(0) != width {
            let end = self.token_end_guess();
            self.error(
                codes::INDENTATION,
                self.pos,
                end,
                "Inconsistent indentation: this line does not line up with any enclosing block.",
            );
        }
    }

    /// The end of the word at the current position, for pointing at a line's first token.
    fn token_end_guess(&self) -> usize {
        let mut end = self.pos;
        while end < self.src.len() && !self.src[end].is_ascii_whitespace() {
            end += 1;
        }
        end.max(self.pos + 1).min(self.src.len())
    }

    /// Whether only whitespace and comments follow on this line (a blank line, §2.2).
    fn rest_of_line_is_blank(&self) -> bool {
        let mut i = self.pos;
        loop {
            match self.src.get(i..).unwrap_or_default() {
                [] | [b'\n', ..] | [b'\r', b'\n', ..] | [b'/', b'/', ..] => return true,
                [b' ' | b'\t' | b'\r', ..] => i += 1,
                [b'/', b'*', ..] => match find(self.src, i + 2, b"*/") {
                    Some(close) => i = close + 2,
                    None => return true,
                },
                _ => return false,
            }
        }
    }

    /// Skips spaces, tabs, lone carriage returns and comments (not line breaks).
    fn skip_trivia(&mut self) {
        loop {
            match self.src.get(self.pos..).unwrap_or_default() {
                [b' ' | b'\t', ..] => self.pos += 1,
                [b'\r', next, ..] if *next != b'\n' => self.pos += 1,
                [b'\r'] => self.pos += 1,
                [b'/', b'/', ..] => {
                    while self.peek(0).is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                [b'/', b'*', ..] => self.block_comment(),
                _ => return,
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        match find(self.src, start + 2, b"*/") {
            Some(close) => {
                if self.src[start..close].contains(&b'\n') {
                    self.line_break_before = true;
                }
                self.pos = close + 2;
            }
            None => {
                self.error(
                    codes::BAD_SYNTAX,
                    start,
                    start + 2,
                    "Unterminated block comment: this '/*' has no closing '*/'",
                );
                self.pos = self.src.len();
            }
        }
    }

    /// Lexes one token starting at a non-trivia byte.
    fn token(&mut self) {
        let start = self.pos;
        let b = self.src[start];
        if b.is_ascii_alphabetic() || b == b'_' {
            return self.word();
        }
        if b.is_ascii_digit() {
            return self.number();
        }
        if b == b'"' {
            return self.string();
        }
        if let Some((kind, len)) = self.punctuation() {
            match kind {
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => {
                    self.bracket_depth += 1
                }
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    self.bracket_depth = self.bracket_depth.saturating_sub(1)
                }
                _ => {}
            }
            self.pos += len;
            return self.push(kind, start, start + len);
        }
        self.bad_character();
    }

    fn word(&mut self) {
        let start = self.pos;
        while self
            .peek(0)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        let text = &self.text[start..self.pos];
        let kind = match text {
            "true" => TokenKind::True,
            "false" => TokenKind::False,
            _ => match Keyword::from_word(text) {
                Some(keyword) => TokenKind::Kw(keyword),
                None => TokenKind::Ident(text.to_string()),
            },
        };
        self.push(kind, start, self.pos);
    }

    /// Operators and separators, longest match first; `None` for a forbidden character.
    fn punctuation(&self) -> Option<(TokenKind, usize)> {
        use TokenKind::*;
        let second = self.peek(1);
        let with_eq = |plain: TokenKind, assign: TokenKind| {
            if second == Some(b'=') {
                Some((assign, 2))
            } else {
                Some((plain, 1))
            }
        };
        match self.src[self.pos] {
            b'(' => Some((LParen, 1)),
            b')' => Some((RParen, 1)),
            b'[' => Some((LBracket, 1)),
            b']' => Some((RBracket, 1)),
            b'{' => Some((LBrace, 1)),
            b'}' => Some((RBrace, 1)),
            b',' => Some((Comma, 1)),
            b';' => Some((Semi, 1)),
            b'\'' => Some((Quote, 1)),
            b'.' if second == Some(b'.') => Some((DotDot, 2)),
            b'.' => Some((Dot, 1)),
            b':' => with_eq(Colon, ColonEq),
            b'-' if second == Some(b'>') => Some((Arrow, 2)),
            b'-' => with_eq(Minus, MinusEq),
            b'+' => with_eq(Plus, PlusEq),
            b'*' => with_eq(Star, StarEq),
            b'/' => with_eq(Slash, SlashEq),
            b'%' => with_eq(Percent, PercentEq),
            b'=' => with_eq(Assign, EqEq),
            b'!' if second == Some(b'=') => Some((NotEq, 2)),
            b'<' if second == Some(b'<') => None,
            b'<' => with_eq(Lt, Le),
            b'>' if second == Some(b'>') => None,
            b'>' => with_eq(Gt, Ge),
            _ => None,
        }
    }

    /// Reports a character Orus does not allow outside strings and comments and emits an
    /// `Error` token so the parser skips the statement without a second diagnostic.
    fn bad_character(&mut self) {
        let start = self.pos;
        let rest = &self.text[start..];
        let ch = rest.chars().next().unwrap_or('\u{fffd}');
        let message = match ch {
            '<' | '>' => {
                self.pos += 2;
                format!(
                    "'{}' is not an Orus operator: there are no shift operators; use '*' and '/' on unsigned values",
                    &rest[..2]
                )
            }
            '&' | '|' | '^' | '~' | '!' | '?' | '@' => {
                let run = rest.chars().take_while(|&c| c == ch).count();
                self.pos += run;
                forbidden_message(ch, &rest[..run])
            }
            _ if ch.is_ascii() => {
                self.pos += 1;
                format!("Unexpected character '{}'", ch.escape_default())
            }
            _ => {
                self.pos += ch.len_utf8();
                format!(
                    "Unexpected character '{ch}': non-ASCII text is only allowed in strings and comments"
                )
            }
        };
        self.error(codes::BAD_SYNTAX, start, self.pos, message);
        self.push(TokenKind::Error, start, self.pos);
    }
}

/// The message for one of the forbidden characters of §2.8.
fn forbidden_message(ch: char, written: &str) -> String {
    let hint = match ch {
        '!' => "use 'not' for negation",
        '&' => "use 'and'",
        '|' => "use 'or'",
        '?' => "Orus has no optional types and no '?' operator",
        '@' => "'@' only has a meaning inside a print format string",
        _ => "Orus has no bitwise operators; use '*', '/' and '%' on unsigned values",
    };
    format!("'{written}' is not allowed in Orus: {hint}")
}

/// The position of `needle` in `src` at or after `from`.
fn find(src: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    src.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}
