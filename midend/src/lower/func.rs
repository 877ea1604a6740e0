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
    /// Number of `try` regions open where the loop starts: leaving the loop body leaves the
    /// regions opened inside it.
    pub(crate) tries: usize,
}

/// A block under construction.
struct BlockBuf {
    insts: Vec<Inst>,
    term: Option<Term>,
    handler: Option<BlockId>,
}

/// True when the IR function of `f` takes the hidden environment parameter 0: function
/// expressions and functions with captures (closures), which are only called indirectly.
pub(crate) fn has_env(f: &typed::Function) -> bool {
    f.kind == FunctionKind::Lambda || !f.captures.is_empty()
}

/// Builds one IR function.
pub(crate) struct FnBuilder<'m, 'a> {
    /// Module-wide state (strings, locations).
    pub(crate) ctx: &'m mut ModuleCtx<'a>,
    /// The typed function being lowered.
    pub(crate) source: &'a typed::Function,
    regs: Vec<RegInfo>,
    blocks: Vec<BlockBuf>,
    current: usize,
    locals: Vec<Reg>,
    is_local: Vec<bool>,
    init_flags: Vec<Option<Reg>>,
    /// The cell register of each captured local (§5 of HEAP.md), indexed by local.
    cells: Vec<Option<Reg>>,
    /// Handler blocks of the `try` regions open at the insertion point, innermost last.
    /// New blocks belong to the innermost one.
    pub(crate) tries: Vec<BlockId>,
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
        blocks: vec![BlockBuf {
            insts: Vec::new(),
            term: None,
            handler: None,
        }],
        current: 0,
        locals: Vec::new(),
        is_local: Vec::new(),
        init_flags: Vec::new(),
        cells: Vec::new(),
        tries: Vec::new(),
        loops: HashMap::new(),
    };
    let env = has_env(source).then(|| b.new_reg(Ty::Ref, Some("env".into())));
    b.declare_locals()?;
    let mut params: Vec<Reg> = env.into_iter().collect();
    for p in &source.params {
        params.push(b.local_reg(*p)?);
    }
    b.bind_cells(env)?;
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
        .map(|block| Block {
            insts: block.insts,
            term: block.term.unwrap_or_else(|| end.clone()),
            handler: block.handler,
        })
        .collect();
    // Function expressions print as `<fn>`; a capturing nested `fn` is a lambda that keeps
    // its source name (`<fn name>`).
    let value_name = match source.kind {
        FunctionKind::Lambda if source.source_name == "<fn>" => String::new(),
        _ => source.source_name.clone(),
    };
    Ok(ir::Function {
        name: source.name.clone(),
        params,
        ret,
        regs: b.regs,
        blocks,
        loc,
        layout: None,
        value_name,
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

    /// Creates the cells of captured locals at entry, before any closure can capture them:
    /// a closure's received locals are bound to its environment's captures, captured
    /// parameters are copied into a fresh cell, and other captured locals get a cell holding
    /// a zero of their class (assignments then store into it).
    fn bind_cells(&mut self, env: Option<Reg>) -> Result<(), String> {
        let source = self.source;
        self.cells = vec![None; source.locals.len()];
        for (index, local) in source.locals.iter().enumerate() {
            if !local.captured {
                continue;
            }
            let id = LocalId(index as u32);
            let reg = self.locals[index];
            let cell = self.new_reg(Ty::Ref, Some(format!("{}.cell", local.name)));
            if let Some(i) = source.captures.iter().position(|&c| c == id) {
                let env = env.ok_or_else(|| {
                    format!(
                        "internal error: '{}' captures without an environment",
                        source.name
                    )
                })?;
                self.emit(Inst::CaptureGet {
                    dst: cell,
                    env,
                    index: i as u32,
                });
                // The declaring function checks its own init flag; here the value is read
                // through the cell.
                self.init_flags[index] = None;
            } else {
                let src = if source.params.contains(&id) {
                    reg
                } else {
                    let ty = self.reg_ty(reg);
                    let zero = self.default_const(ty);
                    self.constant(zero)
                };
                let ty = self.reg_ty(reg);
                self.emit(Inst::CellNew { dst: cell, src, ty });
            }
            self.cells[index] = Some(cell);
        }
        if let Some(&missing) = source
            .captures
            .iter()
            .find(|c| self.cells.get(c.0 as usize).copied().flatten().is_none())
        {
            return Err(format!(
                "internal error: capture local {} of '{}' is not marked captured",
                missing.0, source.name
            ));
        }
        Ok(())
    }

    /// The cell of a captured local.
    pub(crate) fn cell_of(&self, id: LocalId) -> Option<Reg> {
        self.cells.get(id.0 as usize).copied().flatten()
    }

    /// Stores `src` into local `id` (its register or its cell) and marks it assigned.
    pub(crate) fn write_local(&mut self, id: LocalId, src: Reg) -> Result<(), String> {
        match self.cell_of(id) {
            Some(cell) => self.emit(Inst::CellSet { cell, src }),
            None => {
                let dst = self.local_reg(id)?;
                if src != dst {
                    self.emit(Inst::Move { dst, src });
                }
            }
        }
        if let Some(flag) = self.init_flag(id) {
            self.const_into(flag, Const::Bool(true));
        }
        Ok(())
    }

    /// For a loop variable that lives in a cell: stores the loop's counter (the local's own
    /// register) into the cell at the start of each iteration.
    pub(crate) fn publish_loop_var(&mut self, id: LocalId) -> Result<(), String> {
        if let Some(cell) = self.cell_of(id) {
            let src = self.local_reg(id)?;
            self.emit(Inst::CellSet { cell, src });
        }
        Ok(())
    }

    /// `TryExit` for every `try` region opened since `depth` regions were open, innermost
    /// first.
    pub(crate) fn exit_tries(&mut self, depth: usize) {
        for _ in depth..self.tries.len() {
            self.emit(Inst::TryExit);
        }
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
    pub(crate) fn default_const(&mut self, ty: Ty) -> Const {
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
    /// It belongs to the innermost open `try` region.
    pub(crate) fn new_block(&mut self) -> BlockId {
        self.blocks.push(BlockBuf {
            insts: Vec::new(),
            term: None,
            handler: self.tries.last().copied(),
        });
        BlockId(self.blocks.len() as u32 - 1)
    }

    /// Makes `block` the insertion point.
    pub(crate) fn switch_to(&mut self, block: BlockId) {
        self.current = block.0 as usize;
    }

    /// Appends an instruction at the insertion point.
    pub(crate) fn emit(&mut self, inst: Inst) {
        self.blocks[self.current].insts.push(inst);
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
        self.blocks[self.current].term = Some(term);
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
