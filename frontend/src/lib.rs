//! orus-frontend: source map, diagnostics, lexer, parser, AST, name resolution and type
//! checking. It reads sources only through a loader trait.

pub mod ast;
pub mod check;
pub mod diagnostics;
pub mod lexer;
pub mod parser;
pub mod source;
pub mod typed;
