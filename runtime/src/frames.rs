//! Frame storage for engines that keep their frames off the machine stack (the interpreter):
//! the growable arenas of slot words that frames address through [`FrameHeader::slots`] and
//! [`FrameHeader::spills`], and the [`FrameStack`] of frame records linked into the
//! collector's shadow stack of frames (docs/HEAP.md §6).
//!
//! An arena may move when it grows; [`WordArena::ensure`] reports it, and
//! [`FrameStack::rebase`] then repoints every record's `slots`/`spills` at the new storage
//! (each record remembers its offsets into the two arenas). Native frames do not use these
//! types: their records and slots live on the machine stack.

use crate::gc;
use orus_abi::frame::FrameHeader;

/// A growable, zero-initialised stack of 64-bit slot words addressed by raw pointers.
///
/// Words are never shrunk or cleared by the arena; growth doubles the size (up to the limit
/// given at creation, but always at least what is asked for) and may move the storage, which
/// [`WordArena::ensure`] reports so that pointers into it can be rebased.
#[derive(Debug, Default)]
pub struct WordArena {
    words: Vec<u64>,
    limit: usize,
}

/// The arena of spill slots: interpreted frames address their slots `256..` as
/// `FrameHeader.spills[s - 256]`, each frame's area following its caller's.
pub type SpillArena = WordArena;

impl WordArena {
    /// An empty arena whose doubling growth stops at `limit` words (a request for more still
    /// gets exactly what it asks for; enforcing a hard limit is the engine's business).
    pub fn new(limit: usize) -> WordArena {
        WordArena {
            words: Vec::new(),
            limit,
        }
    }

    /// Number of words currently available (all initialised).
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no word has been made available yet.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Word 0 of the arena; valid for [`WordArena::len`] words until the arena grows.
    #[inline(always)]
    pub fn as_mut_ptr(&mut self) -> *mut u64 {
        self.words.as_mut_ptr()
    }

    /// Makes at least `need` words available. Returns `true` when the storage moved (every
    /// pointer into the arena must then be rebased), `false` when it did not (always the case
    /// when `need` words were already available).
    #[inline(always)]
    pub fn ensure(&mut self, need: usize) -> bool {
        if need <= self.words.len() {
            return false;
        }
        self.grow(need)
    }

    /// Grows to hold `need > len` words; `true` when the storage moved.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, need: usize) -> bool {
        let before = self.words.as_ptr();
        let size = (self.words.len() * 2).min(self.limit).max(need);
        self.words.resize(size, 0);
        self.words.as_ptr() != before
    }
}

/// One frame record of a [`FrameStack`]: the header the collector walks, where the frame's
/// window and spill area start in their arenas, and the engine's own per-frame data `E`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FrameRecord<E> {
    /// The header linked into the collector's frame chain. `prev` is maintained by the
    /// [`FrameStack`]; `slots` and `spills` must point at `slot_base` / `spill_base` of the
    /// arenas last passed to [`FrameStack::rebase`] (or current when pushed).
    pub header: FrameHeader,
    /// Index of the frame's window slot 0 in the slot arena.
    pub slot_base: usize,
    /// Index of the frame's spill slot 256 in the spill arena.
    pub spill_base: usize,
    /// Engine data (for the interpreter: function index and return address).
    pub data: E,
}

/// The stack of frame records of one engine run, linked through [`FrameHeader::prev`] and
/// registered with the collector.
///
/// Creating a `FrameStack` registers its frame-top cell with [`gc::register_frame_top`]; the
/// cell always points at the innermost record's header (null when the stack is empty), so
/// the collector sees exactly the pushed frames. Dropping the stack unregisters the cell
/// (unless another cell was registered since). Records move when the stack outgrows its
/// capacity; the stack relinks them itself.
///
/// Safety contract for the engine: while a record is on the stack, the `Ref` slots its
/// function's bitmap names (through `header.slots` and `header.spills`) must be readable and
/// hold 0 or a live object whenever the collector may run.
pub struct FrameStack<E> {
    records: Vec<FrameRecord<E>>,
    /// The registered frame-top cell (a leaked `Box`, freed on drop).
    top: *mut *mut FrameHeader,
}

impl<E> FrameStack<E> {
    /// An empty stack with room for `capacity` records before it first grows, registered as
    /// this thread's frame chain.
    pub fn new(capacity: usize) -> FrameStack<E> {
        let top = Box::into_raw(Box::new(std::ptr::null_mut()));
        gc::register_frame_top(top);
        FrameStack {
            records: Vec::with_capacity(capacity.max(1)),
            top,
        }
    }

