//! The compilation pipeline as the command line drives it: read → parse → check → IR →
//! bytecode → run, with diagnostics rendered and exit statuses chosen here.

use orus_frontend::diagnostics::{self, Diagnostic};
use orus_frontend::source::SourceMap;
use orus_frontend::{ast, check, parser, typed};
use std::path::Path;
use std::process::ExitCode;

/// Exit status after compile-time errors or an unreadable input file.
const EXIT_COMPILE: u8 = 65;
/// Exit status after an uncaught runtime error.
const EXIT_RUNTIME: u8 = 70;

/// Why compilation stopped; the diagnostics have already been printed.
pub struct Failed;

/// A parsed and type-checked program.
pub struct Checked {
    /// Every source file the program consists of.
    pub sources: SourceMap,
    /// The monomorphic typed program.
    pub program: typed::Program,
}

/// Reads the root file into a fresh source map, or reports why it cannot be read.
fn load(path: &Path, color: bool) -> Result<(SourceMap, ast::Module), Failed> {
    let display = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            eprintln!("error: cannot read \"{display}\": {err}");
            eprintln!("Compilation failed for \"{display}\".");
            return Err(Failed);
        }
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut sources = SourceMap::new();
    let file = sources.add(display, text);
    let (module, errors) = parser::parse(file, &sources.file(file).text);
    if !errors.is_empty() {
        return Err(report(&errors, &sources, path, color));
    }
    Ok((sources, module))
}

/// Prints compile errors and the `Compilation failed` trailer.
fn report(errors: &[Diagnostic], sources: &SourceMap, path: &Path, color: bool) -> Failed {
    eprint!("{}", diagnostics::render(errors, sources, color));
    eprintln!("Compilation failed for \"{}\".", path.display());
    Failed
}

/// Parses and checks `path`.
pub fn compile(path: &Path, color: bool) -> Result<Checked, Failed> {
    let (sources, module) = load(path, color)?;
    match check::check(&module, &sources) {
        Ok(program) => Ok(Checked { sources, program }),
        Err(errors) => Err(report(&errors, &sources, path, color)),
    }
}

/// Reports a failure of a stage after type checking, which is a compiler bug or an
/// implementation limit rather than a problem of the program.
fn internal_error(path: &Path, message: impl std::fmt::Display) -> Failed {
    eprintln!("error[E9000]: INTERNAL ERROR: {message}");
    eprintln!("Compilation failed for \"{}\".", path.display());
    Failed
}

/// Lowers a checked program to optimized, register-allocated IR.
pub fn compile_ir(path: &Path, color: bool) -> Result<orus_midend::ir::Module, Failed> {
    let checked = compile(path, color)?;
    orus_midend::compile_ir(&checked.program, &checked.sources)
        .map_err(|message| internal_error(path, message))
}

/// Compiles `path` all the way to interpreter bytecode.
fn compile_bytecode(path: &Path, color: bool) -> Result<orus_abi::bytecode::Program, Failed> {
    let module = compile_ir(path, color)?;
    orus_midend::emit::emit_module(&module).map_err(|err| internal_error(path, err))
}

/// `orusc run FILE`.
pub fn run_file(path: &Path, color: bool, stats: bool) -> ExitCode {
    let Ok(program) = compile_bytecode(path, color) else {
        return ExitCode::from(EXIT_COMPILE);
    };
    let options = orus_interp::Options {
        stats,
        ..Default::default()
    };
    match orus_interp::run(&program, options) {
        Ok(counters) => {
            if stats {
                eprint!("{}", format_stats(&counters));
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprint!("{}", failure.render(color));
            ExitCode::from(EXIT_RUNTIME)
        }
    }
}

/// `orusc check FILE`.
pub fn check_file(path: &Path, color: bool) -> ExitCode {
    match compile(path, color) {
        Ok(_) => ExitCode::SUCCESS,
        Err(Failed) => ExitCode::from(EXIT_COMPILE),
    }
}

/// `orusc dump ast FILE`: the root file's syntax tree, even when later stages would fail.
pub fn dump_ast(path: &Path, color: bool) -> ExitCode {
    match load(path, color) {
        Ok((_, module)) => {
            println!("{module:#?}");
            ExitCode::SUCCESS
        }
        Err(Failed) => ExitCode::from(EXIT_COMPILE),
    }
}

/// `orusc dump ir FILE`.
pub fn dump_ir(path: &Path, color: bool) -> ExitCode {
    match compile_ir(path, color) {
        Ok(module) => {
            print!("{}", orus_midend::print::print_module(&module));
            ExitCode::SUCCESS
        }
        Err(Failed) => ExitCode::from(EXIT_COMPILE),
    }
}

/// `orusc dump bytecode FILE`.
pub fn dump_bytecode(path: &Path, color: bool) -> ExitCode {
    match compile_bytecode(path, color) {
        Ok(program) => {
            print!("{}", orus_interp::disassemble(&program));
            ExitCode::SUCCESS
        }
        Err(Failed) => ExitCode::from(EXIT_COMPILE),
    }
}

/// The `--stats` report, one counter per line on stderr.
fn format_stats(stats: &orus_interp::Stats) -> String {
    let gc = orus_runtime::gc::stats();
    format!(
        concat!(
            "instructions executed: {}\ncalls: {}\nspills: {}\nreloads: {}\n",
            "gc collections: {}\nbytes allocated: {}\n"
        ),
        stats.instructions,
        stats.calls,
        stats.spills,
        stats.reloads,
        gc.collections,
        gc.bytes_allocated
    )
}
