//! Register allocation: virtual registers → frame slots ([`FrameLayout`]).
//!
//! Slots `0..256` are the window addressed by 8-bit bytecode operands. Every register gets a
//! window slot; registers that do not fit are homed in the spill area (slots 256 and up) and
//! reach the window only through `Spill`/`Reload` instructions this pass inserts.
//! The outgoing call area sits at the top of the window: a call (or print / runtime call with
//! several arguments) puts argument `i` at `call_base + 1 + i`; a call's result comes back in
//! `call_base`. The callee's slot 0 is the caller's slot `call_base + 1`.
//!
//! The allocator (liveness → live intervals → linear scan) keeps these invariants, which the
//! verifier checks after allocation:
//! * parameter `i` lives in slot `i`;
//! * two registers live at the same point never share a slot, and a slot below `call_base`
//!   only ever holds registers of one class (`slot_types`, from which the GC's ref bitmap
//!   comes);
//! * a register live across a call, print or runtime call sits below `call_base`;
//! * a register may live in the call area (`call_base + 1 + i` as argument `i` of the
//!   instruction its life ends at, or `call_base` as the result of the call that defines it)
//!   only when no call, print or runtime call runs during its life — so the emitter never
//!   needs a move for it and the collector never has to see it;
//! * under pressure, registers are homed in spill slots and no longer appear in any
//!   instruction: each use reads a temporary filled by `Reload` just before, each def writes
//!   a temporary stored by `Spill` just after. Temporaries get scratch slots (at most two per
//!   class are live at once) or, as call arguments, their call-area slot directly.

mod intervals;
mod scan;
mod spill;

use crate::ir::{Function, Module, Reg, Ty};
use intervals::CallAreaHome;
use scan::{Home, Request, Scan};

/// Number of slots addressable by 8-bit bytecode operands.
pub const WINDOW_SLOTS: u32 = 256;

/// Window slots kept free for the temporaries of spilled registers: two per register class.
pub const SCRATCH_SLOTS: u32 = 14;

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
    /// The layout without allocation, for hand-built IR (tests, tools): register `i` of class
    /// `regs[i]` lives in slot `i`, and the call area sits right above the registers, sized
    /// for the widest call-like instruction of `blocks`.
    pub fn one_slot_per_register(regs: &[Ty], blocks: &[crate::ir::Block]) -> FrameLayout {
        let max_args = blocks
            .iter()
            .flat_map(|b| &b.insts)
            .map(|i| match i {
                crate::ir::Inst::Runtime { args, .. } => args.len(),
                other if crate::dataflow::uses_call_area(other) => {
                    crate::dataflow::inst_uses(other).len()
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0) as u32;
        let n = regs.len() as u32;
        FrameLayout {
            slot_of: (0..n).collect(),
            slot_types: regs.to_vec(),
            spill_types: vec![],
            call_base: n,
            frame_size: n + 1 + max_args,
        }
    }

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

/// Allocates every function of the module that has no layout yet.
pub fn allocate_module(m: &mut Module) {
    for func in &mut m.funcs {
        allocate_function(func);
    }
}

/// Where pass one put a register.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Window(u32),
    CallArea(CallAreaHome),
    Spill(u32),
    Unused,
}

/// Assigns every register of `func` a slot, inserting `Spill`/`Reload` under pressure, and
/// stores the resulting [`FrameLayout`]. Does nothing when the function already has one.
pub fn allocate_function(func: &mut Function) {
    if func.layout.is_some() {
        return;
    }
    let iv = intervals::build(func);
    let call_area = 1 + iv.max_call_args;
    let limit = WINDOW_SLOTS
        .saturating_sub(call_area + SCRATCH_SLOTS)
        .max(func.params.len() as u32);
    let mut places = vec![Place::Unused; func.regs.len()];
    let mut requests = Vec::new();
    for (r, interval) in iv.of.iter().enumerate() {
        let Some(interval) = *interval else { continue };
        if let Some(home) = iv.call_area[r] {
            places[r] = Place::CallArea(home);
            continue;
        }
        let reg = Reg(r as u32);
        requests.push(Request {
            reg,
            ty: func.regs[r].ty,
            interval,
            fixed: func.params.iter().position(|&p| p == reg).map(|i| i as u32),
        });
    }
    let mut homes_scan = Scan::new(0, limit);
    for (req, home) in requests.iter().zip(homes_scan.run(&requests)) {
        places[req.reg.0 as usize] = match home {
            Home::Window(slot) => Place::Window(slot),
            Home::Spill(index) => Place::Spill(WINDOW_SLOTS + index),
        };
    }
    let home_count = homes_scan.slot_types.len() as u32;
    let mut slot_types = homes_scan.slot_types;
    let spill_types = homes_scan.spill_types;
    let spill_slot: Vec<Option<u32>> = places
        .iter()
        .map(|p| match p {
            Place::Spill(slot) => Some(*slot),
            _ => None,
        })
        .collect();
    let mut stand_in = vec![None; places.len()];
    if !spill_types.is_empty() {
        stand_in = spill::rewrite(func, &spill_slot);
        let scratch_types = place_temporaries(func, &mut places, home_count);
        slot_types.extend(scratch_types);
    }
    let call_base = slot_types.len() as u32;
    let slot_of = (0..func.regs.len())
        .map(|r| {
            let place = match (places[r], stand_in.get(r).copied().flatten()) {
                (Place::Spill(_), Some(t)) => places[t.0 as usize],
                (place, _) => place,
            };
            match place {
                Place::Window(slot) => slot,
                Place::CallArea(CallAreaHome::Result) => call_base,
                Place::CallArea(CallAreaHome::Arg(i)) => call_base + 1 + i,
                Place::Spill(_) | Place::Unused => 0,
            }
        })
        .collect();
    func.layout = Some(FrameLayout {
        slot_of,
        slot_types,
        spill_types,
        call_base,
        frame_size: call_base + call_area,
    });
}

/// Places the temporaries the spill rewrite created (registers beyond `places`): in the call
/// area when they qualify, otherwise in scratch slots from `first_slot` up. Returns the
/// classes of the scratch slots.
fn place_temporaries(func: &Function, places: &mut Vec<Place>, first_slot: u32) -> Vec<Ty> {
    let old = places.len();
    places.resize(func.regs.len(), Place::Unused);
    let iv = intervals::build(func);
    let mut requests = Vec::new();
    for (r, interval) in iv.of.iter().enumerate().skip(old) {
        let Some(interval) = *interval else { continue };
        if let Some(home) = iv.call_area[r] {
            places[r] = Place::CallArea(home);
            continue;
        }
        requests.push(Request {
            reg: Reg(r as u32),
            ty: func.regs[r].ty,
            interval,
            fixed: None,
        });
    }
    let mut scratch = Scan::new(first_slot, u32::MAX);
    for (req, home) in requests.iter().zip(scratch.run(&requests)) {
        if let Home::Window(slot) = home {
            places[req.reg.0 as usize] = Place::Window(slot);
        }
    }
    scratch.slot_types
}
