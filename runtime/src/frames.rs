//! Storage for values that live outside the 256-slot register window: the spill arena of
//! frames' spill areas, and module globals.

use crate::error::RuntimeError;
use orus_abi::types::TypeTag;

/// Default limit of the spill arena, in slots (8 MiB of spilled values).
pub const DEFAULT_SPILL_LIMIT: usize = 1 << 20;

/// A stack of 64-bit slots holding the spill areas of active frames. A call pushes its
/// frame's spill slots and the return pops them; indices are absolute, so a frame keeps the
/// base returned by [`SpillArena::push`].
#[derive(Debug, Clone)]
pub struct SpillArena {
    slots: Vec<u64>,
    limit: usize,
}

impl SpillArena {
    /// An empty arena that holds at most `limit` slots.
    pub fn new(limit: usize) -> SpillArena {
        SpillArena {
            slots: Vec::new(),
            limit,
        }
    }

    /// Reserves `n` zeroed slots on top and returns the index of the first; `Stack overflow`
    /// when the limit would be passed.
    pub fn push(&mut self, n: usize) -> Result<usize, RuntimeError> {
        let base = self.slots.len();
        match base.checked_add(n) {
            Some(top) if top <= self.limit => {
                self.slots.resize(top, 0);
                Ok(base)
            }
            _ => Err(RuntimeError::stack_overflow()),
        }
    }

    /// Releases the top `n` slots (all of them when fewer are in use).
    pub fn pop(&mut self, n: usize) {
        let top = self.slots.len().saturating_sub(n);
        self.slots.truncate(top);
    }

    /// Releases every slot above `base` (used when unwinding to a `catch`).
    pub fn truncate(&mut self, base: usize) {
        self.slots.truncate(base);
    }

    /// Number of slots in use.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no slot is in use.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slot at absolute index `index`, `None` past the top.
    pub fn get(&self, index: usize) -> Option<u64> {
        self.slots.get(index).copied()
    }

    /// Writes the slot at absolute index `index`; returns false past the top.
    pub fn set(&mut self, index: usize, value: u64) -> bool {
        match self.slots.get_mut(index) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// Every slot in use, bottom first (for the collector's root scan).
    pub fn slots(&self) -> &[u64] {
        &self.slots
    }
}

impl Default for SpillArena {
    fn default() -> SpillArena {
        SpillArena::new(DEFAULT_SPILL_LIMIT)
    }
}

/// Module globals: one 64-bit slot per global with its type, so the collector can tell which
/// globals hold Refs.
#[derive(Debug, Clone, Default)]
pub struct Globals {
    values: Vec<u64>,
    tags: Vec<TypeTag>,
}

impl Globals {
    /// An empty store.
    pub fn new() -> Globals {
        Globals::default()
    }

    /// Adds a zero-initialised global of type `tag` and returns its index.
    pub fn define(&mut self, tag: TypeTag) -> usize {
        self.values.push(0);
        self.tags.push(tag);
        self.values.len() - 1
    }

    /// Number of globals.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no global is defined.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value of global `index`, `None` when undefined.
    pub fn get(&self, index: usize) -> Option<u64> {
        self.values.get(index).copied()
    }

    /// Writes global `index`; returns false when undefined.
    pub fn set(&mut self, index: usize, value: u64) -> bool {
        match self.values.get_mut(index) {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// The type of global `index`, `None` when undefined.
    pub fn tag(&self, index: usize) -> Option<TypeTag> {
        self.tags.get(index).copied()
    }

    /// Every global value with its type (for the collector's root scan).
    pub fn iter(&self) -> impl Iterator<Item = (TypeTag, u64)> + '_ {
        self.tags.iter().copied().zip(self.values.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spill_arena_pushes_pops_and_overflows() {
        let mut arena = SpillArena::new(10);
        assert_eq!(arena.push(4), Ok(0));
        assert!(arena.set(3, 42));
        assert_eq!(arena.push(6), Ok(4));
        assert_eq!(arena.get(3), Some(42));
        assert_eq!(arena.get(9), Some(0));
        assert_eq!(arena.push(1), Err(RuntimeError::stack_overflow()));
        assert_eq!(arena.push(usize::MAX), Err(RuntimeError::stack_overflow()));
        arena.pop(6);
        assert_eq!(arena.len(), 4);
        assert!(!arena.set(4, 1));
        assert_eq!(arena.get(4), None);
        arena.truncate(0);
        assert!(arena.is_empty());
        arena.pop(3);
        assert!(arena.is_empty());
    }

    #[test]
    fn globals_keep_values_and_types() {
        let mut globals = Globals::new();
        let a = globals.define(TypeTag::I32);
        let b = globals.define(TypeTag::Str);
        assert!(globals.set(b, 7));
        assert_eq!(globals.get(a), Some(0));
        assert_eq!(globals.get(b), Some(7));
        assert_eq!(globals.tag(b), Some(TypeTag::Str));
        assert_eq!(globals.tag(2), None);
        assert!(!globals.set(2, 1));
        let refs: Vec<_> = globals.iter().filter(|(tag, _)| tag.is_ref()).collect();
        assert_eq!(refs, vec![(TypeTag::Str, 7)]);
        assert_eq!(globals.len(), 2);
    }
}
