//! Operand walking and liveness over the register IR, shared by the optimizer, the register
//! allocator and the verifier.
//!
//! The IR is not SSA: a register may be assigned in several places (a source variable, the
//! result of a conditional expression). Liveness is therefore a classic backward dataflow over
//! bit sets, iterated to a fixed point.

use crate::ir::{Block, BlockId, Function, Inst, Reg, Term};

/// The register an instruction writes, if any.
pub fn inst_def(inst: &Inst) -> Option<Reg> {
    match inst {
        Inst::Const { dst, .. }
        | Inst::Move { dst, .. }
        | Inst::Binary { dst, .. }
        | Inst::Neg { dst, .. }
        | Inst::Not { dst, .. }
        | Inst::Cmp { dst, .. }
        | Inst::Cast { dst, .. }
        | Inst::LoadGlobal { dst, .. }
        | Inst::Reload { dst, .. }
        | Inst::ArrayNew { dst, .. }
        | Inst::ArrayGet { dst, .. }
        | Inst::ArrayLen { dst, .. }
        | Inst::StructNew { dst, .. }
        | Inst::FieldGet { dst, .. }
        | Inst::EnumTag { dst, .. }
        | Inst::EnumPayload { dst, .. }
        | Inst::CellNew { dst, .. }
        | Inst::CellGet { dst, .. }
        | Inst::Closure { dst, .. }
        | Inst::CaptureGet { dst, .. }
        | Inst::TryEnter { error: dst, .. } => Some(*dst),
        Inst::Call { dst, .. }
        | Inst::Runtime { dst, .. }
        | Inst::RtCall { dst, .. }
        | Inst::CallIndirect { dst, .. } => *dst,
        Inst::StoreGlobal { .. }
        | Inst::Print { .. }
        | Inst::Spill { .. }
        | Inst::ArraySet { .. }
        | Inst::ArrayPush { .. }
        | Inst::FieldSet { .. }
        | Inst::CellSet { .. }
        | Inst::TryExit
        | Inst::InlineEnter { .. }
        | Inst::InlineExit => None,
    }
}

/// Mutable access to the register an instruction writes, if any.
pub fn inst_def_mut(inst: &mut Inst) -> Option<&mut Reg> {
    match inst {
        Inst::Const { dst, .. }
        | Inst::Move { dst, .. }
        | Inst::Binary { dst, .. }
        | Inst::Neg { dst, .. }
        | Inst::Not { dst, .. }
        | Inst::Cmp { dst, .. }
        | Inst::Cast { dst, .. }
        | Inst::LoadGlobal { dst, .. }
        | Inst::Reload { dst, .. }
        | Inst::ArrayNew { dst, .. }
        | Inst::ArrayGet { dst, .. }
        | Inst::ArrayLen { dst, .. }
        | Inst::StructNew { dst, .. }
        | Inst::FieldGet { dst, .. }
        | Inst::EnumTag { dst, .. }
        | Inst::EnumPayload { dst, .. }
        | Inst::CellNew { dst, .. }
        | Inst::CellGet { dst, .. }
        | Inst::Closure { dst, .. }
        | Inst::CaptureGet { dst, .. }
        | Inst::TryEnter { error: dst, .. } => Some(dst),
        Inst::Call { dst, .. }
        | Inst::Runtime { dst, .. }
        | Inst::RtCall { dst, .. }
        | Inst::CallIndirect { dst, .. } => dst.as_mut(),
        Inst::StoreGlobal { .. }
        | Inst::Print { .. }
        | Inst::Spill { .. }
        | Inst::ArraySet { .. }
        | Inst::ArrayPush { .. }
        | Inst::FieldSet { .. }
        | Inst::CellSet { .. }
        | Inst::TryExit
        | Inst::InlineEnter { .. }
        | Inst::InlineExit => None,
    }
}

