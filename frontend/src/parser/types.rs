//! Type annotations (§3 "types"): names with generic arguments, arrays and function types.

use super::{PResult, Parser};
use crate::ast::{ArrayLen, TypeExpr, TypeExprKind};
use crate::lexer::{Keyword, TokenKind};

impl Parser {
    /// A type annotation, one nesting level deeper.
    pub(super) fn type_expr(&mut self) -> PResult<TypeExpr> {
        self.nested(Parser::type_inner)
    }

    fn type_inner(&mut self) -> PResult<TypeExpr> {
        let start = self.span();
        let kind = match self.peek() {
            TokenKind::Ident(_) => self.named_type()?,
            TokenKind::LBracket => self.array_type()?,
            TokenKind::Kw(Keyword::Fn) => self.fn_type()?,
            _ => {
                let message = format!("Expected a type, but found {}", self.found());
                return Err(self.error_here(message));
            }
        };
        Ok(TypeExpr {
            kind,
            span: self.since(start),
        })
    }

    /// `name`, `module.name`, `Name[T, U]`.
    fn named_type(&mut self) -> PResult<TypeExprKind> {
        let mut qualifier = None;
        let mut name = self.ident("a type name")?;
        if self.eat(&TokenKind::Dot) {
            qualifier = Some(name);
            name = self.ident("a type name after '.'")?;
        }
        let mut args = Vec::new();
        if let Some(open) = self.at(&TokenKind::LBracket).then(|| self.bump().span) {
            loop {
                args.push(self.type_expr()?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.close(&TokenKind::RBracket, "]", "type argument list", open)?;
        }
        Ok(TypeExprKind::Named {
            qualifier,
            name,
            args,
        })
    }

    /// `[T]` or `[T, N]`.
    fn array_type(&mut self) -> PResult<TypeExprKind> {
        let open = self.bump().span;
        let elem = Box::new(self.type_expr()?);
        let mut len = None;
        if self.eat(&TokenKind::Comma) {
            len = Some(match self.peek() {
                TokenKind::Int { value, .. } => {
                    let value = *value;
                    ArrayLen::Literal(value, self.bump().span)
                }
                TokenKind::Ident(_) => ArrayLen::Name(self.ident("a length")?),
                _ => {
                    let message = format!(
                        "Expected an array length (an integer or a constant name), but found {}",
                        self.found()
                    );
                    return Err(self.error_here(message));
                }
            });
        }
        self.close(&TokenKind::RBracket, "]", "array type", open)?;
        Ok(TypeExprKind::Array { elem, len })
    }

    /// `fn(T, U) [-> R]`.
    fn fn_type(&mut self) -> PResult<TypeExprKind> {
        self.bump();
        let open = self
            .expect(&TokenKind::LParen, "'(' after 'fn' in a function type")?
            .span;
        let mut params = Vec::new();
        if !self.at(&TokenKind::RParen) {
            loop {
                params.push(self.type_expr()?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
        }
        self.close(&TokenKind::RParen, ")", "function type", open)?;
        let ret = if self.eat(&TokenKind::Arrow) {
            Some(Box::new(self.type_expr()?))
        } else {
            None
        };
        Ok(TypeExprKind::Fn { params, ret })
    }
}
