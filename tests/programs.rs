//! Differential end-to-end runner: every `tests/programs/**/*.orus` program (and every
//! `examples/*.orus`) runs in every engine, and each run must reproduce the expected files
//! beside the program exactly.
//!
//! Beside `NAME.orus`: `NAME.out` (stdout, required), `NAME.err` (stderr, compared when
//! present), `NAME.exit` (exit status, default 0) and `NAME.in` (stdin, default empty).
//! Engines: the interpreter and a native build, each also with the collector in stress mode
//! (`ORUS_GC_STRESS=1`: a collection at every allocation).
//! One trial per (engine, program), named `[engine] group/name`; `cargo test --test programs
//! -- arith/` filters as usual. `ORUS_BLESS=1` writes the `.err` file of every program that
//! is expected to fail, once its stdout and exit status already match.

use libtest_mimic::{Arguments, Failed, Trial};
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Directories holding programs, relative to the repository root: the test programs, and
/// the examples the README shows (so they keep working).
const PROGRAM_DIRS: &[&str] = &["tests/programs", "examples"];

/// Prefix left out of trial names, so a trial reads `arith/i32_overflow_add`.
const NAME_PREFIX: &str = "tests/programs/";

/// Wall-clock limit for one program run (for the native engine: build and run); the process
/// is killed when it expires.
const TIMEOUT: Duration = Duration::from_secs(120);

/// One way of executing an Orus program; every engine must produce the same results.
struct Engine {
    /// Short name shown as the trial kind, e.g. `interp`.
    name: &'static str,
    /// Builds the command that runs the program at this repo-relative path.
    command: fn(&str) -> Result<Command, String>,
}

/// All engines every program is run in.
const ENGINES: &[Engine] = &[
    Engine {
        name: "interp",
        command: interp_command,
    },
    Engine {
        name: "native",
        command: native_command,
    },
    Engine {
        name: "interp-gc-stress",
        command: interp_stress_command,
    },
    Engine {
        name: "native-gc-stress",
        command: native_stress_command,
    },
];

/// Environment variable that makes the runtime collect at every allocation (both engines).
const GC_STRESS_VAR: &str = "ORUS_GC_STRESS";

/// `orusc run PROGRAM` with the collector in stress mode.
fn interp_stress_command(program: &str) -> Result<Command, String> {
    let mut command = interp_command(program)?;
    command.env(GC_STRESS_VAR, "1");
    Ok(command)
}

/// The native build and run with the collector in stress mode (its own executable, so it
/// does not race with the plain native trial).
fn native_stress_command(program: &str) -> Result<Command, String> {
    let mut command = native_build_and_run(program, "native-programs-gc-stress")?;
    command.env(GC_STRESS_VAR, "1");
    Ok(command)
}

/// `orusc run PROGRAM`.
fn interp_command(program: &str) -> Result<Command, String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_orusc"));
    command.arg("run").arg(program);
    Ok(command)
}

/// `orusc build PROGRAM -o EXE && EXE`: compile errors come from the build (with its exit
/// status), everything else from the executable, which runs from the same directory so its
/// runtime diagnostics show the same paths and snippets as the interpreter's.
fn native_command(program: &str) -> Result<Command, String> {
    native_build_and_run(program, "native-programs")
}

/// `orusc build PROGRAM -o DIR/EXE && DIR/EXE` with the executable under `dir_name` in the
/// test scratch directory.
fn native_build_and_run(program: &str, dir_name: &str) -> Result<Command, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir_name);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let exe = dir.join(program.trim_end_matches(".orus").replace('/', "__"));
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("\"$0\" build \"$1\" -o \"$2\" && exec \"$2\"")
        .arg(env!("CARGO_BIN_EXE_orusc"))
        .arg(program)
        .arg(exe);
    Ok(command)
}

/// What a finished run produced.
struct Outcome {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    status: ExitStatus,
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut programs = Vec::new();
    for dir in PROGRAM_DIRS {
        collect_programs(&root.join(dir), &mut programs);
    }
    programs.sort();
    let mut trials = Vec::new();
    for engine in ENGINES {
        for program in &programs {
            let relative = program
                .strip_prefix(root)
                .expect("programs are found under the repository root")
                .to_string_lossy()
                .into_owned();
            let name = relative
                .trim_start_matches(NAME_PREFIX)
                .trim_end_matches(".orus")
                .to_string();
            trials.push(
                Trial::test(name, move || run_program(engine, &relative)).with_kind(engine.name),
            );
        }
    }
    libtest_mimic::run(&args, trials).exit();
}

/// Appends every `.orus` file below `dir` (recursively) to `found`.
fn collect_programs(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_programs(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "orus") {
            found.push(path);
        }
    }
}

