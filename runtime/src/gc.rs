//! The precise, non-moving mark-and-sweep collector.
//!
//! Roots:
//! * the chain of [`FrameHeader`] records whose head the engine keeps in the cell registered
//!   with [`register_frame_top`] (for the interpreter, the cell of a
//!   [`crate::frames::FrameStack`]): for every record, each slot `s` whose bit is set in its
//!   function's `ref_bitmap` (slot `s < 256` is `slots[s]`, `s >= 256` is `spills[s - 256]`;
//!   `num_slots` is not consulted, the bitmap is authoritative);
//! * module globals registered with [`set_globals`] (bits of their ref bitmap), for the
//!   interpreter by [`crate::globals::ModuleGlobals`];
//! * objects kept alive with [`pin`];
//! * the temporary-root stack ([`push_root`] / [`pop_roots`]) for Refs the runtime holds in
//!   Rust variables across an allocation, and the extra roots of [`collect_with`].
//!
//! Marking is iterative (an explicit stack), so deeply nested values never overflow the
//! machine stack. Tracing per object kind: array elements when `FLAG_REF_ELEMS`; struct fields
//! by the type table's field types; enum payloads by the value's payload type list; closure
//! captures (always Refs); a cell's value when `FLAG_REF_ELEMS`; an error's message. Null
//! words are skipped. `FLAG_STATIC` objects are traced (once per collection) but never marked
//! or freed.

use crate::heap;
use orus_abi::bytecode::ValueType;
use orus_abi::frame::FrameHeader;
use orus_abi::object::{
    ArrayObject, CellObject, ClosureObject, EnumObject, ErrorObject, ObjHeader, ObjKind,
    CLOSURE_CAPTURES_OFFSET, ENUM_PAYLOAD_OFFSET, FLAG_REF_ELEMS, FLAG_STATIC,
    STRUCT_FIELDS_OFFSET,
};
use orus_abi::typetable::TypeTable;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::sync::OnceLock;

/// Collector statistics (for `--stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GcStats {
    /// Number of collections run on this thread.
    pub collections: u64,
    /// Total bytes allocated on this thread (objects and element buffers).
    pub bytes_allocated: u64,
}

struct Roots {
    frame_top: *mut *mut FrameHeader,
    globals: *mut u64,
    global_count: usize,
    global_bitmap: Vec<u64>,
    pinned: Vec<u64>,
    temporary: Vec<u64>,
}

thread_local! {
    static ROOTS: RefCell<Roots> = const {
        RefCell::new(Roots {
            frame_top: std::ptr::null_mut(),
            globals: std::ptr::null_mut(),
            global_count: 0,
            global_bitmap: Vec::new(),
            pinned: Vec::new(),
            temporary: Vec::new(),
        })
    };
    static COLLECTIONS: Cell<u64> = const { Cell::new(0) };
    static STRESS: Cell<Option<bool>> = const { Cell::new(None) };
    static COLLECTING: Cell<bool> = const { Cell::new(false) };
}

static STRESS_ENV: OnceLock<bool> = OnceLock::new();

/// Registers the cell where the engine keeps the head of its frame-record chain (null to
/// unregister). The collector reads the head from it at every collection.
pub fn register_frame_top(cell: *mut *mut FrameHeader) {
    ROOTS.with(|roots| roots.borrow_mut().frame_top = cell);
}

/// Unregisters `cell` if it is the registered frame-top cell; a cell registered since (by a
/// later run on this thread) stays registered.
pub fn unregister_frame_top(cell: *mut *mut FrameHeader) {
    ROOTS.with(|roots| {
        let mut roots = roots.borrow_mut();
        if roots.frame_top == cell {
            roots.frame_top = std::ptr::null_mut();
        }
    });
}

/// The head of the frame chain (null when no cell is registered or no frame is running).
pub fn frame_top() -> *mut FrameHeader {
    let cell = ROOTS.with(|roots| roots.borrow().frame_top);
    if cell.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the registered cell stays valid while registered (engine contract).
    unsafe { *cell }
}

/// Stores `top` as the head of the frame chain (in the registered cell; nothing happens when
/// no cell is registered).
pub fn set_frame_top(top: *mut FrameHeader) {
    let cell = ROOTS.with(|roots| roots.borrow().frame_top);
    if !cell.is_null() {
        // SAFETY: as in `frame_top`.
        unsafe { *cell = top };
    }
}

