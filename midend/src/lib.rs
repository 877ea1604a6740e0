//! orus-midend: the typed tree becomes register IR, is optimized, register-allocated into
//! frame layouts and, for the interpreter, emitted as bytecode.

pub mod ir;
pub mod regalloc;
