//! Scale and robustness tests of the `orusc` binary:
//! * the scale programs of `tests/programs/scale/` run with `--stats`: the output is right and
//!   the 1,000-locals program really exercises spilling (spills > 0 and reloads > 0);
//! * a 1,000,000-deep recursion either completes or fails with exactly the `Stack overflow`
//!   runtime error — never a signal or a Rust panic;
//! * command-line handling: usage errors exit 64, `--help` / `--version` / `-v` exit 0 and
//!   print on stdout, an unreadable input file exits 65.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The repository root; programs are run from here with relative paths.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `orusc ARGS` from the repository root without colour and with empty stdin.
fn orusc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orusc"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("orusc can be started")
}

/// Text of a byte stream, for assertions and failure messages.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The value of the `--stats` line `NAME: N` in `stderr`.
fn stat(stderr: &str, name: &str) -> u64 {
    let prefix = format!("{name}: ");
    let values: Vec<u64> = stderr
        .lines()
        .filter_map(|line| line.trim().strip_prefix(&prefix))
        .map(|value| {
            value
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("`{name}` is not a number in:\n{stderr}"))
        })
        .collect();
    match values[..] {
        [value] => value,
        _ => panic!("expected exactly one `{name}: N` line in the stats, got:\n{stderr}"),
    }
}

/// Runs `orusc run --stats` on a scale program and checks status and stdout against the
/// `.out` file beside it; returns stderr (the statistics).
fn run_scale_program(name: &str) -> String {
    let program = format!("tests/programs/scale/{name}.orus");
    let expected = std::fs::read(root().join(format!("tests/programs/scale/{name}.out")))
        .expect("the scale program has an .out file");
    let output = orusc(&["run", "--stats", &program]);
    let stderr = text(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{program} failed ({}); stderr:\n{stderr}",
        output.status
    );
    assert!(
        output.stdout == expected,
        "{program}: stdout differs\nexpected:\n{}\nactual:\n{}",
        text(&expected),
        text(&output.stdout)
    );
    assert!(
        !stderr.contains("panicked"),
        "{program} panicked:\n{stderr}"
    );
    stderr
}

#[test]
fn many_locals_output_and_spills() {
    let stats = run_scale_program("many_locals");
    let spills = stat(&stats, "spills");
    let reloads = stat(&stats, "reloads");
    assert!(
        spills > 0,
        "1,000 simultaneously live locals must spill; stats:\n{stats}"
    );
    assert!(
        reloads > 0,
        "spilled locals must be reloaded; stats:\n{stats}"
    );
    // The 1,000 locals are all read once, so at least the locals that do not fit the 256
    // window slots are spilled and reloaded at least once per call (two calls).
    assert!(
        spills >= 2 * (1000 - 256) && reloads >= 2 * (1000 - 256),
        "too few spills or reloads for 1,000 live locals over two calls; stats:\n{stats}"
    );
}

#[test]
fn many_globals_output() {
    let stats = run_scale_program("many_globals");
    // Globals live outside the frame; `--stats` still reports the counters.
    stat(&stats, "spills");
    stat(&stats, "reloads");
}

/// Writes `source` to a fresh temporary directory and returns the directory and the path.
fn temp_program(name: &str, source: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, source).expect("the program can be written");
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

/// Asserts that a deep recursion either finished with `expected_stdout`, or failed with
/// exactly one `Stack overflow` runtime error (status 70) after printing `prefix`.
fn assert_completes_or_overflows(path: &str, prefix: &str, expected_stdout: &str) {
    let output = orusc(&["run", path]);
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "orusc panicked ({}):\n{stderr}",
        output.status
    );
    match output.status.code() {
        Some(0) => {
            assert_eq!(
                stdout, expected_stdout,
                "wrong output of a completed recursion"
            );
            assert_eq!(stderr, "", "a completed recursion writes nothing to stderr");
        }
        Some(70) => {
            assert_eq!(
                stdout, prefix,
                "a failed recursion still prints what came before"
            );
            let first = stderr.lines().next().unwrap_or_default();
            assert_eq!(
                first, "error[E0005]: RUNTIME PANIC: Something went wrong",
                "a too deep recursion is the `Stack overflow` runtime error; stderr:\n{stderr}"
            );
            assert!(
                stderr.contains(" Stack overflow\n"),
                "the diagnostic carries the message `Stack overflow`; stderr:\n{stderr}"
            );
            assert_eq!(
                stderr.matches("error[").count(),
                1,
                "exactly one diagnostic; stderr:\n{stderr}"
            );
        }
        other => panic!(
            "deep recursion must exit 0 or 70, not {other:?} ({}) — a signal or crash; \
             stderr:\n{stderr}",
            output.status
        ),
    }
}

