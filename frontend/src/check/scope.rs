//! The per-function checking state: locals, block scopes (§7.6) and the loop stack.

use super::types::Type;
use crate::source::Span;
use crate::typed::{LocalId, LoopId};
use std::collections::HashMap;

/// What opened a block scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// A function body, loop body or parameter list: plain declarations stay here.
    Block,
    /// An `if`/`elif`/`else` branch: plain declarations escape it.
    IfBranch,
}

/// One block scope.
#[derive(Debug)]
struct Scope {
    kind: ScopeKind,
    names: HashMap<String, LocalId>,
}

/// A local variable while its function is checked.
#[derive(Clone, Debug)]
pub(crate) struct LocalVar {
    /// Name as written.
    pub(crate) name: String,
    /// Its (possibly not yet inferred) type.
    pub(crate) ty: Type,
    /// Assignable after its declaration.
    pub(crate) mutable: bool,
    /// Declared in an `if` branch and visible after it.
    pub(crate) needs_init_check: bool,
    /// Where it was declared.
    pub(crate) span: Span,
}

/// An enclosing loop for `break`/`continue`.
#[derive(Clone, Debug)]
struct LoopEntry {
    label: Option<String>,
    id: LoopId,
}

/// Where a plain declaration lands.
pub(crate) enum DeclTarget {
    /// A new local in a scope (by depth), with its init-check flag.
    Local { depth: usize, escaped: bool },
    /// A module-level variable (the module initialiser outside every non-`if` block).
    Global,
}

/// The checking state of one function body or module initialiser.
#[derive(Debug)]
pub(crate) struct Body {
    /// All locals, parameters first.
    pub(crate) locals: Vec<LocalVar>,
    scopes: Vec<Scope>,
    loops: Vec<LoopEntry>,
    loop_count: u32,
    /// The return type (inferred or fixed).
    pub(crate) ret: Type,
    /// A `return` or tail value produced a value (so an unknown return type is not `void`).
    pub(crate) returns_value: bool,
    /// True for a module initialiser, whose outermost declarations are globals.
    pub(crate) module: bool,
    /// For functions: only module variables declared before this byte offset are visible.
    pub(crate) globals_before: u32,
}

impl Body {
    /// The state for a module initialiser.
    pub(crate) fn module() -> Body {
        Body {
            locals: Vec::new(),
            scopes: Vec::new(),
            loops: Vec::new(),
            loop_count: 0,
            ret: Type::Void,
            returns_value: false,
            module: true,
            globals_before: u32::MAX,
        }
    }

    /// The state for a function defined at `def_start`, with its parameter scope open.
    pub(crate) fn function(def_start: u32, ret: Type) -> Body {
        let mut body = Body {
            ret,
            module: false,
            globals_before: def_start,
            ..Body::module()
        };
        body.push_scope(ScopeKind::Block);
        body
    }

    /// Opens a block scope.
    pub(crate) fn push_scope(&mut self, kind: ScopeKind) {
        self.scopes.push(Scope {
            kind,
            names: HashMap::new(),
        });
    }

    /// Closes the innermost block scope.
    pub(crate) fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    /// True outside every block of the module initialiser.
    pub(crate) fn at_module_level(&self) -> bool {
        self.module && self.scopes.is_empty()
    }

    /// The visible local named `name`, innermost first.
    pub(crate) fn lookup(&self, name: &str) -> Option<LocalId> {
        self.scopes
            .iter()
            .rev()
            .find_map(|scope| scope.names.get(name).copied())
    }

    /// The local named `name` declared in the innermost scope, for redefinition errors.
    pub(crate) fn in_innermost(&self, name: &str) -> Option<LocalId> {
        self.scopes
            .last()
            .and_then(|scope| scope.names.get(name).copied())
    }

