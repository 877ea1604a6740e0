//! Where a function's registers live in its frame record: the register allocator's
//! [`FrameLayout`] when present, else one slot per register (hand-built IR).

use orus_midend::ir::{Function, Reg, Ty};
use orus_midend::regalloc::FrameLayout;

/// Words of the `FrameHeader` (`prev`, `func`, `pc | flags << 32`, `num_slots | reserved << 32`,
/// `slots`, `spills`) before slot 0.
pub const HEADER_WORDS: u32 = 6;

/// Word of the header holding the `slots` pointer (the address of slot 0).
pub const SLOTS_WORD: u32 = 4;

/// Word of the header holding the `spills` pointer (the address of slot 256).
pub const SPILLS_WORD: u32 = 5;

/// First frame slot of the spill area.
pub const SPILL_BASE: u32 = 256;

/// The slot facts the lowering of one function needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slots {
    /// Frame slot of each register, indexed by `Reg.0`.
    slot_of: Vec<u32>,
    /// Class of each frame slot in frame numbering (spill slots at 256 and up).
    classes: Vec<(u32, Ty)>,
    /// Window slots.
    pub frame_size: u32,
    /// Spill slots.
    pub spill_count: u32,
}

impl Slots {
    /// The slots of `func`.
    pub fn of(func: &Function) -> Slots {
        match &func.layout {
            Some(layout) => Slots::from_layout(func, layout),
            None => Slots {
                slot_of: (0..func.regs.len() as u32).collect(),
                classes: func
                    .regs
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (i as u32, r.ty))
                    .collect(),
                frame_size: func.regs.len() as u32,
                spill_count: 0,
            },
        }
    }

    fn from_layout(func: &Function, layout: &FrameLayout) -> Slots {
        let mut classes: Vec<(u32, Ty)> = layout
            .slot_types
            .iter()
            .enumerate()
            .map(|(i, &ty)| (i as u32, ty))
            .collect();
        classes.extend(
            layout
                .spill_types
                .iter()
                .enumerate()
                .map(|(i, &ty)| (SPILL_BASE + i as u32, ty)),
        );
        // Registers the layout does not list (should not happen) get fresh slots past the
        // window, so a Ref register is never left without a home.
        let mut next = layout.frame_size.max(layout.slot_types.len() as u32);
        let slot_of = (0..func.regs.len())
            .map(|i| match layout.slot_of.get(i) {
                Some(&slot) => slot,
                None => {
                    next += 1;
                    next - 1
                }
            })
            .collect::<Vec<_>>();
        for (i, reg) in func.regs.iter().enumerate() {
            if reg.ty == Ty::Ref && !classes.contains(&(slot_of[i], Ty::Ref)) {
                classes.push((slot_of[i], Ty::Ref));
            }
        }
        let frame_size = layout.frame_size.max(next);
        Slots {
            slot_of,
            classes,
            frame_size,
            spill_count: layout.spill_count(),
        }
    }

    /// Frame slot of `reg`.
    pub fn slot(&self, reg: Reg) -> u32 {
        self.slot_of.get(reg.0 as usize).copied().unwrap_or(0)
    }

    /// Frame slots holding references, ascending.
    pub fn ref_slots(&self) -> Vec<u32> {
        let mut slots: Vec<u32> = self
            .classes
            .iter()
            .filter(|(_, ty)| *ty == Ty::Ref)
            .map(|(slot, _)| *slot)
            .collect();
        slots.sort_unstable();
        slots.dedup();
        slots
    }

    /// True when the function needs a frame record (it has reference slots).
    pub fn needs_frame(&self) -> bool {
        self.classes.iter().any(|(_, ty)| *ty == Ty::Ref)
    }

    /// Slots following the header: the window, or 256 plus the spill area when there is one.
    pub fn num_slots(&self) -> u32 {
        let top = self.ref_slots().last().map_or(0, |s| s + 1);
        let base = if self.spill_count > 0 {
            SPILL_BASE + self.spill_count
        } else {
            self.frame_size
        };
        base.max(top)
    }

    /// The `FuncDesc` ref bitmap: bit `s` of word `s / 64` set for every reference slot.
    pub fn ref_bitmap(&self) -> Vec<u64> {
        let mut words = vec![0u64; self.num_slots().div_ceil(64) as usize];
        for slot in self.ref_slots() {
            words[(slot / 64) as usize] |= 1 << (slot % 64);
        }
        words
    }

    /// Class of spill slot `slot` (frame numbering).
    pub fn spill_class(&self, slot: u32) -> Option<Ty> {
        self.classes
            .iter()
            .find(|(s, _)| *s == slot && slot >= SPILL_BASE)
            .map(|(_, ty)| *ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orus_abi::frame::{FrameHeader, FuncDesc};
    use std::mem::{offset_of, size_of};

    #[test]
    fn header_words_match_the_abi_frame_header() {
        assert_eq!(size_of::<FrameHeader>(), HEADER_WORDS as usize * 8);
        assert_eq!(offset_of!(FrameHeader, prev), 0);
        assert_eq!(offset_of!(FrameHeader, func), 8);
        // Word 2 is `pc | flags << 32`, word 3 `num_slots | reserved << 32` (little-endian
        // targets only), then the `slots` and `spills` pointers.
        assert_eq!(offset_of!(FrameHeader, pc), 16);
        assert_eq!(offset_of!(FrameHeader, flags), 20);
        assert_eq!(offset_of!(FrameHeader, num_slots), 24);
        assert_eq!(offset_of!(FrameHeader, reserved), 28);
        assert_eq!(offset_of!(FrameHeader, slots), SLOTS_WORD as usize * 8);
        assert_eq!(offset_of!(FrameHeader, spills), SPILLS_WORD as usize * 8);
    }

    #[test]
    fn func_desc_layout_matches_the_emitted_struct() {
        // { ptr, i64, i32, i32, i32, i32, ptr, i64, ptr, i64, ptr }
        assert_eq!(size_of::<FuncDesc>(), 72);
        assert_eq!(offset_of!(FuncDesc, param_count), 16);
        assert_eq!(offset_of!(FuncDesc, ref_bitmap), 32);
        assert_eq!(offset_of!(FuncDesc, native_entry), 64);
    }

    #[test]
    fn ref_slots_come_from_the_layout() {
        let func = Function {
            value_name: String::new(),
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![
                orus_midend::ir::RegInfo {
                    ty: Ty::I32,
                    name: None,
                },
                orus_midend::ir::RegInfo {
                    ty: Ty::Ref,
                    name: None,
                },
            ],
            blocks: vec![],
            loc: orus_midend::ir::LocId(0),
            layout: Some(FrameLayout {
                slot_of: vec![0, 1],
                slot_types: vec![Ty::I32, Ty::Ref],
                spill_types: vec![Ty::Ref],
                call_base: 2,
                frame_size: 2,
            }),
        };
        let slots = Slots::of(&func);
        assert!(slots.needs_frame());
        assert_eq!(slots.ref_slots(), vec![1, SPILL_BASE]);
        assert_eq!(slots.num_slots(), SPILL_BASE + 1);
        assert_eq!(slots.ref_bitmap()[0], 0b10);
        assert_eq!(slots.ref_bitmap()[4], 1);
        assert_eq!(slots.spill_class(SPILL_BASE), Some(Ty::Ref));
        assert_eq!(slots.slot(Reg(1)), 1);
    }
}