#[test]
fn recursion_one_million_deep() {
    let source = "\
fn down(n: i32) -> i32:
    if n == 0:
        return 0
    return down(n - 1) + 1
print(\"start\")
print(down(1000000))
";
    let (_dir, path) = temp_program("deep.orus", source);
    assert_completes_or_overflows(&path, "start\n", "start\n1000000\n");
}

#[test]
fn recursion_one_million_deep_with_many_locals() {
    // Bigger frames (several live values across the call) reach any stack limit sooner.
    let source = "\
fn down(n: i64, a: i64, b: i64) -> i64:
    if n == 0:
        return a + b
    c = a + 1
    d = b + 2
    e = down(n - 1, c, d)
    return e + c - d + 1
print(\"start\")
print(down(1000000, 0, 0))
";
    // Each level adds c - d + 1 = (a + 1) - (b + 2) + 1 = a - b = -level, so the result is
    // 3,000,000 (the base case) minus 0 + 1 + … + 999,999, i.e. 3,000,000 - 499,999,500,000.
    let expected = format!("start\n{}\n", 3_000_000i64 - 499_999_500_000i64);
    let (_dir, path) = temp_program("deep_locals.orus", source);
    assert_completes_or_overflows(&path, "start\n", &expected);
}

#[test]
fn usage_errors_exit_64() {
    let cases: &[&[&str]] = &[
        &["--bogus"],
        &["frobnicate"],
        &["run"],
        &["run", "--bogus", "tests/golden/fib.orus"],
        &["check"],
        &["dump"],
        &["dump", "ast"],
        &["dump", "nonsense", "tests/golden/fib.orus"],
    ];
    for args in cases {
        let output = orusc(args);
        assert_eq!(
            output.status.code(),
            Some(64),
            "`orusc {}` is a usage error; stderr:\n{}",
            args.join(" "),
            text(&output.stderr)
        );
        assert!(
            output.stdout.is_empty(),
            "`orusc {}` writes usage errors to stderr only",
            args.join(" ")
        );
        assert!(
            !output.stderr.is_empty(),
            "`orusc {}` explains the usage error",
            args.join(" ")
        );
    }
}

#[test]
fn help_and_version_exit_0_on_stdout() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["run", "--help"],
        &["dump", "--help"],
    ] {
        let output = orusc(args);
        assert_eq!(output.status.code(), Some(0), "`orusc {}`", args.join(" "));
        let stdout = text(&output.stdout);
        assert!(
            stdout.contains("Usage:"),
            "`orusc {}` prints usage on stdout, got:\n{stdout}",
            args.join(" ")
        );
        assert!(output.stderr.is_empty(), "`orusc {}`", args.join(" "));
    }
    let version = format!("orusc {}", env!("CARGO_PKG_VERSION"));
    for flag in ["--version", "-v"] {
        let output = orusc(&[flag]);
        assert_eq!(output.status.code(), Some(0), "`orusc {flag}`");
        assert_eq!(text(&output.stdout).trim(), version, "`orusc {flag}`");
        assert!(output.stderr.is_empty(), "`orusc {flag}`");
    }
}

#[test]
fn missing_file_exits_65() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("no_such_program.orus");
    let missing = missing.to_string_lossy().into_owned();
    for command in [
        vec!["run", missing.as_str()],
        vec!["check", missing.as_str()],
        vec!["dump", "ir", missing.as_str()],
    ] {
        let output = orusc(&command);
        let stderr = text(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(65),
            "`orusc {}`: an unreadable input file exits 65; stderr:\n{stderr}",
            command.join(" ")
        );
        assert!(output.stdout.is_empty(), "`orusc {}`", command.join(" "));
        assert!(
            stderr.contains(&missing),
            "the diagnostic names the file; stderr:\n{stderr}"
        );
        assert!(
            stderr.ends_with(&format!("Compilation failed for \"{missing}\".\n")),
            "§18.2: the trailer follows the error; stderr:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "stderr:\n{stderr}");
    }
}
