//! The collector: roots (frame records, globals, pinned and temporary roots), tracing of
//! every object kind, freeing of garbage, bounded memory, deep values and stress mode.

use orus_abi::bytecode::ValueType::{self, *};
use orus_abi::frame::{FrameHeader, FuncDesc};
use orus_abi::rtfn::RtFn;
use orus_abi::typetable::{EnumDesc, StructDesc, TypeTable, VariantDesc};
use orus_runtime::heap::heap_object_count;
use orus_runtime::object::{self, array_elems, array_new};
use orus_runtime::rtcall::dispatch;
use orus_runtime::string::{alloc_str, str_bytes};
use orus_runtime::{gc, types};
use std::cell::Cell;

fn setup() {
    gc::reset_roots();
    gc::set_stress(false);
    types::install(TypeTable {
        type_lists: vec![
            vec![Enum(0), Str],
            vec![Enum(0), Enum(0)],
            vec![Enum(0)],
            vec![Str],
        ],
        structs: vec![StructDesc {
            name: "Box".into(),
            fields: vec![("n".into(), I64), ("s".into(), Str)],
        }],
        enums: vec![EnumDesc {
            name: "Opt".into(),
            variants: vec![
                VariantDesc {
                    name: "Some".into(),
                    arity: 1,
                },
                VariantDesc {
                    name: "None".into(),
                    arity: 0,
                },
            ],
        }],
        func_names: vec!["f".into()],
    });
    gc::collect();
}

/// A fake frame record with `slots` window slots and `spills` spill slots; `refs` lists the
/// Ref slots (frame numbering).
struct Frame {
    _bitmap: Box<[u64]>,
    desc: Box<FuncDesc>,
    slots: Box<[Cell<u64>]>,
    spills: Box<[Cell<u64>]>,
    header: Box<FrameHeader>,
}

impl Frame {
    fn new(slots: usize, spills: usize, refs: &[usize]) -> Frame {
        let mut bitmap = vec![0u64; (256 + spills).div_ceil(64)].into_boxed_slice();
        for &r in refs {
            bitmap[r / 64] |= 1 << (r % 64);
        }
        let desc = Box::new(FuncDesc {
            name: std::ptr::null(),
            name_len: 0,
            param_count: 0,
            frame_size: slots as u32,
            spill_count: spills as u32,
            flags: 0,
            ref_bitmap: bitmap.as_ptr(),
            ref_bitmap_words: bitmap.len(),
            code: std::ptr::null(),
            code_len: 0,
            native_entry: None,
        });
        let slots: Box<[Cell<u64>]> = (0..slots).map(|_| Cell::new(0)).collect();
        let spills: Box<[Cell<u64>]> = (0..spills).map(|_| Cell::new(0)).collect();
        let header = Box::new(FrameHeader {
            prev: std::ptr::null_mut(),
            func: &*desc,
            pc: 0,
            flags: 0,
            num_slots: (256 + spills.len()) as u32,
            reserved: 0,
            slots: slots.as_ptr() as *mut u64,
            spills: spills.as_ptr() as *mut u64,
        });
        Frame {
            _bitmap: bitmap,
            desc,
            slots,
            spills,
            header,
        }
    }

    fn ptr(&mut self) -> *mut FrameHeader {
        &mut *self.header
    }
}

#[test]
fn frame_slots_keep_objects_alive_and_garbage_is_freed() {
    setup();
    let mut caller = Frame::new(2, 0, &[0]);
    let mut callee = Frame::new(3, 2, &[1, 257]);
    callee.header.prev = caller.ptr();
    let top = Cell::new(callee.ptr());
    gc::register_frame_top(top.as_ptr());
    let base = heap_object_count();
    caller.slots[0].set(alloc_str(b"caller"));
    caller.slots[1].set(alloc_str(b"not a ref slot"));
    callee.slots[1].set(array_new(true, &[alloc_str(b"element")]));
    callee.spills[1].set(alloc_str(b"spilled"));
    for _ in 0..100 {
        alloc_str(b"garbage");
    }
    assert_eq!(heap_object_count(), base + 105);
    gc::collect();
    // caller string, array, its element, spilled string.
    assert_eq!(heap_object_count(), base + 4);
    assert_eq!(str_bytes(caller.slots[0].get()), b"caller");
    assert_eq!(str_bytes(array_elems(callee.slots[1].get())[0]), b"element");
    assert_eq!(str_bytes(callee.spills[1].get()), b"spilled");
    // Popping the callee frees what only it held.
    top.set(caller.ptr());
    gc::collect();
    assert_eq!(heap_object_count(), base + 1);
    assert_eq!(str_bytes(caller.slots[0].get()), b"caller");
    let _ = &callee.desc;
    gc::register_frame_top(std::ptr::null_mut());
}

