//! Orus runtime: the object heap and its mark-and-sweep collector, the storage of interpreted
//! frames (spill and slot arenas, frame records) and of module globals, heap values (strings,
//! arrays, structs, enums, cells, closures, ranges, error values), the program's type table,
//! the generic runtime calls, printing and value formatting, `assert_eq`, casts, runtime errors
//! and their diagnostics, and the `extern "C"` surface of native executables — shared by the
//! interpreter and native code (contract: `docs/HEAP.md`).

pub mod arith;
pub mod assert;
pub mod cast;
pub mod convert;
pub mod diagnostic;
pub mod error;
pub mod error_value;
pub mod format;
pub mod frames;
pub mod gc;
pub mod globals;
pub mod heap;
pub mod native;
pub mod object;
pub mod print;
pub mod rtcall;
pub mod show;
pub mod string;
pub mod time;
pub mod types;