    /// Where a plain `name = e` declaration belongs: the nearest scope that is not an
    /// `if` branch, or the module.
    pub(crate) fn plain_target(&self) -> DeclTarget {
        let mut escaped = false;
        for (depth, scope) in self.scopes.iter().enumerate().rev() {
            if scope.kind == ScopeKind::Block {
                return DeclTarget::Local { depth, escaped };
            }
            escaped = true;
        }
        if self.module {
            DeclTarget::Global
        } else {
            DeclTarget::Local {
                depth: 0,
                escaped: false,
            }
        }
    }

    /// Adds a local to the scope at `depth` (the innermost when `None`).
    pub(crate) fn declare(&mut self, var: LocalVar, depth: Option<usize>) -> LocalId {
        let id = LocalId(self.locals.len() as u32);
        let depth = depth.unwrap_or(self.scopes.len() - 1);
        self.scopes[depth].names.insert(var.name.clone(), id);
        self.locals.push(var);
        id
    }

    /// The local with this id.
    pub(crate) fn local(&self, id: LocalId) -> &LocalVar {
        &self.locals[id.0 as usize]
    }

    /// Enters a loop and returns its id.
    pub(crate) fn enter_loop(&mut self, label: Option<&str>) -> LoopId {
        let id = LoopId(self.loop_count);
        self.loop_count += 1;
        self.loops.push(LoopEntry {
            label: label.map(str::to_string),
            id,
        });
        id
    }

    /// Leaves the innermost loop.
    pub(crate) fn exit_loop(&mut self) {
        self.loops.pop();
    }

    /// The loop a `break`/`continue` targets: `Err(true)` for an unknown label,
    /// `Err(false)` outside any loop.
    pub(crate) fn loop_target(&self, label: Option<&str>) -> Result<LoopId, bool> {
        match label {
            Some(name) => self
                .loops
                .iter()
                .rev()
                .find(|l| l.label.as_deref() == Some(name))
                .map(|l| l.id)
                .ok_or(true),
            None => self.loops.last().map(|l| l.id).ok_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(name: &str) -> LocalVar {
        LocalVar {
            name: name.into(),
            ty: Type::I32,
            mutable: true,
            needs_init_check: false,
            span: Span::default(),
        }
    }

    #[test]
    fn plain_declarations_escape_if_branches() {
        let mut body = Body::function(0, Type::Void);
        body.push_scope(ScopeKind::Block);
        body.push_scope(ScopeKind::IfBranch);
        body.push_scope(ScopeKind::IfBranch);
        match body.plain_target() {
            DeclTarget::Local { depth, escaped } => {
                assert_eq!(depth, 1);
                assert!(escaped);
            }
            DeclTarget::Global => panic!("expected a local"),
        }
    }

    #[test]
    fn module_if_branches_escape_to_globals() {
        let mut body = Body::module();
        assert!(body.at_module_level());
        body.push_scope(ScopeKind::IfBranch);
        assert!(matches!(body.plain_target(), DeclTarget::Global));
        body.push_scope(ScopeKind::Block);
        assert!(matches!(
            body.plain_target(),
            DeclTarget::Local { depth: 1, .. }
        ));
    }

    #[test]
    fn shadowing_and_scope_exit() {
        let mut body = Body::function(0, Type::Void);
        let outer = body.declare(var("x"), None);
        body.push_scope(ScopeKind::Block);
        assert_eq!(body.in_innermost("x"), None);
        let inner = body.declare(var("x"), None);
        assert_eq!(body.lookup("x"), Some(inner));
        body.pop_scope();
        assert_eq!(body.lookup("x"), Some(outer));
    }

    #[test]
    fn labelled_loops() {
        let mut body = Body::function(0, Type::Void);
        assert_eq!(body.loop_target(None), Err(false));
        let outer = body.enter_loop(Some("outer"));
        let inner = body.enter_loop(None);
        assert_eq!(body.loop_target(None), Ok(inner));
        assert_eq!(body.loop_target(Some("outer")), Ok(outer));
        assert_eq!(body.loop_target(Some("nope")), Err(true));
    }
}
