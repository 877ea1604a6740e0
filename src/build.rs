//! `orusc build` and `orusc dump llvm`: the checked program's IR goes through the LLVM
//! backend to a native executable (or an object, assembly or LLVM IR file).

use crate::pipeline;
pub use orus_backend::Emit;
use orus_backend::{Arch, Options};
use std::path::Path;
use std::process::ExitCode;

/// Exit status after a compile error or a backend failure.
const EXIT_COMPILE: u8 = 65;
/// Exit status for a bad command line (an unknown target).
const EXIT_USAGE: u8 = 64;

/// `orusc build FILE -o OUT [--target T] [-O N] [--emit K] [--runtime PATH]`: compiles `file`
/// for `target` (default: the host) at LLVM level `opt` (0..=3) and writes `out`. `runtime`
/// is an explicit runtime archive, or a folder holding `<triple>/liborus_rt.a`.
pub fn build(
    file: &Path,
    out: &Path,
    target: Option<&str>,
    opt: u8,
    emit: Emit,
    runtime: Option<&Path>,
    color: bool,
) -> ExitCode {
    let arch = match target {
        Some(triple) => Arch::from_triple(triple),
        None => Arch::host(),
    };
    let Some(arch) = arch else {
        let supported: Vec<&str> = Arch::ALL.iter().map(|a| a.triple()).collect();
        eprintln!(
            "error: unsupported target '{}' (supported: {})",
            target.unwrap_or(std::env::consts::ARCH),
            supported.join(", ")
        );
        return ExitCode::from(EXIT_USAGE);
    };
    let Ok(module) = pipeline::compile_ir(file, color) else {
        return ExitCode::from(EXIT_COMPILE);
    };
    let options = Options {
        arch,
        opt: opt.min(3),
        emit,
        runtime: runtime.map(Path::to_path_buf),
    };
    match orus_backend::compile(&module, &options, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => internal_error(file, &err.to_string()),
    }
}

/// `orusc dump llvm FILE`: the LLVM IR of `file` before LLVM's optimization.
pub fn dump_llvm(file: &Path, color: bool) -> ExitCode {
    let Ok(module) = pipeline::compile_ir(file, color) else {
        return ExitCode::from(EXIT_COMPILE);
    };
    match orus_backend::llvm_ir(&module) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(err) => internal_error(file, &err.to_string()),
    }
}

/// Reports a backend failure as an `E9000` diagnostic.
fn internal_error(file: &Path, message: &str) -> ExitCode {
    eprintln!("error[E9000]: INTERNAL ERROR: {message}");
    eprintln!("Compilation failed for \"{}\".", file.display());
    ExitCode::from(EXIT_COMPILE)
}
