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
pub mod types;
pub mod value;
pub mod verify;
pub mod version;
