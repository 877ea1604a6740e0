//! Heap values the engines create and access: arrays, structs, enum values, cells, closures,
//! ranges and error values (layouts in `orus_abi::object`).
//!
//! Conventions:
//! * Every function takes and returns slot words; a Ref argument must be a live object of the
//!   kind the function expects (the engines only pass well-typed values).
//! * Allocating functions keep their Ref arguments alive across the collection they may run.
//! * Enum values: [`EnumObject::payload_types`] holds the index of the type list the value was
//!   built with, `[Enum(id), p1, p2, …]` (the `types` operand of `RtFn::EnumNew`); the payload
//!   types are that list **without entry 0** ([`crate::gc::payload_types`]). Static enum
//!   objects emitted by native code must follow the same convention.

use crate::error::RuntimeError;
use crate::heap;
use orus_abi::bytecode::ValueType;
use orus_abi::object::{
    ArrayObject, CellObject, ClosureObject, EnumObject, ErrorObject, ObjHeader, ObjKind,
    RangeObject, CLOSURE_CAPTURES_OFFSET, ENUM_PAYLOAD_OFFSET, FLAG_REF_ELEMS, FLAG_STATIC,
    STRUCT_FIELDS_OFFSET,
};
use orus_abi::typetable::TypeTable;
use std::ffi::c_void;
use std::mem::size_of;

/// The kind of the object `r` (None for 0 or an unknown kind byte).
pub fn kind_of(r: u64) -> Option<ObjKind> {
    if r == 0 {
        return None;
    }
    // SAFETY: a non-zero Ref is a live object.
    ObjKind::from_u8(unsafe { (*(r as *const ObjHeader)).kind })
}

fn header<'a>(r: u64) -> &'a ObjHeader {
    // SAFETY: callers pass live, non-null objects.
    unsafe { &*(r as *const ObjHeader) }
}

/// A new array holding `elems` (Refs when `elem_is_ref`).
pub fn array_new(elem_is_ref: bool, elems: &[u64]) -> u64 {
    let data = heap::alloc_words(elems.len());
    if !elems.is_empty() {
        // SAFETY: the buffer holds `elems.len()` words.
        unsafe { std::ptr::copy_nonoverlapping(elems.as_ptr(), data, elems.len()) };
    }
    let roots: &[u64] = if elem_is_ref { elems } else { &[] };
    let object = heap::alloc_object_rooted(ObjKind::Array, 0, size_of::<ArrayObject>(), roots)
        as *mut ArrayObject;
    // SAFETY: a fresh array object.
    unsafe {
        (*object).len = elems.len() as u64;
        (*object).cap = elems.len() as u64;
        (*object).data = data;
        if elem_is_ref {
            (*object).header.reserved |= FLAG_REF_ELEMS;
        }
    }
    object as u64
}

/// A new array of `len` copies of `value`.
pub fn array_filled(elem_is_ref: bool, value: u64, len: usize) -> u64 {
    let data = heap::alloc_words(len);
    for i in 0..len {
        // SAFETY: the buffer holds `len` words.
        unsafe { *data.add(i) = value };
    }
    let roots = [if elem_is_ref { value } else { 0 }];
    let object = heap::alloc_object_rooted(ObjKind::Array, 0, size_of::<ArrayObject>(), &roots)
        as *mut ArrayObject;
    // SAFETY: a fresh array object.
    unsafe {
        (*object).len = len as u64;
        (*object).cap = len as u64;
        (*object).data = data;
        if elem_is_ref {
            (*object).header.reserved |= FLAG_REF_ELEMS;
        }
    }
    object as u64
}

fn array<'a>(arr: u64) -> &'a mut ArrayObject {
    // SAFETY: callers pass live array objects.
    unsafe { &mut *(arr as *mut ArrayObject) }
}

/// The elements of the array `arr` (valid until the array is next changed).
pub fn array_elems<'a>(arr: u64) -> &'a [u64] {
    if arr == 0 {
        return &[];
    }
    let a = array(arr);
    if a.data.is_null() || a.len == 0 {
        return &[];
    }
    // SAFETY: `data` holds `len` valid words.
    unsafe { std::slice::from_raw_parts(a.data, a.len as usize) }
}

