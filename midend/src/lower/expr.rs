//! Expression lowering: every expression becomes instructions leaving its value in a register.

use orus_frontend::typed::{self, BinOp as SrcOp, Builtin, Expr, ExprKind, LocalId};

use super::func::FnBuilder;
use super::types::{class_of, value_type};
use crate::ir::{BinOp, CmpOp, Const, Inst, Reg, RtFn, RuntimeFn, Term, TrapKind, Ty};

/// The error for constructs a later stage of the compiler will lower.
pub(crate) fn unsupported(what: &str) -> String {
    format!("internal error: {what} is not supported by the IR lowering yet")
}

/// True when evaluating `expr` may assign a local variable's register. Calls cannot (locals
/// shared with closures live in cells), but statement blocks may.
fn assigns_local(expr: &Expr) -> bool {
    let any = |es: &[Expr]| es.iter().any(assigns_local);
    match &expr.kind {
        ExprKind::AssignLocal(..) | ExprKind::Block(..) => true,
        ExprKind::Const(_)
        | ExprKind::Local(_)
        | ExprKind::Global(_)
        | ExprKind::Timestamp
        | ExprKind::FuncRef(_)
        | ExprKind::Closure { .. } => false,
        ExprKind::AssignGlobal(_, e)
        | ExprKind::Neg(e)
        | ExprKind::Not(e)
        | ExprKind::Cast(e)
        | ExprKind::Field(e, _)
        | ExprKind::EnumTag(e)
        | ExprKind::EnumPayload { value: e, .. } => assigns_local(e),
        ExprKind::Binary(_, l, r)
        | ExprKind::Logical { lhs: l, rhs: r, .. }
        | ExprKind::Index {
            target: l,
            index: r,
        }
        | ExprKind::ArrayFill { value: l, count: r }
        | ExprKind::FieldAssign {
            target: l,
            value: r,
            ..
        } => assigns_local(l) || assigns_local(r),
        ExprKind::Cond {
            cond,
            then,
            otherwise,
        } => assigns_local(cond) || assigns_local(then) || assigns_local(otherwise),
        ExprKind::IndexAssign {
            target,
            index,
            value,
        } => assigns_local(target) || assigns_local(index) || assigns_local(value),
        ExprKind::Slice { target, start, end } => {
            assigns_local(target)
                || start.as_deref().is_some_and(assigns_local)
                || end.as_deref().is_some_and(assigns_local)
        }
        ExprKind::Call(_, args)
        | ExprKind::Builtin(_, args)
        | ExprKind::ArrayLit(args)
        | ExprKind::StructLit { fields: args, .. }
        | ExprKind::EnumLit { args, .. } => any(args),
        ExprKind::CallValue(callee, args) => assigns_local(callee) || any(args),
    }
}

/// The operands of a tree of string concatenations, left to right (their evaluation order).
fn concat_operands<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &expr.kind {
        ExprKind::Binary(SrcOp::Concat, l, r) => {
            concat_operands(l, out);
            concat_operands(r, out);
        }
        _ => out.push(expr),
    }
}

impl FnBuilder<'_, '_> {
    /// Lowers an expression whose value is needed.
    pub(crate) fn value(&mut self, expr: &Expr) -> Result<Reg, String> {
        self.expr(expr)?
            .ok_or_else(|| "internal error: a void expression is used as a value".to_string())
    }

    /// Lowers operands left to right. An operand that is a variable's own register is copied
    /// when a later operand may reassign that variable, so each operand keeps the value it had
    /// when it was evaluated.
    pub(crate) fn operands(&mut self, exprs: &[&Expr]) -> Result<Vec<Reg>, String> {
        let mut regs = Vec::with_capacity(exprs.len());
        for (i, expr) in exprs.iter().enumerate() {
            let mut reg = self.value(expr)?;
            if self.is_variable(reg) && exprs[i + 1..].iter().any(|e| assigns_local(e)) {
                reg = self.copy(reg);
            }
            regs.push(reg);
        }
        Ok(regs)
    }

