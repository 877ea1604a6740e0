//! Golden snapshots of `orusc dump ast`, `orusc dump ir` (with frame layouts) and
//! `orusc dump bytecode` for the representative programs in `tests/golden/*.orus`.
//!
//! Each snapshot starts with the program's source (`----- SOURCE CODE`) followed by one dump
//! (`----- AST`, `----- IR` or `----- BYTECODE`), so a reviewer sees cause and effect side by
//! side. Review every changed snapshot with `cargo insta review`; never accept blindly.
//!
//! The AST dump is the `Debug` form of the tree; to keep it readable each
//! `Span { file, start, end }` block is folded into one `span: START..END «covered text»` line
//! (the first line of the source text the span covers), which also makes spans checkable by eye.

use std::path::Path;
use std::process::Command;

/// The forms of `orusc dump`, with the section title used in the snapshot.
#[derive(Clone, Copy)]
enum Form {
    Ast,
    Ir,
    Bytecode,
}

impl Form {
    fn arg(self) -> &'static str {
        match self {
            Form::Ast => "ast",
            Form::Ir => "ir",
            Form::Bytecode => "bytecode",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Form::Ast => "AST",
            Form::Ir => "IR",
            Form::Bytecode => "BYTECODE",
        }
    }
}

/// Runs `orusc dump FORM tests/golden/NAME.orus` from the repository root and renders the
/// snapshot text: the source, then the dump.
fn snapshot(name: &str, form: Form) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = format!("tests/golden/{name}.orus");
    let source = std::fs::read_to_string(root.join(&relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_orusc"))
        .args(["dump", form.arg(), &relative])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("orusc can be started");
    let stdout = String::from_utf8(output.stdout).expect("dumps are UTF-8");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "orusc dump {} {relative} failed ({}):\n{stderr}",
        form.arg(),
        output.status
    );
    let dump = match form {
        Form::Ast => fold_spans(&stdout, &source),
        Form::Ir | Form::Bytecode => stdout,
    };
    format!(
        "----- SOURCE CODE\n{source}\n----- {}\n{dump}",
        form.title()
    )
}

/// Folds every pretty-printed `Span { file: FileId(N), start: S, end: E }` block of a `Debug`
/// dump into a single line `span: S..E «text»`. Anything not of exactly that shape is kept.
fn fold_spans(dump: &str, source: &str) -> String {
    let lines: Vec<&str> = dump.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(folded) = fold_span_at(&lines[i..], source) {
            out.push_str(&folded);
            out.push('\n');
            i += 7;
        } else {
            out.push_str(lines[i]);
            out.push('\n');
            i += 1;
        }
    }
    out
}

/// Folds the seven lines starting at `lines[0]` when they are one span block.
fn fold_span_at(lines: &[&str], source: &str) -> Option<String> {
    let [head, file, id, close_file, start, end, close, ..] = lines else {
        return None;
    };
    let prefix = head.strip_suffix("Span {")?;
    let ok = file.trim() == "file: FileId("
        && id.trim().trim_end_matches(',').parse::<u32>().is_ok()
        && close_file.trim() == "),"
        && matches!(close.trim(), "}" | "},");
    if !ok {
        return None;
    }
    let start: usize = start
        .trim()
        .strip_prefix("start: ")?
        .strip_suffix(',')?
        .parse()
        .ok()?;
    let end: usize = end
        .trim()
        .strip_prefix("end: ")?
        .strip_suffix(',')?
        .parse()
        .ok()?;
    let covered = source.get(start..end)?;
    let covered = match covered.split_once('\n') {
        Some((first, _)) => format!("{first}…"),
        None => covered.to_string(),
    };
    let comma = if close.trim().ends_with(',') { "," } else { "" };
    Some(format!("{prefix}{start}..{end}{comma} «{covered}»"))
}

/// One test module per program, with one test per dump form.
macro_rules! golden {
    ($name:ident) => {
        golden!($name, ast, ir, bytecode);
    };
    ($name:ident, $($form:ident),+) => {
        mod $name {
            $(
                #[test]
                fn $form() {
                    let form = golden!(@form $form);
                    let text = super::snapshot(stringify!($name), form);
                    insta::assert_snapshot!(stringify!($form), text);
                }
            )+
        }
    };
    (@form ast) => { super::Form::Ast };
    (@form ir) => { super::Form::Ir };
    (@form bytecode) => { super::Form::Bytecode };
}

golden!(fib);
golden!(range_forms);
golden!(while_labels);
golden!(generic_two_types);
golden!(strings_print);
golden!(casts);
golden!(checked_arith);
golden!(if_declarations);
golden!(implicit_tail);
golden!(module_globals);
golden!(conditional_expr);
golden!(short_circuit);
golden!(unsigned_wrap);
golden!(float_folding);
golden!(missing_return);
golden!(compare_branches);
// 300 statements make an AST dump of many thousand lines that shows nothing the other
// programs do not; this program is about register allocation, so only IR and bytecode.
golden!(spills_300, ir, bytecode);
