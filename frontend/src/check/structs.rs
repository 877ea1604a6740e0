//! Struct and enum declarations (the type tables), `impl` blocks, struct literals, field
//! access and assignment, and method calls (LANGUAGE.md §4.3, §11).

use super::errors;
use super::expr::{Checked, Resolved};
use super::functions::{FnEntry, FnState};
use super::scope::Body;
use super::types::Type;
use super::Checker;
use crate::ast::{self, ExprKind};
use crate::source::Span;
use crate::typed;
use std::collections::{HashMap, HashSet};

/// What a type name of the module denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NamedType {
    /// A struct, by index into the checker's struct table.
    Struct(u32),
    /// An enum, by index into the checker's enum table.
    Enum(u32),
}

/// A struct declaration while checking.
#[derive(Debug)]
pub(crate) struct StructDecl<'a> {
    /// The type name.
    pub(crate) name: String,
    /// The declaration.
    pub(crate) def: &'a ast::StructDef,
    /// Field names and types, in declaration order.
    pub(crate) fields: Vec<(String, Type)>,
    /// Methods by name: index into the function table, and whether it is an instance method.
    pub(crate) methods: HashMap<String, (usize, bool)>,
}

/// An enum declaration while checking; the enum module fills in the details.
#[derive(Debug)]
pub(crate) struct EnumDecl<'a> {
    /// The type name.
    pub(crate) name: String,
    /// The declaration (`None` for the built-in `Result`).
    pub(crate) def: Option<&'a ast::EnumDef>,
}

impl<'a> Checker<'a> {
    /// Registers every struct and enum name of the module (and the built-in `Result` unless
    /// the program declares its own), then resolves the field types of the structs.
    pub(super) fn collect_types(&mut self) {
        let mut first: HashMap<String, Span> = HashMap::new();
        for item in &self.root.items {
            let (name, named) = match &item.kind {
                ast::StmtKind::Struct(def) => {
                    let id = self.structs.len() as u32;
                    (&def.name, NamedType::Struct(id))
                }
                ast::StmtKind::Enum(def) => {
                    let id = self.enums.len() as u32;
                    (&def.name, NamedType::Enum(id))
                }
                _ => continue,
            };
            if let Some(&earlier) = first.get(&name.name) {
                let line = self.line(earlier);
                self.report(errors::redefined_type(name.span, &name.name, line, earlier));
                continue;
            }
            first.insert(name.name.clone(), name.span);
            self.type_names.insert(name.name.clone(), named);
            match &item.kind {
                ast::StmtKind::Struct(def) => self.structs.push(StructDecl {
                    name: def.name.name.clone(),
                    def,
                    fields: Vec::new(),
                    methods: HashMap::new(),
                }),
                ast::StmtKind::Enum(def) => self.enums.push(EnumDecl {
                    name: def.name.name.clone(),
                    def: Some(def),
                }),
                _ => {}
            }
        }
        for item in &self.root.items {
            let bindings = match &item.kind {
                ast::StmtKind::Binding(binding) => std::slice::from_ref(binding),
                ast::StmtKind::DeclList(bindings) => bindings.as_slice(),
                _ => continue,
            };
            for binding in bindings {
                let constant = !binding.is_mut
                    && binding.kind != ast::BindingKind::Plain
                    && matches!(
                        binding.value.kind,
                        ExprKind::Int {
                            negative: false,
                            ..
                        }
                    );
                if constant {
                    self.top_consts.insert(binding.name.name.clone());
                }
            }
        }
        if !self.type_names.contains_key("Result") {
            let id = self.enums.len() as u32;
            self.type_names
                .insert("Result".to_string(), NamedType::Enum(id));
            self.enums.push(EnumDecl {
                name: "Result".to_string(),
                def: None,
            });
        }
        for id in 0..self.structs.len() {
            let def = self.structs[id].def;
            let mut fields = Vec::new();
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for field in &def.fields {
                let ty = self.annotation(&field.ty, false);
                if let Some(&earlier) = seen.get(field.name.name.as_str()) {
                    let line = self.line(earlier);
                    self.report(errors::redefined_field(
                        field.name.span,
                        &field.name.name,
                        line,
                        earlier,
                    ));
                }
                seen.insert(&field.name.name, field.name.span);
                fields.push((field.name.name.clone(), ty));
            }
            self.structs[id].fields = fields;
        }
        for id in 0..self.structs.len() {
            let def = self.structs[id].def;
            for (i, field) in def.fields.iter().enumerate() {
                let ty = self.structs[id].fields[i].1.clone();
                if self.contains_struct(&ty, id as u32, &mut HashSet::new()) {
                    let name = self.show(&ty);
                    self.report(errors::unknown_type(field.ty.span, &name));
                    self.structs[id].fields[i].1 = Type::Error;
                }
            }
        }
    }