/// Runs one program in one engine and compares the outcome with the expected files.
fn run_program(engine: &Engine, program: &str) -> Result<(), Failed> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = root.join(program.trim_end_matches(".orus"));
    let expected_stdout = fs::read(base.with_extension("out"))
        .map_err(|e| format!("{program}: cannot read the expected .out file: {e}"))?;
    let expected_exit = read_expected_exit(&base.with_extension("exit"))?;
    let stdin = fs::read(base.with_extension("in")).unwrap_or_default();

    let mut command = (engine.command)(program)?;
    command.current_dir(root).env("NO_COLOR", "1");
    let outcome = run_with_timeout(command, stdin)
        .map_err(|e| format!("[{}] {program}: {e}", engine.name))?;

    let mut problems = Vec::new();
    if outcome.stdout != expected_stdout {
        problems.push(format!(
            "stdout differs (- expected, + actual):\n{}",
            diff(&expected_stdout, &outcome.stdout)
        ));
    }
    let actual_exit = outcome.status.code();
    if actual_exit != Some(expected_exit) {
        problems.push(format!(
            "exit status: expected {expected_exit}, got {}",
            describe_status(outcome.status)
        ));
    }
    check_stderr(
        &base.with_extension("err"),
        &outcome,
        expected_exit,
        &mut problems,
    )?;
    if problems.is_empty() {
        return Ok(());
    }
    if !outcome.stderr.is_empty() && !base.with_extension("err").exists() {
        problems.push(format!(
            "stderr was:\n{}",
            String::from_utf8_lossy(&outcome.stderr)
        ));
    }
    Err(format!("[{}] {program}\n{}", engine.name, problems.join("\n")).into())
}

/// Compares stderr with the `.err` file when it exists, or writes it under `ORUS_BLESS`.
fn check_stderr(
    err_path: &Path,
    outcome: &Outcome,
    expected_exit: i32,
    problems: &mut Vec<String>,
) -> Result<(), Failed> {
    let bless = std::env::var_os("ORUS_BLESS").is_some_and(|v| v == "1");
    if bless && expected_exit != 0 && problems.is_empty() {
        fs::write(err_path, &outcome.stderr)
            .map_err(|e| format!("cannot write {}: {e}", err_path.display()))?;
        return Ok(());
    }
    if let Ok(expected_stderr) = fs::read(err_path) {
        if outcome.stderr != expected_stderr {
            problems.push(format!(
                "stderr differs (- expected, + actual):\n{}",
                diff(&expected_stderr, &outcome.stderr)
            ));
        }
    }
    Ok(())
}

/// Reads the `.exit` file (one decimal number), defaulting to 0 when it is absent.
fn read_expected_exit(path: &Path) -> Result<i32, String> {
    match fs::read_to_string(path) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| format!("{}: not an exit status: {text:?}", path.display())),
        Err(_) => Ok(0),
    }
}

/// Renders an exit status for a failure message, naming the signal when there is one.
fn describe_status(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => code.to_string(),
        None => format!("no exit code ({status})"),
    }
}

/// Spawns `command` with `stdin` as its input and collects its output, killing it after
/// [`TIMEOUT`].
fn run_with_timeout(mut command: Command, stdin: Vec<u8>) -> Result<Outcome, String> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {command:?}: {e}"))?;
    let mut input = child.stdin.take().expect("stdin is piped");
    // A program that never reads its input closes the pipe early; that is not an error.
    let writer = thread::spawn(move || drop(input.write_all(&stdin)));
    let stdout = read_in_background(child.stdout.take().expect("stdout is piped"));
    let stderr = read_in_background(child.stderr.take().expect("stderr is piped"));
    let status = wait_with_deadline(&mut child)?;
    let _ = writer.join();
    Ok(Outcome {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        status,
    })
}

/// Reads `pipe` to its end on a separate thread, so neither output pipe can fill up.
fn read_in_background(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Waits for `child` until [`TIMEOUT`] has passed, then kills it and reports the timeout.
fn wait_with_deadline(child: &mut Child) -> Result<ExitStatus, String> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s", TIMEOUT.as_secs()));
            }
            Err(e) => return Err(format!("cannot wait for the program: {e}")),
        }
    }
}

/// Largest number of lines on either side for which a full line diff is computed.
const MAX_DIFF_LINES: usize = 2000;

/// A line diff of `expected` and `actual`: common lines prefixed `  `, removed `- `, added `+ `.
fn diff(expected: &[u8], actual: &[u8]) -> String {
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    if old.len() > MAX_DIFF_LINES || new.len() > MAX_DIFF_LINES {
        let first = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        return format!(
            "(outputs too long for a full diff: {} vs {} lines, first difference at line {})\n",
            old.len(),
            new.len(),
            first + 1
        );
    }
    let mut text = String::new();
    for (tag, line) in line_diff(&old, &new) {
        text.push_str(tag);
        // Carriage returns are shown, so `\r\n` versus `\n` differences stay visible.
        text.push_str(&line.trim_end_matches('\n').replace('\r', "\\r"));
        if !line.ends_with('\n') {
            text.push_str("  (no newline at end)");
        }
        text.push('\n');
    }
    text
}

/// The edit script turning `old` into `new`, by longest common subsequence.
fn line_diff<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<(&'static str, &'a str)> {
    let (n, m) = (old.len(), new.len());
    // lcs[i][j] = length of the LCS of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut script = Vec::new();
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            script.push(("  ", old[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            script.push(("+ ", new[j]));
            j += 1;
        } else {
            script.push(("- ", old[i]));
            i += 1;
        }
    }
    script
}
