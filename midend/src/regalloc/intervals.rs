//! Live intervals over the linearised instruction order.
//!
//! Instructions (terminators included) are numbered `p = 0, 1, …` in block order. Instruction
//! `p` reads its operands at point `2p` and writes its result at point `2p + 1`, so a register
//! whose last use is `p` and one defined by `p` do not overlap and may share a slot. A
//! register's interval is the hull of every point where it is live: its defs, its uses, the
//! start of every block it is live into and the end of every block it is live out of.

use crate::dataflow::{inst_def, inst_uses, is_call_like, liveness, term_use, uses_call_area};
use crate::ir::{Function, Inst, Reg};

/// The hull `[start, end]` of the points where a register is live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Interval {
    /// First point.
    pub(crate) start: u32,
    /// Last point.
    pub(crate) end: u32,
}

/// Where a register may live in the outgoing call area without a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallAreaHome {
    /// Argument `i` of the call-like instruction its live range ends at: slot
    /// `call_base + 1 + i`.
    Arg(u32),
    /// The result of the call that defines it: slot `call_base`.
    Result,
}

/// Interval facts of one function.
#[derive(Debug)]
pub(crate) struct Intervals {
    /// Interval of each register (`None` when it never appears).
    pub(crate) of: Vec<Option<Interval>>,
    /// Instruction numbers of call-like instructions, increasing.
    pub(crate) call_points: Vec<u32>,
    /// Most arguments any call-area instruction passes.
    pub(crate) max_call_args: u32,
    /// Registers that can live in the call area for their whole life.
    pub(crate) call_area: Vec<Option<CallAreaHome>>,
}

impl Intervals {
    /// True when some call-like instruction runs while `interval` is live on both sides of it
    /// (so the value must survive the call outside the call area).
    pub(crate) fn spans_call(&self, interval: Interval) -> bool {
        let first = interval.start.div_ceil(2);
        let i = self.call_points.partition_point(|&q| q < first);
        self.call_points
            .get(i)
            .is_some_and(|&q| 2 * q < interval.end)
    }
}

fn extend(of: &mut [Option<Interval>], reg: Reg, point: u32) {
    if let Some(slot) = of.get_mut(reg.0 as usize) {
        *slot = Some(match *slot {
            None => Interval {
                start: point,
                end: point,
            },
            Some(i) => Interval {
                start: i.start.min(point),
                end: i.end.max(point),
            },
        });
    }
}

/// Computes intervals, call points and call-area candidates.
pub(crate) fn build(func: &Function) -> Intervals {
    let live = liveness(func);
    let regs = func.regs.len();
    let mut of: Vec<Option<Interval>> = vec![None; regs];
    let mut call_points = Vec::new();
    let mut max_call_args = 0;
    // (instruction, argument index) of each register's call-area uses, and defining calls.
    let mut arg_uses: Vec<Vec<(u32, u32)>> = vec![Vec::new(); regs];
    let mut result_of_call: Vec<Vec<u32>> = vec![Vec::new(); regs];
    for &p in &func.params {
        extend(&mut of, p, 0);
    }
    let mut p = 0u32;
    for (b, block) in func.blocks.iter().enumerate() {
        let first = p;
        for reg in live.live_in[b].iter() {
            extend(&mut of, reg, 2 * first);
        }
        for inst in &block.insts {
            record_inst(inst, p, &mut of, &mut arg_uses, &mut result_of_call);
            if is_call_like(inst) {
                call_points.push(p);
            }
            if uses_call_area(inst) {
                max_call_args = max_call_args.max(inst_uses(inst).len() as u32);
            }
            p += 1;
        }
        if let Some(reg) = term_use(&block.term) {
            extend(&mut of, reg, 2 * p);
        }
        for reg in live.live_out[b].iter() {
            extend(&mut of, reg, 2 * p + 1);
        }
        p += 1;
    }
    let mut intervals = Intervals {
        of,
        call_points,
        max_call_args,
        call_area: vec![None; regs],
    };
    for r in 0..regs {
        intervals.call_area[r] = call_area_home(&intervals, r, &arg_uses[r], &result_of_call[r]);
    }
    for &param in &func.params {
        if let Some(home) = intervals.call_area.get_mut(param.0 as usize) {
            *home = None;
        }
    }
    intervals
}

fn record_inst(
    inst: &Inst,
    p: u32,
    of: &mut [Option<Interval>],
    arg_uses: &mut [Vec<(u32, u32)>],
    result_of_call: &mut [Vec<u32>],
) {
    let uses = inst_uses(inst);
    for &reg in &uses {
        extend(of, reg, 2 * p);
    }
    if uses_call_area(inst) {
        // Slots from `call_base` up are not in the frame's ref bitmap: the runtime keeps the
        // `Ref` arguments of an allocating operation alive itself (docs/HEAP.md §6).
        for (i, &reg) in uses.iter().enumerate() {
            if uses[..i].contains(&reg) {
                continue;
            }
            if let Some(list) = arg_uses.get_mut(reg.0 as usize) {
                list.push((p, i as u32));
            }
        }
    }
    if let Some(reg) = inst_def(inst) {
        extend(of, reg, 2 * p + 1);
        if let (Inst::Call { .. }, Some(list)) = (inst, result_of_call.get_mut(reg.0 as usize)) {
            list.push(p);
        }
    }
}

/// A register may stay in the call area when no call-like instruction runs inside its live
/// range: either its range ends at the call-area instruction that consumes it, or it starts
/// at the call that produces it.
fn call_area_home(
    intervals: &Intervals,
    reg: usize,
    arg_uses: &[(u32, u32)],
    results: &[u32],
) -> Option<CallAreaHome> {
    let interval = intervals.of[reg]?;
    if intervals.spans_call(interval) {
        return None;
    }
    if let Some(&(_, i)) = arg_uses.iter().find(|(p, _)| 2 * p == interval.end) {
        return Some(CallAreaHome::Arg(i));
    }
    if results.iter().any(|&q| 2 * q + 1 == interval.start) {
        return Some(CallAreaHome::Result);
    }
    None
}
