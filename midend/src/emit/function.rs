//! Emission of one function: block layout, instruction selection, the call area and jumps.
//!
//! Two peepholes pick the cheap forms: a small integer constant used exactly once is not
//! loaded but *deferred* — its consumer takes it as an immediate (`ADDI_I32`, `JLTI`) or, if it
//! cannot, the constant is loaded right before that consumer (or at the end of the block);
//! and a comparison whose only use is the block's branch becomes one compare-and-jump.

use super::moves::sequentialize;
use super::select::{self, CastPlan};
use super::{class_of, EmitError, ModuleTables};
use crate::ir::{self, BlockId, Const, Inst, LocId, Reg, RuntimeFn, Term};
use crate::regalloc::FrameLayout;
use orus_abi::bytecode::{Constant, Function, PcLocation};
use orus_abi::instruction::{self as enc, MAX_AX, MAX_BX, SAX_RANGE, SBX_RANGE, SC_RANGE};
use orus_abi::opcode::Opcode;
use orus_abi::typetable::TypeTable;
use std::collections::{HashMap, HashSet};

/// Emits `f`, which must have been register-allocated.
pub(super) fn emit_function(
    module: &ir::Module,
    f: &ir::Function,
    tables: &mut ModuleTables,
) -> Result<Function, EmitError> {
    let fail = |message: &str| EmitError {
        function: f.name.clone(),
        message: message.to_string(),
    };
    let layout = f.layout.as_ref().ok_or_else(|| fail("no frame layout"))?;
    if layout.frame_size > 256 || layout.frame_size <= layout.call_base {
        return Err(fail("frame window larger than 256 slots"));
    }
    if layout.slot_of.len() < f.regs.len() || layout.slot_of.iter().any(|&s| s >= 256) {
        return Err(fail("register without a window slot"));
    }
    let (uses, defs) = count_uses(f);
    let mut e = Emitter {
        module,
        func: f,
        layout,
        tables,
        code: Vec::new(),
        constants: Vec::new(),
        constant_index: HashMap::new(),
        locations: Vec::new(),
        block_pc: vec![0; f.blocks.len()],
        fixups: Vec::new(),
        uses,
        defs,
        deferred: HashMap::new(),
        known: HashMap::new(),
        absorbed: HashSet::new(),
        loop_steps: HashMap::new(),
        redirect: None,
        alias: None,
    };
    e.find_loop_steps();
    let order = e.layout_order();
    for (k, &index) in order.iter().enumerate() {
        let next = order
            .get(k + 1)
            .map_or(BlockId(u32::MAX), |&n| BlockId(n as u32));
        e.block(index, next)?;
    }
    e.patch_jumps()?;
    Ok(Function {
        name: f.name.clone(),
        params: f.params.len() as u32,
        frame_size: layout.frame_size,
        slot_classes: layout.slot_types.iter().map(|&t| class_of(t)).collect(),
        spill_classes: layout.spill_types.iter().map(|&t| class_of(t)).collect(),
        code: e.code,
        constants: e.constants,
        locations: e.locations,
        location: f.loc.0,
    })
}

/// Number of reads and writes of every register.
fn count_uses(f: &ir::Function) -> (Vec<u32>, Vec<u32>) {
    let mut uses = vec![0u32; f.regs.len()];
    let mut defs = vec![0u32; f.regs.len()];
    let bump = |v: &mut Vec<u32>, r: Reg| {
        if let Some(n) = v.get_mut(r.0 as usize) {
            *n += 1;
        }
    };
    for block in &f.blocks {
        for inst in &block.insts {
            let (read, written) = operands(inst);
            for r in read {
                bump(&mut uses, r);
            }
            if let Some(w) = written {
                bump(&mut defs, w);
            }
        }
        match &block.term {
            Term::Branch { cond, .. } => bump(&mut uses, *cond),
            Term::Return(Some(r)) => bump(&mut uses, *r),
            _ => {}
        }
    }
    (uses, defs)
}

/// Registers an instruction reads and the one it writes.
fn operands(inst: &Inst) -> (Vec<Reg>, Option<Reg>) {
    match inst {
        Inst::Const { dst, .. } | Inst::LoadGlobal { dst, .. } | Inst::Reload { dst, .. } => {
            (vec![], Some(*dst))
        }
        Inst::Move { dst, src }
        | Inst::Neg { dst, src, .. }
        | Inst::Not { dst, src, .. }
        | Inst::Cast { dst, src, .. } => (vec![*src], Some(*dst)),
        Inst::Binary { dst, lhs, rhs, .. } | Inst::Cmp { dst, lhs, rhs, .. } => {
            (vec![*lhs, *rhs], Some(*dst))
        }
        Inst::Call { dst, args, .. } | Inst::Runtime { dst, args, .. } => (args.clone(), *dst),
        Inst::StoreGlobal { src, .. } | Inst::Spill { src, .. } => (vec![*src], None),
        Inst::Print { args, .. } => (args.clone(), None),
        other => (
            crate::dataflow::inst_uses(other),
            crate::dataflow::inst_def(other),
        ),
    }
}

/// The register an instruction writes when the emitter may redirect it to another slot.
fn redirectable_def(inst: &Inst) -> Option<Reg> {
    match inst {
        Inst::Move { dst, .. }
        | Inst::Binary { dst, .. }
        | Inst::Neg { dst, .. }
        | Inst::Not { dst, .. }
        | Inst::Cmp { dst, .. }
        | Inst::Cast { dst, .. }
        | Inst::LoadGlobal { dst, .. } => Some(*dst),
        _ => None,
    }
}

