//! Native try/catch: a C program standing in for compiled Orus code (`fixtures/native_try.c`)
//! is linked against `liborus_rt.a` and run, also in GC stress mode. Skipped (with a note)
//! when no C compiler is found or the archive is missing or older than the runtime sources
//! (build it with `cargo build -p orus-rt`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

fn newest_source(dir: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let time = if path.is_dir() {
            newest_source(&path)
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH)
        };
        newest = newest.max(time);
    }
    newest
}

/// The host's runtime archive as `scripts/build-runtimes.sh` builds it, when it is newer than
/// every runtime source.
fn archive() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let host = if cfg!(target_arch = "aarch64") {
        "aarch64-unknown-linux-gnu"
    } else if cfg!(target_arch = "riscv64") {
        "riscv64gc-unknown-linux-gnu"
    } else {
        "x86_64-unknown-linux-gnu"
    };
    let archive = root.join(format!("../target/{host}/release/liborus_rt.a"));
    let built = std::fs::metadata(&archive)
        .and_then(|m| m.modified())
        .ok()?;
    let sources = newest_source(&root.join("src")).max(newest_source(&root.join("abi/src")));
    (built >= sources).then_some(archive)
}

#[test]
fn try_catch_through_the_archive() {
    let Some(archive) = archive() else {
        let problem = "liborus_rt.a missing or stale (scripts/build-runtimes.sh)";
        // The test command builds the archives first: there, a missing one is a failure.
        assert!(std::env::var_os("CI").is_none(), "{problem}");
        eprintln!("skipped: {problem}");
        return;
    };
    let dir = std::env::temp_dir().join(format!("orus-native-try-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let exe = dir.join("native_try");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/native_try.c");
    let compiled = Command::new("cc")
        .arg(format!(
            "-DORUS_ABI_VERSION={}ULL",
            orus_abi::version::ABI_VERSION
        ))
        .arg(&source)
        .arg(&archive)
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(&exe)
        .status();
    match compiled {
        Ok(status) if status.success() => {}
        _ => {
            assert!(std::env::var_os("CI").is_none(), "no working C compiler");
            eprintln!("skipped: no working C compiler");
            return;
        }
    }
    for stress in ["0", "1"] {
        let out = Command::new(&exe)
            .env("ORUS_GC_STRESS", stress)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(70));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "Error: Division by zero\nError: Array slice end before start\n\
             Error: assert_eq failed (lbl)\n  expected: [5, 6, 7]\n  actual:   [5, 6]\n\
             caught 3\n5, 6, 7\n"
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("Cannot pop from an empty array"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
