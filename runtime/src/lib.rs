//! Orus runtime: heap objects, strings, printing and value formatting, casts, runtime errors
//! and their diagnostics, spill arena and globals — shared by the interpreter and native code.

pub mod arith;
pub mod assert;
pub mod cast;
pub mod convert;
pub mod diagnostic;
pub mod error;
pub mod error_value;
pub mod format;
pub mod heap;
pub mod native;
pub mod print;
pub mod string;
pub mod time;
