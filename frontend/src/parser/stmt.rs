//! Statements, statement lists, blocks and suites (§2.9, §3 "statements", §9).

use super::{PResult, Parser, Reported, STRAY_INDENT};
use crate::ast::{Block, ForSource, Ident, Stmt, StmtKind};
use crate::diagnostics::{codes, Diagnostic};
use crate::lexer::{Keyword, TokenKind};
use crate::source::Span;

/// Where a statement list sits: module-only forms are rejected inside blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// The module's top level.
    Module,
    /// Inside any block.
    Block,
}

/// What may follow the `:` of a compound statement header (§2.9 table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suite {
    /// A block or exactly one same-line statement (`if`, `elif`, `else`, `try`, `catch`).
    Single,
    /// A block or `;`-separated same-line statements (`while`, `fn name`).
    Multi,
}

impl Parser {
    /// Parses the whole file.
    pub(super) fn module(&mut self) -> Vec<Stmt> {
        let stmts = self.statements(Scope::Module);
        if !self.at(&TokenKind::Eof) {
            self.error_here(format!("Unexpected {}", self.found()));
        }
        stmts
    }

    /// Parses statements until a `DEDENT` (not consumed) or the end of the file.
    pub(super) fn statements(&mut self, scope: Scope) -> Vec<Stmt> {
        let mut stmts = Vec::new();
        loop {
            match self.peek() {
                TokenKind::Newline | TokenKind::Semi => {
                    self.bump();
                }
                TokenKind::Eof | TokenKind::Dedent => return stmts,
                TokenKind::Indent => self.stray_indent(scope, &mut stmts),
                _ => self.statement_line(scope, &mut stmts),
            }
        }
    }

    /// An indented line with no block header above it: reported once, then its lines are
    /// parsed as if they were not indented so that their own errors are found too.
    fn stray_indent(&mut self, scope: Scope, stmts: &mut Vec<Stmt>) {
        self.bump();
        let diag = Diagnostic::new(codes::INDENTATION, self.span(), STRAY_INDENT);
        self.report(diag);
        if self.enter().is_err() {
            self.recover();
            return;
        }
        stmts.extend(self.statements(scope));
        self.leave();
        self.eat(&TokenKind::Dedent);
    }

    /// One statement and its terminator; on an error, skips to the next statement.
    fn statement_line(&mut self, scope: Scope, stmts: &mut Vec<Stmt>) {
        let saved = (self.nesting, self.call_args);
        let start = self.pos;
        match self.statement(scope) {
            Ok(stmt) => {
                stmts.push(stmt);
                if self.end_of_statement().is_err() {
                    self.recover();
                }
            }
            Err(Reported) => self.recover_from(start),
        }
        (self.nesting, self.call_args) = saved;
    }

    /// Accepts what may end a statement: a line end, `;`, the end of a block or file.
    pub(super) fn end_of_statement(&mut self) -> PResult<()> {
        match self.peek() {
            TokenKind::Newline | TokenKind::Semi => {
                self.bump();
                Ok(())
            }
            TokenKind::Eof | TokenKind::Dedent => Ok(()),
            _ if self.after_dedent => Ok(()),
            TokenKind::Comma => Err(self.error_here(
                "Unexpected ',': a comma only separates the declarations of a module-level declaration list",
            )),
            _ => {
                let message = format!(
                    "Expected a newline or ';' after this statement, but found {}",
                    self.found()
                );
                Err(self.error_here(message))
            }
        }
    }

