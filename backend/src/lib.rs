//! orus-backend: the optimized, register-allocated IR of the midend becomes LLVM IR
//! (inkwell), then an object file for x86-64, AArch64 or RISC-V 64, then — linked with the
//! runtime archive `liborus_rt.a` by the target's C driver — a native executable.

pub mod archive;
mod arith;
pub mod error;
mod frame;
mod func;
mod heap;
pub mod link;
mod lower;
mod rt;
pub mod target;

pub use error::BackendError;
pub use target::Arch;

use inkwell::context::Context;
use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{FileType, TargetMachine};
use orus_midend::ir;
use std::path::{Path, PathBuf};

/// What `orusc build` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Emit {
    /// A linked executable.
    #[default]
    Exe,
    /// An object file.
    Obj,
    /// Optimized LLVM IR text.
    Llvm,
    /// Assembly text.
    Asm,
}

/// How to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Target machine.
    pub arch: Arch,
    /// LLVM optimization level, 0..=3.
    pub opt: u8,
    /// What to write.
    pub emit: Emit,
    /// Runtime archive (or a folder holding it) given on the command line.
    pub runtime: Option<PathBuf>,
}

/// The LLVM IR of `module` before LLVM's optimization (`orusc dump llvm`), for the host
/// target (or x86-64 on other hosts).
pub fn llvm_ir(module: &ir::Module) -> Result<String, BackendError> {
    let cx = Context::create();
    let arch = Arch::host().unwrap_or(Arch::X86_64);
    let llvm = build_module(&cx, module, arch, &arch.machine(0)?)?;
    Ok(llvm.print_to_string().to_string())
}

/// Lowers, verifies and stamps the module for `arch`.
fn build_module<'ctx>(
    cx: &'ctx Context,
    module: &ir::Module,
    arch: Arch,
    machine: &TargetMachine,
) -> Result<Module<'ctx>, BackendError> {
    let llvm = lower::lower_module(cx, module)?;
    arch.configure(&llvm, machine);
    llvm.verify()
        .map_err(|e| BackendError::Llvm(format!("invalid module: {}", e.to_string().trim())))?;
    Ok(llvm)
}

/// Compiles `module` per `options` into `out`.
pub fn compile(module: &ir::Module, options: &Options, out: &Path) -> Result<(), BackendError> {
    let runtime = match options.emit {
        Emit::Exe => Some(archive::find_runtime(
            options.arch,
            options.runtime.as_deref(),
        )?),
        _ => None,
    };
    let cx = Context::create();
    let machine = options.arch.machine(options.opt)?;
    let llvm = build_module(&cx, module, options.arch, &machine)?;
    optimize(&llvm, &machine, options.opt)?;
    let write = |kind: FileType, path: &Path| {
        machine
            .write_to_file(&llvm, kind, path)
            .map_err(|e| BackendError::Io(format!("cannot write {}: {e}", path.display())))
    };
    match (options.emit, runtime) {
        (Emit::Llvm, _) => llvm
            .print_to_file(out)
            .map_err(|e| BackendError::Io(format!("cannot write {}: {e}", out.display()))),
        (Emit::Asm, _) => write(FileType::Assembly, out),
        (Emit::Obj, _) | (Emit::Exe, None) => write(FileType::Object, out),
        (Emit::Exe, Some(runtime)) => {
            let dir = tempfile::tempdir()
                .map_err(|e| BackendError::Io(format!("cannot create a temporary folder: {e}")))?;
            let object = dir.path().join("orus.o");
            write(FileType::Object, &object)?;
            link::link(options.arch, &object, &runtime, out)
        }
    }
}

/// Runs LLVM's standard pipeline for level `opt`.
fn optimize(module: &Module<'_>, machine: &TargetMachine, opt: u8) -> Result<(), BackendError> {
    let passes = format!("default<O{}>", opt.min(3));
    module
        .run_passes(&passes, machine, PassBuilderOptions::create())
        .map_err(|e| BackendError::Llvm(format!("optimization failed: {e}")))
}