/// Registers `count` module globals at `base` as roots: global `i` is a Ref when bit `i % 64`
/// of `ref_bitmap[i / 64]` is set. `base` must stay valid while registered.
pub fn set_globals(base: *mut u64, count: usize, ref_bitmap: Vec<u64>) {
    ROOTS.with(|roots| {
        let mut roots = roots.borrow_mut();
        roots.globals = base;
        roots.global_count = count;
        roots.global_bitmap = ref_bitmap;
    });
}

/// Unregisters the module globals at `base` if they are the registered ones; globals
/// registered since (by a later run on this thread) stay registered.
pub fn unregister_globals(base: *mut u64) {
    ROOTS.with(|roots| {
        let mut roots = roots.borrow_mut();
        if roots.globals == base {
            roots.globals = std::ptr::null_mut();
            roots.global_count = 0;
            roots.global_bitmap.clear();
        }
    });
}

/// Keeps `obj` (a Ref, 0 is ignored) alive for the rest of the run.
pub fn pin(obj: u64) {
    if obj != 0 {
        ROOTS.with(|roots| roots.borrow_mut().pinned.push(obj));
    }
}

/// Pushes `obj` on the temporary-root stack; returns the stack height before the push (to pass
/// to [`pop_roots`]).
pub fn push_root(obj: u64) -> usize {
    ROOTS.with(|roots| {
        let mut roots = roots.borrow_mut();
        let mark = roots.temporary.len();
        roots.temporary.push(obj);
        mark
    })
}

/// The current height of the temporary-root stack.
pub fn root_mark() -> usize {
    ROOTS.with(|roots| roots.borrow().temporary.len())
}

/// Pops the temporary-root stack back to height `mark`.
pub fn pop_roots(mark: usize) {
    ROOTS.with(|roots| roots.borrow_mut().temporary.truncate(mark));
}

/// Forgets every root registration of this thread (frame cell, globals, pinned and temporary
/// roots); for engines that run several programs on one thread, and tests.
pub fn reset_roots() {
    ROOTS.with(|roots| {
        let mut roots = roots.borrow_mut();
        roots.frame_top = std::ptr::null_mut();
        roots.globals = std::ptr::null_mut();
        roots.global_count = 0;
        roots.global_bitmap.clear();
        roots.pinned.clear();
        roots.temporary.clear();
    });
}

/// Turns stress mode (a collection at every allocation) on or off for this thread,
/// overriding `ORUS_GC_STRESS`.
pub fn set_stress(on: bool) {
    STRESS.with(|s| s.set(Some(on)));
}

/// True when stress mode is on (`set_stress`, else `ORUS_GC_STRESS=1` read once).
pub fn stress() -> bool {
    STRESS.with(Cell::get).unwrap_or_else(|| {
        *STRESS_ENV.get_or_init(|| std::env::var("ORUS_GC_STRESS").is_ok_and(|v| v == "1"))
    })
}

/// Collector statistics of this thread.
pub fn stats() -> GcStats {
    GcStats {
        collections: COLLECTIONS.with(Cell::get),
        bytes_allocated: heap::bytes_allocated(),
    }
}

/// Runs a full collection now.
pub fn collect() {
    collect_with(&[]);
}

/// Runs a full collection with `extra` (Refs or 0) as additional roots.
pub fn collect_with(extra: &[u64]) {
    if COLLECTING.with(|c| c.replace(true)) {
        return;
    }
    let table = crate::types::table();
    let mut marker = Marker {
        stack: Vec::new(),
        statics: HashSet::new(),
        table: &table,
    };
    for &word in extra {
        marker.mark(word);
    }
    ROOTS.with(|roots| {
        let roots = roots.borrow();
        for &word in roots.pinned.iter().chain(roots.temporary.iter()) {
            marker.mark(word);
        }
        if !roots.globals.is_null() {
            for i in 0..roots.global_count {
                if bit(&roots.global_bitmap, i) {
                    // SAFETY: the registered globals hold `global_count` words.
                    marker.mark(unsafe { *roots.globals.add(i) });
                }
            }
        }
        if !roots.frame_top.is_null() {
            // SAFETY: the registered cell is valid while registered.
            let top = unsafe { *roots.frame_top };
            // SAFETY: the engines keep a well-formed chain of frame records.
            unsafe { marker.mark_frames(top) };
        }
    });
    marker.drain();
    drop(marker);
    heap::sweep();
    COLLECTIONS.with(|c| c.set(c.get() + 1));
    COLLECTING.with(|c| c.set(false));
}

fn bit(bitmap: &[u64], i: usize) -> bool {
    bitmap.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

struct Marker<'t> {
    stack: Vec<u64>,
    statics: HashSet<u64>,
    table: &'t TypeTable,
}