    /// Any statement (§3 `top_item` at module level, `statement` in blocks).
    fn statement(&mut self, scope: Scope) -> PResult<Stmt> {
        let start = self.span();
        if let TokenKind::Kw(keyword) = self.peek() {
            let assigned = matches!(
                self.peek_at(1).kind,
                TokenKind::Assign | TokenKind::ColonEq | TokenKind::Comma
            );
            if assigned {
                let message = format!(
                    "'{}' is a keyword and cannot be used as a name",
                    keyword.as_str()
                );
                return Err(self.error_here(message));
            }
        }
        let kind = match self.peek() {
            TokenKind::Kw(Keyword::Pub) => return self.pub_item(scope),
            TokenKind::Kw(Keyword::Use) => {
                if scope == Scope::Block {
                    let diag = Diagnostic::new(
                        codes::BAD_SYNTAX,
                        start,
                        "'use' declarations are only allowed at module scope",
                    );
                    return Err(self.report(diag));
                }
                StmtKind::Use(self.use_decl()?)
            }
            TokenKind::Kw(Keyword::If) => self.if_stmt()?,
            TokenKind::Kw(Keyword::While) => self.while_stmt(None)?,
            TokenKind::Kw(Keyword::For) => self.for_stmt(None)?,
            TokenKind::Quote => self.labeled_loop()?,
            TokenKind::Kw(Keyword::Match) => self.match_stmt()?,
            TokenKind::Kw(Keyword::Try) => self.try_stmt()?,
            TokenKind::Kw(Keyword::Fn) if self.peek_at(1).kind != TokenKind::LParen => {
                StmtKind::Fn(self.fn_def(false, start)?)
            }
            TokenKind::Kw(Keyword::Struct) => StmtKind::Struct(self.struct_def(false)?),
            TokenKind::Kw(Keyword::Enum) => StmtKind::Enum(self.enum_def(false)?),
            TokenKind::Kw(Keyword::Impl) => StmtKind::Impl(self.impl_def()?),
            TokenKind::Kw(k @ (Keyword::Elif | Keyword::Else | Keyword::Catch)) => {
                let (word, opener) = match k {
                    Keyword::Catch => ("catch", "try"),
                    Keyword::Elif => ("elif", "if"),
                    _ => ("else", "if"),
                };
                return Err(self.error_here(format!(
                    "'{word}' without a matching '{opener}': it must directly follow the '{opener}' block"
                )));
            }
            _ => return self.simple_stmt(scope),
        };
        Ok(Stmt {
            kind,
            span: self.since(start),
        })
    }

