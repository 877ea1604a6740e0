//! Rewriting spilled registers: every use reads a fresh temporary reloaded just before the
//! instruction, every def writes a fresh temporary stored just after it. Spilled registers
//! then appear in no instruction; only the short-lived temporaries need window slots.
//!
//! The exception is the error register of a `TryEnter`: the engine writes it when an error is
//! caught, not at the `TryEnter`, so its store to the spill slot goes at the start of the
//! handler block (the temporary then lives through the guarded region).

use crate::dataflow::{inst_def_mut, inst_uses_mut, term_use_mut};
use crate::ir::{Function, Inst, Reg, RegInfo};

/// Rewrites `func` so that no instruction mentions a register with a spill slot
/// (`spill_slot[reg]` is the frame slot, ≥ 256). Returns, for each spilled register, the
/// first temporary standing in for it.
pub(crate) fn rewrite(func: &mut Function, spill_slot: &[Option<u32>]) -> Vec<Option<Reg>> {
    let mut stand_in: Vec<Option<Reg>> = vec![None; func.regs.len()];
    let mut regs = std::mem::take(&mut func.regs);
    let temp = |reg: Reg, regs: &mut Vec<RegInfo>, stand_in: &mut Vec<Option<Reg>>| {
        let info = regs[reg.0 as usize].clone();
        regs.push(info);
        let t = Reg(regs.len() as u32 - 1);
        stand_in[reg.0 as usize].get_or_insert(t);
        t
    };
    let spilled = |reg: Reg| spill_slot.get(reg.0 as usize).copied().flatten();
    // (handler block, spill slot, temporary) for spilled `TryEnter` error registers.
    let mut handler_spills: Vec<(usize, u32, Reg)> = Vec::new();
    for block in &mut func.blocks {
        let mut insts = Vec::with_capacity(block.insts.len());
        for mut inst in std::mem::take(&mut block.insts) {
            for use_reg in inst_uses_mut(&mut inst) {
                if let Some(slot) = spilled(*use_reg) {
                    let t = temp(*use_reg, &mut regs, &mut stand_in);
                    insts.push(Inst::Reload { dst: t, slot });
                    *use_reg = t;
                }
            }
            let store = match inst_def_mut(&mut inst) {
                Some(def) => match spilled(*def) {
                    Some(slot) => {
                        let t = temp(*def, &mut regs, &mut stand_in);
                        *def = t;
                        Some(Inst::Spill { slot, src: t })
                    }
                    None => None,
                },
                None => None,
            };
            let store = match (&inst, store) {
                (Inst::TryEnter { handler, .. }, Some(Inst::Spill { slot, src })) => {
                    handler_spills.push((handler.0 as usize, slot, src));
                    None
                }
                (_, store) => store,
            };
            insts.push(inst);
            insts.extend(store);
        }
        if let Some(use_reg) = term_use_mut(&mut block.term) {
            if let Some(slot) = spilled(*use_reg) {
                let t = temp(*use_reg, &mut regs, &mut stand_in);
                insts.push(Inst::Reload { dst: t, slot });
                *use_reg = t;
            }
        }
        block.insts = insts;
    }
    for (handler, slot, src) in handler_spills {
        if let Some(block) = func.blocks.get_mut(handler) {
            block.insts.insert(0, Inst::Spill { slot, src });
        }
    }
    func.regs = regs;
    stand_in
}
