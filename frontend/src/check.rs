//! Name resolution, scopes and type inference: `ast::Module` → monomorphic `typed::Program`.
//!
//! Pass 1 checks the module initialiser top to bottom and every function once, with type
//! variables for unannotated parameters, giving each function a type scheme (functions are
//! checked on demand, so a callee's scheme is known at its calls). Pass 2 walks the
//! initialiser again and builds a typed body for every (function, concrete parameter types)
//! instance reached from it; errors that only show at concrete types (`a + b` on bools) are
//! reported there, with a label on the call that asked for the instance.

mod arrays;
mod calls;
mod closures;
mod enums;
mod errors;
mod expr;
mod fixup;
mod functions;
mod literals;
mod matching;
mod ops;
mod scope;
mod stmt;
mod structs;
mod types;

use crate::ast;
use crate::diagnostics::Diagnostic;
use crate::source::{SourceMap, Span};
use crate::typed::{self, FuncId, Ty};
use functions::{FnEntry, Instance};
use std::collections::{HashMap, HashSet, VecDeque};
use structs::{EnumDecl, NamedType, StructDecl};
use types::{Subst, Type};

/// Checks a parsed root module and returns the monomorphic typed program, or every error.
pub fn check(root: &ast::Module, sources: &SourceMap) -> Result<typed::Program, Vec<Diagnostic>> {
    let mut checker = Checker::new(root, sources);
    checker.infer_program();
    checker.build_program();
    checker.finish()
}

/// A module-level variable while checking.
#[derive(Clone, Debug)]
struct GlobalVar {
    name: String,
    ty: Type,
    mutable: bool,
    /// Declared inside an `if` branch at top level: reads check it was assigned (§7.6).
    needs_init_check: bool,
    span: Span,
}

/// The whole-program checking state shared by both passes.
struct Checker<'a> {
    root: &'a ast::Module,
    sources: &'a SourceMap,
    subst: Subst,
    diagnostics: Vec<Diagnostic>,
    reported: HashSet<(u16, Span, String)>,
    fns: Vec<FnEntry<'a>>,
    fn_names: HashMap<String, usize>,
    /// Every function definition (nested ones included) by the span of its definition,
    /// so both passes share one entry.
    fn_ids: HashMap<Span, usize>,
    globals: Vec<GlobalVar>,
    /// Globals by the span of their name, so pass 2 reuses pass 1's ids.
    global_ids: HashMap<Span, usize>,
    /// Module-scope variables declared so far in the current walk of the initialiser.
    module_scope: HashMap<String, usize>,
    /// False in pass 1 (inference), true in pass 2 (typed bodies).
    building: bool,
    program: typed::Program,
    instances: HashMap<(usize, Vec<Ty>), FuncId>,
    worklist: VecDeque<Instance>,
    /// While building an instance, the call that requested it.
    call_site: Option<Span>,
    /// Struct declarations, by [`Type::Struct`] index.
    structs: Vec<StructDecl<'a>>,
    /// Enum declarations (the built-in `Result` included), by [`Type::Enum`] index.
    enums: Vec<EnumDecl<'a>>,
    /// Struct and enum names of the module.
    type_names: HashMap<String, NamedType>,
    /// Instance methods (function index) and the struct their `self` has.
    method_self: HashMap<usize, u32>,
    /// Pass 2 nodes built with open types, fixed when their body ends.
    open_nodes: std::cell::RefCell<fixup::OpenNodes>,
    /// Local compile-time integer constants visible where an annotation is being read.
    local_consts: HashSet<String>,
    /// Names of the module's top-level compile-time integer constants, for struct field
    /// annotations (read before the module's statements are walked).
    top_consts: HashSet<String>,
    /// Module variables that are compile-time integer constants (§7.4).
    const_globals: HashSet<usize>,
    /// Variant tables of the enums (filled by the enum module).
    enum_tables: enums::EnumTables,
    /// Function expressions (the closure module's state).
    closures: closures::ClosureState<'a>,
}

