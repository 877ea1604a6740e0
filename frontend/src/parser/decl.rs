//! Declarations: bindings and declaration lists (§7), functions (§10), structs, enums and
//! `impl` blocks (§11, §12), and `use` (§14.3).

use super::stmt::{Scope, Suite};
use super::{PResult, Parser, Reported};
use crate::ast::{
    Binding, BindingKind, EnumDef, FieldDef, FnDef, ImplDef, Param, PayloadDef, Stmt, StmtKind,
    StructDef, TypeExpr, UseDecl, UseItem, UseItems, VariantDef,
};
use crate::diagnostics::{codes, Diagnostic};
use crate::lexer::{Keyword, TokenKind};
use crate::source::Span;

impl Parser {
    /// A binding, or at module level a declaration list `a = 1, mut b = 2` (§7.3).
    pub(super) fn binding_stmt(
        &mut self,
        scope: Scope,
        is_pub: bool,
        start: Span,
    ) -> PResult<Stmt> {
        let first = self.binding(is_pub, start)?;
        if !self.at(&TokenKind::Comma) {
            return Ok(Stmt {
                kind: StmtKind::Binding(first),
                span: self.since(start),
            });
        }
        if !self.binding_follows_comma() {
            return Err(self.error_here(
                "Unexpected ',': a comma only separates the declarations of a module-level declaration list",
            ));
        }
        if scope == Scope::Block {
            return Err(self.error_here(
                "Declaration lists are only allowed at module level; put each declaration on its own line",
            ));
        }
        let mut list = vec![first];
        while self.at(&TokenKind::Comma) {
            if !self.binding_follows_comma() {
                return Err(self.error_here(
                    "Unexpected ',': every item of a declaration list must be a declaration",
                ));
            }
            self.bump();
            let item_start = self.span();
            list.push(self.binding(false, item_start)?);
        }
        Ok(Stmt {
            kind: StmtKind::DeclList(list),
            span: self.since(start),
        })
    }

    /// Whether the tokens after the current `,` start a binding.
    fn binding_follows_comma(&self) -> bool {
        match self.peek_at(1).kind {
            TokenKind::Kw(Keyword::Mut) => true,
            TokenKind::Ident(_) => matches!(
                self.peek_at(2).kind,
                TokenKind::Colon | TokenKind::ColonEq | TokenKind::Assign
            ),
            _ => false,
        }
    }