    /// Lowers an expression; `None` for a call of a void function.
    pub(crate) fn expr(&mut self, expr: &Expr) -> Result<Option<Reg>, String> {
        let reg = match &expr.kind {
            ExprKind::Const(c) => self.lower_const(c),
            ExprKind::Local(id) => self.read_local(*id, expr)?,
            ExprKind::Global(id) => self.read_global(*id, expr)?,
            ExprKind::AssignLocal(id, value) => self.assign_local(*id, value)?,
            ExprKind::AssignGlobal(id, value) => {
                let src = self.value(value)?;
                self.emit(Inst::StoreGlobal {
                    global: crate::ir::GlobalId(id.0),
                    src,
                });
                if let Some(flag) = self.global_flag(*id) {
                    let set = self.constant(Const::Bool(true));
                    self.emit(Inst::StoreGlobal {
                        global: flag,
                        src: set,
                    });
                }
                src
            }
            ExprKind::Binary(op, l, r) => self.binary(expr, *op, l, r)?,
            ExprKind::Logical { is_and, lhs, rhs } => self.logical(*is_and, lhs, rhs)?,
            ExprKind::Neg(operand) => {
                let src = self.value(operand)?;
                let ty = self.reg_ty(src);
                let dst = self.new_reg(ty, None);
                let loc = self.loc(expr.span);
                self.emit(Inst::Neg {
                    ty,
                    checked: ty.is_signed(),
                    dst,
                    src,
                    loc,
                });
                dst
            }
            ExprKind::Not(operand) => {
                let src = self.value(operand)?;
                let dst = self.new_reg(Ty::Bool, None);
                let ty = self.reg_ty(src);
                self.emit(Inst::Not { ty, dst, src });
                dst
            }
            ExprKind::Cast(operand) => self.cast(expr, operand)?,
            ExprKind::Cond {
                cond,
                then,
                otherwise,
            } => self.conditional(expr, cond, then, otherwise)?,
            ExprKind::Call(func, args) => return self.call(expr, *func, args),
            ExprKind::Builtin(builtin, args) => return self.builtin(expr, *builtin, args),
            ExprKind::Timestamp => {
                let dst = self.new_reg(Ty::F64, None);
                let loc = self.loc(expr.span);
                self.emit(Inst::Runtime {
                    dst: Some(dst),
                    func: RuntimeFn::Timestamp,
                    types: Vec::new(),
                    args: Vec::new(),
                    loc,
                });
                dst
            }
            ExprKind::Block(stmts, value) => {
                self.stmts(stmts)?;
                return self.expr(value);
            }
            ExprKind::ArrayLit(elems) => self.array_lit(expr, elems)?,
            ExprKind::ArrayFill { value, count } => self.array_fill(expr, value, count)?,
            ExprKind::Index { target, index } => self.index(expr, target, index)?,
            ExprKind::IndexAssign {
                target,
                index,
                value,
            } => self.index_assign(expr, target, index, value)?,
            ExprKind::Slice { target, start, end } => {
                self.slice(expr, target, start.as_deref(), end.as_deref())?
            }
            ExprKind::StructLit { id, fields } => self.struct_lit(*id, fields)?,
            ExprKind::Field(obj, field) => self.field(expr, obj, *field)?,
            ExprKind::FieldAssign {
                target,
                field,
                value,
            } => self.field_assign(target, *field, value)?,
            ExprKind::EnumLit { id, variant, args } => self.enum_lit(expr, *id, *variant, args)?,
            ExprKind::EnumTag(value) => self.enum_tag(value)?,
            ExprKind::EnumPayload {
                value,
                index,
                checked,
            } => self.enum_payload(expr, value, *index, *checked)?,
            ExprKind::FuncRef(func) => self.func_ref(*func)?,
            ExprKind::Closure { func, captures } => self.closure(*func, captures)?,
            ExprKind::CallValue(callee, args) => return self.call_value(expr, callee, args),
        };
        Ok(Some(reg))
    }

