//! lexer (in progress)
