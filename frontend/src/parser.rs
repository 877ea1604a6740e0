//! parser (in progress)
