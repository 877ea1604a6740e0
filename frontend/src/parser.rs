//! The parser: tokens → [`ast::Module`], by recursive descent over the grammar of
//! LANGUAGE.md §3. After a syntax error it skips to the next statement and goes on, so one run
//! reports every error of a file.
//!
//! Decisions the spec leaves to the parser:
//! * A `-` in unary position is folded into a directly following numeric literal token even when
//!   whitespace separates them (`- 5` is the literal `-5`): "directly before" is read in token
//!   terms. In binary position (`a -1`) `-` is always subtraction.
//! * Suffix checks that need no context (`-1u32`, `3.5i32`, `4294967296u32`) happen here; the
//!   checker does the rest.

mod decl;
mod expr;
mod literal;
mod matching;
mod stmt;
mod types;

#[cfg(test)]
mod tests;

use crate::ast;
use crate::diagnostics::{codes, Diagnostic};
use crate::lexer::{self, Keyword, Token, TokenKind};
use crate::source::{FileId, Span};

/// Lexes and parses one file. Always returns a module (possibly partial) plus every error found.
pub fn parse(file: FileId, text: &str) -> (ast::Module, Vec<Diagnostic>) {
    // Recursive descent needs stack in proportion to nesting; a dedicated thread makes the
    // nesting limit safe whatever thread (a 2 MiB test thread, say) calls the parser.
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .stack_size(PARSER_STACK_BYTES)
            .spawn_scoped(scope, || parse_here(file, text));
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => parse_here(file, text),
        }
    })
}

/// Stack for the parser thread: enough for [`MAX_NESTING`] levels in unoptimised builds.
const PARSER_STACK_BYTES: usize = 64 << 20;

/// [`parse`] on the calling thread.
fn parse_here(file: FileId, text: &str) -> (ast::Module, Vec<Diagnostic>) {
    let (tokens, mut diags) = lexer::lex(file, text);
    let mut parser = Parser::new(file, tokens);
    let items = parser.module();
    diags.append(&mut parser.diags);
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    (ast::Module { file, items }, diags)
}

/// How deeply expressions and blocks may nest before the parser gives up on a statement.
/// Every operator of a chain (`a + b + c`, `a.b.c`) counts as a level, because it deepens
/// the tree that later stages walk recursively.
const MAX_NESTING: u32 = 256;

/// The message for an indented line with no open block above it (§2.9).
const STRAY_INDENT: &str =
    "It looks like this line is indented, but there's no open block above it.";

/// A syntax error was reported; the caller recovers by skipping to the next statement.
#[derive(Debug)]
struct Reported;

/// The result of one parsing step.
type PResult<T> = Result<T, Reported>;

/// Parser state: the token stream, a cursor and the diagnostics found so far.
struct Parser {
    file: FileId,
    tokens: Vec<Token>,
    pos: usize,
    diags: Vec<Diagnostic>,
    /// End of the last consumed token that is not layout, for statement spans.
    prev_end: u32,
    /// The last consumed token was a `DEDENT` (a block just ended).
    after_dedent: bool,
    /// Current nesting of expressions and blocks.
    nesting: u32,
    /// How many call argument lists enclose the current expression (§8.10 fill form).
    call_args: u32,
}

impl Parser {
    fn new(file: FileId, tokens: Vec<Token>) -> Parser {
        Parser {
            file,
            tokens,
            pos: 0,
            diags: Vec::new(),
            prev_end: 0,
            after_dedent: false,
            nesting: 0,
            call_args: 0,
        }
    }

    /// The token `ahead` positions after the cursor (the final `EOF` repeats).
    fn peek_at(&self, ahead: usize) -> &Token {
        let last = self.tokens.len() - 1;
        &self.tokens[(self.pos + ahead).min(last)]
    }

    fn peek(&self) -> &TokenKind {
        &self.peek_at(0).kind
    }

    fn span(&self) -> Span {
        self.peek_at(0).span
    }

    fn at(&self, kind: &TokenKind) -> bool {
        self.peek() == kind
    }

    fn at_kw(&self, keyword: Keyword) -> bool {
        *self.peek() == TokenKind::Kw(keyword)
    }

    /// Consumes the current token.
    fn bump(&mut self) -> Token {
        let token = self.peek_at(0).clone();
        if token.kind != TokenKind::Eof {
            self.pos += 1;
        }
        self.after_dedent = token.kind == TokenKind::Dedent;
        if !matches!(
            token.kind,
            TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent | TokenKind::Eof
        ) {
            self.prev_end = token.span.end;
        }
        token
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        let found = self.at(kind);
        if found {
            self.bump();
        }
        found
    }

    fn eat_kw(&mut self, keyword: Keyword) -> bool {
        self.eat(&TokenKind::Kw(keyword))
    }

    /// A span from `start` to the end of the last consumed token.
    fn since(&self, start: Span) -> Span {
        Span {
            file: self.file,
            start: start.start,
            end: self.prev_end.max(start.start),
        }
    }

