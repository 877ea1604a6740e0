//! The per-function builder: registers, blocks, the current insertion point and the facts
//! the expression and statement lowering share (local registers, init flags, loop targets).

use std::collections::HashMap;

use orus_frontend::source::Span;
use orus_frontend::typed::{self, FunctionKind, LocalId, LoopId};

use super::{types, ModuleCtx};
use crate::ir::{
    self, Block, BlockId, Const, FuncId, Inst, LocId, Reg, RegInfo, Term, TrapKind, Ty,
};

/// Where `break` and `continue` of one loop go.
#[derive(Clone, Copy)]
pub(crate) struct LoopTargets {
    /// Target of `break`.
    pub(crate) exit: BlockId,
    /// Target of `continue`.
    pub(crate) next: BlockId,
}

/// Builds one IR function.
pub(crate) struct FnBuilder<'m, 'a> {
    /// Module-wide state (strings, locations).
    pub(crate) ctx: &'m mut ModuleCtx<'a>,
    /// The typed function being lowered.
    pub(crate) source: &'a typed::Function,
    regs: Vec<RegInfo>,
    blocks: Vec<(Vec<Inst>, Option<Term>)>,
    current: usize,
    locals: Vec<Reg>,
    is_local: Vec<bool>,
    init_flags: Vec<Option<Reg>>,
    /// Targets of the loops currently being lowered.
    pub(crate) loops: HashMap<LoopId, LoopTargets>,
}

/// Lowers one typed function instance.
pub(crate) fn lower_function<'a>(
    ctx: &mut ModuleCtx<'a>,
    source: &'a typed::Function,
) -> Result<ir::Function, String> {
    let mut b = FnBuilder {
        ctx,
        source,
        regs: Vec::new(),
        blocks: vec![(Vec::new(), None)],
        current: 0,
        locals: Vec::new(),
        is_local: Vec::new(),
        init_flags: Vec::new(),
        loops: HashMap::new(),
    };
    b.declare_locals()?;
    let params = source
        .params
        .iter()
        .map(|p| b.local_reg(*p))
        .collect::<Result<Vec<_>, String>>()?;
    b.lower_body(&source.body)?;
    let ret = if source.kind == FunctionKind::ModuleInit {
        None
    } else {
        types::class_of(&source.ret)
    };
    let loc = b.ctx.loc(source.span);
    let end = b.end_of_body(ret.is_some(), loc);
    let blocks = b
        .blocks
        .into_iter()
        .map(|(insts, term)| Block {
            insts,
            term: term.unwrap_or_else(|| end.clone()),
            handler: None,
        })
        .collect();
    Ok(ir::Function {
        name: source.name.clone(),
        params,
        ret,
        regs: b.regs,
        blocks,
        loc,
        layout: None,
        value_name: source.source_name.clone(),
    })
}

impl FnBuilder<'_, '_> {
    /// Gives every local a register and, for locals that need an init check, a flag that
    /// starts false (the local itself starts with a harmless default so every read has a
    /// reaching definition on every path).
    fn declare_locals(&mut self) -> Result<(), String> {
        for local in &self.source.locals {
            let ty = types::class_of(&local.ty)
                .ok_or_else(|| format!("internal error: local '{}' has type void", local.name))?;
            let reg = self.new_reg(ty, Some(local.name.clone()));
            self.locals.push(reg);
            self.is_local[reg.0 as usize] = true;
            let flag = if local.needs_init_check {
                let flag = self.new_reg(Ty::Bool, None);
                self.const_into(flag, Const::Bool(false));
                let default = self.default_const(ty);
                self.const_into(reg, default);
                Some(flag)
            } else {
                None
            };
            self.init_flags.push(flag);
        }
        Ok(())
    }

    /// The terminator that ends the body when control falls off its end.
    fn end_of_body(&self, returns_value: bool, loc: LocId) -> Term {
        if returns_value {
            Term::Trap {
                kind: TrapKind::MissingReturn(self.source.source_name.clone()),
                loc,
            }
        } else {
            Term::Return(None)
        }
    }

    /// A zero of class `ty` (the empty string for references).
    fn default_const(&mut self, ty: Ty) -> Const {
        match ty {
            Ty::I32 => Const::I32(0),
            Ty::I64 => Const::I64(0),
            Ty::U32 => Const::U32(0),
            Ty::U64 => Const::U64(0),
            Ty::F64 => Const::F64(0.0),
            Ty::Bool => Const::Bool(false),
            Ty::Ref => Const::Str(self.ctx.intern(b"")),
        }
    }