impl Marker<'_> {
    /// Marks one word holding a Ref (or 0) and queues it for tracing.
    fn mark(&mut self, word: u64) {
        if word == 0 {
            return;
        }
        let header = word as *mut ObjHeader;
        // SAFETY: roots and traced fields hold 0 or valid objects (engine contract).
        unsafe {
            if (*header).reserved & FLAG_STATIC != 0 {
                if self.statics.insert(word) {
                    self.stack.push(word);
                }
            } else if (*header).marked == 0 {
                (*header).marked = 1;
                if (*header).kind != ObjKind::String as u8 && (*header).kind != ObjKind::Range as u8
                {
                    self.stack.push(word);
                }
            }
        }
    }

    /// Scans every frame record of the chain starting at `top`.
    ///
    /// # Safety
    /// `top` must be null or a well-formed chain of frame records.
    unsafe fn mark_frames(&mut self, mut frame: *mut FrameHeader) {
        // SAFETY: per the contract above.
        unsafe {
            while !frame.is_null() {
                let f = &*frame;
                if let Some(desc) = f.func.as_ref() {
                    if !desc.ref_bitmap.is_null() {
                        let words =
                            std::slice::from_raw_parts(desc.ref_bitmap, desc.ref_bitmap_words);
                        for (w, &bits) in words.iter().enumerate() {
                            let mut bits = bits;
                            while bits != 0 {
                                let s = w * 64 + bits.trailing_zeros() as usize;
                                bits &= bits - 1;
                                let slot = if s < 256 {
                                    if f.slots.is_null() {
                                        continue;
                                    }
                                    f.slots.add(s)
                                } else {
                                    if f.spills.is_null() {
                                        continue;
                                    }
                                    f.spills.add(s - 256)
                                };
                                self.mark(*slot);
                            }
                        }
                    }
                }
                frame = f.prev;
            }
        }
    }

    /// Traces queued objects until the stack is empty.
    fn drain(&mut self) {
        while let Some(word) = self.stack.pop() {
            // SAFETY: only valid objects are queued.
            unsafe { self.trace(word as *mut ObjHeader) };
        }
    }

    /// Marks the references held by one object.
    ///
    /// # Safety
    /// `object` must be a valid object.
    unsafe fn trace(&mut self, object: *mut ObjHeader) {
        // SAFETY: per the contract; the kind decides the layout.
        unsafe {
            let flags = (*object).reserved;
            match ObjKind::from_u8((*object).kind) {
                Some(ObjKind::Array) if flags & FLAG_REF_ELEMS != 0 => {
                    let array = object as *mut ArrayObject;
                    let data = (*array).data;
                    if !data.is_null() {
                        for i in 0..(*array).len as usize {
                            self.mark(*data.add(i));
                        }
                    }
                }
                Some(ObjKind::Struct) => {
                    let table = self.table;
                    if let Some(desc) = table.structs.get((*object).type_id as usize) {
                        let base = (object as *mut u8).add(STRUCT_FIELDS_OFFSET) as *mut u64;
                        for (i, (_, t)) in desc.fields.iter().enumerate() {
                            if TypeTable::is_ref(t) {
                                self.mark(*base.add(i));
                            }
                        }
                    }
                }
                Some(ObjKind::Enum) => {
                    let value = object as *mut EnumObject;
                    let types = payload_types(self.table, (*value).payload_types);
                    let base = (object as *mut u8).add(ENUM_PAYLOAD_OFFSET) as *mut u64;
                    for i in 0..(*value).count as usize {
                        if types.get(i).is_some_and(TypeTable::is_ref) {
                            self.mark(*base.add(i));
                        }
                    }
                }
                Some(ObjKind::Closure) => {
                    let closure = object as *mut ClosureObject;
                    let base = (object as *mut u8).add(CLOSURE_CAPTURES_OFFSET) as *mut u64;
                    for i in 0..(*closure).count as usize {
                        self.mark(*base.add(i));
                    }
                }
                Some(ObjKind::Cell) if flags & FLAG_REF_ELEMS != 0 => {
                    self.mark((*(object as *mut CellObject)).value);
                }
                Some(ObjKind::Error) => {
                    self.mark((*(object as *mut ErrorObject)).message);
                }
                _ => {}
            }
        }
    }
}

/// The payload types of an enum value whose `payload_types` field is `list`: the type list
/// `[Enum(id), p1, p2, …]` of its construction without entry 0 (see
/// [`crate::object::enum_new`]).
pub fn payload_types(table: &TypeTable, list: u32) -> &[ValueType] {
    let list = crate::types::list(table, list);
    list.get(1..).unwrap_or(&[])
}