/// The registers an instruction reads, in operand order (duplicates kept).
pub fn inst_uses(inst: &Inst) -> Vec<Reg> {
    match inst {
        Inst::Const { .. } | Inst::LoadGlobal { .. } | Inst::Reload { .. } => Vec::new(),
        Inst::Move { src, .. }
        | Inst::Neg { src, .. }
        | Inst::Not { src, .. }
        | Inst::Cast { src, .. }
        | Inst::StoreGlobal { src, .. }
        | Inst::Spill { src, .. } => vec![*src],
        Inst::Binary { lhs, rhs, .. } | Inst::Cmp { lhs, rhs, .. } => vec![*lhs, *rhs],
        Inst::Call { args, .. }
        | Inst::Runtime { args, .. }
        | Inst::Print { args, .. }
        | Inst::RtCall { args, .. } => args.clone(),
        Inst::ArrayNew { elems, .. } => elems.clone(),
        Inst::ArrayGet { array, index, .. } => vec![*array, *index],
        Inst::ArraySet {
            array, index, src, ..
        } => vec![*array, *index, *src],
        Inst::ArrayLen { array, .. } => vec![*array],
        Inst::ArrayPush { array, src } => vec![*array, *src],
        Inst::StructNew { fields, .. } => fields.clone(),
        Inst::FieldGet { obj, .. } => vec![*obj],
        Inst::FieldSet { obj, src, .. } => vec![*obj, *src],
        Inst::EnumTag { value, .. } | Inst::EnumPayload { value, .. } => vec![*value],
        Inst::CellNew { src, .. } => vec![*src],
        Inst::CellGet { cell, .. } => vec![*cell],
        Inst::CellSet { cell, src } => vec![*cell, *src],
        Inst::Closure { captures, .. } => captures.clone(),
        Inst::CaptureGet { env, .. } => vec![*env],
        Inst::CallIndirect { callee, args, .. } => {
            let mut all = vec![*callee];
            all.extend(args.iter().copied());
            all
        }
        Inst::TryEnter { .. } | Inst::TryExit | Inst::InlineEnter { .. } | Inst::InlineExit => {
            Vec::new()
        }
    }
}

/// Mutable access to every register an instruction reads, in operand order.
pub fn inst_uses_mut(inst: &mut Inst) -> Vec<&mut Reg> {
    match inst {
        Inst::Const { .. } | Inst::LoadGlobal { .. } | Inst::Reload { .. } => Vec::new(),
        Inst::Move { src, .. }
        | Inst::Neg { src, .. }
        | Inst::Not { src, .. }
        | Inst::Cast { src, .. }
        | Inst::StoreGlobal { src, .. }
        | Inst::Spill { src, .. } => vec![src],
        Inst::Binary { lhs, rhs, .. } | Inst::Cmp { lhs, rhs, .. } => vec![lhs, rhs],
        Inst::Call { args, .. }
        | Inst::Runtime { args, .. }
        | Inst::Print { args, .. }
        | Inst::RtCall { args, .. } => args.iter_mut().collect(),
        Inst::ArrayNew { elems, .. } => elems.iter_mut().collect(),
        Inst::ArrayGet { array, index, .. } => vec![array, index],
        Inst::ArraySet {
            array, index, src, ..
        } => vec![array, index, src],
        Inst::ArrayLen { array, .. } => vec![array],
        Inst::ArrayPush { array, src } => vec![array, src],
        Inst::StructNew { fields, .. } => fields.iter_mut().collect(),
        Inst::FieldGet { obj, .. } => vec![obj],
        Inst::FieldSet { obj, src, .. } => vec![obj, src],
        Inst::EnumTag { value, .. } | Inst::EnumPayload { value, .. } => vec![value],
        Inst::CellNew { src, .. } => vec![src],
        Inst::CellGet { cell, .. } => vec![cell],
        Inst::CellSet { cell, src } => vec![cell, src],
        Inst::Closure { captures, .. } => captures.iter_mut().collect(),
        Inst::CaptureGet { env, .. } => vec![env],
        Inst::CallIndirect { callee, args, .. } => {
            let mut all = vec![callee];
            all.extend(args.iter_mut());
            all
        }
        Inst::TryEnter { .. } | Inst::TryExit | Inst::InlineEnter { .. } | Inst::InlineExit => {
            Vec::new()
        }
    }
}

