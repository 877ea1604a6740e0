//! Late types: in pass 2 a node may be built while its type still has open variables (an
//! empty `[]` whose element type a later `push` decides). Such nodes are recorded and their
//! concrete types are filled in when the body they belong to is finished.

use super::types::Type;
use super::Checker;
use crate::source::Span;
use crate::typed::{self, Expr, ExprKind, Stmt, StmtKind};
use std::collections::HashMap;
use std::mem::Discriminant;

/// Nodes of the body being built whose types were open when they were built.
#[derive(Debug, Default)]
pub(crate) struct OpenNodes {
    nodes: HashMap<(Span, Discriminant<ExprKind>), Type>,
}

impl OpenNodes {
    /// Records a node built with an open type.
    pub(crate) fn record(&mut self, span: Span, kind: &ExprKind, ty: &Type) {
        self.nodes
            .insert((span, std::mem::discriminant(kind)), ty.clone());
    }
}

impl<'a> Checker<'a> {
    /// Records `kind` at `span` when `ty` still has open variables in pass 2.
    pub(super) fn note_open(&self, kind: &ExprKind, ty: &Type, span: Span) {
        if !self.building {
            return;
        }
        let mut free = Vec::new();
        self.subst.free_vars(ty, &mut free);
        if !free.is_empty() {
            self.open_nodes.borrow_mut().record(span, kind, ty);
        }
    }

    /// Forgets the recorded nodes: called when a new instance body starts, since instances
    /// of one generic function share their spans.
    pub(super) fn forget_open_types(&self) {
        self.open_nodes.borrow_mut().nodes.clear();
    }

    /// Fills in the concrete types of the recorded nodes found in `stmts` (a finished body;
    /// a function expression's body may be fixed separately while its enclosing body is
    /// still being built).
    pub(super) fn fix_open_types(&self, stmts: &mut [Stmt]) {
        let open = self.open_nodes.borrow();
        if open.nodes.is_empty() {
            return;
        }
        let fixed: HashMap<(Span, Discriminant<ExprKind>), typed::Ty> = open
            .nodes
            .iter()
            .map(|(key, ty)| (*key, self.concrete(ty)))
            .collect();
        for stmt in stmts {
            fix_stmt(stmt, &fixed);
        }
    }
}

type Fixed = HashMap<(Span, Discriminant<ExprKind>), typed::Ty>;

fn fix_stmts(stmts: &mut [Stmt], fixed: &Fixed) {
    for stmt in stmts {
        fix_stmt(stmt, fixed);
    }
}

fn fix_stmt(stmt: &mut Stmt, fixed: &Fixed) {
    match &mut stmt.kind {
        StmtKind::Expr(e) => fix_expr(e, fixed),
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => {
            fix_expr(cond, fixed);
            fix_stmts(then, fixed);
            fix_stmts(otherwise, fixed);
        }
        StmtKind::While { cond, body, .. } => {
            fix_expr(cond, fixed);
            fix_stmts(body, fixed);
        }
        StmtKind::ForRange {
            start,
            end,
            step,
            body,
            ..
        } => {
            fix_expr(start, fixed);
            fix_expr(end, fixed);
            if let Some(step) = step {
                fix_expr(step, fixed);
            }
            fix_stmts(body, fixed);
        }
        StmtKind::ForInt { count: e, body, .. }
        | StmtKind::ForArray { array: e, body, .. }
        | StmtKind::ForRangeValue { range: e, body, .. } => {
            fix_expr(e, fixed);
            fix_stmts(body, fixed);
        }
        StmtKind::Return(Some(e)) => fix_expr(e, fixed),
        StmtKind::Print(args) => args.iter_mut().for_each(|a| fix_expr(a, fixed)),
        StmtKind::Block(body) => fix_stmts(body, fixed),
        StmtKind::Try { body, handler, .. } => {
            fix_stmts(body, fixed);
            fix_stmts(handler, fixed);
        }
        StmtKind::Break(_)
        | StmtKind::Continue(_)
        | StmtKind::Return(None)
        | StmtKind::MissingReturn => {}
    }
}

fn fix_expr(e: &mut Expr, fixed: &Fixed) {
    if let Some(ty) = fixed.get(&(e.span, std::mem::discriminant(&e.kind))) {
        e.ty = ty.clone();
    }
    match &mut e.kind {
        ExprKind::Const(_)
        | ExprKind::Local(_)
        | ExprKind::Global(_)
        | ExprKind::Timestamp
        | ExprKind::FuncRef(_)
        | ExprKind::Closure { .. } => {}
        ExprKind::AssignLocal(_, v)
        | ExprKind::AssignGlobal(_, v)
        | ExprKind::Neg(v)
        | ExprKind::Not(v)
        | ExprKind::Cast(v)
        | ExprKind::Field(v, _)
        | ExprKind::EnumTag(v)
        | ExprKind::EnumPayload { value: v, .. } => fix_expr(v, fixed),
        ExprKind::Binary(_, l, r)
        | ExprKind::Logical { lhs: l, rhs: r, .. }
        | ExprKind::ArrayFill { value: l, count: r }
        | ExprKind::Index {
            target: l,
            index: r,
        }
        | ExprKind::FieldAssign {
            target: l,
            value: r,
            ..
        } => {
            fix_expr(l, fixed);
            fix_expr(r, fixed);
        }
        ExprKind::Cond {
            cond,
            then,
            otherwise,
        } => {
            fix_expr(cond, fixed);
            fix_expr(then, fixed);
            fix_expr(otherwise, fixed);
        }
        ExprKind::IndexAssign {
            target,
            index,
            value,
        } => {
            fix_expr(target, fixed);
            fix_expr(index, fixed);
            fix_expr(value, fixed);
        }
        ExprKind::Slice { target, start, end } => {
            fix_expr(target, fixed);
            if let Some(start) = start {
                fix_expr(start, fixed);
            }
            if let Some(end) = end {
                fix_expr(end, fixed);
            }
        }
        ExprKind::Call(_, args)
        | ExprKind::Builtin(_, args)
        | ExprKind::ArrayLit(args)
        | ExprKind::StructLit { fields: args, .. }
        | ExprKind::EnumLit { args, .. } => args.iter_mut().for_each(|a| fix_expr(a, fixed)),
        ExprKind::CallValue(callee, args) => {
            fix_expr(callee, fixed);
            args.iter_mut().for_each(|a| fix_expr(a, fixed));
        }
        ExprKind::Block(stmts, value) => {
            fix_stmts(stmts, fixed);
            fix_expr(value, fixed);
        }
    }
}
