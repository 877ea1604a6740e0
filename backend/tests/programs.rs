//! The end-to-end programs of `tests/programs` cross-compiled to native executables for
//! AArch64 and RISC-V 64 must print the expected stdout and stderr and exit with the expected
//! status under qemu-user. (Host-native runs, plain and under `ORUS_GC_STRESS=1`, are trials
//! of the workspace's differential runner, `tests/programs.rs`.)

mod common;

use common::{build, run_full, runtime_for};
use orus_backend::Arch;
use orus_frontend::source::SourceMap;
use orus_frontend::{check, parser};
use std::path::{Path, PathBuf};

/// Programs the foreign targets run at least (LANGUAGE-wide coverage under qemu).
const MIN_CROSS_PROGRAMS: usize = 25;

/// Programs whose expected output holds only on x86-64: `inf - inf` is a NaN with the sign
/// bit set there (and printed `-nan`), while AArch64 and RISC-V produce a positive NaN.
const X86_64_ONLY: &[&str] = &["tests/programs/casts/to_string_floats_use_g.orus"];

/// The repository root (programs run from there, with relative paths).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Every `tests/programs/**/NAME.orus`, relative to the root, sorted.
fn programs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "orus") {
                out.push(path);
            }
        }
    }
    let root = root();
    let mut out = Vec::new();
    walk(&root.join("tests/programs"), &mut out);
    let mut rel: Vec<PathBuf> = out
        .iter()
        .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
        .collect();
    rel.sort();
    rel
}

/// The program's IR, or `None` when it does not compile (compile errors are not native code's
/// business; the interpreter's runner checks them).
fn compile(rel: &Path) -> Option<orus_midend::ir::Module> {
    let text = std::fs::read_to_string(root().join(rel)).ok()?;
    let mut sources = SourceMap::new();
    let file = sources.add(rel.display().to_string(), text.clone());
    let (module, errors) = parser::parse(file, &text);
    if !errors.is_empty() {
        return None;
    }
    let program = check::check(&module, &sources).ok()?;
    orus_midend::compile_ir(&program, &sources).ok()
}

/// Expected (stdout, stderr if given, exit status) of the program at `rel`.
fn expected(rel: &Path) -> (String, Option<String>, i32) {
    let base = root().join(rel);
    let read = |ext: &str| std::fs::read_to_string(base.with_extension(ext)).ok();
    let code = read("exit")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0);
    (read("out").unwrap_or_default(), read("err"), code)
}

/// Builds and runs every runnable program for `arch`; returns (passed, failures).
fn run_all(arch: Arch, limit: usize) -> Option<(usize, Vec<String>)> {
    runtime_for(arch)?;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut passed = 0;
    let mut failures = Vec::new();
    for rel in programs() {
        if passed + failures.len() >= limit {
            break;
        }
        let (stdout, stderr, code) = expected(&rel);
        if code == 65 {
            continue;
        }
        let input = std::fs::read(root().join(&rel).with_extension("in")).ok();
        if arch != Arch::X86_64 && X86_64_ONLY.iter().any(|p| Path::new(p) == rel) {
            continue;
        }
        // Front-end failures are the differential runner's to report.
        let Some(module) = compile(&rel) else {
            continue;
        };
        let name = rel.display().to_string().replace('/', "_");
        let exe = build(&module, arch, dir.path(), &name)?;
        let mut problems = Vec::new();
        let got = run_full(&exe, arch, &root(), &[], input.as_deref());
        if got.stdout != stdout {
            problems.push(format!("stdout:\n{}\nexpected:\n{stdout}", got.stdout));
        }
        if let Some(err) = stderr.as_ref().filter(|e| **e != got.stderr) {
            problems.push(format!("stderr:\n{}\nexpected:\n{err}", got.stderr));
        }
        if got.code != code {
            problems.push(format!(
                "exit {} (expected {code}): {}",
                got.code, got.stderr
            ));
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{}: {}", rel.display(), problems.join("\n")));
        }
    }
    Some((passed, failures))
}

fn check_target(arch: Arch, limit: usize, minimum: usize) {
    let Some((passed, failures)) = run_all(arch, limit) else {
        return;
    };
    assert!(
        failures.is_empty(),
        "{} of {} programs failed on {}:\n{}",
        failures.len(),
        passed + failures.len(),
        arch.triple(),
        failures.join("\n\n")
    );
    assert!(
        passed >= minimum,
        "only {passed} programs ran on {}",
        arch.triple()
    );
}

#[test]
fn aarch64_programs_under_qemu() {
    check_target(Arch::Aarch64, usize::MAX, MIN_CROSS_PROGRAMS);
}

#[test]
fn riscv64_programs_under_qemu() {
    check_target(Arch::Riscv64, usize::MAX, MIN_CROSS_PROGRAMS);
}
