//! The program's type table (`orus_abi::typetable::TypeTable`), installed once per thread
//! before the program runs and read by printing, comparison, sorting and the collector.

use orus_abi::bytecode::ValueType;
use orus_abi::typetable::TypeTable;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    static TABLE: RefCell<Rc<TypeTable>> = RefCell::new(Rc::new(TypeTable::default()));
}

/// Installs `table` as this thread's type table (before the program runs). Replaces any
/// table installed earlier.
pub fn install(table: TypeTable) {
    TABLE.with(|cell| *cell.borrow_mut() = Rc::new(table));
}

/// Runs `f` with this thread's type table (an empty table when none was installed). `f` may
/// itself call [`with_table`] or [`install`].
pub fn with_table<R>(f: impl FnOnce(&TypeTable) -> R) -> R {
    let table = TABLE.with(|cell| Rc::clone(&cell.borrow()));
    f(&table)
}

/// A shared handle to this thread's type table.
pub fn table() -> Rc<TypeTable> {
    TABLE.with(|cell| Rc::clone(&cell.borrow()))
}

/// The type list with index `index`, empty when out of range.
pub fn list(table: &TypeTable, index: u32) -> &[ValueType] {
    table
        .type_lists
        .get(index as usize)
        .map_or(&[], |list| list.as_slice())
}

/// True when a value of type `t` is held as a Ref.
pub fn is_ref(t: &ValueType) -> bool {
    TypeTable::is_ref(t)
}

/// The `typeof` name of a value of static type `t` (for error values use
/// [`crate::error_value::error_of`] instead, whose name depends on the value).
pub fn type_name(table: &TypeTable, t: &ValueType) -> String {
    match t {
        ValueType::I32 => "i32".into(),
        ValueType::I64 => "i64".into(),
        ValueType::U32 => "u32".into(),
        ValueType::U64 => "u64".into(),
        ValueType::F64 => "f64".into(),
        ValueType::Bool => "bool".into(),
        ValueType::Str => "string".into(),
        ValueType::Array(_) => "array".into(),
        ValueType::Struct(id) => table
            .structs
            .get(*id as usize)
            .map_or_else(|| "struct".into(), |s| s.name.clone()),
        ValueType::Enum(id) => table
            .enums
            .get(*id as usize)
            .map_or_else(|| "enum".into(), |e| e.name.clone()),
        ValueType::Func => "function".into(),
        ValueType::Range => "range_iterator".into(),
        ValueType::Error => "error".into(),
    }
}
