//! orus-abi: the `no_std` contract shared by the compiler, the interpreter, the runtime and
//! native code — instruction encoding and the opcode table, the bytecode program container,
//! the frame header and function descriptor, the scalar slot encoding and the ABI version.
#![no_std]

extern crate alloc;

pub mod bytecode;
pub mod frame;
pub mod instruction;
pub mod object;
pub mod opcode;
pub mod rtfn;
pub mod types;
pub mod typetable;
pub mod value;
pub mod verify;
pub mod version;

/// Deepest Orus call nesting before the runtime error `Stack overflow`, the same in the
/// interpreter and in native code so both engines fail (or finish) on the same programs
/// (LANGUAGE.md §10.7 asks for at least 10 000; a million-deep recursion completes).
pub const MAX_CALL_DEPTH: usize = 1 << 20;
