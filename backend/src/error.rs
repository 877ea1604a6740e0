//! Why the backend could not produce its output.

use std::fmt;

/// A backend failure; its text is the message of an `E9000` internal-error diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendError {
    /// An unknown target or an LLVM target that cannot be created.
    Target(String),
    /// LLVM rejected the generated module or could not write it.
    Llvm(String),
    /// The runtime archive is missing or was built for another runtime version.
    Runtime(String),
    /// The C driver failed to link; the text is its trimmed output.
    Link(String),
    /// A file could not be written.
    Io(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Target(m) => write!(f, "unsupported target: {m}"),
            BackendError::Llvm(m) => write!(f, "LLVM: {m}"),
            BackendError::Runtime(m) => write!(f, "runtime archive: {m}"),
            BackendError::Link(m) => write!(f, "linking failed: {m}"),
            BackendError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for BackendError {}

impl From<inkwell::builder::BuilderError> for BackendError {
    fn from(err: inkwell::builder::BuilderError) -> BackendError {
        BackendError::Llvm(err.to_string())
    }
}
