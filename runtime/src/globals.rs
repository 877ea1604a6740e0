//! The module globals of an interpreted run: one 64-bit word per global, registered with the
//! collector as roots (the `Ref` globals per their bitmap) for as long as they exist.
//!
//! Native executables do not use this type: their globals array is emitted by the backend and
//! registered through `ProgramInfo` (see [`crate::native`]).

use crate::gc;
use orus_abi::bytecode::Class;

/// The globals of one run, zero-initialised, at a fixed address for their whole life.
///
/// Creating them registers them with [`gc::set_globals`]; dropping them unregisters them
/// (unless other globals were registered since). Engines read and write them through the raw
/// pointer of [`ModuleGlobals::as_ptr`], obtained once; a `Ref` global must hold 0 or a live
/// object whenever the collector may run.
#[derive(Debug)]
pub struct ModuleGlobals {
    /// The words (a leaked `Box<[u64]>`, freed on drop), never moved.
    words: *mut u64,
    len: usize,
}

impl ModuleGlobals {
    /// `count` globals, global `i` a `Ref` when bit `i % 64` of `ref_bitmap[i / 64]` is set,
    /// registered as this thread's module globals.
    pub fn new(count: usize, ref_bitmap: Vec<u64>) -> ModuleGlobals {
        let words = Box::into_raw(vec![0u64; count].into_boxed_slice()) as *mut u64;
        gc::set_globals(words, count, ref_bitmap);
        ModuleGlobals { words, len: count }
    }

    /// One global per entry of `classes` (the `Ref` ones are roots), registered as this
    /// thread's module globals.
    pub fn from_classes(classes: &[Class]) -> ModuleGlobals {
        let mut bitmap = vec![0u64; classes.len().div_ceil(64)];
        for (g, &c) in classes.iter().enumerate() {
            if c == Class::Ref {
                bitmap[g / 64] |= 1 << (g % 64);
            }
        }
        ModuleGlobals::new(classes.len(), bitmap)
    }

    /// Number of globals.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the module has no globals.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Global 0; the words stay valid at this address until the globals are dropped.
    #[inline(always)]
    pub fn as_ptr(&self) -> *mut u64 {
        self.words
    }

    /// The value of global `index`.
    ///
    /// # Panics
    /// When `index` is out of range.
    pub fn get(&self, index: usize) -> u64 {
        assert!(index < self.len, "global {index} out of range");
        // SAFETY: in range of the live allocation.
        unsafe { *self.words.add(index) }
    }

    /// Stores `value` in global `index`.
    ///
    /// # Panics
    /// When `index` is out of range.
    pub fn set(&self, index: usize, value: u64) {
        assert!(index < self.len, "global {index} out of range");
        // SAFETY: in range of the live allocation.
        unsafe { *self.words.add(index) = value }
    }
}

impl Drop for ModuleGlobals {
    fn drop(&mut self) {
        // The collector must not read these words once they are gone.
        gc::unregister_globals(self.words);
        // SAFETY: `words` and `len` came from the boxed slice leaked in `new`, freed only here.
        unsafe {
            drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                self.words, self.len,
            )))
        };
    }
}