/// The register a terminator reads, if any.
pub fn term_use(term: &Term) -> Option<Reg> {
    match term {
        Term::Branch { cond, .. } => Some(*cond),
        Term::Return(value) => *value,
        Term::Jump(_) | Term::Trap { .. } => None,
    }
}

/// Mutable access to the register a terminator reads, if any.
pub fn term_use_mut(term: &mut Term) -> Option<&mut Reg> {
    match term {
        Term::Branch { cond, .. } => Some(cond),
        Term::Return(value) => value.as_mut(),
        Term::Jump(_) | Term::Trap { .. } => None,
    }
}

/// The blocks a terminator can jump to.
pub fn successors(term: &Term) -> Vec<BlockId> {
    match term {
        Term::Jump(target) => vec![*target],
        Term::Branch {
            then, otherwise, ..
        } => vec![*then, *otherwise],
        Term::Return(_) | Term::Trap { .. } => Vec::new(),
    }
}

/// Mutable access to the blocks a terminator can jump to.
pub fn successors_mut(term: &mut Term) -> Vec<&mut BlockId> {
    match term {
        Term::Jump(target) => vec![target],
        Term::Branch {
            then, otherwise, ..
        } => vec![then, otherwise],
        Term::Return(_) | Term::Trap { .. } => Vec::new(),
    }
}

/// The blocks control can reach from `block`: its terminator's targets, and its `catch`
/// handler when it is inside a `try` region.
pub fn block_successors(block: &Block) -> Vec<BlockId> {
    let mut all = successors(&block.term);
    if let Some(h) = block.handler {
        if !all.contains(&h) {
            all.push(h);
        }
    }
    all
}

/// True for instructions that leave the function's window to run other code (a call, the
/// runtime, printing): values living across them must stay below the call area, and the
/// collector may run inside them.
pub fn is_call_like(inst: &Inst) -> bool {
    matches!(
        inst,
        Inst::Call { .. }
            | Inst::Runtime { .. }
            | Inst::Print { .. }
            | Inst::RtCall { .. }
            | Inst::ArrayNew { .. }
            | Inst::ArrayPush { .. }
            | Inst::StructNew { .. }
            | Inst::CellNew { .. }
            | Inst::Closure { .. }
            | Inst::CallIndirect { .. }
    )
}

/// True for instructions that may allocate, i.e. where the collector may run: every `Ref`
/// value live across them must be in its frame slot.
pub fn may_allocate(inst: &Inst) -> bool {
    is_call_like(inst)
}

/// True for instructions that may raise a runtime error (or transfer to a `catch` handler).
pub fn may_raise(inst: &Inst) -> bool {
    match inst {
        Inst::Binary { op, checked, .. } => {
            *checked || matches!(op, crate::ir::BinOp::Div | crate::ir::BinOp::Rem)
        }
        Inst::Neg { checked, .. } => *checked,
        Inst::Cast { .. }
        | Inst::Call { .. }
        | Inst::Runtime { .. }
        | Inst::RtCall { .. }
        | Inst::ArrayGet { .. }
        | Inst::ArraySet { .. }
        | Inst::CallIndirect { .. }
        | Inst::InlineEnter { .. } => true,
        _ => false,
    }
}

/// True for instructions whose arguments the emitter places in the outgoing call area
/// (`call_base + 1 + i`): calls, prints and runtime calls with several arguments.
pub fn uses_call_area(inst: &Inst) -> bool {
    match inst {
        Inst::Call { .. }
        | Inst::Print { .. }
        | Inst::CallIndirect { .. }
        | Inst::StructNew { .. }
        | Inst::ArrayNew { .. }
        | Inst::Closure { .. } => true,
        Inst::Runtime { args, .. } => args.len() > 1,
        Inst::RtCall { .. } => true,
        _ => false,
    }
}