/// True when the array's elements are Refs.
pub fn array_elems_are_refs(arr: u64) -> bool {
    arr != 0 && header(arr).reserved & FLAG_REF_ELEMS != 0
}

/// Checks an index against a length: negative → `Array index must be a non-negative integer`,
/// `>= len` → `Array index out of bounds`.
fn check_index(index: i64, len: u64) -> Result<usize, RuntimeError> {
    if index < 0 {
        return Err(RuntimeError::array_index_negative());
    }
    if index as u64 >= len {
        return Err(RuntimeError::array_index_out_of_bounds());
    }
    Ok(index as usize)
}

/// `arr[index]`.
pub fn array_get(arr: u64, index: i64) -> Result<u64, RuntimeError> {
    let a = array(arr);
    let i = check_index(index, a.len)?;
    // SAFETY: `i < len`.
    Ok(unsafe { *a.data.add(i) })
}

/// `arr[index] = value`.
pub fn array_set(arr: u64, index: i64, value: u64) -> Result<(), RuntimeError> {
    let a = array(arr);
    let i = check_index(index, a.len)?;
    // SAFETY: `i < len`.
    unsafe { *a.data.add(i) = value };
    Ok(())
}

/// `len(arr)`.
pub fn array_len(arr: u64) -> i32 {
    if arr == 0 {
        return 0;
    }
    array(arr).len.min(i32::MAX as u64) as i32
}

/// `push(arr, value)`: appends in place (the buffer grows; the object never moves). Never
/// collects.
pub fn array_push(arr: u64, value: u64) {
    let a = array(arr);
    if a.len == a.cap {
        let new_cap = (a.cap * 2).max(4);
        a.data = if a.header.reserved & FLAG_STATIC != 0 {
            // The buffer of a static array is not ours to free: copy it.
            let fresh = heap::alloc_words(new_cap as usize);
            if a.len > 0 {
                // SAFETY: both buffers hold at least `len` words.
                unsafe { std::ptr::copy_nonoverlapping(a.data, fresh, a.len as usize) };
            }
            fresh
        } else {
            // SAFETY: `data` holds `cap` words of which `len` are valid.
            unsafe { heap::grow_words(a.data, a.len as usize, a.cap as usize, new_cap as usize) }
        };
        a.cap = new_cap;
    }
    // SAFETY: `len < cap` now.
    unsafe { *a.data.add(a.len as usize) = value };
    a.len += 1;
}

/// `pop(arr)`: removes and returns the last element.
pub fn array_pop(arr: u64) -> Result<u64, RuntimeError> {
    let a = array(arr);
    if a.len == 0 {
        return Err(RuntimeError::pop_empty());
    }
    a.len -= 1;
    // SAFETY: the old last element is inside the buffer.
    let value = unsafe { *a.data.add(a.len as usize) };
    // Clear the vacated word so the collector never sees a stale Ref there.
    // SAFETY: as above.
    unsafe { *a.data.add(a.len as usize) = 0 };
    Ok(value)
}

/// A new struct instance of struct `id` with `fields` in declaration order.
pub fn struct_new(id: u32, fields: &[u64]) -> u64 {
    let size = STRUCT_FIELDS_OFFSET + 8 * fields.len();
    let object = if heap::should_collect() {
        let roots: Vec<u64> = crate::types::with_table(|table| {
            let types = table.structs.get(id as usize).map(|s| &s.fields);
            fields
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    types
                        .and_then(|t| t.get(*i))
                        .is_some_and(|(_, t)| TypeTable::is_ref(t))
                })
                .map(|(_, &w)| w)
                .collect()
        });
        crate::gc::collect_with(&roots);
        heap::alloc_raw(ObjKind::Struct, id, size)
    } else {
        heap::alloc_raw(ObjKind::Struct, id, size)
    };
    // SAFETY: the object has room for `fields.len()` words after the header.
    unsafe {
        let base = (object as *mut u8).add(STRUCT_FIELDS_OFFSET) as *mut u64;
        std::ptr::copy_nonoverlapping(fields.as_ptr(), base, fields.len());
    }
    object as u64
}

