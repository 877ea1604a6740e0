//! Linear scan: assigns typed window slots to intervals in order of their start, reusing a
//! slot only for a register of the same class, and homing the excess in spill slots when the
//! window budget is exhausted.

use super::intervals::Interval;
use crate::ir::{Reg, Ty};

/// Where a register lives after the scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Home {
    /// Window slot.
    Window(u32),
    /// Spill slot index (frame slot `256 + index`).
    Spill(u32),
}

/// Per-class free lists.
#[derive(Default)]
struct FreeLists {
    lists: [Vec<u32>; 7],
}

fn class_index(ty: Ty) -> usize {
    match ty {
        Ty::I32 => 0,
        Ty::I64 => 1,
        Ty::U32 => 2,
        Ty::U64 => 3,
        Ty::F64 => 4,
        Ty::Bool => 5,
        Ty::Ref => 6,
    }
}

impl FreeLists {
    fn take(&mut self, ty: Ty) -> Option<u32> {
        self.lists[class_index(ty)].pop()
    }

    fn give(&mut self, ty: Ty, slot: u32) {
        self.lists[class_index(ty)].push(slot);
    }
}

/// One register to place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Request {
    /// The register.
    pub(crate) reg: Reg,
    /// Its class.
    pub(crate) ty: Ty,
    /// Its live interval.
    pub(crate) interval: Interval,
    /// A window slot it must occupy (parameters); never spilled.
    pub(crate) fixed: Option<u32>,
}

/// The linear-scan state: window slots from `first_slot` up to `limit`, spill slots beyond.
pub(crate) struct Scan {
    limit: u32,
    /// Class of each window slot handed out so far, indexed by slot minus `first_slot`.
    pub(crate) slot_types: Vec<Ty>,
    first_slot: u32,
    free: FreeLists,
    /// Class of each spill slot.
    pub(crate) spill_types: Vec<Ty>,
    spill_free: FreeLists,
}

/// An interval currently holding a slot.
struct Active {
    end: u32,
    index: usize,
    fixed: bool,
}

impl Scan {
    /// A scan handing out window slots `first_slot..limit`.
    pub(crate) fn new(first_slot: u32, limit: u32) -> Scan {
        Scan {
            limit,
            slot_types: Vec::new(),
            first_slot,
            free: FreeLists::default(),
            spill_types: Vec::new(),
            spill_free: FreeLists::default(),
        }
    }

    fn new_window_slot(&mut self, ty: Ty) -> Option<u32> {
        let next = self.first_slot + self.slot_types.len() as u32;
        (next < self.limit).then(|| {
            self.slot_types.push(ty);
            next
        })
    }

    fn new_spill_slot(&mut self, ty: Ty) -> u32 {
        self.spill_free.take(ty).unwrap_or_else(|| {
            self.spill_types.push(ty);
            self.spill_types.len() as u32 - 1
        })
    }

    /// Makes sure fixed slot `slot` exists with class `ty`.
    fn reserve_fixed(&mut self, slot: u32, ty: Ty) {
        let index = (slot - self.first_slot) as usize;
        if self.slot_types.len() <= index {
            self.slot_types.resize(index + 1, ty);
        }
        self.slot_types[index] = ty;
    }

    /// Assigns every request a home; the result is indexed like `requests`.
    pub(crate) fn run(&mut self, requests: &[Request]) -> Vec<Home> {
        let mut homes = vec![Home::Spill(0); requests.len()];
        for r in requests {
            if let Some(slot) = r.fixed {
                self.reserve_fixed(slot, r.ty);
            }
        }
        let mut order: Vec<usize> = (0..requests.len()).collect();
        order.sort_by_key(|&i| (requests[i].interval.start, requests[i].fixed.is_none(), i));
        let mut active: Vec<Active> = Vec::new();
        for index in order {
            let req = requests[index];
            self.expire(&mut active, &homes, requests, req.interval.start);
            homes[index] = match req.fixed {
                Some(slot) => Home::Window(slot),
                None => self.place(&mut active, &mut homes, requests, index),
            };
            active.push(Active {
                end: req.interval.end,
                index,
                fixed: req.fixed.is_some(),
            });
        }
        homes
    }

    /// Frees the slots of intervals that ended before `point`.
    fn expire(&mut self, active: &mut Vec<Active>, homes: &[Home], reqs: &[Request], point: u32) {
        active.retain(|a| {
            if a.end >= point {
                return true;
            }
            let ty = reqs[a.index].ty;
            match homes[a.index] {
                Home::Window(slot) => self.free.give(ty, slot),
                Home::Spill(slot) => self.spill_free.give(ty, slot),
            }
            false
        });
    }

    /// Chooses a home for request `index`: a free slot of its class, a new slot, or — under
    /// pressure — the slot of the same-class interval that ends last (which is spilled), or
    /// a spill slot when the request itself ends last.
    fn place(
        &mut self,
        active: &mut [Active],
        homes: &mut [Home],
        reqs: &[Request],
        index: usize,
    ) -> Home {
        let req = reqs[index];
        if let Some(slot) = self.free.take(req.ty) {
            return Home::Window(slot);
        }
        if let Some(slot) = self.new_window_slot(req.ty) {
            return Home::Window(slot);
        }
        let victim = active
            .iter()
            .filter(|a| {
                !a.fixed
                    && reqs[a.index].ty == req.ty
                    && matches!(homes[a.index], Home::Window(_))
                    && a.end > req.interval.end
            })
            .max_by_key(|a| (a.end, a.index))
            .map(|a| a.index);
        match victim {
            Some(v) => {
                let taken = homes[v];
                homes[v] = Home::Spill(self.new_spill_slot(req.ty));
                taken
            }
            None => Home::Spill(self.new_spill_slot(req.ty)),
        }
    }
}