/// `(dst, src)` of an instruction that only copies a word: a move or a cast that is one.
fn move_of(inst: &Inst) -> Option<(Reg, Reg)> {
    match *inst {
        Inst::Move { dst, src } => Some((dst, src)),
        Inst::Cast {
            from, to, dst, src, ..
        } => matches!(select::cast(from, to), Some(CastPlan::Move)).then_some((dst, src)),
        _ => None,
    }
}

/// The slot word of a scalar constant (`None` for strings).
fn const_word(c: &Const) -> Option<u64> {
    Some(match *c {
        Const::I32(v) => v as i64 as u64,
        Const::I64(v) => v as u64,
        Const::U32(v) => v as u64,
        Const::U64(v) => v,
        Const::F64(v) => v.to_bits(),
        Const::Bool(v) => v as u64,
        Const::Str(_) => return None,
    })
}

struct Emitter<'a> {
    module: &'a ir::Module,
    func: &'a ir::Function,
    layout: &'a FrameLayout,
    tables: &'a mut ModuleTables,
    code: Vec<u32>,
    constants: Vec<Constant>,
    constant_index: HashMap<(bool, u64), u32>,
    locations: Vec<PcLocation>,
    block_pc: Vec<u32>,
    fixups: Vec<(usize, BlockId)>,
    uses: Vec<u32>,
    defs: Vec<u32>,
    /// Integer constants not yet loaded, by register (their word as a signed value).
    deferred: HashMap<Reg, i64>,
    /// Integer value of every register defined once, by a constant.
    known: HashMap<Reg, i64>,
    /// Constants never loaded because a fused loop step took them as immediates.
    absorbed: HashSet<Reg>,
    /// Blocks ending in a counted-loop step fused with the loop test (`FORLOOP`).
    loop_steps: HashMap<usize, LoopStep>,
    /// While emitting one instruction: its destination register and the slot it writes
    /// instead (the end of a chain of single-use moves that follow it).
    redirect: Option<(Reg, u8)>,
    /// While emitting one instruction: a register whose single-use copy was skipped, and the
    /// slot of the copy's source that is read instead.
    alias: Option<(Reg, u8)>,
}

/// `counter += step; if counter <limit> goto body else goto exit`, recognised at the end of a
/// block that jumps to a loop header made of only the test.
#[derive(Clone, Copy)]
struct LoopStep {
    counter: Reg,
    limit: Reg,
    step: i64,
    ty: ir::Ty,
    body: BlockId,
    exit: BlockId,
    loc: LocId,
    /// The register holding the step constant.
    step_reg: Reg,
    /// Trailing instructions of the block the step replaces (the add, and a move of its
    /// result into the counter).
    consumed: usize,
}

