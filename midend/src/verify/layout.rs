//! Frame-layout checks after register allocation (the invariants listed in
//! [`crate::regalloc`]).

use crate::dataflow::{
    inst_def, inst_uses, is_call_like, liveness, term_use, uses_call_area, RegSet,
};
use crate::ir::{Block, Function, Inst, Reg};
use crate::regalloc::{FrameLayout, WINDOW_SLOTS};

/// Returns every violated layout invariant of `func`.
pub(super) fn verify_layout(func: &Function, layout: &FrameLayout) -> Vec<String> {
    let mut errors = Vec::new();
    if layout.slot_of.len() != func.regs.len() {
        errors.push(format!(
            "layout has {} slots for {} registers",
            layout.slot_of.len(),
            func.regs.len()
        ));
        return errors;
    }
    if layout.slot_types.len() as u32 != layout.call_base {
        errors.push("slot_types does not cover exactly the slots below call_base".into());
    }
    if layout.frame_size > WINDOW_SLOTS {
        errors.push(format!(
            "frame size {} exceeds the window",
            layout.frame_size
        ));
    }
    for (i, &p) in func.params.iter().enumerate() {
        if layout.slot_of[p.0 as usize] != i as u32 {
            errors.push(format!("parameter %{} is not in slot {i}", p.0));
        }
    }
    let occurring = occurring_regs(func, layout, &mut errors);
    for reg in occurring.iter() {
        check_slot(func, layout, reg, &mut errors);
    }
    check_interference(func, layout, &mut errors);
    errors
}

/// Registers mentioned by the function; also checks the call area is large enough.
fn occurring_regs(func: &Function, layout: &FrameLayout, errors: &mut Vec<String>) -> RegSet {
    let mut set = RegSet::new(func.regs.len());
    for &p in &func.params {
        set.insert(p);
    }
    for block in &func.blocks {
        for inst in &block.insts {
            let uses = inst_uses(inst);
            if uses_call_area(inst) && layout.call_base + 1 + uses.len() as u32 > layout.frame_size
            {
                errors.push("a call's arguments do not fit in the frame".into());
            }
            for r in uses.into_iter().chain(inst_def(inst)) {
                set.insert(r);
            }
        }
        if let Some(r) = term_use(&block.term) {
            set.insert(r);
        }
    }
    set
}

fn check_slot(func: &Function, layout: &FrameLayout, reg: Reg, errors: &mut Vec<String>) {
    let slot = layout.slot_of[reg.0 as usize];
    let ty = func.regs[reg.0 as usize].ty;
    if slot >= layout.frame_size {
        errors.push(format!("%{} is in s{slot}, outside the frame", reg.0));
    } else if let Some(&slot_ty) = layout.slot_types.get(slot as usize) {
        if slot_ty != ty {
            errors.push(format!(
                "%{} ({ty}) is in s{slot} of class {slot_ty}",
                reg.0
            ));
        }
    }
}

/// No register is written over a live register's slot, and nothing lives across a call in
/// the call area.
fn check_interference(func: &Function, layout: &FrameLayout, errors: &mut Vec<String>) {
    let live = liveness(func);
    let slot = |r: Reg| layout.slot_of[r.0 as usize];
    if let Some(entry) = live.live_in.first() {
        let mut seen: Vec<(u32, Reg)> = Vec::new();
        for r in entry.iter().chain(func.params.iter().copied()) {
            if let Some(&(_, other)) = seen.iter().find(|(s, o)| *s == slot(r) && *o != r) {
                errors.push(format!(
                    "%{} and %{} share s{} on entry",
                    r.0,
                    other.0,
                    slot(r)
                ));
            }
            seen.push((slot(r), r));
        }
    }
    for (b, block) in func.blocks.iter().enumerate() {
        let handler_in = block.handler.and_then(|h| live.live_in.get(h.0 as usize));
        walk_guarded(block, &live.live_out[b], handler_in, |i, inst, after| {
            let def = inst_def(inst);
            let call = is_call_like(inst);
            for r in after.iter() {
                if Some(r) == def {
                    continue;
                }
                if let Some(d) = def {
                    if slot(d) == slot(r) {
                        errors.push(format!(
                            "b{b}[{i}]: %{} overwrites live %{} in s{}",
                            d.0,
                            r.0,
                            slot(r)
                        ));
                    }
                }
                if call && slot(r) >= layout.call_base {
                    errors.push(format!(
                        "b{b}[{i}]: %{} lives across a call in the call area",
                        r.0
                    ));
                }
            }
        });
    }
}

/// Calls `visit(index, inst, live_after)` for every instruction of `block` from last to first.
/// In a `try` region (`handler_in` = the handler's live-in set) the handler may run after any
/// instruction, so its live-in registers stay live at every point of the block; other
/// registers die at their definitions as usual.
fn walk_guarded(
    block: &Block,
    live_out: &RegSet,
    handler_in: Option<&RegSet>,
    mut visit: impl FnMut(usize, &Inst, &RegSet),
) {
    let mut live = live_out.clone();
    if let Some(h) = handler_in {
        live.union_with(h);
    }
    if let Some(reg) = term_use(&block.term) {
        live.insert(reg);
    }
    for (i, inst) in block.insts.iter().enumerate().rev() {
        visit(i, inst, &live);
        if let Some(reg) = inst_def(inst) {
            if !handler_in.is_some_and(|h| h.contains(reg)) {
                live.remove(reg);
            }
        }
        for reg in inst_uses(inst) {
            live.insert(reg);
        }
    }
}