fn field_ptr(obj: u64, field: u32) -> *mut u64 {
    (obj as usize + STRUCT_FIELDS_OFFSET + 8 * field as usize) as *mut u64
}

/// Field `field` of the struct `obj`.
pub fn field_get(obj: u64, field: u32) -> u64 {
    // SAFETY: the engines pass a live struct and a field index of its type.
    unsafe { *field_ptr(obj, field) }
}

/// Sets field `field` of the struct `obj`.
pub fn field_set(obj: u64, field: u32, value: u64) {
    // SAFETY: as in `field_get`.
    unsafe { *field_ptr(obj, field) = value };
}

/// Number of fields of a struct instance (from its size).
pub fn struct_field_count(obj: u64) -> usize {
    (header(obj).size as usize).saturating_sub(STRUCT_FIELDS_OFFSET) / 8
}

/// A new enum value of enum `id`, variant `variant`, with `payloads` whose types are the type
/// list `types` = `[Enum(id), p1, p2, …]` (stored as the value's `payload_types`).
pub fn enum_new(id: u32, variant: u32, types: u32, payloads: &[u64]) -> u64 {
    let size = ENUM_PAYLOAD_OFFSET + 8 * payloads.len();
    let object = if heap::should_collect() {
        let roots: Vec<u64> = crate::types::with_table(|table| {
            let types = crate::gc::payload_types(table, types);
            payloads
                .iter()
                .enumerate()
                .filter(|(i, _)| types.get(*i).is_some_and(TypeTable::is_ref))
                .map(|(_, &w)| w)
                .collect()
        });
        crate::gc::collect_with(&roots);
        heap::alloc_raw(ObjKind::Enum, id, size)
    } else {
        heap::alloc_raw(ObjKind::Enum, id, size)
    } as *mut EnumObject;
    // SAFETY: a fresh enum object with room for the payloads.
    unsafe {
        (*object).variant = variant;
        (*object).count = payloads.len() as u32;
        (*object).payload_types = types;
        let base = (object as *mut u8).add(ENUM_PAYLOAD_OFFSET) as *mut u64;
        std::ptr::copy_nonoverlapping(payloads.as_ptr(), base, payloads.len());
    }
    object as u64
}

fn enum_object<'a>(value: u64) -> &'a EnumObject {
    // SAFETY: callers pass live enum objects.
    unsafe { &*(value as *const EnumObject) }
}

/// The variant number of the enum value `value`.
pub fn enum_tag(value: u64) -> i32 {
    if value == 0 {
        return -1;
    }
    enum_object(value).variant as i32
}

/// Payload `index` of the enum value `value` (0 when out of range).
pub fn enum_payload(value: u64, index: u32) -> u64 {
    let e = enum_object(value);
    if index >= e.count {
        return 0;
    }
    // SAFETY: `index < count` payload words follow the fixed part.
    unsafe { *((value as usize + ENUM_PAYLOAD_OFFSET + 8 * index as usize) as *const u64) }
}

/// The payloads of the enum value `value`.
pub fn enum_payloads<'a>(value: u64) -> &'a [u64] {
    let e = enum_object(value);
    // SAFETY: `count` payload words follow the fixed part.
    unsafe {
        std::slice::from_raw_parts(
            (value as usize + ENUM_PAYLOAD_OFFSET) as *const u64,
            e.count as usize,
        )
    }
}

/// The enum id, variant and payload type list index of an enum value.
pub fn enum_parts(value: u64) -> (u32, u32, u32) {
    let e = enum_object(value);
    (e.header.type_id, e.variant, e.payload_types)
}

/// The run-time type of payload `index` of `value` (None when unknown).
pub fn enum_payload_type(table: &TypeTable, value: u64, index: u32) -> Option<&ValueType> {
    crate::gc::payload_types(table, enum_object(value).payload_types).get(index as usize)
}