    /// A fresh register of class `ty`.
    pub(crate) fn new_reg(&mut self, ty: Ty, name: Option<String>) -> Reg {
        self.regs.push(RegInfo { ty, name });
        self.is_local.push(false);
        Reg(self.regs.len() as u32 - 1)
    }

    /// The class of a register.
    pub(crate) fn reg_ty(&self, reg: Reg) -> Ty {
        self.regs[reg.0 as usize].ty
    }

    /// True when `reg` holds a source variable (and may be reassigned later).
    pub(crate) fn is_variable(&self, reg: Reg) -> bool {
        self.is_local.get(reg.0 as usize).copied().unwrap_or(false)
    }

    /// The register of a local.
    pub(crate) fn local_reg(&self, id: LocalId) -> Result<Reg, String> {
        self.locals
            .get(id.0 as usize)
            .copied()
            .ok_or_else(|| format!("internal error: unknown local {}", id.0))
    }

    /// The init flag of a local, when it needs one.
    pub(crate) fn init_flag(&self, id: LocalId) -> Option<Reg> {
        self.init_flags.get(id.0 as usize).copied().flatten()
    }

    /// The typed description of a local.
    pub(crate) fn local_info(&self, id: LocalId) -> Result<&typed::Local, String> {
        self.source
            .locals
            .get(id.0 as usize)
            .ok_or_else(|| format!("internal error: unknown local {}", id.0))
    }

    /// A new, empty block (not yet the insertion point).
    pub(crate) fn new_block(&mut self) -> BlockId {
        self.blocks.push((Vec::new(), None));
        BlockId(self.blocks.len() as u32 - 1)
    }

    /// Makes `block` the insertion point.
    pub(crate) fn switch_to(&mut self, block: BlockId) {
        self.current = block.0 as usize;
    }

    /// Appends an instruction at the insertion point.
    pub(crate) fn emit(&mut self, inst: Inst) {
        self.blocks[self.current].0.push(inst);
    }

    /// Ends the current block. Code lowered afterwards (unreachable code after `return` or
    /// `break`) goes to a fresh block.
    pub(crate) fn terminate(&mut self, term: Term) {
        self.set_term(term);
        let next = self.new_block();
        self.switch_to(next);
    }

    /// Ends the current block with a jump to `target` and continues there.
    pub(crate) fn jump_to(&mut self, target: BlockId) {
        self.set_term(Term::Jump(target));
        self.switch_to(target);
    }

    /// Ends the current block with a conditional branch (the insertion point stays; the
    /// caller switches to one of the targets).
    pub(crate) fn branch(&mut self, cond: Reg, then: BlockId, otherwise: BlockId) {
        self.set_term(Term::Branch {
            cond,
            then,
            otherwise,
        });
    }

    /// Ends the current block without moving the insertion point; the caller switches next.
    pub(crate) fn set_term(&mut self, term: Term) {
        self.blocks[self.current].1 = Some(term);
    }

    /// `dst = value`.
    pub(crate) fn const_into(&mut self, dst: Reg, value: Const) {
        self.emit(Inst::Const { dst, value });
    }

    /// A fresh register holding a constant.
    pub(crate) fn constant(&mut self, value: Const) -> Reg {
        let dst = self.new_reg(value.ty(), None);
        self.const_into(dst, value);
        dst
    }

    /// A fresh register holding a copy of `src`.
    pub(crate) fn copy(&mut self, src: Reg) -> Reg {
        let dst = self.new_reg(self.reg_ty(src), None);
        self.emit(Inst::Move { dst, src });
        dst
    }

    /// The location id of a span.
    pub(crate) fn loc(&mut self, span: Span) -> LocId {
        self.ctx.loc(span)
    }

    /// Branches to a block raising `kind` when `cond` is true, continuing otherwise.
    pub(crate) fn trap_if(&mut self, cond: Reg, kind: TrapKind, loc: LocId) {
        let trap = self.new_block();
        let cont = self.new_block();
        self.branch(cond, trap, cont);
        self.switch_to(trap);
        self.set_term(Term::Trap { kind, loc });
        self.switch_to(cont);
    }

    /// The IR id of a typed function.
    pub(crate) fn func_id(&self, id: typed::FuncId) -> Result<FuncId, String> {
        if (id.0 as usize) < self.ctx.program.functions.len() {
            Ok(FuncId(id.0))
        } else {
            Err(format!("internal error: unknown function {}", id.0))
        }
    }
}