    /// `pub` before a function, type, `impl` or binding (module level only).
    fn pub_item(&mut self, scope: Scope) -> PResult<Stmt> {
        let start = self.bump().span;
        if scope == Scope::Block {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                start,
                "'pub' declarations are only allowed at module scope",
            );
            self.report(diag);
        }
        let kind = match self.peek() {
            TokenKind::Kw(Keyword::Fn) => StmtKind::Fn(self.fn_def(true, start)?),
            TokenKind::Kw(Keyword::Struct) => StmtKind::Struct(self.struct_def(true)?),
            TokenKind::Kw(Keyword::Enum) => StmtKind::Enum(self.enum_def(true)?),
            TokenKind::Kw(Keyword::Impl) => StmtKind::Impl(self.impl_def()?),
            TokenKind::Kw(Keyword::Mut) | TokenKind::Ident(_) => {
                return self.binding_stmt(scope, true, start)
            }
            _ => {
                let message = format!(
                    "Expected a function, struct, enum, impl or binding after 'pub', but found {}",
                    self.found()
                );
                return Err(self.error_here(message));
            }
        };
        Ok(Stmt {
            kind,
            span: self.since(start),
        })
    }

    /// A statement that fits on one line (§3 `simple_stmt`).
    pub(super) fn simple_stmt(&mut self, scope: Scope) -> PResult<Stmt> {
        let start = self.span();
        let kind = match self.peek().clone() {
            TokenKind::Kw(Keyword::Return) => {
                self.bump();
                let mut values = Vec::new();
                if !self.at_statement_end() {
                    values.push(self.expr()?);
                    while self.eat(&TokenKind::Comma) {
                        values.push(self.expr()?);
                    }
                }
                StmtKind::Return(values)
            }
            TokenKind::Kw(Keyword::Break) => {
                self.bump();
                StmtKind::Break(self.optional_label()?)
            }
            TokenKind::Kw(Keyword::Continue) => {
                self.bump();
                StmtKind::Continue(self.optional_label()?)
            }
            TokenKind::Kw(Keyword::Pass) => {
                self.bump();
                StmtKind::Pass
            }
            TokenKind::Kw(Keyword::Print) => StmtKind::Print(self.print_args()?),
            TokenKind::Kw(Keyword::Mut) => return self.binding_stmt(scope, false, start),
            TokenKind::Ident(_) => match self.peek_at(1).kind {
                TokenKind::Colon | TokenKind::ColonEq | TokenKind::Assign => {
                    return self.binding_stmt(scope, false, start)
                }
                TokenKind::Comma => self.destructure()?,
                _ => StmtKind::Expr(self.expr()?),
            },
            TokenKind::Kw(
                k @ (Keyword::If
                | Keyword::While
                | Keyword::For
                | Keyword::Match
                | Keyword::Try
                | Keyword::Struct
                | Keyword::Enum
                | Keyword::Impl
                | Keyword::Use
                | Keyword::Pub),
            ) => {
                return Err(self.error_here(format!(
                    "This '{}' statement cannot follow ':' on the same line; start it on a new, indented line",
                    k.as_str()
                )))
            }
            TokenKind::Kw(Keyword::Fn) if self.peek_at(1).kind != TokenKind::LParen => {
                return Err(self.error_here(
                    "A function definition cannot follow ':' on the same line; start it on a new, indented line",
                ))
            }
            _ => StmtKind::Expr(self.expr()?),
        };
        Ok(Stmt {
            kind,
            span: self.since(start),
        })
    }

    /// Whether the current token ends a simple statement.
    fn at_statement_end(&self) -> bool {
        matches!(
            self.peek(),
            TokenKind::Newline | TokenKind::Semi | TokenKind::Dedent | TokenKind::Eof
        )
    }

    /// `'name` after `break` or `continue`.
    fn optional_label(&mut self) -> PResult<Option<Ident>> {
        if !self.at(&TokenKind::Quote) {
            return Ok(None);
        }
        self.label().map(Some)
    }

    /// `'name`; the span covers the quote.
    fn label(&mut self) -> PResult<Ident> {
        let quote = self.bump().span;
        let name = self.ident("a label name after the quote")?;
        Ok(Ident {
            name: name.name,
            span: quote.to(name.span),
        })
    }

    /// `print(args)`; its arguments are not call arguments for the fill form (§8.10).
    fn print_args(&mut self) -> PResult<Vec<crate::ast::Expr>> {
        self.bump();
        let open = self.expect(&TokenKind::LParen, "'(' after 'print'")?.span;
        let mut args = Vec::new();
        if !self.at(&TokenKind::RParen) {
            args.push(self.expr()?);
            while self.eat(&TokenKind::Comma) {
                args.push(self.expr()?);
            }
        }
        self.close(&TokenKind::RParen, ")", "print call", open)?;
        Ok(args)
    }

    /// `a, b, c = expr`.
    fn destructure(&mut self) -> PResult<StmtKind> {
        let mut names = vec![self.ident("a name")?];
        while self.eat(&TokenKind::Comma) {
            names.push(self.ident("a name after ',' in a destructuring assignment")?);
        }
        self.expect(&TokenKind::Assign, "'=' after the names of a destructuring")?;
        let value = self.expr()?;
        Ok(StmtKind::Destructure { names, value })
    }

    /// An `if`/`while` condition; an assignment there is an error (§8.13).
    fn condition(&mut self, keyword: &str) -> PResult<crate::ast::Expr> {
        let cond = self.expr()?;
        if matches!(cond.kind, crate::ast::ExprKind::Assign { .. }) {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                cond.span,
                format!("An assignment cannot be the condition of '{keyword}'; did you mean '=='?"),
            );
            self.report(diag);
        }
        Ok(cond)
    }

    /// Consumes the `:` of a header or reports `Expected ':' after <what>`.
    pub(super) fn header_colon(&mut self, what: &str) -> PResult<()> {
        if self.eat(&TokenKind::Colon) {
            return Ok(());
        }
        let diag = Diagnostic::new(
            codes::SYNTAX,
            self.found_span(),
            format!("Expected ':' after {what}"),
        );
        Err(self.report(diag))
    }

    fn if_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let cond = self.condition("if")?;
        self.header_colon("if statement")?;
        let mut branches = vec![(cond, self.suite(Suite::Single, "'if' statement")?)];
        let mut else_block = None;
        loop {
            self.continue_on_next_line(&[Keyword::Elif, Keyword::Else]);
            if self.eat_kw(Keyword::Elif) {
                let cond = self.condition("elif")?;
                self.header_colon("elif statement")?;
                branches.push((cond, self.suite(Suite::Single, "'elif' statement")?));
                continue;
            }
            if self.at_kw(Keyword::Else) {
                let else_span = self.bump().span;
                if self.at_kw(Keyword::If) {
                    let diag = Diagnostic::new(
                        codes::BAD_SYNTAX,
                        else_span.to(self.span()),
                        "'else if' is not valid Orus; write 'elif'",
                    );
                    return Err(self.report(diag));
                }
                self.header_colon("else statement")?;
                else_block = Some(self.suite(Suite::Single, "'else' statement")?);
            }
            break;
        }
        Ok(StmtKind::If {
            branches,
            else_block,
        })
    }

    /// After a same-line suite, steps over the line end when the next line continues the
    /// statement with one of `keywords` (`elif`, `else`, `catch`).
    fn continue_on_next_line(&mut self, keywords: &[Keyword]) {
        if self.at(&TokenKind::Newline)
            && keywords
                .iter()
                .any(|k| self.peek_at(1).kind == TokenKind::Kw(*k))
        {
            self.bump();
        }
    }

    pub(super) fn while_stmt(&mut self, label: Option<Ident>) -> PResult<StmtKind> {
        self.bump();
        let cond = self.condition("while")?;
        self.header_colon("while statement")?;
        let body = self.suite(Suite::Multi, "'while' statement")?;
        Ok(StmtKind::While { label, cond, body })
    }

    pub(super) fn for_stmt(&mut self, label: Option<Ident>) -> PResult<StmtKind> {
        self.bump();
        let var = self.ident("a loop variable name after 'for'")?;
        if !self.eat_kw(Keyword::In) {
            let message = format!(
                "Expected 'in' after the loop variable '{}', but found {}",
                var.name,
                self.found()
            );
            return Err(self.error_here(message));
        }
        let source = self.for_source()?;
        self.header_colon("for statement")?;
        if !self.at(&TokenKind::Newline) {
            return Err(self.error_here(
                "A 'for' body cannot be on the same line as its header; put it in an indented block on the next line",
            ));
        }
        let body = self.block("'for' statement")?;
        Ok(StmtKind::For {
            label,
            var,
            source,
            body,
        })
    }

    fn for_source(&mut self) -> PResult<ForSource> {
        let start = self.expr()?;
        if !self.eat(&TokenKind::DotDot) {
            return Ok(ForSource::Iter(start));
        }
        let inclusive = self.eat(&TokenKind::Assign);
        let end = self.expr()?;
        let step = if self.eat(&TokenKind::DotDot) {
            Some(self.expr()?)
        } else {
            None
        };
        Ok(ForSource::Range {
            start,
            end,
            inclusive,
            step,
        })
    }

    fn labeled_loop(&mut self) -> PResult<StmtKind> {
        let label = self.label()?;
        self.header_colon("the loop label")?;
        match self.peek() {
            TokenKind::Kw(Keyword::While) => self.while_stmt(Some(label)),
            TokenKind::Kw(Keyword::For) => self.for_stmt(Some(label)),
            _ => {
                let message = format!(
                    "Expected 'while' or 'for' after the label '{}, but found {}",
                    label.name,
                    self.found()
                );
                Err(self.error_here(message))
            }
        }
    }

    fn try_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        self.header_colon("try statement")?;
        let body = self.suite(Suite::Single, "'try' statement")?;
        self.continue_on_next_line(&[Keyword::Catch]);
        if !self.eat_kw(Keyword::Catch) {
            let message = format!(
                "Expected 'catch' after the 'try' block, but found {}",
                self.found()
            );
            return Err(self.error_here(message));
        }
        let catch_name = match self.peek() {
            TokenKind::Ident(_) => Some(self.ident("a name")?),
            _ => None,
        };
        self.header_colon("catch statement")?;
        let handler = self.suite(Suite::Single, "'catch' statement")?;
        Ok(StmtKind::Try {
            body,
            catch_name,
            handler,
        })
    }

    /// The body after a header's `:`: an indented block or same-line statements.
    pub(super) fn suite(&mut self, suite: Suite, what: &str) -> PResult<Block> {
        if self.at(&TokenKind::Newline) {
            return self.block(what);
        }
        let first = self.simple_stmt(Scope::Block)?;
        let mut stmts = vec![first];
        if suite == Suite::Multi {
            while self.eat(&TokenKind::Semi) {
                while self.eat(&TokenKind::Semi) {}
                if self.at_statement_end() {
                    break;
                }
                stmts.push(self.simple_stmt(Scope::Block)?);
            }
        }
        Ok(block_of(stmts, self.span()))
    }

    /// `NEWLINE INDENT statements DEDENT`; an empty block is an error (write `pass`).
    pub(super) fn block(&mut self, what: &str) -> PResult<Block> {
        self.expect(
            &TokenKind::Newline,
            &format!("a new line after the {what} header"),
        )?;
        if !self.at(&TokenKind::Indent) {
            let message = format!(
                "Expected an indented block after {what}, but found {} (an empty block needs 'pass')",
                self.found()
            );
            return Err(self.error_here(message));
        }
        let indent = self.bump().span;
        let errors_before = self.diags.len();
        self.enter()?;
        let stmts = self.statements(Scope::Block);
        self.leave();
        self.eat(&TokenKind::Dedent);
        if stmts.is_empty() && self.diags.len() == errors_before {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                indent,
                format!(
                    "The block after {what} is empty; write 'pass' for a block that does nothing"
                ),
            );
            return Err(self.report(diag));
        }
        Ok(block_of(stmts, indent))
    }
}

/// A block spanning its statements (`fallback` when there are none).
fn block_of(stmts: Vec<Stmt>, fallback: Span) -> Block {
    let span = match (stmts.first(), stmts.last()) {
        (Some(first), Some(last)) => first.span.to(last.span),
        _ => fallback,
    };
    Block { stmts, span }
}