    /// `[mut] name [: T] (= | :=) expr`.
    fn binding(&mut self, is_pub: bool, start: Span) -> PResult<Binding> {
        let is_mut = self.eat_kw(Keyword::Mut);
        let name = self.ident("a variable name")?;
        let mut ty = None;
        if self.eat(&TokenKind::Colon) {
            ty = Some(self.type_expr()?);
        }
        let kind = match self.peek() {
            TokenKind::ColonEq => BindingKind::Const,
            TokenKind::Assign if ty.is_some() => BindingKind::Annotated,
            TokenKind::Assign => BindingKind::Plain,
            _ => {
                let expected = if ty.is_some() { "'=' or ':='" } else { "'='" };
                let message = format!(
                    "Expected {expected} after '{}' in its declaration, but found {}",
                    name.name,
                    self.found()
                );
                return Err(self.error_here(message));
            }
        };
        let op = self.bump().span;
        if is_mut && kind == BindingKind::Const {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                op,
                format!(
                    "A constant cannot be 'mut': remove 'mut' or declare 'mut {} = ...'",
                    name.name
                ),
            );
            self.report(diag);
        }
        let value = self.expr()?;
        Ok(Binding {
            kind,
            is_mut,
            is_pub,
            name,
            ty,
            value,
            span: self.since(start),
        })
    }

    /// `fn name(params) [-> T]: body`.
    pub(super) fn fn_def(&mut self, is_pub: bool, start: Span) -> PResult<FnDef> {
        self.bump();
        let name = self.ident("a function name after 'fn'")?;
        let params = self.params()?;
        let ret = self.return_type(&format!("function '{}'", name.name))?;
        self.header_colon("function declaration")?;
        let body = self.suite(Suite::Multi, &format!("function '{}'", name.name))?;
        Ok(FnDef {
            name,
            params,
            ret,
            body,
            is_pub,
            span: self.since(start),
        })
    }

    /// `(name [: T], ...)`.
    pub(super) fn params(&mut self) -> PResult<Vec<Param>> {
        let open = self
            .expect(&TokenKind::LParen, "'(' to start the parameter list")?
            .span;
        let mut params = Vec::new();
        if !self.at(&TokenKind::RParen) {
            loop {
                let name = self.ident("a parameter name")?;
                let ty = if self.eat(&TokenKind::Colon) {
                    Some(self.type_expr()?)
                } else {
                    None
                };
                params.push(Param { name, ty });
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
        }
        self.close(&TokenKind::RParen, ")", "parameter list", open)?;
        Ok(params)
    }

    /// `-> T` after a parameter list; `->` without a type is an error naming `function`.
    pub(super) fn return_type(&mut self, function: &str) -> PResult<Option<TypeExpr>> {
        if !self.eat(&TokenKind::Arrow) {
            return Ok(None);
        }
        if matches!(
            self.peek(),
            TokenKind::Colon | TokenKind::Newline | TokenKind::Eof
        ) {
            let message = format!(
                "Expected return type after '->' in {function}, but found {}",
                self.found()
            );
            let diag = Diagnostic::new(codes::BAD_SYNTAX, self.found_span(), message);
            return Err(self.report(diag));
        }
        self.type_expr().map(Some)
    }

    /// `struct Name:` with an indented block of `name: T [= default]` fields.
    pub(super) fn struct_def(&mut self, is_pub: bool) -> PResult<StructDef> {
        self.bump();
        let name = self.ident("a struct name after 'struct'")?;
        self.header_colon("struct declaration")?;
        let fields = self.member_block(&format!("struct '{}'", name.name), Parser::field)?;
        Ok(StructDef {
            name,
            fields,
            is_pub,
        })
    }

    fn field(&mut self) -> PResult<FieldDef> {
        if self.at_kw(Keyword::Pub) {
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                self.span(),
                "'pub' is not allowed on struct fields; write 'pub struct' to export the type",
            );
            return Err(self.report(diag));
        }
        let name = self.ident("a field name")?;
        self.expect(
            &TokenKind::Colon,
            &format!("':' after the field name '{}'", name.name),
        )?;
        let ty = self.type_expr()?;
        let default = if self.eat(&TokenKind::Assign) {
            Some(self.expr()?)
        } else {
            None
        };
        Ok(FieldDef { name, ty, default })
    }

    /// `enum Name[T, U]:` with an indented block of variants.
    pub(super) fn enum_def(&mut self, is_pub: bool) -> PResult<EnumDef> {
        self.bump();
        let name = self.ident("an enum name after 'enum'")?;
        let mut type_params = Vec::new();
        if let Some(open) = self.at(&TokenKind::LBracket).then(|| self.bump().span) {
            loop {
                type_params.push(self.ident("a type parameter name")?);
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.close(&TokenKind::RBracket, "]", "type parameter list", open)?;
        }
        self.header_colon("enum declaration")?;
        let variants = self.member_block(&format!("enum '{}'", name.name), Parser::variant)?;
        Ok(EnumDef {
            name,
            type_params,
            variants,
            is_pub,
        })
    }

    fn variant(&mut self) -> PResult<VariantDef> {
        let name = self.ident("a variant name")?;
        let mut payload = Vec::new();
        if let Some(open) = self.at(&TokenKind::LParen).then(|| self.bump().span) {
            while !self.at(&TokenKind::RParen) {
                let named = matches!(self.peek(), TokenKind::Ident(_))
                    && self.peek_at(1).kind == TokenKind::Colon;
                let field_name = if named {
                    let field = self.ident("a payload field name")?;
                    self.bump();
                    Some(field)
                } else {
                    None
                };
                payload.push(PayloadDef {
                    name: field_name,
                    ty: self.type_expr()?,
                });
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            self.close(&TokenKind::RParen, ")", "variant payload", open)?;
        }
        Ok(VariantDef { name, payload })
    }

    /// `impl Name:` with an indented block of `[pub] fn` methods.
    pub(super) fn impl_def(&mut self) -> PResult<ImplDef> {
        self.bump();
        let type_name = self.ident("a struct name after 'impl'")?;
        self.header_colon("impl declaration")?;
        let methods = self.member_block(&format!("impl '{}'", type_name.name), Parser::method)?;
        Ok(ImplDef { type_name, methods })
    }

    fn method(&mut self) -> PResult<FnDef> {
        let start = self.span();
        let is_pub = self.eat_kw(Keyword::Pub);
        if !self.at_kw(Keyword::Fn) {
            let message = format!(
                "Expected a method ('fn') inside the impl block, but found {}",
                self.found()
            );
            return Err(self.error_here(message));
        }
        self.fn_def(is_pub, start)
    }

    /// An indented block of one-per-line members (fields, variants, methods) of `owner`.
    fn member_block<T>(
        &mut self,
        owner: &str,
        mut member: impl FnMut(&mut Parser) -> PResult<T>,
    ) -> PResult<Vec<T>> {
        if !self.at(&TokenKind::Newline) || self.peek_at(1).kind != TokenKind::Indent {
            let message = format!(
                "Expected an indented block on the next line after {owner}, but found {}",
                self.found()
            );
            return Err(self.error_here(message));
        }
        self.bump();
        self.bump();
        let mut members = Vec::new();
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
                    match member(self) {
                        Ok(item) => {
                            members.push(item);
                            if self.end_of_statement().is_err() {
                                self.recover();
                            }
                        }
                        Err(Reported) => self.recover_from(start),
                    }
                    (self.nesting, self.call_args) = saved;
                }
            }
        }
        Ok(members)
    }

    /// `use a.b [as c] [: * | x [as y], ...]`.
    pub(super) fn use_decl(&mut self) -> PResult<UseDecl> {
        self.bump();
        let mut path = vec![self.ident("a module path after 'use'")?];
        while self.eat(&TokenKind::Dot) {
            path.push(self.ident("a module name after '.'")?);
        }
        let alias = if self.eat_kw(Keyword::As) {
            Some(self.ident("a name after 'as'")?)
        } else {
            None
        };
        let items = if !self.eat(&TokenKind::Colon) {
            UseItems::Namespace
        } else if self.eat(&TokenKind::Star) {
            UseItems::All
        } else {
            let mut items = Vec::new();
            loop {
                let name = self.ident("an imported name")?;
                let alias = if self.eat_kw(Keyword::As) {
                    Some(self.ident("a name after 'as'")?)
                } else {
                    None
                };
                items.push(UseItem { name, alias });
                if !self.eat(&TokenKind::Comma) {
                    break;
                }
            }
            UseItems::List(items)
        };
        Ok(UseDecl { path, alias, items })
    }
}
