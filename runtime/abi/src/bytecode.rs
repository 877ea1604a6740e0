//! The bytecode program the emitter produces and the interpreter runs: functions (code,
//! constants, frame sizes, pc → source tables), globals, strings, the type table, traps and source
//! locations. It depends on nothing but `alloc`, so the interpreter never sees the compiler.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use crate::typetable::TypeTable;

/// The register class of a slot or global (mirrors the IR's type classes).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// 32-bit signed.
    I32,
    /// 64-bit signed.
    I64,
    /// 32-bit unsigned.
    U32,
    /// 64-bit unsigned.
    U64,
    /// IEEE double.
    F64,
    /// Boolean.
    Bool,
    /// GC reference.
    Ref,
}

impl Class {
    /// Every class, indexed by its number.
    pub const ALL: [Class; 7] = [
        Class::I32,
        Class::I64,
        Class::U32,
        Class::U64,
        Class::F64,
        Class::Bool,
        Class::Ref,
    ];

    /// The class numbered `n` (as used in cast codes and `TOSTRING`).
    pub fn from_u8(n: u8) -> Option<Class> {
        Class::ALL.get(n as usize).copied()
    }

    /// Lowercase name (`i32`, …, `ref`).
    pub fn name(self) -> &'static str {
        match self {
            Class::I32 => "i32",
            Class::I64 => "i64",
            Class::U32 => "u32",
            Class::U64 => "u64",
            Class::F64 => "f64",
            Class::Bool => "bool",
            Class::Ref => "ref",
        }
    }
}

/// Static Orus type of a printed or compared value (mirrors the IR's `ValueType`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `string`
    Str,
    /// `[T]`
    Array(Box<ValueType>),
    /// A struct, by index into the module's struct table.
    Struct(u32),
    /// An enum, by index into the module's enum table.
    Enum(u32),
    /// A function value.
    Func,
    /// A range value.
    Range,
    /// An error value.
    Error,
}

/// An entry of a function's constant pool.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Constant {
    /// A scalar, already in its slot encoding ([`crate::value`]).
    Bits(u64),
    /// A constant string, by index into [`Program::strings`]; the loader turns it into a Ref.
    Str(u32),
}

/// Which runtime error a `TRAP` raises.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TrapKind {
    /// `Variable 'name' used before assignment`.
    Unassigned(String),
    /// `Function 'name' ended without returning a value`.
    MissingReturn(String),
    /// `Range step cannot be zero`.
    ZeroStep,
    /// `Integer overflow`.
    Overflow,
    /// `Cannot iterate negative integer`.
    NegativeIteration,
}

/// A source location: file, byte span and 1-based line/column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index into [`Program::files`].
    pub file: u32,
    /// Byte offset of the span start.
    pub start: u32,
    /// Byte offset one past the span end.
    pub end: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// One row of a function's pc → location table: instruction `pc` points at `location`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PcLocation {
    /// Instruction index.
    pub pc: u32,
    /// Index into [`Program::locations`].
    pub location: u32,
}

/// One function's bytecode and frame facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// Display name.
    pub name: String,
    /// Number of parameters (slots `0..params` on entry).
    pub params: u32,
    /// Window slots the frame needs (at most 256).
    pub frame_size: u32,
    /// Classes of the window slots below the call area (for GC ref maps).
    pub slot_classes: Vec<Class>,
    /// Classes of the spill slots (spill slot `i` is frame slot `256 + i`).
    pub spill_classes: Vec<Class>,
    /// Instruction words.
    pub code: Vec<u32>,
    /// Constant pool.
    pub constants: Vec<Constant>,
    /// Locations of the instructions that may raise, sorted by `pc`.
    pub locations: Vec<PcLocation>,
    /// Where the function is defined (index into [`Program::locations`]).
    pub location: u32,
}

impl Function {
    /// Number of spill slots.
    pub fn spill_count(&self) -> u32 {
        self.spill_classes.len() as u32
    }

    /// The location recorded for instruction `pc`, if any.
    pub fn location_of(&self, pc: u32) -> Option<u32> {
        self.locations
            .binary_search_by_key(&pc, |row| row.pc)
            .ok()
            .map(|i| self.locations[i].location)
    }
}

/// A whole program ready for the interpreter.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Program {
    /// Functions, indexed by the `CALL` operand.
    pub functions: Vec<Function>,
    /// The function the program starts in.
    pub entry: u32,
    /// Classes of the module globals, indexed by `LOADG`/`STOREG` operands.
    pub globals: Vec<Class>,
    /// Constant strings.
    pub strings: Vec<Vec<u8>>,
    /// The program's type table: type lists (indexed by the `Types` operands of `PRINT`,
    /// `ASSERT_EQ` and `RTCALL`), struct and enum declarations, function value names. The
    /// interpreter installs it in the runtime before running.
    pub types: TypeTable,
    /// Runtime errors raised by `TRAP`.
    pub traps: Vec<TrapKind>,
    /// Source file paths.
    pub files: Vec<String>,
    /// Source locations.
    pub locations: Vec<Location>,
}
