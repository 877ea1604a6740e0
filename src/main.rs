//! `orusc`: the command line. It parses arguments and calls the crates; nothing else.

#[cfg(feature = "llvm")]
mod build;
mod pipeline;
mod repl;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status for command-line usage errors (LANGUAGE.md §18.1).
const EXIT_USAGE: u8 = 64;

/// The Orus compiler and interpreter.
#[derive(Parser, Debug)]
#[command(
    name = "orusc",
    version,
    disable_version_flag = true,
    about = "Compiler and interpreter for the Orus language",
    after_help = "Without a command, orusc starts an interactive session."
)]
struct Cli {
    /// Print version information.
    #[arg(short = 'v', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,

    /// Never use colour in diagnostics.
    #[arg(long = "no-colors", global = true)]
    no_colors: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compile FILE and run it in the interpreter.
    Run {
        /// The program's root file.
        file: PathBuf,
        /// Arguments for the program (accepted and ignored: Orus has no argv).
        args: Vec<String>,
        /// Print execution statistics to stderr after the run.
        #[arg(long)]
        stats: bool,
    },
    /// Compile FILE to a native executable (or object, assembly, LLVM IR).
    #[cfg(feature = "llvm")]
    Build {
        /// The program's root file.
        file: PathBuf,
        /// Where to write the result.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Target triple: x86_64-unknown-linux-gnu, aarch64-unknown-linux-gnu or
        /// riscv64gc-unknown-linux-gnu (default: the host).
        #[arg(long)]
        target: Option<String>,
        /// LLVM optimization level, 0 to 3 (`-O0` .. `-O3`).
        #[arg(short = 'O', default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=3))]
        opt: u8,
        /// What to write.
        #[arg(long, value_enum, default_value_t = EmitKind::Exe)]
        emit: EmitKind,
        /// The runtime archive to link (a `liborus_rt.a`, or a folder holding
        /// `<triple>/liborus_rt.a`).
        #[arg(long)]
        runtime: Option<PathBuf>,
    },
    /// Report diagnostics for FILE without running it.
    Check {
        /// The program's root file.
        file: PathBuf,
    },
    /// Print an intermediate form of FILE.
    Dump {
        /// Which form.
        #[arg(value_enum)]
        what: DumpKind,
        /// The program's root file.
        file: PathBuf,
    },
}

/// The forms `orusc dump` prints.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum DumpKind {
    /// The syntax tree of the root file.
    Ast,
    /// The optimized register IR with frame layouts.
    Ir,
    /// The interpreter's bytecode.
    Bytecode,
    /// The LLVM IR, before LLVM's own optimization.
    #[cfg(feature = "llvm")]
    Llvm,
}

/// What `orusc build --emit` writes.
#[cfg(feature = "llvm")]
#[derive(Clone, Copy, Debug, ValueEnum)]
enum EmitKind {
    /// A linked executable.
    Exe,
    /// An object file.
    Obj,
    /// LLVM IR text (after optimization).
    Llvm,
    /// Target assembly.
    Asm,
}

#[cfg(feature = "llvm")]
impl From<EmitKind> for build::Emit {
    fn from(kind: EmitKind) -> build::Emit {
        match kind {
            EmitKind::Exe => build::Emit::Exe,
            EmitKind::Obj => build::Emit::Obj,
            EmitKind::Llvm => build::Emit::Llvm,
            EmitKind::Asm => build::Emit::Asm,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let color = use_color(cli.no_colors);
    match cli.command {
        None => repl::run(),
        Some(Command::Run { file, stats, .. }) => pipeline::run_file(&file, color, stats),
        #[cfg(feature = "llvm")]
        Some(Command::Build {
            file,
            output,
            target,
            opt,
            emit,
            runtime,
        }) => build::build(
            &file,
            &output,
            target.as_deref(),
            opt,
            emit.into(),
            runtime.as_deref(),
            color,
        ),
        Some(Command::Check { file }) => pipeline::check_file(&file, color),
        Some(Command::Dump { what, file }) => match what {
            DumpKind::Ast => pipeline::dump_ast(&file, color),
            DumpKind::Ir => pipeline::dump_ir(&file, color),
            DumpKind::Bytecode => pipeline::dump_bytecode(&file, color),
            #[cfg(feature = "llvm")]
            DumpKind::Llvm => build::dump_llvm(&file, color),
        },
    }
}

/// `--help` and `--version` go to stdout with status 0; every other command-line problem
/// prints usage to stderr with status 64.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            print!("{err}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{err}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Colour only on a terminal, never with `NO_COLOR` or `--no-colors` (§18.2).
fn use_color(no_colors: bool) -> bool {
    !no_colors && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}