#[test]
fn every_object_kind_is_traced() {
    setup();
    let globals: Vec<Cell<u64>> = (0..130).map(|_| Cell::new(0)).collect();
    let mut bitmap = vec![0u64; 3];
    for i in [0usize, 1, 2, 3, 4, 129] {
        bitmap[i / 64] |= 1 << (i % 64);
    }
    gc::set_globals(globals.as_ptr() as *mut u64, globals.len(), bitmap);
    let base = heap_object_count();
    globals[0].set(object::struct_new(0, &[7, alloc_str(b"field")]));
    globals[1]
        .set(dispatch(RtFn::EnumNew, &[0, alloc_str(b"payload")], 0).expect("enum with a string"));
    let cell = object::cell_new(alloc_str(b"cell value"), true);
    globals[2].set(object::closure_new(0, std::ptr::null(), &[cell]));
    globals[3].set(object::error_value(
        &orus_runtime::error::RuntimeError::division_by_zero(),
    ));
    globals[4].set(object::cell_new(12345, false));
    globals[129].set(array_new(true, &[alloc_str(b"deep")]));
    globals[128].set(0xdead_beef); // not a Ref global: never touched
    let live = heap_object_count() - base;
    for _ in 0..50 {
        alloc_str(b"garbage");
        object::struct_new(0, &[1, 0]);
    }
    gc::collect();
    assert_eq!(heap_object_count() - base, live);
    assert_eq!(str_bytes(object::field_get(globals[0].get(), 1)), b"field");
    assert_eq!(
        str_bytes(object::enum_payload(globals[1].get(), 0)),
        b"payload"
    );
    let captured = object::closure_capture(globals[2].get(), 0);
    assert_eq!(str_bytes(object::cell_get(captured)), b"cell value");
    assert_eq!(
        orus_runtime::error_value::message(globals[3].get()),
        b"Division by zero"
    );
    assert_eq!(object::cell_get(globals[4].get()), 12345);
    assert_eq!(str_bytes(array_elems(globals[129].get())[0]), b"deep");
    gc::reset_roots();
}

#[test]
fn pinned_and_temporary_roots() {
    setup();
    let base = heap_object_count();
    let pinned = alloc_str(b"pinned");
    gc::pin(pinned);
    let temp = alloc_str(b"temporary");
    let mark = gc::push_root(temp);
    alloc_str(b"garbage");
    gc::collect();
    assert_eq!(heap_object_count(), base + 2);
    assert_eq!(str_bytes(temp), b"temporary");
    gc::pop_roots(mark);
    gc::collect();
    assert_eq!(heap_object_count(), base + 1);
    assert_eq!(str_bytes(pinned), b"pinned");
    gc::reset_roots();
}

#[test]
fn a_garbage_loop_stays_bounded() {
    setup();
    let before = gc::stats();
    for i in 0..200_000u64 {
        let s = alloc_str(&[b'x'; 100]);
        let a = array_new(true, &[s, s]);
        object::array_push(a, i);
    }
    let after = gc::stats();
    assert!(after.collections > before.collections, "collections ran");
    assert!(after.bytes_allocated - before.bytes_allocated > 40_000_000);
    // The threshold is max(4 MiB, 2 × live): garbage never piles up beyond it.
    assert!(heap_object_count() < 200_000);
    assert!(orus_runtime::heap::live_bytes() < 8 << 20);
}

#[test]
fn deep_values_are_marked_without_recursion() {
    setup();
    let root = [Cell::new(0u64)];
    gc::set_globals(root.as_ptr() as *mut u64, 1, vec![1]);
    root[0].set(dispatch(RtFn::EnumNew, &[1], 2).expect("leaf"));
    for _ in 0..300_000 {
        root[0].set(dispatch(RtFn::EnumNew, &[0, root[0].get()], 1).expect("wrap"));
    }
    let mut nested = array_new(false, &[1]);
    let mark = gc::push_root(nested);
    for _ in 0..300_000 {
        nested = array_new(true, &[nested]);
        gc::pop_roots(mark);
        gc::push_root(nested);
    }
    gc::collect();
    assert_eq!(object::enum_tag(root[0].get()), 0);
    gc::reset_roots();
}

#[test]
fn stress_mode_keeps_rooted_values_intact() {
    setup();
    gc::set_stress(true);
    let mut frame = Frame::new(4, 0, &[0, 1, 2, 3]);
    let top = Cell::new(frame.ptr());
    gc::register_frame_top(top.as_ptr());
    let collections = gc::stats().collections;
    frame.slots[0].set(array_new(true, &[]));
    for i in 0..50 {
        let s = alloc_str(format!("s{i}").as_bytes());
        frame.slots[1].set(s);
        object::array_push(frame.slots[0].get(), s);
    }
    frame.slots[2].set(dispatch(RtFn::Sorted, &[frame.slots[0].get()], 3).expect("sorted"));
    frame.slots[3].set(
        dispatch(RtFn::ArraySlice, &[frame.slots[2].get(), 1, 3], 3).expect("slice of sorted"),
    );
    let texts: Vec<Vec<u8>> = array_elems(frame.slots[3].get())
        .iter()
        .map(|&r| str_bytes(r).to_vec())
        .collect();
    assert_eq!(
        texts,
        vec![b"s1".to_vec(), b"s10".to_vec(), b"s11".to_vec()]
    );
    let s = dispatch(RtFn::EnumNew, &[0, frame.slots[1].get()], 0).expect("enum");
    frame.slots[1].set(s);
    frame.slots[2].set(object::error_value(
        &orus_runtime::error::RuntimeError::stack_overflow(),
    ));
    assert_eq!(
        str_bytes(object::enum_payload(frame.slots[1].get(), 0)),
        b"s49"
    );
    assert_eq!(
        orus_runtime::error_value::message(frame.slots[2].get()),
        b"Stack overflow"
    );
    assert!(gc::stats().collections > collections + 50);
    gc::set_stress(false);
    gc::register_frame_top(std::ptr::null_mut());
}

#[test]
fn stats_count_bytes() {
    setup();
    let before = gc::stats();
    alloc_str(&[0; 968]);
    assert_eq!(gc::stats().bytes_allocated - before.bytes_allocated, 1000);
    let _ = ValueType::Bool;
}