    /// The register class of a value type.
    pub(crate) fn value_class(&self, ty: &typed::Ty) -> Result<Ty, String> {
        class_of(ty).ok_or_else(|| "internal error: a void expression is used as a value".into())
    }

    fn lower_const(&mut self, c: &typed::Const) -> Reg {
        let value = match c {
            typed::Const::I32(v) => Const::I32(*v),
            typed::Const::I64(v) => Const::I64(*v),
            typed::Const::U32(v) => Const::U32(*v),
            typed::Const::U64(v) => Const::U64(*v),
            typed::Const::F64(v) => Const::F64(*v),
            typed::Const::Bool(v) => Const::Bool(*v),
            typed::Const::Str(bytes) => Const::Str(self.ctx.intern(bytes)),
        };
        self.constant(value)
    }

    /// Reads a local, first checking it was assigned when it may not have been (§7.6).
    fn read_local(&mut self, id: LocalId, expr: &Expr) -> Result<Reg, String> {
        let reg = self.local_reg(id)?;
        if let Some(flag) = self.init_flag(id) {
            let name = self.local_info(id)?.name.clone();
            let unassigned = self.new_reg(Ty::Bool, None);
            self.emit(Inst::Not {
                ty: Ty::Bool,
                dst: unassigned,
                src: flag,
            });
            let loc = self.loc(expr.span);
            self.trap_if(unassigned, TrapKind::Unassigned(name), loc);
        }
        if let Some(cell) = self.cell_of(id) {
            let dst = self.new_reg(self.reg_ty(reg), None);
            self.emit(Inst::CellGet { dst, cell });
            return Ok(dst);
        }
        Ok(reg)
    }

    /// The init flag global of a module variable, when it needs one.
    fn global_flag(&self, id: typed::GlobalId) -> Option<crate::ir::GlobalId> {
        self.ctx.global_flags.get(id.0 as usize).copied().flatten()
    }

    /// Reads a module variable, first checking it was assigned when it may not have been
    /// (declared in an `if` branch at top level, §7.6).
    fn read_global(&mut self, id: typed::GlobalId, expr: &Expr) -> Result<Reg, String> {
        if let Some(flag) = self.global_flag(id) {
            let name = self
                .ctx
                .program
                .globals
                .get(id.0 as usize)
                .map(|g| g.name.clone())
                .ok_or_else(|| format!("internal error: unknown global {}", id.0))?;
            let assigned = self.new_reg(Ty::Bool, None);
            self.emit(Inst::LoadGlobal {
                dst: assigned,
                global: flag,
            });
            let unassigned = self.new_reg(Ty::Bool, None);
            self.emit(Inst::Not {
                ty: Ty::Bool,
                dst: unassigned,
                src: assigned,
            });
            let loc = self.loc(expr.span);
            self.trap_if(unassigned, TrapKind::Unassigned(name), loc);
        }
        let ty = self.value_class(&expr.ty)?;
        let dst = self.new_reg(ty, None);
        self.emit(Inst::LoadGlobal {
            dst,
            global: crate::ir::GlobalId(id.0),
        });
        Ok(dst)
    }

    /// `local = value`; the expression's value is the local's register (or, for a local in
    /// a cell, the stored value).
    pub(crate) fn assign_local(&mut self, id: LocalId, value: &Expr) -> Result<Reg, String> {
        let src = self.value(value)?;
        self.write_local(id, src)?;
        if self.cell_of(id).is_some() {
            return Ok(src);
        }
        self.local_reg(id)
    }

