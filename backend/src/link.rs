//! Linking an object file with the runtime archive through the target's C driver, which the
//! `cc` crate finds (`cc` on the host, `aarch64-linux-gnu-gcc`, `riscv64-linux-gnu-gcc`).

use crate::error::BackendError;
use crate::target::Arch;
use std::path::Path;
use std::process::Command;

/// Most lines of linker output kept in the diagnostic.
const MAX_LINKER_LINES: usize = 12;

/// The C compiler driver for `arch`.
pub fn c_driver(arch: Arch) -> Result<Command, BackendError> {
    let host = Arch::host().map_or("x86_64-unknown-linux-gnu", Arch::triple);
    cc::Build::new()
        .target(arch.triple())
        .host(host)
        .opt_level(2)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .try_get_compiler()
        .map(|tool| tool.to_command())
        .map_err(|e| BackendError::Link(format!("no C compiler for {}: {e}", arch.triple())))
}

/// Links `object` and `runtime` into the executable `out`.
pub fn link(arch: Arch, object: &Path, runtime: &Path, out: &Path) -> Result<(), BackendError> {
    // The driver gets only what linking needs (no compile flags from the cc crate).
    let program = c_driver(arch)?.get_program().to_owned();
    let mut cmd = Command::new(program);
    cmd.arg(object)
        .arg(runtime)
        .args(["-lm", "-lpthread", "-ldl", "-o"])
        .arg(out);
    let output = cmd
        .output()
        .map_err(|e| BackendError::Link(format!("cannot run {:?}: {e}", cmd.get_program())))?;
    if output.status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(&output.stderr);
    let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let hidden = lines.len().saturating_sub(MAX_LINKER_LINES);
    lines.truncate(MAX_LINKER_LINES);
    let mut message = format!("{:?} exited with {}", cmd.get_program(), output.status);
    for line in lines {
        message.push_str("\n  ");
        message.push_str(line.trim_end());
    }
    if hidden > 0 {
        message.push_str(&format!("\n  … {hidden} more lines"));
    }
    Err(BackendError::Link(message))
}