    /// True when a value of type `ty` contains struct `target` (directly, through arrays or
    /// through the fields of other structs).
    fn contains_struct(&self, ty: &Type, target: u32, visited: &mut HashSet<u32>) -> bool {
        match ty {
            Type::Array(elem) => self.contains_struct(elem, target, visited),
            Type::Struct(id) if *id == target => true,
            Type::Struct(id) => {
                if !visited.insert(*id) {
                    return false;
                }
                let fields: Vec<Type> = self.structs[*id as usize]
                    .fields
                    .iter()
                    .map(|(_, t)| t.clone())
                    .collect();
                fields
                    .iter()
                    .any(|t| self.contains_struct(t, target, visited))
            }
            _ => false,
        }
    }

    /// Hoists the methods of every `impl` block into the function table (§11.4).
    pub(super) fn collect_methods(&mut self) {
        for item in &self.root.items {
            let ast::StmtKind::Impl(imp) = &item.kind else {
                continue;
            };
            let target = &imp.type_name;
            let id = match self.type_names.get(&target.name) {
                Some(NamedType::Struct(id)) => *id,
                Some(NamedType::Enum(_)) => {
                    self.report(errors::impl_target(target.span, &target.name, true));
                    continue;
                }
                None => {
                    self.report(errors::impl_target(target.span, &target.name, false));
                    continue;
                }
            };
            for def in &imp.methods {
                let name = &def.name.name;
                if let Some(&(first, _)) = self.structs[id as usize].methods.get(name) {
                    let first = self.fns[first].def.name.span;
                    let line = self.line(first);
                    self.report(errors::redefined_function(def.name.span, name, line, first));
                    continue;
                }
                let instance = def.params.first().is_some_and(|p| p.name.name == "self");
                let f = self.fns.len();
                self.fns.push(FnEntry {
                    def,
                    display: format!("{}.{}", target.name, name),
                    env: Vec::new(),
                    state: FnState::Pending,
                    failed: false,
                });
                self.fn_ids.insert(def.span, f);
                if instance {
                    self.method_self.insert(f, id);
                }
                self.structs[id as usize]
                    .methods
                    .insert(name.clone(), (f, instance));
            }
        }
    }

    /// The typed struct table for the program.
    pub(super) fn typed_structs(&self) -> Vec<typed::StructInfo> {
        self.structs
            .iter()
            .map(|s| typed::StructInfo {
                name: s.name.clone(),
                fields: s
                    .fields
                    .iter()
                    .map(|(n, t)| (n.clone(), self.concrete(t)))
                    .collect(),
            })
            .collect()
    }

    /// Type-checks the field defaults of a struct declaration statement (§11.1).
    pub(super) fn struct_decl(&mut self, b: &mut Body, def: &'a ast::StructDef) {
        let Some(NamedType::Struct(id)) = self.type_names.get(&def.name.name).copied() else {
            return;
        };
        if !std::ptr::eq(self.structs[id as usize].def, def) {
            return;
        }
        for (i, field) in def.fields.iter().enumerate() {
            if let Some(default) = &field.default {
                let ty = self.structs[id as usize].fields[i].1.clone();
                self.expect(b, default, &ty);
            }
        }
    }

    /// The struct named by a (possibly qualified) name in an expression, if any.
    pub(super) fn struct_named(&self, b: &Body, name: &str) -> Option<u32> {
        if self.resolve(b, name) != Resolved::Missing {
            return None;
        }
        match self.type_names.get(name) {
            Some(NamedType::Struct(id)) => Some(*id),
            _ => None,
        }
    }

