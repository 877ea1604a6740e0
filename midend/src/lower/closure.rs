//! Function values (docs/HEAP.md §5): closures over cells, adapters that turn named
//! functions into values, and indirect calls.

use orus_frontend::typed::{self, Expr, LocalId};

use super::func::{has_env, FnBuilder};
use super::types::class_of;
use super::ModuleCtx;
use crate::ir::{self, Block, FuncId, Inst, Reg, RegInfo, Term, Ty};

/// The adapter of named function `target`: `(env, params…) -> ret`, calling `target` with
/// the parameters and returning its result. Its `value_name` is the function's source name,
/// so printing the value shows `<fn name>`.
pub(crate) fn adapter_function(
    ctx: &mut ModuleCtx,
    target: typed::FuncId,
) -> Result<ir::Function, String> {
    let source = ctx
        .program
        .functions
        .get(target.0 as usize)
        .ok_or_else(|| format!("internal error: unknown function {}", target.0))?;
    if has_env(source) {
        return Err(format!(
            "internal error: '{}' needs an environment and cannot be used as a plain value",
            source.name
        ));
    }
    let mut regs = vec![RegInfo {
        ty: Ty::Ref,
        name: Some("env".into()),
    }];
    let mut params = vec![Reg(0)];
    for &p in &source.params {
        let local = source
            .locals
            .get(p.0 as usize)
            .ok_or_else(|| format!("internal error: unknown parameter {}", p.0))?;
        let ty = class_of(&local.ty)
            .ok_or_else(|| format!("internal error: parameter '{}' is void", local.name))?;
        params.push(Reg(regs.len() as u32));
        regs.push(RegInfo {
            ty,
            name: Some(local.name.clone()),
        });
    }
    let ret = class_of(&source.ret);
    let dst = ret.map(|ty| {
        regs.push(RegInfo { ty, name: None });
        Reg(regs.len() as u32 - 1)
    });
    let loc = ctx.loc(source.span);
    Ok(ir::Function {
        name: format!("{}.value", source.name),
        params: params.clone(),
        ret,
        regs,
        blocks: vec![Block {
            insts: vec![Inst::Call {
                dst,
                func: FuncId(target.0),
                args: params[1..].to_vec(),
                loc,
            }],
            term: Term::Return(dst),
            handler: None,
        }],
        loc,
        layout: None,
        value_name: source.source_name.clone(),
    })
}

impl FnBuilder<'_, '_> {
    /// A named function used as a value: a closure without captures of its adapter.
    pub(crate) fn func_ref(&mut self, func: typed::FuncId) -> Result<Reg, String> {
        self.func_id(func)?;
        let adapter = self.ctx.adapter(func);
        let dst = self.new_reg(Ty::Ref, None);
        self.emit(Inst::Closure {
            dst,
            func: adapter,
            captures: Vec::new(),
        });
        Ok(dst)
    }

    /// A closure of `func` over the cells of `captures` (locals of this function).
    pub(crate) fn closure(
        &mut self,
        func: typed::FuncId,
        captures: &[LocalId],
    ) -> Result<Reg, String> {
        let id = self.func_id(func)?;
        let target = &self.ctx.program.functions[func.0 as usize];
        if !has_env(target) {
            if !captures.is_empty() {
                return Err(format!(
                    "internal error: '{}' captures variables but has no environment",
                    target.name
                ));
            }
            return self.func_ref(func);
        }
        if target.captures.len() != captures.len() {
            return Err(format!(
                "internal error: closure of '{}' passes {} captures, it takes {}",
                target.name,
                captures.len(),
                target.captures.len()
            ));
        }
        let cells = captures
            .iter()
            .map(|&c| {
                self.cell_of(c)
                    .ok_or_else(|| format!("internal error: captured local {} has no cell", c.0))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let dst = self.new_reg(Ty::Ref, None);
        self.emit(Inst::Closure {
            dst,
            func: id,
            captures: cells,
        });
        Ok(dst)
    }

    /// A call of a function value: the callee, then the arguments, left to right.
    pub(crate) fn call_value(
        &mut self,
        expr: &Expr,
        callee: &Expr,
        args: &[Expr],
    ) -> Result<Option<Reg>, String> {
        let mut exprs = vec![callee];
        exprs.extend(args.iter());
        let regs = self.operands(&exprs)?;
        let dst = class_of(&expr.ty).map(|ty| self.new_reg(ty, None));
        let loc = self.loc(expr.span);
        self.emit(Inst::CallIndirect {
            dst,
            callee: regs[0],
            args: regs[1..].to_vec(),
            loc,
        });
        Ok(dst)
    }
}
