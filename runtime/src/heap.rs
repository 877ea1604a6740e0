//! The object heap: allocation of header-prefixed objects, the all-objects list the
//! mark-and-sweep collector ([`crate::gc`]) sweeps, and the byte accounting that decides when
//! a collection runs.
//!
//! Orus runs on one thread, so the heap lives in thread locals: each thread that runs Orus
//! code (or a test) has its own heap. Collections happen only inside [`alloc_object`] (and the
//! allocating functions built on it), before the new object is created: the new object is
//! never collected by its own allocation, but every Ref the caller holds that is not in a
//! root (frame slot, global, pinned object, temporary root of [`crate::gc`]) may be freed.

use orus_abi::object::{ArrayObject, ObjHeader, ObjKind, FLAG_STATIC};
use std::alloc::{alloc_zeroed, dealloc, handle_alloc_error, Layout};
use std::cell::Cell;

/// Alignment of every heap object.
pub const OBJECT_ALIGN: usize = 8;

/// The smallest collection threshold: a collection runs once this many bytes were allocated
/// since the previous one (or twice the live heap, when that is larger).
pub const MIN_THRESHOLD: u64 = 4 << 20;

thread_local! {
    static ALL_OBJECTS: Cell<*mut ObjHeader> = const { Cell::new(std::ptr::null_mut()) };
    static BYTES_ALLOCATED: Cell<u64> = const { Cell::new(0) };
    static OBJECT_COUNT: Cell<u64> = const { Cell::new(0) };
    static SINCE_COLLECTION: Cell<u64> = const { Cell::new(0) };
    static THRESHOLD: Cell<u64> = const { Cell::new(MIN_THRESHOLD) };
    static LIVE_BYTES: Cell<u64> = const { Cell::new(0) };
}

/// True when the next allocation should run a collection first (the bytes allocated since the
/// last collection exceed the threshold, or stress mode is on).
pub fn should_collect() -> bool {
    crate::gc::stress() || SINCE_COLLECTION.with(Cell::get) >= THRESHOLD.with(Cell::get)
}

/// Allocates a zeroed object of `size` bytes (header included), fills in its header and links
/// it at the head of the all-objects list; runs a collection first when one is due. Aborts
/// like `Vec` does when memory runs out.
pub fn alloc_object(kind: ObjKind, type_id: u32, size: usize) -> *mut ObjHeader {
    if should_collect() {
        crate::gc::collect();
    }
    alloc_raw(kind, type_id, size)
}

/// Like [`alloc_object`], but `roots` (Refs or 0) are kept alive if a collection runs.
pub fn alloc_object_rooted(
    kind: ObjKind,
    type_id: u32,
    size: usize,
    roots: &[u64],
) -> *mut ObjHeader {
    if should_collect() {
        crate::gc::collect_with(roots);
    }
    alloc_raw(kind, type_id, size)
}

/// Allocates an object without ever collecting (the caller decided about collections).
pub fn alloc_raw(kind: ObjKind, type_id: u32, size: usize) -> *mut ObjHeader {
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
    note_bytes(size as u64);
    OBJECT_COUNT.with(|count| count.set(count.get() + 1));
    object
}

/// Counts `bytes` of heap memory allocated outside objects (array element buffers) towards
/// the statistics and the next collection.
pub fn note_bytes(bytes: u64) {
    BYTES_ALLOCATED.with(|total| total.set(total.get().wrapping_add(bytes)));
    SINCE_COLLECTION.with(|since| since.set(since.get().saturating_add(bytes)));
}

/// Allocates an element buffer of `cap` words (uninitialised words are zero); null for 0.
pub fn alloc_words(cap: usize) -> *mut u64 {
    if cap == 0 {
        return std::ptr::null_mut();
    }
    let layout = words_layout(cap);
    // SAFETY: non-zero size.
    let data = unsafe { alloc_zeroed(layout) } as *mut u64;
    if data.is_null() {
        handle_alloc_error(layout);
    }
    note_bytes((cap * 8) as u64);
    data
}

/// Frees a buffer made by [`alloc_words`] with `cap` words.
///
/// # Safety
/// `data` must come from [`alloc_words`] (or [`grow_words`]) with exactly `cap` words, and not
/// be used afterwards.
pub unsafe fn free_words(data: *mut u64, cap: usize) {
    if !data.is_null() && cap > 0 {
        // SAFETY: per the contract above.
        unsafe { dealloc(data as *mut u8, words_layout(cap)) };
    }
}