    /// Records an error. Errors at an `Error` token are dropped: the lexer reported it.
    fn report(&mut self, diag: Diagnostic) -> Reported {
        if *self.peek() != TokenKind::Error {
            self.diags.push(diag);
        }
        Reported
    }

    /// Reports `message` at the current token with the general syntax error code (1006;
    /// 1002 is kept for the missing `:` of a header, as in §18.3).
    fn error_here(&mut self, message: impl Into<String>) -> Reported {
        let diag = Diagnostic::new(codes::BAD_SYNTAX, self.found_span(), message);
        self.report(diag)
    }

    /// Whether a line break inside brackets (which makes no `NEWLINE` token) comes right
    /// before the current token.
    fn after_hidden_break(&self) -> bool {
        self.peek_at(0).line_break_before
            && self.pos > 0
            && !matches!(
                self.tokens[self.pos - 1].kind,
                TokenKind::Newline | TokenKind::Indent | TokenKind::Dedent
            )
    }

    /// The span to blame for the current token: after a hidden line break, the end of the
    /// previous line.
    fn found_span(&self) -> Span {
        if self.after_hidden_break() {
            let end = self.prev_end as usize;
            return Span::new(self.file, end, end);
        }
        self.peek_at(0).span
    }

    /// How messages name the current token; a token after a hidden line break is `NEWLINE`.
    fn found(&self) -> String {
        if self.after_hidden_break() {
            return "NEWLINE".to_string();
        }
        self.peek_at(0).kind.describe()
    }

    /// Consumes `kind` or reports `Expected <what>, but found <token>`.
    fn expect(&mut self, kind: &TokenKind, what: &str) -> PResult<Token> {
        if self.at(kind) {
            return Ok(self.bump());
        }
        let message = format!("Expected {what}, but found {}", self.found());
        Err(self.error_here(message))
    }

    /// Consumes the bracket `kind` (written `text`) closing the `what` opened at `open`, or
    /// reports the missing bracket (code 1020).
    fn close(&mut self, kind: &TokenKind, text: &str, what: &str, open: Span) -> PResult<Token> {
        if self.at(kind) {
            return Ok(self.bump());
        }
        let message = format!(
            "Expected '{text}' to close this {what}, but found {} instead.",
            self.found()
        );
        // §18.3 names square brackets "brackets" (code 1020); a missing `)` or `}` is
        // ordinary bad syntax.
        let code = if text == "]" {
            codes::UNCLOSED
        } else {
            codes::BAD_SYNTAX
        };
        let diag =
            Diagnostic::new(code, self.found_span(), message).with_label(open, "opened here");
        Err(self.report(diag))
    }

    /// Consumes a name, reporting `Expected <what>` otherwise (keywords get a hint).
    fn ident(&mut self, what: &str) -> PResult<ast::Ident> {
        if let TokenKind::Ident(name) = self.peek() {
            let name = name.clone();
            let span = self.bump().span;
            return Ok(ast::Ident { name, span });
        }
        let message = match self.peek() {
            TokenKind::Kw(k) => format!(
                "Expected {what}, but found the keyword '{}', which cannot be used as a name",
                k.as_str()
            ),
            TokenKind::True | TokenKind::False => {
                format!(
                    "Expected {what}, but found a boolean literal, which cannot be used as a name"
                )
            }
            _ => format!("Expected {what}, but found {}", self.found()),
        };
        Err(self.error_here(message))
    }

    /// Enters one nesting level; fails with a diagnostic past [`MAX_NESTING`].
    fn enter(&mut self) -> PResult<()> {
        if self.nesting >= MAX_NESTING {
            let diag = Diagnostic::new(
                codes::INTERNAL,
                self.span(),
                format!("This code is nested too deeply (more than {MAX_NESTING} levels)"),
            );
            return Err(self.report(diag));
        }
        self.nesting += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    /// Recovers from an error in a statement that began at token `start`. When the error
    /// came right after a block ended, the cursor is already at the next statement.
    fn recover_from(&mut self, start: usize) {
        if self.pos == start || !self.after_dedent {
            self.recover();
        }
    }

    /// Runs `f` one nesting level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Parser) -> PResult<T>) -> PResult<T> {
        self.enter()?;
        let result = f(self);
        self.leave();
        result
    }

    /// Reports an indented line where no block may start (code 1008) and skips its lines.
    fn skip_stray_indent(&mut self) {
        let diag = Diagnostic::new(codes::INDENTATION, self.peek_at(1).span, STRAY_INDENT);
        self.report(diag);
        self.recover();
    }

    /// Skips the rest of a broken statement: to the end of its line, together with an
    /// indented block that follows it.
    fn recover(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                TokenKind::Eof => return,
                TokenKind::Dedent if depth == 0 => return,
                TokenKind::Dedent => {
                    depth -= 1;
                    self.bump();
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                TokenKind::Indent => depth += 1,
                TokenKind::Newline if depth == 0 => {
                    self.bump();
                    if !self.at(&TokenKind::Indent) {
                        return;
                    }
                    continue;
                }
                _ => {}
            }
            self.bump();
        }
    }
}
