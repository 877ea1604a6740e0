//! `match` statements and expressions and their patterns (§9.10, §9.11).

use super::stmt::Scope;
use super::{PResult, Parser, Reported};
use crate::ast::{Block, Expr, ExprKind, Ident, MatchArm, Pattern, StmtKind};
use crate::lexer::TokenKind;

impl Parser {
    /// `match subject:` with statement arms (a match at the start of a statement).
    pub(super) fn match_stmt(&mut self) -> PResult<StmtKind> {
        let subject = self.match_header()?;
        let arms = self.arms(Parser::stmt_arm_body)?;
        Ok(StmtKind::Match { subject, arms })
    }

    /// `match subject:` with expression arms (a match anywhere else).
    pub(super) fn match_expr(&mut self) -> PResult<Expr> {
        let start = self.span();
        let subject = self.match_header()?;
        let arms = self.arms(Parser::expr_arm_body)?;
        Ok(Expr {
            span: self.since(start),
            kind: ExprKind::Match {
                subject: Box::new(subject),
                arms,
            },
        })
    }

    fn match_header(&mut self) -> PResult<Expr> {
        self.bump();
        let subject = self.expr()?;
        self.header_colon("match subject")?;
        if !self.at(&TokenKind::Newline) || self.peek_at(1).kind != TokenKind::Indent {
            let message = format!(
                "Expected the match arms in an indented block on the next line, but found {}",
                self.found()
            );
            return Err(self.error_here(message));
        }
        self.bump();
        self.bump();
        Ok(subject)
    }

    /// Arms up to the closing `DEDENT`; a broken arm is skipped and the next one parsed.
    fn arms<B>(&mut self, body: impl Fn(&mut Parser) -> PResult<B>) -> PResult<Vec<MatchArm<B>>> {
        self.enter()?;
        let mut arms = Vec::new();
        loop {
            match self.peek() {
                TokenKind::Newline | TokenKind::Semi => {
                    self.bump();
                }
                TokenKind::Dedent => {
                    self.bump();
                    break;
                }
                TokenKind::Eof => break,
                TokenKind::Indent => self.skip_stray_indent(),
                _ => {
                    let start = self.pos;
                    let saved = (self.nesting, self.call_args);
                    match self.arm(&body) {
                        Ok(arm) => arms.push(arm),
                        Err(Reported) => self.recover_from(start),
                    }
                    (self.nesting, self.call_args) = saved;
                }
            }
        }
        self.leave();
        Ok(arms)
    }

    fn arm<B>(&mut self, body: &impl Fn(&mut Parser) -> PResult<B>) -> PResult<MatchArm<B>> {
        let start = self.span();
        let pattern = self.pattern()?;
        self.expect(&TokenKind::Arrow, "'->' after the match pattern")?;
        let body = body(self)?;
        let span = self.since(start);
        if !self.after_dedent {
            match self.peek() {
                TokenKind::Newline => {
                    self.bump();
                }
                TokenKind::Dedent | TokenKind::Eof => {}
                _ => {
                    let message = format!(
                        "Expected a new line after the match arm, but found {}",
                        self.found()
                    );
                    return Err(self.error_here(message));
                }
            }
        }
        Ok(MatchArm {
            pattern,
            body,
            span,
        })
    }

    /// A statement arm body: an indented block or one same-line statement.
    fn stmt_arm_body(&mut self) -> PResult<Block> {
        if self.at(&TokenKind::Newline) {
            return self.block("'->' of the match arm");
        }
        let stmt = self.simple_stmt(Scope::Block)?;
        Ok(Block {
            span: stmt.span,
            stmts: vec![stmt],
        })
    }

    fn expr_arm_body(&mut self) -> PResult<Expr> {
        self.expr()
    }

    /// `_`, `Enum.Variant[(a, _)]`, `module.Enum.Variant[(...)]`, or an expression.
    fn pattern(&mut self) -> PResult<Pattern> {
        if matches!(self.peek(), TokenKind::Ident(name) if name == "_")
            && self.peek_at(1).kind == TokenKind::Arrow
        {
            return Ok(Pattern::Wildcard(self.bump().span));
        }
        if self.at_variant_pattern() {
            return self.variant_pattern();
        }
        self.expr().map(Pattern::Expr)
    }

    /// Whether the tokens ahead read `A.B[.C][(x, y)] ->`.
    fn at_variant_pattern(&self) -> bool {
        let is_ident = |i: usize| matches!(self.peek_at(i).kind, TokenKind::Ident(_));
        let is = |i: usize, kind: TokenKind| self.peek_at(i).kind == kind;
        if !is_ident(0) || !is(1, TokenKind::Dot) || !is_ident(2) {
            return false;
        }
        let mut i = 3;
        if is(i, TokenKind::Dot) && is_ident(i + 1) {
            i += 2;
        }
        if is(i, TokenKind::LParen) {
            i += 1;
            if !is(i, TokenKind::RParen) {
                loop {
                    if !is_ident(i) {
                        return false;
                    }
                    i += 1;
                    if !is(i, TokenKind::Comma) {
                        break;
                    }
                    i += 1;
                }
            }
            if !is(i, TokenKind::RParen) {
                return false;
            }
            i += 1;
        }
        is(i, TokenKind::Arrow)
    }

    fn variant_pattern(&mut self) -> PResult<Pattern> {
        let start = self.span();
        let mut path = vec![self.ident("an enum name")?];
        while self.eat(&TokenKind::Dot) {
            path.push(self.ident("a variant name")?);
        }
        let mut bindings = None;
        if self.eat(&TokenKind::LParen) {
            let mut names: Vec<Ident> = Vec::new();
            while !self.at(&TokenKind::RParen) {
                names.push(self.ident("a binding name")?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.expect(&TokenKind::RParen, "')' after the pattern bindings")?;
            bindings = Some(names);
        }
        Ok(Pattern::Variant {
            path,
            bindings,
            span: self.since(start),
        })
    }
}
