//! Copy propagation inside each block: after `dst = move src`, later reads of `dst` in the
//! same block read `src` instead, as long as neither has been reassigned in between. The move
//! itself is left for dead-code elimination when nothing else reads `dst`.
//!
//! Registers may be assigned in several blocks, so facts never cross block boundaries.

use std::collections::HashMap;

use crate::dataflow::{inst_def, inst_uses_mut, term_use_mut};
use crate::ir::{Function, Inst, Reg};

/// Propagates copies in every block of `func`; returns true when something changed.
pub fn propagate_copies(func: &mut Function) -> bool {
    let params = func.params.clone();
    let mut changed = false;
    for block in &mut func.blocks {
        // dst -> src for the copies still valid at this point.
        let mut copies: HashMap<Reg, Reg> = HashMap::new();
        for inst in &mut block.insts {
            for r in inst_uses_mut(inst) {
                if let Some(&src) = copies.get(r) {
                    *r = src;
                    changed = true;
                }
            }
            if let Some(d) = inst_def(inst) {
                copies.retain(|&dst, &mut src| dst != d && src != d);
                if let Inst::Move { dst, src } = *inst {
                    if dst != src && !params.contains(&dst) {
                        copies.insert(dst, src);
                    }
                }
            }
        }
        if let Some(r) = term_use_mut(&mut block.term) {
            if let Some(&src) = copies.get(r) {
                *r = src;
                changed = true;
            }
        }
    }
    changed
}
