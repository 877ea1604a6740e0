//! Compile-time diagnostics as data, rendered once at the edge through codespan-reporting
//! (LANGUAGE.md §18).

use crate::source::{SourceMap, Span};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::{self, termcolor};

/// One compile-time problem: an error code of §18.3, the message of its primary label, and
/// optional secondary labels, help and note.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The numeric part of `E<code>`; decides category and title.
    pub code: u16,
    /// The primary message, shown on the primary label at `span`.
    pub message: String,
    /// The exact span of the offending code.
    pub span: Span,
    /// Other places that explain the error (the other operand, the earlier definition).
    pub secondary: Vec<(Span, String)>,
    /// A `help:` line.
    pub help: Option<String>,
    /// A `note:` line.
    pub note: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with code `code` and primary `message` at `span`.
    pub fn new(code: u16, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            span,
            secondary: Vec::new(),
            help: None,
            note: None,
        }
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push((span, message.into()));
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Sets the note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.note = Some(note.into());
        self
    }

    /// The category of §18.2 that follows from the code.
    pub fn category(&self) -> &'static str {
        category(self.code)
    }

    /// The title of §18.3 for the code.
    pub fn title(&self) -> &'static str {
        title(self.code)
    }

    /// `<CATEGORY>: <title>`, the header text after `error[E....]: `.
    pub fn header(&self) -> String {
        format!("{}: {}", self.category(), self.title())
    }
}

/// Category of an error code (§18.2).
pub fn category(code: u16) -> &'static str {
    match code {
        0..=999 => "RUNTIME PANIC",
        1000..=1999 => "SYNTAX ERROR",
        2000..=2999 => "TYPE MISMATCH",
        3000..=3999 => "MODULE ERROR",
        _ => "INTERNAL ERROR",
    }
}

/// Title of an error code (§18.3); codes not in the table get their category's generic title.
pub fn title(code: u16) -> &'static str {
    match code {
        1 => "This operation isn't allowed here",
        2 => "Index is outside the valid range",
        4 => "Number got too big to handle",
        7 | 10 => "Couldn't parse this number",
        1006 => "This syntax isn't quite right",
        1008 => "Indentation looks off",
        1010 => "Can't find this variable",
        1011 => "This variable name is already taken",
        1013 => "This isn't a valid variable name",
        1014 | 2008 => "This variable needs to be mutable",
        1020 => "Missing closing bracket",
        2001 | 2009 => "Type mismatch found",
        2003 => "Type not recognized",
        3003 | 3004 => "Failed to use this module",
        _ => "Something went wrong",
    }
}

/// Well-known error codes used across the frontend.
pub mod codes {
    /// Generic syntax error ("Expected ':' after if statement", ...).
    pub const SYNTAX: u16 = 1002;
    /// Malformed syntax: bad suffix, bad escape, chained casts, `pub` misplaced, ...
    pub const BAD_SYNTAX: u16 = 1006;
    /// Unexpected or inconsistent indentation.
    pub const INDENTATION: u16 = 1008;
    /// Undefined variable, field, variant, type name or out-of-scope name.
    pub const UNDEFINED: u16 = 1010;
    /// Redefinition in the same block.
    pub const REDEFINED: u16 = 1011;
    /// Lowercase module constant.
    pub const BAD_NAME: u16 = 1013;
    /// Assignment to an immutable binding.
    pub const IMMUTABLE: u16 = 1014;
    /// Missing closing bracket.
    pub const UNCLOSED: u16 = 1020;
    /// `break`/`continue` outside a loop.
    pub const LOOP_CONTROL: u16 = 1401;
    /// Non-exhaustive match.
    pub const NON_EXHAUSTIVE: u16 = 1410;
    /// Duplicate match arm / arm after `_`.
    pub const DUPLICATE_ARM: u16 = 1411;
    /// Type mismatch.
    pub const TYPE_MISMATCH: u16 = 2001;
    /// Unknown type name.
    pub const UNKNOWN_TYPE: u16 = 2003;
    /// Wrong argument count.
    pub const ARITY: u16 = 2009;
    /// Unresolved module.
    pub const MODULE_NOT_FOUND: u16 = 3003;
    /// Missing export / other module errors.
    pub const MODULE_EXPORT: u16 = 3004;
    /// A compiler bug or an implementation limit.
    pub const INTERNAL: u16 = 9000;
}

/// Converts to codespan's diagnostic type.
pub fn to_codespan(d: &Diagnostic) -> CsDiagnostic<crate::source::FileId> {
    let mut labels = vec![Label::primary(d.span.file, d.span.range()).with_message(&d.message)];
    for (span, message) in &d.secondary {
        labels.push(Label::secondary(span.file, span.range()).with_message(message));
    }
    let mut notes = Vec::new();
    if let Some(help) = &d.help {
        notes.push(format!("help: {help}"));
    }
    if let Some(note) = &d.note {
        notes.push(format!("note: {note}"));
    }
    CsDiagnostic::error()
        .with_code(format!("E{:04}", d.code))
        .with_message(d.header())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders diagnostics to a string, with ANSI colour when `color` is true.
pub fn render(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for d in diagnostics {
        // Rendering only fails on spans outside their file, which would be a frontend bug;
        // fall back to a plain line so the user still sees the message.
        if term::emit(&mut buffer, &config, sources, &to_codespan(d)).is_err() {
            let (line, col) = sources.line_col(d.span);
            let path = &sources.file(d.span.file).path;
            buffer_write(
                &mut buffer,
                &format!(
                    "error[E{:04}]: {}\n  --> {path}:{line}:{col}: {}\n",
                    d.code,
                    d.header(),
                    d.message
                ),
            );
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

fn buffer_write(buffer: &mut termcolor::Buffer, text: &str) {
    use std::io::Write;
    let _ = buffer.write_all(text.as_bytes());
}
