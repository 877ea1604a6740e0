//! Register allocation: virtual registers → frame slots ([`FrameLayout`]).
//!
//! Slots `0..256` are the window addressed by 8-bit bytecode operands. Every register gets a
//! window slot; registers that do not fit are homed in the spill area (slots 256 and up) and
//! reach the window only through `Spill`/`Reload` instructions this pass inserts.
//! The outgoing call area sits at the top of the window: a call (or print / runtime call with
//! several arguments) puts argument `i` at `call_base + 1 + i`; a call's result comes back in
//! `call_base`. The callee's slot 0 is the caller's slot `call_base + 1`.

use crate::ir::Ty;

/// Where every register of a function lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameLayout {
    /// Window slot of each register, indexed by `Reg.0`; always below 256.
    pub slot_of: Vec<u32>,
    /// Class of each window slot `0..window_slots` (the call area's slots are not listed).
    pub slot_types: Vec<Ty>,
    /// Classes of the spill slots; spill slot `i` is frame slot `256 + i`.
    pub spill_types: Vec<Ty>,
    /// First slot of the outgoing call area (== number of home and scratch slots).
    pub call_base: u32,
    /// Window slots the frame needs: `call_base + 1 + max arguments of any call in it`.
    pub frame_size: u32,
}

impl FrameLayout {
    /// Number of spill slots.
    pub fn spill_count(&self) -> u32 {
        self.spill_types.len() as u32
    }

    /// True when frame slot `slot` (window or spill numbering) holds a GC reference.
    pub fn is_ref_slot(&self, slot: u32) -> bool {
        if slot >= 256 {
            self.spill_types.get(slot as usize - 256) == Some(&Ty::Ref)
        } else {
            self.slot_types.get(slot as usize) == Some(&Ty::Ref)
        }
    }
}
