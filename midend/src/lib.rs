//! orus-midend: the typed tree becomes register IR, is optimized, register-allocated into
//! frame layouts and, for the interpreter, emitted as bytecode.

pub mod dataflow;
pub mod emit;
pub mod ir;
pub mod lower;
pub mod opt;
pub mod print;
pub mod regalloc;
pub mod verify;

/// Lowers a checked program to register IR, optimizes it and allocates registers. In debug
/// builds the verifier runs after each stage; any failure is an internal-error message.
pub fn compile_ir(
    program: &orus_frontend::typed::Program,
    sources: &orus_frontend::source::SourceMap,
) -> Result<ir::Module, String> {
    let mut module = lower::lower_program(program, sources)?;
    debug_verify(&module, "lowering")?;
    opt::optimize(&mut module);
    debug_verify(&module, "optimization")?;
    regalloc::allocate_module(&mut module);
    debug_verify(&module, "register allocation")?;
    Ok(module)
}

/// Runs the verifier in debug builds.
fn debug_verify(module: &ir::Module, stage: &str) -> Result<(), String> {
    if cfg!(debug_assertions) {
        verify::verify_module(module).map_err(|errors| {
            format!(
                "internal error: invalid IR after {stage}:\n{}",
                errors.join("\n")
            )
        })?;
    }
    Ok(())
}
