//! Rendering of uncaught runtime errors as §18.2 diagnostics, identical for the interpreter
//! and native executables.

use crate::error::RuntimeError;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};
use codespan_reporting::term::{self, termcolor};
use std::io::Write;

/// Where a failing operation is in the Orus source: the file path, the byte span of the
/// operation, and its 1-based line and column (used when the file cannot be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLoc {
    /// Path of the source file, as the user named it.
    pub path: String,
    /// Byte offset of the start of the offending code.
    pub start: u32,
    /// Byte offset just past the offending code.
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`.
    pub col: u32,
}

/// The title of a runtime error code (§18.3).
pub fn title(code: u16) -> &'static str {
    match code {
        1 => "This operation isn't allowed here",
        2 => "Index is outside the valid range",
        4 => "Number got too big to handle",
        7 | 10 => "Couldn't parse this number",
        _ => "Something went wrong",
    }
}

/// The header text after `error[E....]: `, such as `RUNTIME PANIC: Something went wrong`.
pub fn header(code: u16) -> String {
    let category = match code {
        0..=999 => "RUNTIME PANIC",
        1000..=1999 => "SYNTAX ERROR",
        2000..=2999 => "TYPE MISMATCH",
        3000..=3999 => "MODULE ERROR",
        _ => "INTERNAL ERROR",
    };
    format!("{category}: {}", title(code))
}

/// Renders `err` as a diagnostic (ANSI colour when `color`). With a readable source file at
/// `loc.path` the failing code is shown with the message's first line as its label and any
/// further lines as a note; otherwise the location is printed as `path:line:col`.
pub fn render(err: &RuntimeError, loc: Option<&SourceLoc>, color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let with_snippet = loc.and_then(|loc| {
        let source = std::fs::read_to_string(&loc.path).ok()?;
        emit_snippet(&mut buffer, err, loc, source).ok()
    });
    if with_snippet.is_none() {
        buffer.clear();
        // Writing into an in-memory buffer cannot fail.
        let _ = emit_plain(&mut buffer, err, loc);
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn diagnostic(err: &RuntimeError) -> Diagnostic<()> {
    Diagnostic::error()
        .with_code(format!("E{:04}", err.code))
        .with_message(header(err.code))
}

fn emit_snippet(
    buffer: &mut termcolor::Buffer,
    err: &RuntimeError,
    loc: &SourceLoc,
    source: String,
) -> Result<(), codespan_reporting::files::Error> {
    let start = (loc.start as usize).min(source.len());
    let end = (loc.end as usize).clamp(start, source.len());
    if !source.is_char_boundary(start) || !source.is_char_boundary(end) {
        return Err(codespan_reporting::files::Error::InvalidCharBoundary { given: start });
    }
    let (first, rest) = split_message(&err.message);
    let mut diagnostic =
        diagnostic(err).with_labels(vec![Label::primary((), start..end).with_message(first)]);
    if let Some(rest) = rest {
        diagnostic = diagnostic.with_notes(vec![dedent(rest)]);
    }
    let file = SimpleFile::new(loc.path.as_str(), source);
    term::emit(buffer, &term::Config::default(), &file, &diagnostic)
}

fn emit_plain(
    buffer: &mut termcolor::Buffer,
    err: &RuntimeError,
    loc: Option<&SourceLoc>,
) -> std::io::Result<()> {
    let mut severity = ColorSpec::new();
    severity
        .set_bold(true)
        .set_intense(true)
        .set_fg(Some(Color::Red));
    buffer.set_color(&severity)?;
    write!(buffer, "error[E{:04}]", err.code)?;
    buffer.set_color(ColorSpec::new().set_bold(true))?;
    write!(buffer, ": {}", header(err.code))?;
    buffer.reset()?;
    writeln!(buffer)?;
    if let Some(loc) = loc {
        writeln!(buffer, "  --> {}:{}:{}", loc.path, loc.line, loc.col)?;
    }
    for (index, line) in err.message.lines().enumerate() {
        let bullet = if index == 0 { "=" } else { " " };
        writeln!(buffer, "  {bullet} {}", line.trim_start())?;
    }
    writeln!(buffer)
}

/// Splits a message into its first line and the remaining lines, if any.
fn split_message(message: &str) -> (&str, Option<&str>) {
    match message.split_once('\n') {
        Some((first, rest)) if !rest.is_empty() => (first, Some(rest)),
        Some((first, _)) => (first, None),
        None => (message, None),
    }
}

/// Removes the leading indentation of every line (assert_eq indents its value lines by two).
fn dedent(text: &str) -> String {
    text.lines()
        .map(str::trim_start)
        .collect::<Vec<_>>()
        .join("\n")
}