impl Emitter<'_> {
    fn fail(&self, message: impl Into<String>) -> EmitError {
        EmitError {
            function: self.func.name.clone(),
            message: message.into(),
        }
    }

    fn slot(&self, r: Reg) -> u8 {
        self.layout
            .slot_of
            .get(r.0 as usize)
            .map_or(0, |&s| s as u8)
    }

    fn push(&mut self, word: u32) {
        self.code.push(word);
    }

    /// Pushes an instruction that may raise, recording where its error points.
    fn push_at(&mut self, word: u32, loc: LocId) {
        self.locations.push(PcLocation {
            pc: self.code.len() as u32,
            location: loc.0,
        });
        self.code.push(word);
    }

    /// The slot of `r`, loading its deferred constant first if it has one.
    fn read(&mut self, r: Reg) -> u8 {
        if let Some((reg, slot)) = self.alias {
            if reg == r {
                return slot;
            }
        }
        if let Some(v) = self.deferred.remove(&r) {
            self.load_word(self.slot(r), v);
        }
        self.slot(r)
    }

    /// Loads the integer word `v` into `slot`.
    fn load_word(&mut self, slot: u8, v: i64) {
        if (v as i32) as i64 == v && SBX_RANGE.contains(&(v as i32)) {
            self.push(enc::asbx(Opcode::LoadI, slot, v as i16));
        } else {
            let k = self.pool(false, v as u64);
            if k <= MAX_BX {
                self.push(enc::abx(Opcode::LoadK, slot, k as u16));
            } else {
                self.push(enc::abx(Opcode::LoadKX, slot, 0));
                self.push(enc::extra(k));
            }
        }
    }

    /// The slot an instruction defining `r` writes: `r`'s own, or the slot of the register
    /// the following single-use moves would copy it to.
    fn dest(&self, r: Reg) -> u8 {
        match self.redirect {
            Some((reg, slot)) if reg == r => slot,
            _ => self.slot(r),
        }
    }

    /// Takes `r`'s deferred constant as an immediate if it fits `range`.
    fn immediate(&mut self, r: Reg, range: core::ops::RangeInclusive<i32>) -> Option<i64> {
        let v = *self.deferred.get(&r)?;
        if v >= *range.start() as i64 && v <= *range.end() as i64 {
            self.deferred.remove(&r);
            Some(v)
        } else {
            None
        }
    }

    /// Loads every constant still deferred (at the end of a block).
    fn flush_deferred(&mut self) {
        let mut regs: Vec<Reg> = self.deferred.keys().copied().collect();
        regs.sort();
        for r in regs {
            self.read(r);
        }
    }

    /// Finds the integer constants and the counted-loop steps to fuse.
    fn find_loop_steps(&mut self) {
        let func = self.func;
        for block in &func.blocks {
            for inst in &block.insts {
                if let Inst::Const { dst, value } = inst {
                    let single = self.defs.get(dst.0 as usize) == Some(&1);
                    if let (true, Some(word)) = (single, const_word(value)) {
                        if !matches!(value, Const::F64(_)) {
                            self.known.insert(*dst, word as i64);
                        }
                    }
                }
            }
        }
        for (index, block) in func.blocks.iter().enumerate() {
            if let Some(step) = self.loop_step(block) {
                if self.uses.get(step.step_reg.0 as usize) == Some(&1) {
                    self.absorbed.insert(step.step_reg);
                }
                self.loop_steps.insert(index, step);
            }
        }
    }

    /// `block` as a counted-loop step: it ends with `counter = counter ± constant` and jumps
    /// to a header whose only work is `counter < limit` (`>` counting down) and the branch.
    fn loop_step(&self, block: &ir::Block) -> Option<LoopStep> {
        let Term::Jump(header) = block.term else {
            return None;
        };
        let n = block.insts.len();
        // `counter = counter + k`, or `t = counter + k; counter = move t`.
        let (add, counter, consumed) = match block.insts.last()? {
            Inst::Move { dst, src } if n >= 2 && self.uses.get(src.0 as usize) == Some(&1) => {
                match block.insts[n - 2] {
                    Inst::Binary { dst: t, .. } if t == *src => (&block.insts[n - 2], *dst, 2),
                    _ => return None,
                }
            }
            last @ Inst::Binary { dst, .. } => (last, *dst, 1),
            _ => return None,
        };
        let Inst::Binary {
            op,
            ty,
            lhs,
            rhs,
            loc,
            ..
        } = *add
        else {
            return None;
        };
        let dst = counter;
        if dst != lhs || rhs == dst || !matches!(ty, ir::Ty::I32 | ir::Ty::I64) {
            return None;
        }
        let value = *self.known.get(&rhs)?;
        let step = match op {
            ir::BinOp::Add => value,
            ir::BinOp::Sub => value.checked_neg()?,
            _ => return None,
        };
        if step == 0 || !(-128..=127).contains(&step) {
            return None;
        }
        let head = self.func.blocks.get(header.0 as usize)?;
        let [Inst::Cmp {
            op: cmp,
            ty: cmp_ty,
            dst: cond_reg,
            lhs: counter,
            rhs: limit,
        }] = head.insts.as_slice()
        else {
            return None;
        };
        let Term::Branch {
            cond,
            then,
            otherwise,
        } = head.term
        else {
            return None;
        };
        let direction_ok = match cmp {
            ir::CmpOp::Lt => step > 0,
            ir::CmpOp::Gt => step < 0,
            _ => false,
        };
        if !direction_ok
            || *cmp_ty != ty
            || *counter != dst
            || *limit == dst
            || cond != *cond_reg
            || self.uses.get(cond.0 as usize) != Some(&1)
        {
            return None;
        }
        Some(LoopStep {
            counter: dst,
            limit: *limit,
            step,
            ty,
            body: then,
            exit: otherwise,
            loc,
            step_reg: rhs,
            consumed,
        })
    }

    /// True for a block that does nothing but jump elsewhere (jumps to it are threaded).
    fn is_empty_jump(&self, index: usize) -> bool {
        let block = &self.func.blocks[index];
        matches!(block.term, Term::Jump(t) if t.0 as usize != index) && block.insts.is_empty()
    }

    /// Block order: the entry first, then the blocks in IR order, with blocks that only
    /// jump moved to the end (nothing falls into them once jumps are threaded).
    /// A fused loop-step block is placed right after the first block that reaches it, so
    /// the loop body falls into its `FORLOOP` (and an inner loop's exit falls into the outer
    /// loop's step); the first block of a `try` region follows the block entering it.
    fn layout_order(&self) -> Vec<usize> {
        let n = self.func.blocks.len();
        let (mut base, empty): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| i == 0 || !self.is_empty_jump(i));
        base.extend(empty);
        let mut placed = vec![false; n];
        let mut order = Vec::with_capacity(n);
        for i in base {
            let mut cur = i;
            while !placed[cur] {
                placed[cur] = true;
                order.push(cur);
                let successor = match (self.loop_steps.get(&cur), &self.func.blocks[cur].term) {
                    (Some(step), _) => step.exit,
                    (None, Term::Jump(t)) => *t,
                    _ => break,
                };
                let successor = self.resolve(successor).0 as usize;
                // A `try` region's first block follows its `TRY` (which skips the jump to
                // the handler and would otherwise need a second jump).
                let enters_try = matches!(
                    self.func.blocks[cur].insts.last(),
                    Some(Inst::TryEnter { .. })
                );
                if successor >= n || !(self.loop_steps.contains_key(&successor) || enters_try) {
                    break;
                }
                cur = successor;
            }
        }
        order
    }

    /// The block control really reaches when jumping to `b` (through empty jump blocks).
    fn resolve(&self, mut b: BlockId) -> BlockId {
        for _ in 0..self.func.blocks.len() {
            let index = b.0 as usize;
            if index >= self.func.blocks.len() || !self.is_empty_jump(index) {
                break;
            }
            let Term::Jump(t) = self.func.blocks[index].term else {
                break;
            };
            b = t;
        }
        b
    }

    /// True when jumping to `target` from the end of the block laid out before `next` can be
    /// a fall-through.
    fn falls_to(&self, target: BlockId, next: BlockId) -> bool {
        target == next || self.resolve(target) == next
    }

    /// Emits straight-line instructions, folding single-use move chains into the
    /// instruction that defines their source.
    fn straight(&mut self, insts: &[Inst]) -> Result<(), EmitError> {
        let mut alias = None;
        let mut i = 0;
        while i < insts.len() {
            let inst = &insts[i];
            self.alias = alias.take();
            // A single-use copy read only by the next instruction is skipped: that
            // instruction reads the copy's source instead.
            if let (None, Some((dst, src)), Some(consumer)) =
                (self.alias, move_of(inst), insts.get(i + 1))
            {
                if dst != src
                    && self.uses.get(dst.0 as usize) == Some(&1)
                    && !self.deferred.contains_key(&src)
                    && operands(consumer).0.contains(&dst)
                {
                    alias = Some((dst, self.slot(src)));
                    i += 1;
                    continue;
                }
            }
            let mut j = i + 1;
            self.redirect = None;
            if let Some(first) = redirectable_def(inst) {
                let mut cur = first;
                while j < insts.len() && self.uses.get(cur.0 as usize) == Some(&1) {
                    match move_of(&insts[j]) {
                        Some((dst, src)) if src == cur => {
                            cur = dst;
                            j += 1;
                        }
                        _ => break,
                    }
                }
                if cur != first {
                    self.redirect = Some((first, self.slot(cur)));
                }
            }
            self.inst(inst)?;
            self.redirect = None;
            self.alias = None;
            i = j;
        }
        Ok(())
    }

    /// A fused counted-loop step ending the block.
    fn emit_loop_step(&mut self, step: LoopStep, next: BlockId) {
        self.flush_deferred();
        let op = if step.ty == ir::Ty::I64 {
            Opcode::ForLoopI64
        } else {
            Opcode::ForLoopI32
        };
        let (c, l) = (self.slot(step.counter), self.slot(step.limit));
        self.push_at(enc::ab_sc(op, c, l, step.step as i8), step.loc);
        self.jump(step.body);
        if !self.falls_to(step.exit, next) {
            self.jump(step.exit);
        }
    }

    fn block(&mut self, index: usize, next: BlockId) -> Result<(), EmitError> {
        self.block_pc[index] = self.code.len() as u32;
        let func = self.func;
        let block = &func.blocks[index];
        if let Some(step) = self.loop_steps.get(&index).copied() {
            self.straight(&block.insts[..block.insts.len() - step.consumed])?;
            self.emit_loop_step(step, next);
            return Ok(());
        }
        let fused = self.fusible_compare(block);
        let straight = block.insts.len() - fused.is_some() as usize;
        self.straight(&block.insts[..straight])?;
        match (&block.term, fused) {
            (
                Term::Branch {
                    then, otherwise, ..
                },
                Some(cmp),
            ) => self.compare_branch(cmp, *then, *otherwise, next),
            (term, _) => {
                self.flush_deferred();
                self.term(term, next)
            }
        }
    }

    /// The block's last instruction when it is a comparison used only by the block's branch.
    fn fusible_compare<'b>(&self, block: &'b ir::Block) -> Option<&'b Inst> {
        let Term::Branch { cond, .. } = &block.term else {
            return None;
        };
        match block.insts.last()? {
            cmp @ Inst::Cmp { op, ty, dst, .. }
                if dst == cond
                    && self.uses.get(dst.0 as usize) == Some(&1)
                    && select::compare_jump(*op, *ty).is_some() =>
            {
                Some(cmp)
            }
            _ => None,
        }
    }

    fn inst(&mut self, inst: &Inst) -> Result<(), EmitError> {
        match inst {
            Inst::Const { dst, value } => self.constant(*dst, value),
            Inst::Move { dst, src } => {
                let s = self.read(*src);
                self.copy(self.dest(*dst), s);
                Ok(())
            }
            Inst::Binary {
                op,
                ty,
                dst,
                lhs,
                rhs,
                loc,
                ..
            } => self.binary(*op, *ty, *dst, *lhs, *rhs, *loc),
            Inst::Neg {
                ty, dst, src, loc, ..
            } => {
                let op =
                    select::negate(*ty).ok_or_else(|| self.fail("negation of a non-number"))?;
                let s = self.read(*src);
                self.push_at(enc::abc(op, self.dest(*dst), s, 0), *loc);
                Ok(())
            }
            Inst::Not { ty, dst, src } => {
                if matches!(ty, ir::Ty::F64 | ir::Ty::Ref) {
                    return Err(self.fail("`not` of a non-integer"));
                }
                let s = self.read(*src);
                self.push(enc::abc(Opcode::Not, self.dest(*dst), s, 0));
                Ok(())
            }
            Inst::Cmp {
                op,
                ty,
                dst,
                lhs,
                rhs,
            } => {
                let (opcode, swap) = select::compare(*op, *ty)
                    .ok_or_else(|| self.fail("comparison of unordered values"))?;
                let (l, r) = (self.read(*lhs), self.read(*rhs));
                let (x, y) = if swap { (r, l) } else { (l, r) };
                self.push(enc::abc(opcode, self.dest(*dst), x, y));
                Ok(())
            }
            Inst::Cast {
                from,
                to,
                dst,
                src,
                loc,
            } => self.cast(*from, *to, *dst, *src, *loc),
            Inst::Call {
                dst,
                func,
                args,
                loc,
            } => {
                if func.0 as usize >= self.module.funcs.len() || func.0 > MAX_BX {
                    return Err(self.fail("call of an unknown function"));
                }
                let base = self.call_area(args)?;
                self.push_at(enc::abx(Opcode::Call, base, func.0 as u16), *loc);
                self.result(*dst, base);
                Ok(())
            }
            Inst::Runtime {
                dst,
                func,
                types,
                args,
                loc,
            } => self.runtime(*dst, *func, types, args, *loc),
            Inst::LoadGlobal { dst, global } => {
                let d = self.dest(*dst);
                self.indexed(Opcode::LoadG, Opcode::LoadGX, d, global.0)
            }
            Inst::StoreGlobal { global, src } => {
                let s = self.read(*src);
                self.indexed(Opcode::StoreG, Opcode::StoreGX, s, global.0)
            }
            Inst::Print { types, args } => {
                let list = self.tables.type_list(types);
                let base = self.call_area(args)?;
                self.push(enc::abx(Opcode::Print, base, self.type_list_operand(list)?));
                Ok(())
            }
            Inst::Spill { slot, src } => {
                let s = self.read(*src);
                let index = slot
                    .checked_sub(256)
                    .ok_or_else(|| self.fail("spill below 256"))?;
                self.indexed(Opcode::Spill, Opcode::SpillX, s, index)
            }
            Inst::Reload { dst, slot } => {
                let d = self.slot(*dst);
                let index = slot
                    .checked_sub(256)
                    .ok_or_else(|| self.fail("reload below 256"))?;
                self.indexed(Opcode::Reload, Opcode::ReloadX, d, index)
            }
            other => self.heap_inst(other),
        }
    }

    /// Heap values, closures, indirect calls, generic runtime calls and `try` regions.
    fn heap_inst(&mut self, inst: &Inst) -> Result<(), EmitError> {
        match inst {
            Inst::RtCall {
                dst,
                func,
                types,
                args,
                loc,
            } => {
                let list = self.tables.type_list(types);
                let base = self.call_area(args)?;
                self.push_at(enc::abc(Opcode::RtCall, base, *func as u8, 0), *loc);
                self.extra(list)?;
                self.result(*dst, base);
                Ok(())
            }
            Inst::ArrayNew { dst, elem, elems } => {
                let op = if TypeTable::is_ref(elem) {
                    Opcode::NewArrayRef
                } else {
                    Opcode::NewArray
                };
                let (first, count) = self.operand_run(elems)?;
                self.push(enc::abc(op, self.slot(*dst), first, count));
                Ok(())
            }
            Inst::ArrayGet {
                dst,
                array,
                index,
                index_ty,
                loc,
            } => {
                let op = if *index_ty == ir::Ty::U64 {
                    Opcode::ArrayGetU
                } else {
                    Opcode::ArrayGet
                };
                let (a, i) = (self.read(*array), self.read(*index));
                self.push_at(enc::abc(op, self.slot(*dst), a, i), *loc);
                Ok(())
            }
            Inst::ArraySet {
                array,
                index,
                index_ty,
                src,
                loc,
            } => {
                let op = if *index_ty == ir::Ty::U64 {
                    Opcode::ArraySetU
                } else {
                    Opcode::ArraySet
                };
                let (a, i, v) = (self.read(*array), self.read(*index), self.read(*src));
                self.push_at(enc::abc(op, a, i, v), *loc);
                Ok(())
            }
            Inst::ArrayLen { dst, array } => {
                let a = self.read(*array);
                self.push(enc::abc(Opcode::ArrayLen, self.slot(*dst), a, 0));
                Ok(())
            }
            Inst::ArrayPush { array, src } => {
                let (a, v) = (self.read(*array), self.read(*src));
                self.push(enc::abc(Opcode::ArrayPush, a, v, 0));
                Ok(())
            }
            Inst::StructNew { dst, id, fields } => {
                if *id as usize >= self.module.structs.len() {
                    return Err(self.fail("unknown struct"));
                }
                let (first, count) = self.operand_run(fields)?;
                self.push(enc::abc(Opcode::NewStruct, self.slot(*dst), first, count));
                self.extra(*id)
            }
            Inst::FieldGet { dst, obj, field } => {
                let f = self.small(*field, "field number beyond 255")?;
                let o = self.read(*obj);
                self.push(enc::abc(Opcode::GetField, self.slot(*dst), o, f));
                Ok(())
            }
            Inst::FieldSet { obj, field, src } => {
                let f = self.small(*field, "field number beyond 255")?;
                let (o, v) = (self.read(*obj), self.read(*src));
                self.push(enc::abc(Opcode::SetField, o, f, v));
                Ok(())
            }
            Inst::EnumTag { dst, value } => {
                let v = self.read(*value);
                self.push(enc::abc(Opcode::EnumTag, self.slot(*dst), v, 0));
                Ok(())
            }
            Inst::EnumPayload { dst, value, index } => {
                let n = self.small(*index, "payload number beyond 255")?;
                let v = self.read(*value);
                self.push(enc::abc(Opcode::EnumPayload, self.slot(*dst), v, n));
                Ok(())
            }
            Inst::CellNew { dst, src, ty } => {
                let op = if *ty == ir::Ty::Ref {
                    Opcode::NewCellRef
                } else {
                    Opcode::NewCell
                };
                let v = self.read(*src);
                self.push(enc::abc(op, self.slot(*dst), v, 0));
                Ok(())
            }
            Inst::CellGet { dst, cell } => {
                let c = self.read(*cell);
                self.push(enc::abc(Opcode::GetCell, self.slot(*dst), c, 0));
                Ok(())
            }
            Inst::CellSet { cell, src } => {
                let (c, v) = (self.read(*cell), self.read(*src));
                self.push(enc::abc(Opcode::SetCell, c, v, 0));
                Ok(())
            }
            Inst::Closure {
                dst,
                func,
                captures,
            } => {
                if func.0 as usize >= self.module.funcs.len() {
                    return Err(self.fail("closure of an unknown function"));
                }
                let (first, count) = self.operand_run(captures)?;
                self.push(enc::abc(Opcode::Closure, self.slot(*dst), first, count));
                self.extra(func.0)
            }
            Inst::CaptureGet { dst, env, index } => {
                let n = self.small(*index, "capture number beyond 255")?;
                let e = self.read(*env);
                self.push(enc::abc(Opcode::GetCapture, self.slot(*dst), e, n));
                Ok(())
            }
            Inst::CallIndirect {
                dst,
                callee,
                args,
                loc,
            } => {
                let count = self.small(args.len() as u32, "more than 255 arguments")?;
                let mut all = Vec::with_capacity(args.len() + 1);
                all.push(*callee);
                all.extend_from_slice(args);
                let base = self.call_area(&all)?;
                self.push_at(enc::abc(Opcode::CallR, base, count, 0), *loc);
                self.result(*dst, base);
                Ok(())
            }
            Inst::TryEnter { handler, error } => {
                self.flush_deferred();
                self.push(enc::abc(Opcode::Try, self.slot(*error), 0, 0));
                self.jump(*handler);
                Ok(())
            }
            Inst::TryExit => {
                self.push(enc::abc(Opcode::TryExit, 0, 0, 0));
                Ok(())
            }
            Inst::InlineEnter { loc } => {
                self.push_at(enc::abc(Opcode::InlineEnter, 0, 0, 0), *loc);
                Ok(())
            }
            Inst::InlineExit => {
                self.push(enc::abc(Opcode::InlineExit, 0, 0, 0));
                Ok(())
            }
            _ => Err(self.fail("instruction not supported by the bytecode emitter")),
        }
    }

    /// Places `regs` in the call area (right before the instruction that consumes them, so
    /// no other allocating instruction runs while they sit there) and returns the first slot
    /// and the count for a `R[B..B+C]` operand run (`B = 0` when there are none).
    fn operand_run(&mut self, regs: &[Reg]) -> Result<(u8, u8), EmitError> {
        let count = self.small(regs.len() as u32, "more than 255 operands")?;
        if regs.is_empty() {
            return Ok((0, 0));
        }
        let base = self.call_area(regs)?;
        Ok((base + 1, count))
    }

    /// `n` as an 8-bit operand.
    fn small(&self, n: u32, message: &str) -> Result<u8, EmitError> {
        u8::try_from(n).map_err(|_| self.fail(message))
    }

    /// The `EXTRAARG` carrying `index`.
    fn extra(&mut self, index: u32) -> Result<(), EmitError> {
        if index > MAX_AX {
            return Err(self.fail("index beyond the wide operand range"));
        }
        self.push(enc::extra(index));
        Ok(())
    }

    /// `MOVE dst src` unless they are the same slot.
    fn copy(&mut self, dst: u8, src: u8) {
        if dst != src {
            self.push(enc::abc(Opcode::Move, dst, src, 0));
        }
    }

    /// `op A Bx`, or the wide form `wide A` + `EXTRAARG index` when `index` needs it.
    fn indexed(&mut self, op: Opcode, wide: Opcode, a: u8, index: u32) -> Result<(), EmitError> {
        if index <= MAX_BX {
            self.push(enc::abx(op, a, index as u16));
        } else if index <= MAX_AX {
            self.push(enc::abx(wide, a, 0));
            self.push(enc::extra(index));
        } else {
            return Err(self.fail("index beyond the wide operand range"));
        }
        Ok(())
    }

    fn type_list_operand(&self, list: u32) -> Result<u16, EmitError> {
        u16::try_from(list).map_err(|_| self.fail("too many distinct type lists"))
    }

    fn constant(&mut self, dst: Reg, value: &Const) -> Result<(), EmitError> {
        let slot = self.slot(dst);
        let Some(word) = const_word(value) else {
            let Const::Str(s) = value else {
                return Err(self.fail("bad constant"));
            };
            let k = self.pool(true, s.0 as u64);
            return self.indexed(Opcode::LoadK, Opcode::LoadKX, slot, k);
        };
        let signed = word as i64;
        let single_use =
            self.uses.get(dst.0 as usize) == Some(&1) && self.defs.get(dst.0 as usize) == Some(&1);
        if single_use && self.absorbed.contains(&dst) {
            return Ok(());
        }
        if single_use && !matches!(value, Const::F64(_)) {
            self.deferred.insert(dst, signed);
            return Ok(());
        }
        if (signed as i32) as i64 == signed && SBX_RANGE.contains(&(signed as i32)) {
            self.push(enc::asbx(Opcode::LoadI, slot, signed as i16));
            return Ok(());
        }
        let k = self.pool(false, word);
        self.indexed(Opcode::LoadK, Opcode::LoadKX, slot, k)
    }

    /// Index of a constant in the pool, adding it if new.
    fn pool(&mut self, string: bool, value: u64) -> u32 {
        if let Some(&k) = self.constant_index.get(&(string, value)) {
            return k;
        }
        let k = self.constants.len() as u32;
        self.constants.push(if string {
            Constant::Str(value as u32)
        } else {
            Constant::Bits(value)
        });
        self.constant_index.insert((string, value), k);
        k
    }

    fn binary(
        &mut self,
        op: ir::BinOp,
        ty: ir::Ty,
        dst: Reg,
        lhs: Reg,
        rhs: Reg,
        loc: LocId,
    ) -> Result<(), EmitError> {
        let d = self.dest(dst);
        if let Some(add) = select::add_immediate(ty) {
            let negated = -(*SC_RANGE.end())..=-(*SC_RANGE.start()) - 1;
            let imm = match op {
                ir::BinOp::Add => self
                    .immediate(rhs, SC_RANGE)
                    .map(|v| (lhs, v))
                    .or_else(|| self.immediate(lhs, SC_RANGE).map(|v| (rhs, v))),
                ir::BinOp::Sub => self.immediate(rhs, negated).map(|v| (lhs, -v)),
                _ => None,
            };
            if let Some((reg, v)) = imm {
                let s = self.read(reg);
                self.push_at(enc::ab_sc(add, d, s, v as i8), loc);
                return Ok(());
            }
        }
        if let Some((opcode, reg, k)) = self.constant_operand(op, ty, lhs, rhs) {
            let s = self.read(reg);
            self.push_at(enc::abc(opcode, d, s, k), loc);
            return Ok(());
        }
        let opcode =
            select::binary(op, ty).ok_or_else(|| self.fail("arithmetic on non-numbers"))?;
        let (l, r) = (self.read(lhs), self.read(rhs));
        self.push_at(enc::abc(opcode, d, l, r), loc);
        Ok(())
    }

    /// A deferred constant operand taken from the constant pool: `(opcode, register
    /// operand, constant index)`.
    fn constant_operand(
        &mut self,
        op: ir::BinOp,
        ty: ir::Ty,
        lhs: Reg,
        rhs: Reg,
    ) -> Option<(Opcode, Reg, u8)> {
        let (opcode, reg, konst) = if self.deferred.contains_key(&rhs) {
            (select::binary_constant(op, ty, false)?, lhs, rhs)
        } else if self.deferred.contains_key(&lhs) {
            (select::binary_constant(op, ty, true)?, rhs, lhs)
        } else {
            return None;
        };
        let value = *self.deferred.get(&konst)?;
        let word = value as u64;
        let k = match self.constant_index.get(&(false, word)) {
            Some(&k) => k,
            None if self.constants.len() <= u8::MAX as usize => self.pool(false, word),
            None => return None,
        };
        let k = u8::try_from(k).ok()?;
        self.deferred.remove(&konst);
        Some((opcode, reg, k))
    }

    fn cast(
        &mut self,
        from: ir::Ty,
        to: ir::Ty,
        dst: Reg,
        src: Reg,
        loc: LocId,
    ) -> Result<(), EmitError> {
        let plan = select::cast(from, to).ok_or_else(|| self.fail("cast of a reference"))?;
        let (d, s) = (self.dest(dst), self.read(src));
        match plan {
            CastPlan::Move => self.copy(d, s),
            CastPlan::Unary(op) => self.push(enc::abc(op, d, s, 0)),
            CastPlan::Checked => {
                let code = (class_of(from) as u8) << 4 | class_of(to) as u8;
                self.push_at(enc::abc(Opcode::Cast, d, s, code), loc);
            }
        }
        Ok(())
    }

    /// Moves `args` to `call_base + 1 ..` and returns `call_base`.
    fn call_area(&mut self, args: &[Reg]) -> Result<u8, EmitError> {
        let base = self.layout.call_base;
        if base as usize + 1 + args.len() > self.layout.frame_size as usize {
            return Err(self.fail("call arguments do not fit the frame"));
        }
        let mut moves = Vec::with_capacity(args.len());
        let mut constants = Vec::new();
        for (i, &a) in args.iter().enumerate() {
            let d = (base as usize + 1 + i) as u8;
            match self.deferred.remove(&a) {
                Some(v) => constants.push((d, v)),
                None => moves.push((d, self.read(a))),
            }
        }
        let ordered = sequentialize(&moves, base as u8)
            .ok_or_else(|| self.fail("call argument in the result slot"))?;
        for (d, s) in ordered {
            self.copy(d, s);
        }
        // Deferred constants go straight to their argument slots, after the moves that may
        // read those slots.
        for (d, v) in constants {
            self.load_word(d, v);
        }
        Ok(base as u8)
    }

    /// Moves a call-area result to its register.
    fn result(&mut self, dst: Option<Reg>, base: u8) {
        if let Some(d) = dst {
            self.copy(self.slot(d), base);
        }
    }

    fn runtime(
        &mut self,
        dst: Option<Reg>,
        func: RuntimeFn,
        types: &[ir::ValueType],
        args: &[Reg],
        loc: LocId,
    ) -> Result<(), EmitError> {
        let arity = match func {
            RuntimeFn::Concat | RuntimeFn::StrCompare | RuntimeFn::StrEq => 2,
            RuntimeFn::StrLen | RuntimeFn::ToString => 1,
            RuntimeFn::AssertEq => 3,
            RuntimeFn::Timestamp => 0,
        };
        if args.len() != arity {
            return Err(self.fail("runtime call with the wrong number of arguments"));
        }
        if func == RuntimeFn::AssertEq {
            // The runtime takes `[actual type, expected type]` (the label is a string).
            let list = self
                .tables
                .type_list(&types[types.len().saturating_sub(2)..]);
            let base = self.call_area(args)?;
            let word = enc::abx(Opcode::AssertEq, base, self.type_list_operand(list)?);
            self.push_at(word, loc);
            self.result(dst, base);
            return Ok(());
        }
        let Some(dst) = dst else {
            return Ok(());
        };
        let d = self.slot(dst);
        let operands: Vec<u8> = args.iter().map(|&a| self.read(a)).collect();
        let word = match func {
            RuntimeFn::Concat => enc::abc(Opcode::Concat, d, operands[0], operands[1]),
            RuntimeFn::StrCompare => enc::abc(Opcode::StrCmp, d, operands[0], operands[1]),
            RuntimeFn::StrEq => enc::abc(Opcode::StrEq, d, operands[0], operands[1]),
            RuntimeFn::StrLen => enc::abc(Opcode::StrLen, d, operands[0], 0),
            RuntimeFn::Timestamp => enc::abc(Opcode::Timestamp, d, 0, 0),
            RuntimeFn::ToString => {
                let class = match types.first() {
                    Some(ir::ValueType::Str) => {
                        self.copy(d, operands[0]);
                        return Ok(());
                    }
                    Some(ir::ValueType::I32) => ir::Ty::I32,
                    Some(ir::ValueType::I64) => ir::Ty::I64,
                    Some(ir::ValueType::U32) => ir::Ty::U32,
                    Some(ir::ValueType::U64) => ir::Ty::U64,
                    Some(ir::ValueType::F64) => ir::Ty::F64,
                    Some(ir::ValueType::Bool) => ir::Ty::Bool,
                    _ => return Err(self.fail("`as string` of a non-scalar")),
                };
                enc::abc(Opcode::ToString, d, operands[0], class_of(class) as u8)
            }
            RuntimeFn::AssertEq => return Err(self.fail("assert_eq handled above")),
        };
        self.push_at(word, loc);
        Ok(())
    }

    fn term(&mut self, term: &Term, next: BlockId) -> Result<(), EmitError> {
        match term {
            Term::Jump(target) => {
                if !self.falls_to(*target, next) {
                    self.jump(*target);
                }
            }
            Term::Branch {
                cond,
                then,
                otherwise,
            } => {
                let c = self.read(*cond);
                self.branch(|k| enc::abc(Opcode::Test, c, 0, k), *then, *otherwise, next);
            }
            Term::Return(Some(r)) => {
                let s = self.read(*r);
                self.push(enc::abc(Opcode::Ret, s, 0, 0));
            }
            Term::Return(None) => self.push(enc::abc(Opcode::Ret0, 0, 0, 0)),
            Term::Trap { kind, loc } => {
                let index = self.tables.trap(kind);
                let index = u16::try_from(index).map_err(|_| self.fail("too many traps"))?;
                self.push_at(enc::abx(Opcode::Trap, 0, index), *loc);
            }
        }
        Ok(())
    }

    /// A fused compare-and-jump ending the block.
    fn compare_branch(
        &mut self,
        cmp: &Inst,
        then: BlockId,
        otherwise: BlockId,
        next: BlockId,
    ) -> Result<(), EmitError> {
        let Inst::Cmp {
            op, ty, lhs, rhs, ..
        } = cmp
        else {
            return Err(self.fail("fused branch without a comparison"));
        };
        let (op, ty, lhs, rhs) = (*op, *ty, *lhs, *rhs);
        let immediate_form = |left| select::compare_jump_immediate(op, ty, left);
        let with_immediate = match (immediate_form(false), immediate_form(true)) {
            (Some(form), _) if self.deferred.contains_key(&rhs) => {
                self.immediate(rhs, SC_RANGE).map(|v| (form, lhs, v))
            }
            (_, Some(form)) if self.deferred.contains_key(&lhs) => {
                self.immediate(lhs, SC_RANGE).map(|v| (form, rhs, v))
            }
            _ => None,
        };
        if let Some(((opcode, invert), reg, v)) = with_immediate {
            let a = self.read(reg);
            self.flush_deferred();
            let make = |k: u8| enc::a_sb_c(opcode, a, v as i8, k ^ invert as u8);
            self.branch(make, then, otherwise, next);
            return Ok(());
        }
        let (opcode, swap, invert) =
            select::compare_jump(op, ty).ok_or_else(|| self.fail("unfusable comparison"))?;
        let (l, r) = (self.read(lhs), self.read(rhs));
        self.flush_deferred();
        let (x, y) = if swap { (r, l) } else { (l, r) };
        self.branch(
            |k| enc::abc(opcode, x, y, k ^ invert as u8),
            then,
            otherwise,
            next,
        );
        Ok(())
    }

    /// Emits a two-way branch: `test(k)` jumps when its condition equals `k`.
    fn branch(
        &mut self,
        test: impl Fn(u8) -> u32,
        then: BlockId,
        otherwise: BlockId,
        next: BlockId,
    ) {
        let (then, otherwise) = (self.resolve(then), self.resolve(otherwise));
        if then == otherwise {
            if !self.falls_to(then, next) {
                self.jump(then);
            }
        } else if self.falls_to(otherwise, next) {
            self.push(test(1));
            self.jump(then);
        } else if self.falls_to(then, next) {
            self.push(test(0));
            self.jump(otherwise);
        } else {
            self.push(test(1));
            self.jump(then);
            self.jump(otherwise);
        }
    }

    fn jump(&mut self, target: BlockId) {
        let target = self.resolve(target);
        self.fixups.push((self.code.len(), target));
        self.push(enc::sax(Opcode::Jmp, 0));
    }

    fn patch_jumps(&mut self) -> Result<(), EmitError> {
        for &(pc, target) in &self.fixups {
            let to = *self
                .block_pc
                .get(target.0 as usize)
                .ok_or_else(|| self.fail("jump to an unknown block"))? as i64;
            let offset = to - (pc as i64 + 1);
            if !SAX_RANGE.contains(&(offset as i32)) || offset as i32 as i64 != offset {
                return Err(self.fail("jump beyond ±8M instructions"));
            }
            self.code[pc] = enc::sax(Opcode::Jmp, offset as i32);
        }
        Ok(())
    }
}