    /// Number of records.
    #[inline(always)]
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// True when no frame is running.
    #[inline(always)]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// The innermost record's header (null when empty): the head of the collector's chain.
    #[inline(always)]
    pub fn top(&self) -> *mut FrameHeader {
        // SAFETY: `top` is a live allocation owned by this stack.
        unsafe { *self.top }
    }

    /// The innermost record.
    #[inline(always)]
    pub fn last_mut(&mut self) -> Option<&mut FrameRecord<E>> {
        self.records.last_mut()
    }

    /// The record at depth `index` (0 is the outermost).
    #[inline(always)]
    pub fn get(&self, index: usize) -> Option<&FrameRecord<E>> {
        self.records.get(index)
    }

    /// Pushes `record` as the innermost frame: its `header.prev` is set to the previous
    /// innermost header and the frame-top cell to its header. Returns the pushed record.
    #[inline(always)]
    pub fn push(&mut self, mut record: FrameRecord<E>) -> &mut FrameRecord<E> {
        if self.records.len() == self.records.capacity() {
            self.grow();
        }
        let len = self.records.len();
        // SAFETY: there is room for one more record (checked above), so writing past the
        // length and extending it is sound; `top` is owned by this stack.
        unsafe {
            record.header.prev = *self.top;
            let slot = self.records.as_mut_ptr().add(len);
            slot.write(record);
            self.records.set_len(len + 1);
            *self.top = &raw mut (*slot).header;
            &mut *slot
        }
    }

    /// Pops the innermost record and makes its caller's the innermost frame; returns the new
    /// innermost record (`None` when the stack became empty, or was empty).
    #[inline(always)]
    pub fn pop(&mut self) -> Option<&mut FrameRecord<E>> {
        if self.records.is_empty() {
            return None;
        }
        // SAFETY: not empty (checked above).
        unsafe { self.pop_unchecked() }
    }

    /// [`FrameStack::pop`] of a stack known not to be empty.
    ///
    /// # Safety
    /// The stack must hold at least one record.
    #[inline(always)]
    unsafe fn pop_unchecked(&mut self) -> Option<&mut FrameRecord<E>> {
        debug_assert!(!self.records.is_empty());
        // SAFETY: the record at `len - 1` exists (contract above); it is dropped exactly once,
        // after the length no longer covers it.
        unsafe {
            let len = self.records.len() - 1;
            self.records.set_len(len);
            std::ptr::drop_in_place(self.records.as_mut_ptr().add(len));
        }
        self.relink_top()
    }

    /// Drops every record at depth `len` and above (nothing when there are fewer), then makes
    /// the remaining innermost record the head of the chain; returns it.
    pub fn truncate(&mut self, len: usize) -> Option<&mut FrameRecord<E>> {
        self.records.truncate(len);
        self.relink_top()
    }

    /// Points the frame-top cell at the innermost record (null when empty) and returns it.
    #[inline(always)]
    fn relink_top(&mut self) -> Option<&mut FrameRecord<E>> {
        let top = self.top;
        match self.records.last_mut() {
            Some(record) => {
                // SAFETY: `top` is owned by this stack.
                unsafe { *top = &raw mut record.header };
                Some(record)
            }
            None => {
                // SAFETY: as above.
                unsafe { *top = std::ptr::null_mut() };
                None
            }
        }
    }

    /// Repoints every record's `header.slots` at `slots + slot_base` and `header.spills` at
    /// `spills + spill_base`: call after an arena moved.
    ///
    /// # Safety
    /// `slots` and `spills` must be the current storage of the arenas the records index, and
    /// every record's window and spill area must lie inside them.
    #[cold]
    #[inline(never)]
    pub unsafe fn rebase(&mut self, slots: *mut u64, spills: *mut u64) {
        for record in &mut self.records {
            // SAFETY: per the contract above.
            unsafe {
                record.header.slots = slots.add(record.slot_base);
                record.header.spills = spills.add(record.spill_base);
            }
        }
    }

    /// Makes room for more records (doubling), then relinks every header: the records moved.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        self.records.reserve(self.records.len().max(16));
        let mut prev: *mut FrameHeader = std::ptr::null_mut();
        for record in &mut self.records {
            record.header.prev = prev;
            prev = &raw mut record.header;
        }
        // SAFETY: `top` is owned by this stack.
        unsafe { *self.top = prev };
    }
}

impl<E> Drop for FrameStack<E> {
    fn drop(&mut self) {
        // The collector must not read these records once they are gone.
        gc::unregister_frame_top(self.top);
        // SAFETY: `top` came from `Box::into_raw` in `new` and is freed only here.
        unsafe { drop(Box::from_raw(self.top)) };
    }
}

impl<E> std::fmt::Debug for FrameStack<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameStack")
            .field("len", &self.records.len())
            .field("top", &self.top())
            .finish()
    }
}