impl<'a> Checker<'a> {
    fn new(root: &'a ast::Module, sources: &'a SourceMap) -> Checker<'a> {
        let mut checker = Checker {
            root,
            sources,
            subst: Subst::default(),
            diagnostics: Vec::new(),
            reported: HashSet::new(),
            fns: Vec::new(),
            fn_names: HashMap::new(),
            fn_ids: HashMap::new(),
            globals: Vec::new(),
            global_ids: HashMap::new(),
            module_scope: HashMap::new(),
            building: false,
            program: typed::Program::default(),
            instances: HashMap::new(),
            worklist: VecDeque::new(),
            call_site: None,
            structs: Vec::new(),
            enums: Vec::new(),
            type_names: HashMap::new(),
            method_self: HashMap::new(),
            const_globals: HashSet::new(),
            local_consts: HashSet::new(),
            top_consts: HashSet::new(),
            open_nodes: Default::default(),
            enum_tables: enums::EnumTables::default(),
            closures: closures::ClosureState::default(),
        };
        checker.collect_types();
        checker.collect_variants();
        checker.program.enums = checker.typed_enums();
        checker.collect_lambdas();
        checker.collect_functions();
        checker.collect_methods();
        checker
    }

    /// Records a diagnostic once (both passes may find the same problem).
    fn report(&mut self, mut diagnostic: Diagnostic) {
        let key = (diagnostic.code, diagnostic.span, diagnostic.message.clone());
        if !self.reported.insert(key) {
            return;
        }
        if let Some(call) = self.call_site {
            diagnostic = diagnostic.with_label(call, "the types come from this call");
        }
        self.diagnostics.push(diagnostic);
    }

    /// The 1-based line of a span, for "already defined on line N".
    fn line(&self, span: Span) -> usize {
        self.sources.line_col(span).0
    }

    /// The concrete type of an inference type.
    fn concrete(&self, ty: &Type) -> Ty {
        self.subst.concrete(ty)
    }

    /// The name of a type as diagnostics show it (`[i32]`, `Point`, `fn(i32) -> i32`).
    fn show(&self, ty: &Type) -> String {
        let named = |is_enum: bool, id: u32| -> String {
            let name = if is_enum {
                self.enums.get(id as usize).map(|e| e.name.clone())
            } else {
                self.structs.get(id as usize).map(|s| s.name.clone())
            };
            name.unwrap_or_else(|| "unknown".to_string())
        };
        self.subst.show(ty, &named)
    }

    /// The module-level variable `name` visible from `body`.
    fn visible_global(&self, body: &scope::Body, name: &str) -> Option<usize> {
        let id = *self.module_scope.get(name)?;
        (self.globals[id].span.start < body.globals_before).then_some(id)
    }

    /// Pass 1: the initialiser, then every function no call reached.
    fn infer_program(&mut self) {
        let mut body = scope::Body::module();
        self.stmts(&mut body, &self.root.items, false);
        // Checking a function may hoist nested functions, appending entries.
        let mut f = 0;
        while f < self.fns.len() {
            self.ensure_scheme(f);
            f += 1;
        }
    }

    /// Pass 2: the typed initialiser and every reached function instance.
    fn build_program(&mut self) {
        self.building = true;
        self.module_scope.clear();
        self.program.functions.push(functions::placeholder());
        let mut body = scope::Body::module();
        let mut stmts = self.stmts(&mut body, &self.root.items, false);
        self.fix_open_types(&mut stmts);
        let path = &self.sources.file(self.root.file).path;
        let text_len = self.sources.file(self.root.file).text.len();
        self.program.functions[0] = typed::Function {
            name: format!("<module init {path}>"),
            source_name: path.clone(),
            kind: typed::FunctionKind::ModuleInit,
            params: Vec::new(),
            locals: self.typed_locals(&body),
            ret: Ty::Void,
            body: stmts,
            captures: Vec::new(),
            span: Span::new(self.root.file, 0, text_len),
        };
        self.program.init_order.push(FuncId(0));
        loop {
            while let Some(instance) = self.worklist.pop_front() {
                self.build_instance(instance);
            }
            if self.closures.pending.is_empty() && self.closures.pending_refs.is_empty() {
                break;
            }
            self.finish_lambdas();
        }
        self.program.globals = self
            .globals
            .iter()
            .map(|g| typed::Global {
                name: g.name.clone(),
                ty: self.concrete(&g.ty),
                needs_init_check: g.needs_init_check,
                span: g.span,
            })
            .collect();
        self.program.structs = self.typed_structs();
        self.program.enums = self.typed_enums();
    }

    /// The typed locals of a finished body.
    fn typed_locals(&self, body: &scope::Body) -> Vec<typed::Local> {
        body.locals
            .iter()
            .enumerate()
            .map(|(i, l)| typed::Local {
                name: l.name.clone(),
                ty: self.concrete(&l.ty),
                needs_init_check: l.needs_init_check,
                captured: body.captured.contains(&typed::LocalId(i as u32)),
                span: l.span,
            })
            .collect()
    }

    fn finish(mut self) -> Result<typed::Program, Vec<Diagnostic>> {
        if self.diagnostics.is_empty() {
            Ok(self.program)
        } else {
            self.diagnostics
                .sort_by_key(|d| (d.span.file, d.span.start, d.span.end));
            Err(self.diagnostics)
        }
    }
}
