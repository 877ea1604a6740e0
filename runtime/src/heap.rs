//! The object heap: allocation of header-prefixed objects and the all-objects list the
//! mark-and-sweep collector will sweep.
//!
//! Orus runs on one thread, so the list lives in a thread local: each thread that runs Orus
//! code (or a test) has its own heap.

use orus_abi::object::{ObjHeader, ObjKind};
use std::alloc::{alloc_zeroed, handle_alloc_error, Layout};
use std::cell::Cell;

/// Alignment of every heap object.
pub const OBJECT_ALIGN: usize = 8;

thread_local! {
    static ALL_OBJECTS: Cell<*mut ObjHeader> = const { Cell::new(std::ptr::null_mut()) };
    static BYTES_ALLOCATED: Cell<u64> = const { Cell::new(0) };
    static OBJECT_COUNT: Cell<u64> = const { Cell::new(0) };
}

/// Allocates a zeroed object of `size` bytes (header included), fills in its header and links
/// it at the head of the all-objects list. Aborts like `Vec` does when memory runs out.
pub fn alloc_object(kind: ObjKind, type_id: u32, size: usize) -> *mut ObjHeader {
    let size = size.max(std::mem::size_of::<ObjHeader>());
    let layout = match Layout::from_size_align(size, OBJECT_ALIGN) {
        Ok(layout) => layout,
        Err(_) => handle_alloc_error(Layout::new::<ObjHeader>()),
    };
    // SAFETY: the layout has a non-zero size (at least the header).
    let object = unsafe { alloc_zeroed(layout) } as *mut ObjHeader;
    if object.is_null() {
        handle_alloc_error(layout);
    }
    let next = ALL_OBJECTS.with(Cell::get);
    // SAFETY: `object` is a fresh, aligned allocation large enough for the header.
    unsafe {
        object.write(ObjHeader {
            next,
            size: size as u64,
            type_id,
            kind: kind as u8,
            marked: 0,
            reserved: 0,
        });
    }
    ALL_OBJECTS.with(|head| head.set(object));
    BYTES_ALLOCATED.with(|bytes| bytes.set(bytes.get() + size as u64));
    OBJECT_COUNT.with(|count| count.set(count.get() + 1));
    object
}

/// Head of this thread's all-objects list (null when nothing was allocated).
pub fn all_objects() -> *mut ObjHeader {
    ALL_OBJECTS.with(Cell::get)
}

/// Total bytes allocated on this thread so far (for `--stats`).
pub fn bytes_allocated() -> u64 {
    BYTES_ALLOCATED.with(Cell::get)
}

/// Number of objects allocated on this thread so far (for `--stats`).
pub fn object_count() -> u64 {
    OBJECT_COUNT.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_linked_newest_first() {
        let before = all_objects();
        let count = object_count();
        let first = alloc_object(ObjKind::String, 0, 40);
        let second = alloc_object(ObjKind::Array, 3, 64);
        assert_eq!(all_objects(), second);
        // SAFETY: both objects were just allocated and are never freed.
        unsafe {
            assert_eq!((*second).next, first);
            assert_eq!((*first).next, before);
            assert_eq!((*second).size, 64);
            assert_eq!((*second).type_id, 3);
            assert_eq!((*second).kind, ObjKind::Array as u8);
            assert_eq!((*second).marked, 0);
        }
        assert_eq!(object_count(), count + 2);
    }
}