    fn binary(&mut self, expr: &Expr, op: SrcOp, l: &Expr, r: &Expr) -> Result<Reg, String> {
        if op == SrcOp::Repeat {
            return self.repeat(expr, l, r);
        }
        if op == SrcOp::Concat {
            let mut parts = Vec::new();
            concat_operands(expr, &mut parts);
            if parts.len() > 2 {
                // `a + b + c …` builds one string instead of one per `+`.
                let regs = self.operands(&parts)?;
                let loc = self.loc(expr.span);
                let types = vec![crate::ir::ValueType::Str; regs.len()];
                return self
                    .rt_call(crate::ir::RtFn::StrConcat, types, regs, Some(Ty::Ref), loc)
                    .ok_or_else(|| "internal error: concatenation without a result".to_string());
            }
        }
        let regs = self.operands(&[l, r])?;
        let (lhs, rhs) = (regs[0], regs[1]);
        let ty = self.reg_ty(lhs);
        let loc = self.loc(expr.span);
        let arith = |op| Some((op, ty.is_signed() && op != BinOp::And && op != BinOp::Or));
        let arithmetic = match op {
            SrcOp::Add => arith(BinOp::Add),
            SrcOp::Sub => arith(BinOp::Sub),
            SrcOp::Mul => arith(BinOp::Mul),
            SrcOp::Div => arith(BinOp::Div),
            SrcOp::Mod => arith(BinOp::Rem),
            SrcOp::BitAnd => arith(BinOp::And),
            SrcOp::BitOr => arith(BinOp::Or),
            _ => None,
        };
        if let Some((op, checked)) = arithmetic {
            if !(ty.is_integer() || ty == Ty::F64) {
                return Err(unsupported("arithmetic on non-numeric values"));
            }
            let dst = self.new_reg(ty, None);
            self.emit(Inst::Binary {
                op,
                ty,
                checked,
                dst,
                lhs,
                rhs,
                loc,
            });
            return Ok(dst);
        }
        let cmp = match op {
            SrcOp::Concat => return Ok(self.runtime2(RuntimeFn::Concat, Ty::Ref, lhs, rhs, loc)),
            SrcOp::Eq => CmpOp::Eq,
            SrcOp::Ne => CmpOp::Ne,
            SrcOp::Lt => CmpOp::Lt,
            SrcOp::Le => CmpOp::Le,
            SrcOp::Gt => CmpOp::Gt,
            SrcOp::Ge => CmpOp::Ge,
            _ => return Err(unsupported("this binary operator")),
        };
        if l.ty == typed::Ty::Str && matches!(cmp, CmpOp::Eq | CmpOp::Ne) {
            let eq = self.runtime2(RuntimeFn::StrEq, Ty::Bool, lhs, rhs, loc);
            if cmp == CmpOp::Eq {
                return Ok(eq);
            }
            let dst = self.new_reg(Ty::Bool, None);
            self.emit(Inst::Not {
                ty: Ty::Bool,
                dst,
                src: eq,
            });
            return Ok(dst);
        }
        if ty == Ty::Ref {
            return self.ref_equality(expr, op, &l.ty, lhs, rhs);
        }
        let dst = self.new_reg(Ty::Bool, None);
        self.emit(Inst::Cmp {
            op: cmp,
            ty,
            dst,
            lhs,
            rhs,
        });
        Ok(dst)
    }

    /// A two-argument string runtime call.
    fn runtime2(
        &mut self,
        func: RuntimeFn,
        ret: Ty,
        lhs: Reg,
        rhs: Reg,
        loc: crate::ir::LocId,
    ) -> Reg {
        let dst = self.new_reg(ret, None);
        self.emit(Inst::Runtime {
            dst: Some(dst),
            func,
            types: Vec::new(),
            args: vec![lhs, rhs],
            loc,
        });
        dst
    }

    /// Short-circuit `and` / `or`.
    fn logical(&mut self, is_and: bool, lhs: &Expr, rhs: &Expr) -> Result<Reg, String> {
        let result = self.new_reg(Ty::Bool, None);
        let left = self.value(lhs)?;
        self.emit(Inst::Move {
            dst: result,
            src: left,
        });
        let right_block = self.new_block();
        let done = self.new_block();
        if is_and {
            self.branch(left, right_block, done);
        } else {
            self.branch(left, done, right_block);
        }
        self.switch_to(right_block);
        let right = self.value(rhs)?;
        self.emit(Inst::Move {
            dst: result,
            src: right,
        });
        self.jump_to(done);
        Ok(result)
    }

