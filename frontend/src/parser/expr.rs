//! Expressions by precedence (§3 "expressions", §8.1), lowest first.

use super::{PResult, Parser};
use crate::ast::{AssignOp, BinOp, Expr, ExprKind, FieldInit, FnExpr, Ident, UnOp};
use crate::diagnostics::{codes, Diagnostic};
use crate::lexer::{Keyword, TokenKind};
use crate::source::Span;

/// Builds a boxed binary expression spanning both operands.
fn binary(op: BinOp, lhs: Expr, rhs: Expr) -> Expr {
    Expr {
        span: lhs.span.to(rhs.span),
        kind: ExprKind::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
    }
}

impl Parser {
    /// A full expression (assignment level), one nesting level deeper.
    pub(super) fn expr(&mut self) -> PResult<Expr> {
        self.nested(Parser::assignment)
    }

    /// `target op= value`, right-associative; targets are names, fields and elements.
    fn assignment(&mut self) -> PResult<Expr> {
        let target = self.conditional()?;
        let op = match self.peek() {
            TokenKind::Assign => AssignOp::Set,
            TokenKind::PlusEq => AssignOp::Add,
            TokenKind::MinusEq => AssignOp::Sub,
            TokenKind::StarEq => AssignOp::Mul,
            TokenKind::SlashEq => AssignOp::Div,
            TokenKind::PercentEq => AssignOp::Mod,
            _ => return Ok(target),
        };
        self.bump();
        if !matches!(
            target.kind,
            ExprKind::Name(_) | ExprKind::Field { .. } | ExprKind::Index { .. }
        ) {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                target.span,
                "Invalid assignment target: only a name, a field or an array element can be assigned",
            );
            self.report(diag);
        }
        let value = self.expr()?;
        Ok(Expr {
            span: target.span.to(value.span),
            kind: ExprKind::Assign {
                op,
                target: Box::new(target),
                value: Box::new(value),
            },
        })
    }

    /// `then if cond else otherwise`, nesting to the right.
    fn conditional(&mut self) -> PResult<Expr> {
        let then = self.or()?;
        if !self.at_kw(Keyword::If) {
            return Ok(then);
        }
        self.bump();
        let cond = self.or()?;
        if !self.eat_kw(Keyword::Else) {
            let message = format!(
                "Expected 'else' in the conditional expression 'value if condition else other', but found {}",
                self.found()
            );
            return Err(self.error_here(message));
        }
        let otherwise = self.nested(Parser::conditional)?;
        Ok(Expr {
            span: then.span.to(otherwise.span),
            kind: ExprKind::Cond {
                then: Box::new(then),
                cond: Box::new(cond),
                otherwise: Box::new(otherwise),
            },
        })
    }

    fn or(&mut self) -> PResult<Expr> {
        let depth = self.nesting;
        let mut lhs = self.and()?;
        while self.eat_kw(Keyword::Or) {
            self.enter()?;
            let rhs = self.and()?;
            lhs = binary(BinOp::Or, lhs, rhs);
        }
        self.nesting = depth;
        Ok(lhs)
    }

    fn and(&mut self) -> PResult<Expr> {
        let depth = self.nesting;
        let mut lhs = self.comparison()?;
        while self.eat_kw(Keyword::And) {
            self.enter()?;
            let rhs = self.comparison()?;
            lhs = binary(BinOp::And, lhs, rhs);
        }
        self.nesting = depth;
        Ok(lhs)
    }

    /// Comparisons, `matches` and `as T` on one left-associative level. After a cast the
    /// arithmetic levels continue with the cast as their left operand, so
    /// `a + b as f64 * c` is `((a + b) as f64) * c` (§3 notes).
    fn comparison(&mut self) -> PResult<Expr> {
        let depth = self.nesting;
        let mut lhs = self.additive()?;
        loop {
            let op = match self.peek() {
                TokenKind::EqEq => BinOp::Eq,
                TokenKind::NotEq => BinOp::Ne,
                TokenKind::Lt => BinOp::Lt,
                TokenKind::Le => BinOp::Le,
                TokenKind::Gt => BinOp::Gt,
                TokenKind::Ge => BinOp::Ge,
                TokenKind::Kw(Keyword::Matches) => BinOp::Matches,
                TokenKind::Kw(Keyword::As) => {
                    self.enter()?;
                    lhs = self.cast(lhs)?;
                    lhs = self.arithmetic_after(lhs)?;
                    continue;
                }
                _ => {
                    self.nesting = depth;
                    return Ok(lhs);
                }
            };
            self.enter()?;
            self.bump();
            let rhs = self.additive()?;
            lhs = binary(op, lhs, rhs);
        }
    }

    /// `expr as Name`; a direct chain `v as A as B` is an error.
    fn cast(&mut self, expr: Expr) -> PResult<Expr> {
        self.bump();
        let ty = self.ident("a type name after 'as'")?;
        let span = expr.span.to(ty.span);
        if matches!(expr.kind, ExprKind::Cast { .. }) {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                span,
                "Chained type casts are not allowed",
            )
            .with_help("Add parentheses to cast in steps, like `(v as A) as B`.");
            self.report(diag);
        }
        Ok(Expr {
            span,
            kind: ExprKind::Cast {
                expr: Box::new(expr),
                ty,
            },
        })
    }

    fn additive(&mut self) -> PResult<Expr> {
        let operand = self.unary()?;
        self.arithmetic_after(operand)
    }

    /// Continues the `*` and then the `+` level with `lhs` as the first operand.
    fn arithmetic_after(&mut self, lhs: Expr) -> PResult<Expr> {
        let depth = self.nesting;
        let mut lhs = self.multiplicative_after(lhs)?;
        loop {
            let op = match self.peek() {
                TokenKind::Plus => BinOp::Add,
                TokenKind::Minus => BinOp::Sub,
                _ => {
                    self.nesting = depth;
                    return Ok(lhs);
                }
            };
            self.enter()?;
            self.bump();
            let operand = self.unary()?;
            let rhs = self.multiplicative_after(operand)?;
            lhs = binary(op, lhs, rhs);
        }
    }

    fn multiplicative_after(&mut self, mut lhs: Expr) -> PResult<Expr> {
        let depth = self.nesting;
        loop {
            let op = match self.peek() {
                TokenKind::Star => BinOp::Mul,
                TokenKind::Slash => BinOp::Div,
                TokenKind::Percent => BinOp::Mod,
                _ => {
                    self.nesting = depth;
                    return Ok(lhs);
                }
            };
            self.enter()?;
            self.bump();
            let rhs = self.unary()?;
            lhs = binary(op, lhs, rhs);
        }
    }

    /// `-x`, `not x`; a `-` before a numeric literal is folded into it.
    fn unary(&mut self) -> PResult<Expr> {
        let op = match self.peek() {
            TokenKind::Minus => UnOp::Neg,
            TokenKind::Kw(Keyword::Not) => UnOp::Not,
            _ => return self.postfix(),
        };
        let start = self.bump().span;
        let folds = matches!(self.peek(), TokenKind::Int { .. } | TokenKind::Float { .. });
        if op == UnOp::Neg && folds {
            let literal = self.number(Some(start))?;
            return self.postfix_ops(literal);
        }
        let operand = self.nested(Parser::unary)?;
        Ok(Expr {
            span: start.to(operand.span),
            kind: ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
        })
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let primary = self.primary()?;
        self.postfix_ops(primary)
    }

    /// Calls, indexing, slicing, field access and struct literals after `expr`.
    fn postfix_ops(&mut self, mut expr: Expr) -> PResult<Expr> {
        let depth = self.nesting;
        loop {
            if matches!(
                self.peek(),
                TokenKind::LParen | TokenKind::LBracket | TokenKind::Dot | TokenKind::LBrace
            ) {
                self.enter()?;
            }
            expr = match self.peek() {
                TokenKind::LParen => self.call(expr)?,
                TokenKind::LBracket => self.index(expr)?,
                TokenKind::Dot => {
                    self.bump();
                    let name = self.ident("a field or method name after '.'")?;
                    Expr {
                        span: expr.span.to(name.span),
                        kind: ExprKind::Field {
                            base: Box::new(expr),
                            name,
                        },
                    }
                }
                TokenKind::LBrace => self.struct_literal(expr)?,
                _ => {
                    self.nesting = depth;
                    return Ok(expr);
                }
            };
        }
    }

    fn call(&mut self, callee: Expr) -> PResult<Expr> {
        let open = self.bump().span;
        self.call_args += 1;
        let args = self.call_arguments();
        self.call_args -= 1;
        let args = args?;
        let close = self.close(&TokenKind::RParen, ")", "call", open)?.span;
        Ok(Expr {
            span: callee.span.to(close),
            kind: ExprKind::Call {
                callee: Box::new(callee),
                args,
            },
        })
    }

    fn call_arguments(&mut self) -> PResult<Vec<Expr>> {
        let mut args = Vec::new();
        if self.at(&TokenKind::RParen) {
            return Ok(args);
        }
        args.push(self.expr()?);
        while self.eat(&TokenKind::Comma) {
            args.push(self.expr()?);
        }
        Ok(args)
    }

    /// `base[i]`, `base[a..b]`, `base[..b]`, `base[a..]`, `base[..]`.
    fn index(&mut self, base: Expr) -> PResult<Expr> {
        let open = self.bump().span;
        let base_span = base.span;
        let base = Box::new(base);
        let start = if self.at(&TokenKind::DotDot) {
            None
        } else {
            Some(Box::new(self.expr()?))
        };
        let kind = if self.eat(&TokenKind::DotDot) {
            let end = if self.at(&TokenKind::RBracket) {
                None
            } else {
                Some(Box::new(self.expr()?))
            };
            ExprKind::Slice { base, start, end }
        } else {
            let Some(index) = start else {
                return Err(self.error_here("Expected an index expression"));
            };
            ExprKind::Index { base, index }
        };
        let close = self.close(&TokenKind::RBracket, "]", "index", open)?.span;
        Ok(Expr {
            span: base_span.to(close),
            kind,
        })
    }

    /// `Name{ f: v, ... }` or `alias.Name{ ... }`; fields are separated by commas and/or line
    /// breaks.
    fn struct_literal(&mut self, base: Expr) -> PResult<Expr> {
        let (qualifier, name) = match &base.kind {
            ExprKind::Name(name) => (
                None,
                Ident {
                    name: name.clone(),
                    span: base.span,
                },
            ),
            ExprKind::Field { base: inner, name } => match &inner.kind {
                ExprKind::Name(alias) => (
                    Some(Ident {
                        name: alias.clone(),
                        span: inner.span,
                    }),
                    name.clone(),
                ),
                _ => return Err(self.bad_struct_literal()),
            },
            _ => return Err(self.bad_struct_literal()),
        };
        let open = self.bump().span;
        let mut fields = Vec::new();
        let mut separated = true;
        while !self.at(&TokenKind::RBrace) {
            if !separated && !self.peek_at(0).line_break_before {
                let message = format!(
                    "Expected ',' or a line break between struct literal fields, but found {}",
                    self.found()
                );
                return Err(self.error_here(message));
            }
            let field = self.ident("a field name in the struct literal")?;
            self.expect(
                &TokenKind::Colon,
                &format!("':' after the field name '{}'", field.name),
            )?;
            let value = self.expr()?;
            fields.push(FieldInit { name: field, value });
            separated = self.eat(&TokenKind::Comma);
        }
        let close = self
            .close(&TokenKind::RBrace, "}", "struct literal", open)?
            .span;
        Ok(Expr {
            span: base.span.to(close),
            kind: ExprKind::StructLit {
                qualifier,
                name,
                fields,
            },
        })
    }

    fn bad_struct_literal(&mut self) -> super::Reported {
        self.error_here(
            "Unexpected '{': only a struct name (`Name{...}` or `module.Name{...}`) can start a struct literal, and Orus has no block expressions",
        )
    }

    /// Literals, names, parentheses, arrays, function and match expressions, `timestamp()`.
    fn primary(&mut self) -> PResult<Expr> {
        let start = self.span();
        let kind = match self.peek().clone() {
            TokenKind::Int { .. } | TokenKind::Float { .. } => return self.number(None),
            TokenKind::Str(bytes) => {
                self.bump();
                ExprKind::Str(bytes)
            }
            TokenKind::True | TokenKind::False => {
                ExprKind::Bool(self.bump().kind == TokenKind::True)
            }
            TokenKind::Ident(name) => {
                self.bump();
                if name == "timestamp" && self.at(&TokenKind::LParen) {
                    let open = self.bump().span;
                    if !self.at(&TokenKind::RParen) {
                        return Err(self.error_here("timestamp() takes no arguments"));
                    }
                    self.close(&TokenKind::RParen, ")", "call", open)?;
                    ExprKind::Timestamp
                } else {
                    ExprKind::Name(name)
                }
            }
            TokenKind::LParen => {
                let open = self.bump().span;
                if self.at(&TokenKind::RParen) {
                    return Err(self.error_here("Expected an expression inside '(' and ')'"));
                }
                let inner = self.expr()?;
                self.close(&TokenKind::RParen, ")", "parenthesized expression", open)?;
                ExprKind::Paren(Box::new(inner))
            }
            TokenKind::LBracket => return self.array_literal(),
            TokenKind::Kw(Keyword::Fn) => return self.fn_expr(),
            TokenKind::Kw(Keyword::Match) => return self.match_expr(),
            _ => {
                let message = format!("Expected an expression, but found {}", self.found());
                return Err(self.error_here(message));
            }
        };
        Ok(Expr {
            kind,
            span: self.since(start),
        })
    }

    /// `[a, b, c]`, or the fill form `[value, count]` decided by §8.10.
    fn array_literal(&mut self) -> PResult<Expr> {
        let open = self.bump().span;
        let mut elems = Vec::new();
        let mut trailing_comma = false;
        while !self.at(&TokenKind::RBracket) {
            elems.push(self.expr()?);
            trailing_comma = self.eat(&TokenKind::Comma);
            if !trailing_comma {
                break;
            }
        }
        let close = self
            .close(&TokenKind::RBracket, "]", "array literal", open)?
            .span;
        let span = open.to(close);
        let count_like = |e: &Expr| {
            matches!(
                e.kind,
                ExprKind::Int {
                    negative: false,
                    ..
                } | ExprKind::Name(_)
            )
        };
        if elems.len() == 2 && !trailing_comma && self.call_args == 0 && count_like(&elems[1]) {
            let count = elems.pop().map(Box::new);
            let value = elems.pop().map(Box::new);
            if let (Some(value), Some(count)) = (value, count) {
                return Ok(Expr {
                    span,
                    kind: ExprKind::ArrayFill { value, count },
                });
            }
        }
        Ok(Expr {
            span,
            kind: ExprKind::Array(elems),
        })
    }

    /// `fn(params) [-> T]:` with an indented block (a same-line body is not allowed).
    fn fn_expr(&mut self) -> PResult<Expr> {
        let start = self.bump().span;
        let params = self.params()?;
        let ret = self.return_type("a function expression")?;
        self.header_colon("function expression")?;
        if !self.at(&TokenKind::Newline) {
            return Err(self.error_here(
                "A function expression needs an indented block on the next line; its body cannot be on the same line",
            ));
        }
        let body = self.block("function expression")?;
        Ok(Expr {
            span: start.to(Span {
                end: self.prev_end,
                ..start
            }),
            kind: ExprKind::Fn(Box::new(FnExpr { params, ret, body })),
        })
    }
}
