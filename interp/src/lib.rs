//! orus-interp: runs bytecode programs ([`orus_abi::bytecode::Program`]) with a fast
//! register-window dispatch loop, and disassembles them. It depends only on the runtime and
//! the abi, never on the compiler, so native executables can link it as a fallback tier.

mod builtins;
mod disasm;
mod failure;
mod loaded;
mod machine;

pub use disasm::disassemble;
pub use failure::Failure;
pub use machine::{Options, Stats};

use orus_abi::bytecode::Program;
use orus_runtime::error::{codes, ErrorKind, RuntimeError};

/// Verifies `program` and runs it from its entry function.
///
/// Returns the execution counters (all zero unless `options.stats`), or the uncaught runtime
/// error with its source location. A program that fails verification is not run at all and
/// is reported as a runtime error naming the bad instruction.
pub fn run(program: &Program, options: Options) -> Result<Stats, Failure> {
    let loaded = loaded::load(program).map_err(|e| Failure {
        error: RuntimeError::new(
            ErrorKind::Runtime,
            codes::OTHER,
            format!(
                "invalid bytecode in function {} at {}: {}",
                e.function, e.pc, e.reason
            ),
        ),
        location: None,
    })?;
    machine::Machine::new(loaded, options).run()
}
