//! The per-function checking state: locals, block scopes (§7.6) with their nested function
//! definitions (§10.5), the enclosing scopes of a nested function, and the loop stack.

use super::types::Type;
use crate::source::Span;
use crate::typed::{LocalId, LoopId};
use std::collections::{HashMap, HashSet};

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
    /// Function definitions of the block (hoisted within it), by index into the checker's
    /// function table.
    fns: HashMap<String, usize>,
    /// Every name a declaration of the block introduces, also those not reached yet: a
    /// nested function referring to one of them would capture it.
    lexical: HashSet<String>,
}

/// One block scope of an enclosing function, as a nested function defined in it sees it.
#[derive(Clone, Debug, Default)]
pub(crate) struct EnvScope {
    /// Variables (locals and parameters) of the enclosing function: using one is a capture.
    pub(crate) vars: HashSet<String>,
    /// Functions defined in the block.
    pub(crate) fns: HashMap<String, usize>,
}

/// What a name means inside a body, before module variables and top-level functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// A local of this body.
    Local(LocalId),
    /// A nested function visible from here.
    Fn(usize),
    /// A local of an enclosing function (a closure capture).
    Captured,
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
    /// A module-level variable (the module initialiser outside every non-`if` block);
    /// `escaped` when it is declared inside an `if` branch, so reads must check it was
    /// assigned (§7.6).
    Global { escaped: bool },
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
    /// For nested functions: the enclosing block scopes, outermost first.
    pub(crate) env: Vec<EnvScope>,
    /// The function (index into the checker's table) this body belongs to.
    pub(crate) owner: Option<usize>,
    /// Locals that are compile-time integer constants (§7.4).
    pub(crate) const_ints: HashSet<LocalId>,
    /// Locals captured by a closure (in the declaring function) or received from the
    /// closure's environment: they live in cells.
    pub(crate) captured: HashSet<LocalId>,
    /// Locals declared by a plain `x = e` (mutable in their block, not from a closure).
    pub(crate) plain_locals: HashSet<LocalId>,
    /// `for` loops over a value of still open type in pass 1: (source type, loop variable
    /// type), settled when the function's body is finished.
    pub(crate) open_loops: Vec<(Type, Type)>,
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
            env: Vec::new(),
            owner: None,
            const_ints: HashSet::new(),
            captured: HashSet::new(),
            plain_locals: HashSet::new(),
            open_loops: Vec::new(),
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
            fns: HashMap::new(),
            lexical: HashSet::new(),
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

    /// What `name` means here: a local or nested function of this body (innermost scope
    /// first), else a local (capture) or function of an enclosing function's scopes.
    pub(crate) fn resolve(&self, name: &str) -> Option<Found> {
        for scope in self.scopes.iter().rev() {
            if let Some(&id) = scope.names.get(name) {
                return Some(Found::Local(id));
            }
            if let Some(&f) = scope.fns.get(name) {
                return Some(Found::Fn(f));
            }
        }
        for scope in self.env.iter().rev() {
            if scope.vars.contains(name) {
                return Some(Found::Captured);
            }
            if let Some(&f) = scope.fns.get(name) {
                return Some(Found::Fn(f));
            }
        }
        None
    }

    /// The kind of the innermost scope (`None` outside every block).
    pub(crate) fn innermost_kind(&self) -> Option<ScopeKind> {
        self.scopes.last().map(|scope| scope.kind)
    }

    /// Records names the innermost block declares somewhere (see [`Body::snapshot`]).
    pub(crate) fn add_lexical(&mut self, names: HashSet<String>) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.lexical.extend(names);
        }
    }

    /// Adds a function to the innermost scope; the one already defined there under that
    /// name, if any, is returned instead.
    pub(crate) fn declare_fn(&mut self, name: &str, f: usize) -> Result<(), usize> {
        let Some(scope) = self.scopes.last_mut() else {
            return Ok(());
        };
        match scope.fns.get(name) {
            Some(&first) => Err(first),
            None => {
                scope.fns.insert(name.to_string(), f);
                Ok(())
            }
        }
    }

    /// The scopes a function defined in the innermost block sees: this body's enclosing
    /// scopes, then each of its own scopes with its variables (declared so far or later)
    /// and functions.
    pub(crate) fn snapshot(&self) -> Vec<EnvScope> {
        let own = self.scopes.iter().map(|scope| EnvScope {
            vars: scope
                .names
                .keys()
                .chain(scope.lexical.iter())
                .cloned()
                .collect(),
            fns: scope.fns.clone(),
        });
        self.env.iter().cloned().chain(own).collect()
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
            DeclTarget::Global { escaped }
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

    /// Adds a compiler temporary (no name in any scope): a local of the body that only
    /// desugared code reads.
    pub(crate) fn declare_temp(&mut self, ty: Type, span: Span) -> LocalId {
        let id = LocalId(self.locals.len() as u32);
        self.locals.push(LocalVar {
            name: format!("$tmp{}", id.0),
            ty,
            mutable: true,
            needs_init_check: false,
            span,
        });
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
            DeclTarget::Global { .. } => panic!("expected a local"),
        }
    }

    #[test]
    fn module_if_branches_escape_to_globals() {
        let mut body = Body::module();
        assert!(body.at_module_level());
        assert!(matches!(
            body.plain_target(),
            DeclTarget::Global { escaped: false }
        ));
        body.push_scope(ScopeKind::IfBranch);
        assert!(matches!(
            body.plain_target(),
            DeclTarget::Global { escaped: true }
        ));
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
        assert_eq!(body.resolve("x"), Some(Found::Local(inner)));
        body.pop_scope();
        assert_eq!(body.resolve("x"), Some(Found::Local(outer)));
    }

    #[test]
    fn nested_functions_and_captures() {
        let mut outer = Body::function(0, Type::Void);
        outer.declare(var("n"), None);
        outer.push_scope(ScopeKind::Block);
        outer.add_lexical(["later".to_string()].into_iter().collect());
        assert_eq!(outer.declare_fn("helper", 3), Ok(()));
        assert_eq!(outer.declare_fn("helper", 4), Err(3));
        let mut inner = Body::function(10, Type::Void);
        inner.env = outer.snapshot();
        inner.declare(var("v"), None);
        assert_eq!(inner.resolve("n"), Some(Found::Captured));
        assert_eq!(inner.resolve("later"), Some(Found::Captured));
        assert_eq!(inner.resolve("helper"), Some(Found::Fn(3)));
        assert!(matches!(inner.resolve("v"), Some(Found::Local(_))));
        assert_eq!(inner.resolve("global"), None);
        // A nested function's own definitions shadow the enclosing ones.
        inner.push_scope(ScopeKind::Block);
        assert_eq!(inner.declare_fn("n", 7), Ok(()));
        assert_eq!(inner.resolve("n"), Some(Found::Fn(7)));
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