    /// `S{ f: v, … }` (§11.2): fields in any order, defaults for the omitted ones.
    pub(super) fn struct_literal(
        &mut self,
        b: &mut Body,
        qualifier: Option<&ast::Ident>,
        name: &ast::Ident,
        inits: &[ast::FieldInit],
        span: Span,
    ) -> Checked {
        if let Some(q) = qualifier {
            for init in inits {
                self.value(b, &init.value);
            }
            self.report(errors::unsupported(q.span, "modules"));
            return self.error_node(span);
        }
        let id = match self.type_names.get(&name.name) {
            Some(NamedType::Struct(id)) => *id,
            _ => {
                for init in inits {
                    self.value(b, &init.value);
                }
                self.report(errors::unknown_type(name.span, &name.name));
                return self.error_node(span);
            }
        };
        let decl_fields = self.structs[id as usize].fields.clone();
        let def = self.structs[id as usize].def;
        let mut given: Vec<Option<&ast::FieldInit>> = vec![None; decl_fields.len()];
        let mut ok = true;
        for init in inits {
            match decl_fields.iter().position(|(n, _)| *n == init.name.name) {
                Some(i) if given[i].is_some() => {
                    let first = given[i].map(|g| g.name.span).unwrap_or(init.name.span);
                    self.report(errors::repeated_field(
                        init.name.span,
                        &init.name.name,
                        first,
                    ));
                    self.value(b, &init.value);
                    ok = false;
                }
                Some(i) => given[i] = Some(init),
                None => {
                    self.report(errors::unknown_field(
                        init.name.span,
                        &name.name,
                        &init.name.name,
                    ));
                    self.value(b, &init.value);
                    ok = false;
                }
            }
        }
        let mut values = Vec::new();
        for (i, (field_name, ty)) in decl_fields.iter().enumerate() {
            let value = match (given[i], &def.fields[i].default) {
                (Some(init), _) => self.expect(b, &init.value, ty),
                (None, Some(default)) => {
                    let mut scope = Body::module();
                    self.expect(&mut scope, default, ty)
                }
                (None, None) => {
                    self.report(errors::missing_field(name.span, field_name));
                    ok = false;
                    continue;
                }
            };
            values.push(value.expr);
        }
        if !ok {
            return self.error_node(span);
        }
        let kind = typed::ExprKind::StructLit { id, fields: values };
        self.node(kind, &Type::Struct(id), span)
    }

    /// The struct and field number of `field` on a value of type `ty`; an open type is
    /// inferred when exactly one struct has such a field. Reports unknown fields.
    fn field_of(&mut self, ty: &Type, field: &ast::Ident, base_span: Span) -> Option<(u32, u32)> {
        let resolved = self.subst.resolve(ty);
        let id = match resolved {
            Type::Struct(id) => id,
            Type::Error => return None,
            Type::Var(_) => {
                let candidates: Vec<u32> = (0..self.structs.len() as u32)
                    .filter(|&s| {
                        self.structs[s as usize]
                            .fields
                            .iter()
                            .any(|(n, _)| *n == field.name)
                    })
                    .collect();
                if candidates.len() != 1 {
                    self.report(errors::unknown_struct(base_span).with_note(
                        "Annotate the parameter with its struct type to use its fields.",
                    ));
                    return None;
                }
                self.subst.unify(ty, &Type::Struct(candidates[0]));
                candidates[0]
            }
            other => {
                let found = self.show(&other);
                self.report(errors::mismatch(base_span, &found, "struct"));
                return None;
            }
        };
        let decl = &self.structs[id as usize];
        match decl.fields.iter().position(|(n, _)| *n == field.name) {
            Some(i) => Some((id, i as u32)),
            None => {
                let struct_name = decl.name.clone();
                self.report(errors::unknown_field(field.span, &struct_name, &field.name));
                None
            }
        }
    }

    /// `value.field` as a value.
    pub(super) fn field_read(
        &mut self,
        b: &mut Body,
        base: &ast::Expr,
        field: &ast::Ident,
        span: Span,
    ) -> Checked {
        if let ExprKind::Name(name) = &base.kind {
            if let Some(id) = self.enum_in_expr(b, name) {
                return self.enum_value(b, id, field, None, span);
            }
            if let Some(id) = self.struct_named(b, name) {
                let struct_name = self.structs[id as usize].name.clone();
                self.report(errors::unknown_field(field.span, &struct_name, &field.name));
                return self.error_node(span);
            }
        }
        let value = self.value(b, base);
        let Some((id, index)) = self.field_of(&value.ty, field, base.span) else {
            return self.error_node(span);
        };
        let ty = self.structs[id as usize].fields[index as usize].1.clone();
        self.node(
            typed::ExprKind::Field(Box::new(value.expr), index),
            &ty,
            span,
        )
    }