/// A fixed-size set of registers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegSet {
    words: Vec<u64>,
}

impl RegSet {
    /// An empty set able to hold registers `0..capacity`.
    pub fn new(capacity: usize) -> RegSet {
        RegSet {
            words: vec![0; capacity.div_ceil(64)],
        }
    }

    /// Adds `reg`.
    pub fn insert(&mut self, reg: Reg) {
        let i = reg.0 as usize;
        if let Some(word) = self.words.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    /// Removes `reg`.
    pub fn remove(&mut self, reg: Reg) {
        let i = reg.0 as usize;
        if let Some(word) = self.words.get_mut(i / 64) {
            *word &= !(1 << (i % 64));
        }
    }

    /// True when `reg` is in the set.
    pub fn contains(&self, reg: Reg) -> bool {
        let i = reg.0 as usize;
        self.words
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }

    /// Adds every member of `other`; returns true when the set grew.
    pub fn union_with(&mut self, other: &RegSet) -> bool {
        let mut changed = false;
        for (word, add) in self.words.iter_mut().zip(&other.words) {
            let next = *word | add;
            changed |= next != *word;
            *word = next;
        }
        changed
    }

    /// The members in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = Reg> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |bit| word & (1u64 << bit) != 0)
                .map(move |bit| Reg((w * 64 + bit) as u32))
        })
    }
}

/// Live-in and live-out register sets of every block.
#[derive(Clone, Debug)]
pub struct Liveness {
    /// Registers live on entry to each block, indexed by `BlockId.0`.
    pub live_in: Vec<RegSet>,
    /// Registers live on exit from each block, indexed by `BlockId.0`.
    pub live_out: Vec<RegSet>,
}

/// Registers a block reads before writing (`uses`) and registers it writes (`defs`).
fn block_use_def(block: &Block, regs: usize) -> (RegSet, RegSet) {
    let mut uses = RegSet::new(regs);
    let mut defs = RegSet::new(regs);
    for inst in &block.insts {
        for reg in inst_uses(inst) {
            if !defs.contains(reg) {
                uses.insert(reg);
            }
        }
        if let Some(reg) = inst_def(inst) {
            defs.insert(reg);
        }
    }
    if let Some(reg) = term_use(&block.term) {
        if !defs.contains(reg) {
            uses.insert(reg);
        }
    }
    (uses, defs)
}

/// Computes liveness by backward dataflow to a fixed point. Out-of-range block targets are
/// ignored (the verifier reports them).
pub fn liveness(func: &Function) -> Liveness {
    let regs = func.regs.len();
    let count = func.blocks.len();
    let use_def: Vec<(RegSet, RegSet)> =
        func.blocks.iter().map(|b| block_use_def(b, regs)).collect();
    let succs: Vec<Vec<usize>> = func
        .blocks
        .iter()
        .map(|b| {
            block_successors(b)
                .into_iter()
                .map(|s| s.0 as usize)
                .filter(|&s| s < count)
                .collect()
        })
        .collect();
    let mut live_in = vec![RegSet::new(regs); count];
    let mut live_out = vec![RegSet::new(regs); count];
    let mut changed = true;
    while changed {
        changed = false;
        for b in (0..count).rev() {
            let mut out = RegSet::new(regs);
            for &s in &succs[b] {
                out.union_with(&live_in[s]);
            }
            let (uses, defs) = &use_def[b];
            let mut inn = out.clone();
            for (word, def) in inn.words.iter_mut().zip(&defs.words) {
                *word &= !def;
            }
            inn.union_with(uses);
            if let Some(h) = func.blocks[b].handler {
                // The handler may be entered from any point of the block, before any of
                // its definitions.
                if let Some(handler_in) = live_in.get(h.0 as usize).cloned() {
                    inn.union_with(&handler_in);
                }
            }
            if inn != live_in[b] {
                live_in[b] = inn;
                changed = true;
            }
            live_out[b] = out;
        }
    }
    Liveness { live_in, live_out }
}