/// A new cell holding `value` (a Ref when `is_ref`).
pub fn cell_new(value: u64, is_ref: bool) -> u64 {
    let roots = [if is_ref { value } else { 0 }];
    let object = heap::alloc_object_rooted(ObjKind::Cell, 0, size_of::<CellObject>(), &roots)
        as *mut CellObject;
    // SAFETY: a fresh cell object.
    unsafe {
        (*object).value = value;
        if is_ref {
            (*object).header.reserved |= FLAG_REF_ELEMS;
        }
    }
    object as u64
}

/// The value held by `cell`.
pub fn cell_get(cell: u64) -> u64 {
    // SAFETY: the engines pass live cells.
    unsafe { (*(cell as *const CellObject)).value }
}

/// Stores `value` into `cell`.
pub fn cell_set(cell: u64, value: u64) {
    // SAFETY: as in `cell_get`.
    unsafe { (*(cell as *mut CellObject)).value = value };
}

/// A new function value of function `func` (native entry `code`, null when interpreted) with
/// `captures` (cells).
pub fn closure_new(func: u32, code: *const c_void, captures: &[u64]) -> u64 {
    let size = CLOSURE_CAPTURES_OFFSET + 8 * captures.len();
    let object =
        heap::alloc_object_rooted(ObjKind::Closure, func, size, captures) as *mut ClosureObject;
    // SAFETY: a fresh closure object with room for the captures.
    unsafe {
        (*object).code = code;
        (*object).count = captures.len() as u64;
        let base = (object as *mut u8).add(CLOSURE_CAPTURES_OFFSET) as *mut u64;
        std::ptr::copy_nonoverlapping(captures.as_ptr(), base, captures.len());
    }
    object as u64
}

/// The function index of the function value `closure`.
pub fn closure_func(closure: u64) -> u32 {
    header(closure).type_id
}

/// Capture `index` of `closure` (0 when out of range).
pub fn closure_capture(closure: u64, index: u32) -> u64 {
    // SAFETY: the engines pass live closures.
    let count = unsafe { (*(closure as *const ClosureObject)).count };
    if index as u64 >= count {
        return 0;
    }
    // SAFETY: `index < count`.
    unsafe { *((closure as usize + CLOSURE_CAPTURES_OFFSET + 8 * index as usize) as *const u64) }
}

/// A new range value producing `start, start + step, …` before `stop` (`step != 0`).
pub fn range_new(start: i64, stop: i64, step: i64) -> u64 {
    let object =
        heap::alloc_object(ObjKind::Range, 0, size_of::<RangeObject>()) as *mut RangeObject;
    // SAFETY: a fresh range object.
    unsafe {
        (*object).next = start;
        (*object).stop = stop;
        (*object).step = step;
    }
    object as u64
}

/// The next value, stop and step of a range value.
pub fn range_parts(range: u64) -> (i64, i64, i64) {
    // SAFETY: the engines pass live ranges.
    let r = unsafe { &*(range as *const RangeObject) };
    (r.next, r.stop, r.step)
}

/// True when the range value has another value.
pub fn range_has_next(range: u64) -> bool {
    let (next, stop, step) = range_parts(range);
    if step > 0 {
        next < stop
    } else {
        next > stop
    }
}

/// Produces the next value of a range value and advances it (a range is consumed by
/// iteration); past the end it stays exhausted.
pub fn range_next(range: u64) -> i64 {
    // SAFETY: the engines pass live ranges.
    let r = unsafe { &mut *(range as *mut RangeObject) };
    let value = r.next;
    r.next = value.checked_add(r.step).unwrap_or(r.stop);
    value
}

/// The error value a `catch e` receives for `error` (message cut to 255 bytes).
pub fn error_value(error: &RuntimeError) -> u64 {
    crate::error_value::alloc_error(error)
}

/// The message string Ref of an error value.
pub fn error_message(value: u64) -> u64 {
    if value == 0 {
        return 0;
    }
    // SAFETY: the engines pass live error values.
    unsafe { (*(value as *const ErrorObject)).message }
}