/// Moves the `len` words of the buffer `data` (capacity `cap`) into a new buffer of `new_cap`
/// words and frees the old one.
///
/// # Safety
/// as for [`free_words`]; `len <= cap` and `len <= new_cap`.
pub unsafe fn grow_words(data: *mut u64, len: usize, cap: usize, new_cap: usize) -> *mut u64 {
    let fresh = alloc_words(new_cap);
    if len > 0 {
        // SAFETY: both buffers hold at least `len` words and are distinct allocations.
        unsafe { std::ptr::copy_nonoverlapping(data, fresh, len) };
    }
    // SAFETY: per the contract above.
    unsafe { free_words(data, cap) };
    fresh
}

fn words_layout(cap: usize) -> Layout {
    match Layout::array::<u64>(cap) {
        Ok(layout) => layout,
        Err(_) => handle_alloc_error(Layout::new::<u64>()),
    }
}

/// Frees every unmarked object of the all-objects list (and its array buffer), clears the
/// marks of the others and resets the collection threshold from the surviving bytes.
/// Called by the collector after marking.
pub(crate) fn sweep() {
    let mut live: u64 = 0;
    let mut link: *mut *mut ObjHeader = std::ptr::null_mut();
    let mut object = ALL_OBJECTS.with(Cell::get);
    let mut new_head: *mut ObjHeader = std::ptr::null_mut();
    while !object.is_null() {
        // SAFETY: every object on the list is a live allocation made by `alloc_raw`.
        unsafe {
            let next = (*object).next;
            let keep = (*object).marked != 0 || (*object).reserved & FLAG_STATIC != 0;
            if keep {
                (*object).marked = 0;
                live += (*object).size + buffer_bytes(object);
                if link.is_null() {
                    new_head = object;
                } else {
                    *link = object;
                }
                link = &mut (*object).next;
            } else {
                free_object(object);
            }
            object = next;
        }
    }
    if !link.is_null() {
        // SAFETY: `link` points into the last kept object.
        unsafe { *link = std::ptr::null_mut() };
    }
    ALL_OBJECTS.with(|head| head.set(new_head));
    LIVE_BYTES.with(|bytes| bytes.set(live));
    THRESHOLD.with(|t| t.set(MIN_THRESHOLD.max(live.saturating_mul(2))));
    SINCE_COLLECTION.with(|since| since.set(0));
}

/// Bytes of the separately allocated element buffer of an array object, 0 for other kinds.
///
/// # Safety
/// `object` must be a live object.
unsafe fn buffer_bytes(object: *mut ObjHeader) -> u64 {
    // SAFETY: per the contract; the kind says the layout.
    unsafe {
        if (*object).kind == ObjKind::Array as u8 {
            (*(object as *mut ArrayObject)).cap * 8
        } else {
            0
        }
    }
}

/// Frees one object (and its element buffer).
///
/// # Safety
/// `object` must be an unreachable object made by `alloc_raw`.
unsafe fn free_object(object: *mut ObjHeader) {
    // SAFETY: per the contract above.
    unsafe {
        if (*object).kind == ObjKind::Array as u8 {
            let array = object as *mut ArrayObject;
            free_words((*array).data, (*array).cap as usize);
        }
        let size = (*object).size as usize;
        if let Ok(layout) = Layout::from_size_align(size, OBJECT_ALIGN) {
            dealloc(object as *mut u8, layout);
        }
    }
}

/// Head of this thread's all-objects list (null when nothing was allocated).
pub fn all_objects() -> *mut ObjHeader {
    ALL_OBJECTS.with(Cell::get)
}

/// Total bytes allocated on this thread so far, element buffers included (for `--stats`).
pub fn bytes_allocated() -> u64 {
    BYTES_ALLOCATED.with(Cell::get)
}

/// Number of objects allocated on this thread so far (for `--stats`).
pub fn object_count() -> u64 {
    OBJECT_COUNT.with(Cell::get)
}

/// Bytes that survived the last collection (objects and their buffers).
pub fn live_bytes() -> u64 {
    LIVE_BYTES.with(Cell::get)
}

/// Number of objects currently on the all-objects list (walks the list).
pub fn heap_object_count() -> usize {
    let mut n = 0;
    let mut object = all_objects();
    while !object.is_null() {
        n += 1;
        // SAFETY: list objects are live.
        object = unsafe { (*object).next };
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_linked_newest_first() {
        let before = all_objects();
        let count = object_count();
        let first = alloc_raw(ObjKind::String, 0, 40);
        let second = alloc_raw(ObjKind::Range, 3, 64);
        assert_eq!(all_objects(), second);
        // SAFETY: both objects were just allocated and are not collected in this test.
        unsafe {
            assert_eq!((*second).next, first);
            assert_eq!((*first).next, before);
            assert_eq!((*second).size, 64);
            assert_eq!((*second).type_id, 3);
            assert_eq!((*second).kind, ObjKind::Range as u8);
            assert_eq!((*second).marked, 0);
        }
        assert_eq!(object_count(), count + 2);
    }
}
