//! The interactive session (`orusc` without arguments, prompt `>> `).
//!
//! Each entry is appended to the session's program, which is compiled and run as a whole in
//! a child `orusc run`; only the output that the new entry added is shown. An entry that
//! fails to compile or stops with a runtime error is shown with its diagnostic and dropped,
//! so the session continues from the last good state. Orus programs are deterministic apart
//! from `input()` and `timestamp()`, which makes replaying earlier entries safe.

use std::io::{BufRead, Write};
use std::process::{Command, ExitCode, Stdio};

/// The prompt of §1.1.
const PROMPT: &str = ">> ";
/// The prompt for continuation lines of a block.
const CONTINUATION: &str = ".. ";

/// Runs the session until end of input.
pub fn run() -> ExitCode {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(err) => {
            eprintln!("error: cannot create a working directory for the session: {err}");
            return ExitCode::from(70);
        }
    };
    let file = dir.path().join("repl.orus");
    let mut session = String::new();
    let mut shown = 0usize;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let Some(entry) = read_entry(&mut lines) else {
            println!();
            return ExitCode::SUCCESS;
        };
        if entry.trim().is_empty() {
            continue;
        }
        let candidate = format!("{session}{entry}");
        if let Err(err) = std::fs::write(&file, &candidate) {
            eprintln!("error: cannot write the session file: {err}");
            return ExitCode::from(70);
        }
        let Some(output) = run_child(dir.path()) else {
            return ExitCode::from(70);
        };
        let stdout = output.stdout;
        if output.status.success() {
            if stdout.len() >= shown {
                let _ = std::io::stdout().write_all(&stdout[shown..]);
            }
            shown = stdout.len();
            session = candidate;
        } else {
            if stdout.len() > shown {
                let _ = std::io::stdout().write_all(&stdout[shown..]);
            }
            let _ = std::io::stderr().write_all(&output.stderr);
        }
        let _ = std::io::stdout().flush();
    }
}

/// Reads one entry: a line, or a block header ending in `:` followed by its indented lines
/// up to an empty line. `None` at end of input.
fn read_entry(lines: &mut impl Iterator<Item = std::io::Result<String>>) -> Option<String> {
    prompt(PROMPT);
    let first = lines.next()?.ok()?;
    let mut entry = format!("{first}\n");
    if first.trim_end().ends_with(':') {
        loop {
            prompt(CONTINUATION);
            match lines.next() {
                Some(Ok(line)) if !line.trim().is_empty() => {
                    entry.push_str(&line);
                    entry.push('\n');
                }
                _ => break,
            }
        }
    }
    Some(entry)
}

fn prompt(text: &str) {
    print!("{text}");
    let _ = std::io::stdout().flush();
}

/// Runs the session file in a child interpreter, capturing its output.
fn run_child(dir: &std::path::Path) -> Option<std::process::Output> {
    let exe = std::env::current_exe().ok()?;
    let mut command = Command::new(exe);
    command.current_dir(dir).arg("run").arg("repl.orus");
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match command.output() {
        Ok(output) => Some(output),
        Err(err) => {
            eprintln!("error: cannot start the interpreter: {err}");
            None
        }
    }
}
