//! The runtime-owned storage of interpreted frames and module globals: arena growth and move
//! reporting, frame-record linking and rebasing, and GC roots through frame records and
//! [`ModuleGlobals`] (also in stress mode, where every allocation collects).

use orus_abi::bytecode::Class;
use orus_abi::frame::{FrameHeader, FuncDesc};
use orus_runtime::frames::{FrameRecord, FrameStack, SpillArena, WordArena};
use orus_runtime::gc;
use orus_runtime::globals::ModuleGlobals;
use orus_runtime::heap::heap_object_count;
use orus_runtime::string::{alloc_str, str_bytes};

fn setup() {
    gc::reset_roots();
    gc::set_stress(false);
    gc::collect();
}

/// A function descriptor whose frames have the `Ref` slots `refs` (frame numbering).
struct Desc {
    _bitmap: Box<[u64]>,
    desc: Box<FuncDesc>,
}

impl Desc {
    fn new(slots: u32, spills: u32, refs: &[usize]) -> Desc {
        let mut bitmap = vec![0u64; (256 + spills as usize).div_ceil(64)].into_boxed_slice();
        for &r in refs {
            bitmap[r / 64] |= 1 << (r % 64);
        }
        let desc = Box::new(FuncDesc {
            name: std::ptr::null(),
            name_len: 0,
            param_count: 0,
            frame_size: slots,
            spill_count: spills,
            flags: 0,
            ref_bitmap: bitmap.as_ptr(),
            ref_bitmap_words: bitmap.len(),
            code: std::ptr::null(),
            code_len: 0,
            native_entry: None,
        });
        Desc {
            _bitmap: bitmap,
            desc,
        }
    }
}

/// A record for `func` (null: not scanned) at `slot_base` / `spill_base` of the arenas.
fn record<E>(
    func: *const FuncDesc,
    slots: &mut WordArena,
    spills: &mut SpillArena,
    slot_base: usize,
    spill_base: usize,
    data: E,
) -> FrameRecord<E> {
    FrameRecord {
        header: FrameHeader {
            prev: std::ptr::null_mut(),
            func,
            pc: 0,
            flags: 0,
            num_slots: 0,
            reserved: 0,
            // SAFETY: the tests keep the bases inside the arenas.
            slots: unsafe { slots.as_mut_ptr().add(slot_base) },
            spills: unsafe { spills.as_mut_ptr().add(spill_base) },
        },
        slot_base,
        spill_base,
        data,
    }
}

/// The `data` of every record of the collector's chain, innermost first.
fn chain(stack: &FrameStack<usize>) -> Vec<usize> {
    assert_eq!(gc::frame_top(), stack.top());
    let mut out = Vec::new();
    let mut frame = gc::frame_top();
    while !frame.is_null() {
        // SAFETY: `FrameRecord` is `repr(C)` and starts with its header.
        let record = unsafe { &*(frame as *const FrameRecord<usize>) };
        out.push(record.data);
        frame = record.header.prev;
    }
    out
}

#[test]
fn arena_grows_on_demand_keeps_words_and_reports_moves() {
    let mut arena = WordArena::new(1 << 20);
    assert!(arena.is_empty());
    assert!(!arena.ensure(0));
    // The first allocation always moves the (dangling) storage.
    assert!(arena.ensure(10));
    assert_eq!(arena.len(), 10);
    let words = arena.as_mut_ptr();
    for i in 0..10 {
        // SAFETY: in range.
        unsafe {
            assert_eq!(*words.add(i), 0);
            *words.add(i) = i as u64 + 1;
        }
    }
    // Enough already: nothing moves.
    assert!(!arena.ensure(10));
    assert!(!arena.ensure(3));
    assert_eq!(arena.as_mut_ptr(), words);
    // Growth doubles, keeps the words, zeroes the new ones, and reports whether it moved.
    for round in 0..12 {
        let before = arena.as_mut_ptr();
        let len = arena.len();
        let moved = arena.ensure(len + 1);
        assert_eq!(arena.len(), len * 2, "round {round}");
        assert_eq!(moved, arena.as_mut_ptr() != before, "round {round}");
        let words = arena.as_mut_ptr();
        for i in 0..arena.len() {
            let expected = if i < 10 { i as u64 + 1 } else { 0 };
            // SAFETY: in range.
            assert_eq!(unsafe { *words.add(i) }, expected);
        }
    }
}

#[test]
fn arena_doubling_stops_at_its_limit_but_serves_any_request() {
    let mut arena = SpillArena::new(16);
    arena.ensure(10);
    arena.ensure(11);
    assert_eq!(arena.len(), 16);
    arena.ensure(40);
    assert_eq!(arena.len(), 40);
}

