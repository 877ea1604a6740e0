//! A runtime error raised by a running program, with the Orus source location it points at.

use orus_abi::bytecode::Program;
use orus_runtime::error::{RuntimeError, SourceLoc};

/// An uncaught runtime error and where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The error (kind, code, message).
    pub error: RuntimeError,
    /// The source of the failing operation, when the bytecode records one.
    pub location: Option<SourceLoc>,
}

impl Failure {
    /// Pairs `error` with the location recorded for instruction `pc` of function `func`.
    pub(crate) fn at(program: &Program, func: usize, pc: usize, error: RuntimeError) -> Failure {
        let location = program
            .functions
            .get(func)
            .and_then(|f| f.location_of(pc as u32))
            .and_then(|index| program.locations.get(index as usize))
            .map(|l| SourceLoc {
                path: program
                    .files
                    .get(l.file as usize)
                    .cloned()
                    .unwrap_or_default(),
                start: l.start,
                end: l.end,
                line: l.line,
                col: l.col,
            });
        Failure { error, location }
    }

    /// The §18.2 diagnostic text for this failure.
    pub fn render(&self, color: bool) -> String {
        orus_runtime::error::render(&self.error, self.location.as_ref(), color)
    }
}