    /// `value.field = new` and `value.field op= new`; the target is evaluated once.
    pub(super) fn field_assign(
        &mut self,
        b: &mut Body,
        op: Option<ast::BinOp>,
        base: &ast::Expr,
        field: &ast::Ident,
        value: &ast::Expr,
        span: Span,
    ) -> Checked {
        let target = self.value(b, base);
        let Some((id, index)) = self.field_of(&target.ty, field, base.span) else {
            self.value(b, value);
            return self.error_node(span);
        };
        let ty = self.structs[id as usize].fields[index as usize].1.clone();
        let Some(op) = op else {
            let new = self.expect(b, value, &ty);
            let kind = typed::ExprKind::FieldAssign {
                target: Box::new(target.expr),
                field: index,
                value: Box::new(new.expr),
            };
            return self.node(kind, &ty, span);
        };
        // `t.f op= v` → `{ tmp = t; tmp.f = tmp.f op v }`.
        let (tmp, init) = self.temp(b, target, base.span);
        let current = self.node(
            typed::ExprKind::Field(Box::new(self.read_temp(b, tmp, base.span).expr), index),
            &ty,
            base.span.to(field.span),
        );
        let rhs = match self.adapt_literal(value, &ty) {
            Some(adapted) => adapted,
            None => self.value(b, value),
        };
        let combined =
            self.arithmetic(op, current, rhs, base.span.to(field.span), value.span, span);
        let kind = typed::ExprKind::FieldAssign {
            target: Box::new(self.read_temp(b, tmp, base.span).expr),
            field: index,
            value: Box::new(combined.expr),
        };
        let assign = self.node(kind, &ty, span);
        self.block_expr(vec![init], assign, span)
    }

    /// `callee.name(args)` where `callee` is a struct name (static method) or a value
    /// (instance method); `None` when `base` is neither (left to other constructs).
    pub(super) fn method_call(
        &mut self,
        b: &mut Body,
        base: &ast::Expr,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Checked {
        if let ExprKind::Name(name) = &base.kind {
            if let Some(id) = self.enum_in_expr(b, name) {
                return self.enum_value(b, id, method, Some(args), span);
            }
            if let Some(id) = self.struct_named(b, name) {
                return self.static_call(b, id, method, args, span);
            }
        }
        let receiver = self.value(b, base);
        let resolved = self.subst.resolve(&receiver.ty);
        let id = match resolved {
            Type::Struct(id) => id,
            Type::Error => {
                self.check_args(b, args);
                return self.error_node(span);
            }
            Type::Var(_) => {
                let candidates: Vec<u32> = (0..self.structs.len() as u32)
                    .filter(|&s| self.structs[s as usize].methods.contains_key(&method.name))
                    .collect();
                if candidates.len() != 1 {
                    self.check_args(b, args);
                    self.report(errors::unknown_struct(base.span).with_note(
                        "Annotate the parameter with its struct type to call its methods.",
                    ));
                    return self.error_node(span);
                }
                self.subst.unify(&receiver.ty, &Type::Struct(candidates[0]));
                candidates[0]
            }
            other => {
                self.check_args(b, args);
                let found = self.show(&other);
                self.report(errors::mismatch(base.span, &found, "struct"));
                return self.error_node(span);
            }
        };
        let struct_name = self.structs[id as usize].name.clone();
        match self.structs[id as usize].methods.get(&method.name).copied() {
            Some((f, true)) => {
                let display = format!("{struct_name}.{}", method.name);
                self.call_with_receiver(b, f, &display, Some(receiver), args, span)
            }
            Some((_, false)) => {
                self.check_args(b, args);
                self.report(errors::static_through_instance(
                    method.span,
                    &struct_name,
                    &method.name,
                ));
                self.error_node(span)
            }
            None => {
                // A field holding a function value is called like a method (§11.1).
                let field = self.structs[id as usize]
                    .fields
                    .iter()
                    .position(|(n, _)| *n == method.name);
                if let Some(index) = field {
                    let ty = self.structs[id as usize].fields[index].1.clone();
                    let callee_span = base.span.to(method.span);
                    let callee = self.node(
                        typed::ExprKind::Field(Box::new(receiver.expr), index as u32),
                        &ty,
                        callee_span,
                    );
                    return self.call_value(b, callee, &method.name, args, callee_span, span);
                }
                self.check_args(b, args);
                self.report(errors::unknown_method(
                    method.span,
                    &struct_name,
                    &method.name,
                ));
                self.error_node(span)
            }
        }
    }

    /// `Type.method(args)`: a static method.
    fn static_call(
        &mut self,
        b: &mut Body,
        id: u32,
        method: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
    ) -> Checked {
        let struct_name = self.structs[id as usize].name.clone();
        match self.structs[id as usize].methods.get(&method.name).copied() {
            Some((f, false)) => {
                let display = format!("{struct_name}.{}", method.name);
                self.call_with_receiver(b, f, &display, None, args, span)
            }
            Some((_, true)) => {
                self.check_args(b, args);
                self.report(errors::instance_through_type(
                    method.span,
                    &struct_name,
                    &method.name,
                ));
                self.error_node(span)
            }
            None => {
                self.check_args(b, args);
                self.report(errors::unknown_method(
                    method.span,
                    &struct_name,
                    &method.name,
                ));
                self.error_node(span)
            }
        }
    }
}