    /// `then if cond else otherwise`.
    fn conditional(
        &mut self,
        expr: &Expr,
        cond: &Expr,
        then: &Expr,
        otherwise: &Expr,
    ) -> Result<Reg, String> {
        let ty = self.value_class(&expr.ty)?;
        let result = self.new_reg(ty, None);
        let c = self.value(cond)?;
        let then_block = self.new_block();
        let else_block = self.new_block();
        let done = self.new_block();
        self.branch(c, then_block, else_block);
        for (block, value) in [(then_block, then), (else_block, otherwise)] {
            self.switch_to(block);
            let src = self.value(value)?;
            self.emit(Inst::Move { dst: result, src });
            self.set_term(Term::Jump(done));
        }
        self.switch_to(done);
        Ok(result)
    }

    fn cast(&mut self, expr: &Expr, operand: &Expr) -> Result<Reg, String> {
        let src = self.value(operand)?;
        if expr.ty == operand.ty {
            return Ok(src);
        }
        let loc = self.loc(expr.span);
        if expr.ty == typed::Ty::Str && self.reg_ty(src) == Ty::Ref {
            // A heap value as a string: the generic conversion.
            let types = vec![value_type(&operand.ty)?];
            return Ok(self
                .rt_call(RtFn::ToStringAny, types, vec![src], Some(Ty::Ref), loc)
                .expect("has a result"));
        }
        if expr.ty == typed::Ty::Str {
            let dst = self.new_reg(Ty::Ref, None);
            self.emit(Inst::Runtime {
                dst: Some(dst),
                func: RuntimeFn::ToString,
                types: vec![value_type(&operand.ty)?],
                args: vec![src],
                loc,
            });
            return Ok(dst);
        }
        let from = self.reg_ty(src);
        let to = self.value_class(&expr.ty)?;
        if from == Ty::Ref || to == Ty::Ref {
            return Err(unsupported("this cast"));
        }
        let dst = self.new_reg(to, None);
        self.emit(Inst::Cast {
            from,
            to,
            dst,
            src,
            loc,
        });
        Ok(dst)
    }

    fn call(
        &mut self,
        expr: &Expr,
        func: typed::FuncId,
        args: &[Expr],
    ) -> Result<Option<Reg>, String> {
        let target = func;
        let func = self.func_id(func)?;
        if super::func::has_env(&self.ctx.program.functions[target.0 as usize]) {
            return Err(format!(
                "internal error: direct call of closure function '{}'",
                self.ctx.program.functions[target.0 as usize].name
            ));
        }
        let refs: Vec<&Expr> = args.iter().collect();
        let args = self.operands(&refs)?;
        let dst = class_of(&expr.ty).map(|ty| self.new_reg(ty, None));
        let loc = self.loc(expr.span);
        self.emit(Inst::Call {
            dst,
            func,
            args,
            loc,
        });
        Ok(dst)
    }

    fn builtin(
        &mut self,
        expr: &Expr,
        builtin: Builtin,
        args: &[Expr],
    ) -> Result<Option<Reg>, String> {
        if let Some(reg) = self.heap_builtin(expr, builtin, args)? {
            return Ok(Some(reg));
        }
        let (func, ret) = match builtin {
            Builtin::AssertEq => (RuntimeFn::AssertEq, Ty::Bool),
            Builtin::StrLen => (RuntimeFn::StrLen, Ty::I32),
            _ => return Err(unsupported("this builtin")),
        };
        let refs: Vec<&Expr> = args.iter().collect();
        let regs = self.operands(&refs)?;
        let types = if builtin == Builtin::AssertEq {
            args.iter()
                .map(|a| value_type(&a.ty))
                .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        let dst = self.new_reg(ret, None);
        let loc = self.loc(expr.span);
        self.emit(Inst::Runtime {
            dst: Some(dst),
            func,
            types,
            args: regs,
            loc,
        });
        Ok(Some(dst))
    }
}