#[test]
fn frame_stack_links_records_and_owns_the_frame_top_cell() {
    setup();
    let mut slots = WordArena::new(1 << 20);
    let mut spills = SpillArena::new(1 << 20);
    slots.ensure(1);
    spills.ensure(1);
    let mut stack: FrameStack<usize> = FrameStack::new(2);
    assert!(stack.is_empty());
    assert!(gc::frame_top().is_null());
    // Far beyond the initial capacity: the records move and are relinked.
    for i in 0..200 {
        let pushed = stack.push(record(std::ptr::null(), &mut slots, &mut spills, 0, 0, i));
        assert_eq!(pushed.data, i);
        assert_eq!(gc::frame_top(), &raw mut pushed.header);
    }
    assert_eq!(stack.len(), 200);
    assert_eq!(chain(&stack), (0..200).rev().collect::<Vec<_>>());
    assert_eq!(stack.get(7).map(|r| r.data), Some(7));
    assert_eq!(stack.pop().map(|r| r.data), Some(198));
    assert_eq!(stack.last_mut().map(|r| r.data), Some(198));
    assert_eq!(stack.truncate(10).map(|r| r.data), Some(9));
    assert_eq!(chain(&stack), (0..10).rev().collect::<Vec<_>>());
    assert_eq!(stack.pop().map(|r| r.data), Some(8));
    assert!(stack.truncate(0).is_none());
    assert!(gc::frame_top().is_null());
    assert!(stack.pop().is_none());
    // Dropping a stack unregisters its cell, but not one registered since.
    let mut later: FrameStack<usize> = FrameStack::new(4);
    later.push(record(std::ptr::null(), &mut slots, &mut spills, 0, 0, 42));
    drop(stack);
    assert_eq!(chain(&later), vec![42]);
    drop(later);
    assert!(gc::frame_top().is_null());
}

#[test]
fn rebased_records_keep_window_and_spilled_refs_alive_under_stress() {
    setup();
    let desc = Desc::new(4, 2, &[1, 257]);
    let mut slots = WordArena::new(1 << 20);
    let mut spills = SpillArena::new(1 << 20);
    let mut stack: FrameStack<usize> = FrameStack::new(1);
    slots.ensure(8);
    spills.ensure(4);
    // Two frames: the caller's window at 0 (no Refs scanned), the callee's at 4.
    stack.push(record(std::ptr::null(), &mut slots, &mut spills, 0, 0, 0));
    stack.push(record(&*desc.desc, &mut slots, &mut spills, 4, 2, 1));
    let base = heap_object_count();
    gc::set_stress(true);
    let collections = gc::stats().collections;
    let window = alloc_str(b"window");
    // SAFETY: slot 1 and spill 1 of the callee lie inside the arenas.
    unsafe {
        *slots.as_mut_ptr().add(4 + 1) = window;
        *spills.as_mut_ptr().add(2 + 1) = alloc_str(b"spilled");
        // A scalar slot holding an object is not a root.
        *slots.as_mut_ptr().add(4 + 2) = alloc_str(b"scalar slot");
    }
    // Grow both arenas until they move, rebasing the records as the engine must.
    let mut moved = false;
    for round in 1..=12 {
        moved |= slots.ensure(8 << round) | spills.ensure(4 << round);
        // SAFETY: the records index these arenas, inside their bounds.
        unsafe { stack.rebase(slots.as_mut_ptr(), spills.as_mut_ptr()) };
        for _ in 0..20 {
            alloc_str(b"garbage");
        }
    }
    assert!(moved, "the arenas moved at least once");
    let callee = stack.last_mut().expect("callee");
    // SAFETY: in range of the arenas.
    unsafe {
        assert_eq!(callee.header.slots, slots.as_mut_ptr().add(4));
        assert_eq!(callee.header.spills, spills.as_mut_ptr().add(2));
        assert_eq!(str_bytes(*callee.header.slots.add(1)), b"window");
        assert_eq!(str_bytes(*callee.header.spills.add(1)), b"spilled");
    }
    assert!(gc::stats().collections > collections + 200);
    gc::set_stress(false);
    gc::collect();
    assert_eq!(heap_object_count(), base + 2);
    // Popping the callee frees what only it held.
    stack.pop();
    gc::collect();
    assert_eq!(heap_object_count(), base);
}

#[test]
fn module_globals_are_roots_under_stress_until_dropped() {
    setup();
    let mut classes = vec![Class::I64; 130];
    classes[1] = Class::Ref;
    classes[129] = Class::Ref;
    let globals = ModuleGlobals::from_classes(&classes);
    assert_eq!(globals.len(), 130);
    assert!((0..130).all(|g| globals.get(g) == 0));
    let base = heap_object_count();
    gc::set_stress(true);
    let collections = gc::stats().collections;
    globals.set(1, alloc_str(b"first"));
    // Written through the raw pointer, as the interpreter does.
    // SAFETY: global 129 exists.
    unsafe { *globals.as_ptr().add(129) = alloc_str(b"last") };
    // A scalar global holding an object is not a root.
    globals.set(128, alloc_str(b"scalar global"));
    for _ in 0..100 {
        alloc_str(b"garbage");
    }
    assert!(gc::stats().collections > collections + 100);
    assert_eq!(str_bytes(globals.get(1)), b"first");
    assert_eq!(str_bytes(globals.get(129)), b"last");
    gc::set_stress(false);
    gc::collect();
    assert_eq!(heap_object_count(), base + 2);
    // Dropping unregisters them (but not globals registered since).
    let later = ModuleGlobals::new(1, vec![1]);
    later.set(0, alloc_str(b"later"));
    drop(globals);
    gc::collect();
    assert_eq!(heap_object_count(), base + 1);
    assert_eq!(str_bytes(later.get(0)), b"later");
    drop(later);
    gc::collect();
    assert_eq!(heap_object_count(), base);
}

#[test]
fn empty_module_globals() {
    setup();
    let globals = ModuleGlobals::from_classes(&[]);
    assert!(globals.is_empty());
    gc::collect();
}
