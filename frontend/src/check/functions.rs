//! Functions: hoisting (top-level ones into the module, nested ones within their block,
//! §10.5), signature inference (pass 1), and monomorphic instances (pass 2).

use super::errors;
use super::scope::{Body, EnvScope, LocalVar, ScopeKind};
use super::types::{Scheme, Type};
use super::Checker;
use crate::ast;
use crate::source::Span;
use crate::typed::{self, FuncId, Ty};

/// Where a function's signature stands in pass 1.
#[derive(Clone, Debug)]
pub(super) enum FnState {
    /// Not checked yet.
    Pending,
    /// Being checked: recursive calls use this monomorphic signature.
    InProgress(Vec<Type>, Type),
    /// Checked: the generalised signature.
    Done(Scheme),
}

/// A function definition, top-level or nested.
#[derive(Debug)]
pub(super) struct FnEntry<'a> {
    /// The definition.
    pub(super) def: &'a ast::FnDef,
    /// Display name: `f`, or `outer.inner` for a nested function.
    pub(super) display: String,
    /// For a nested function: the block scopes of the enclosing functions, outermost first.
    pub(super) env: Vec<EnvScope>,
    /// Its signature.
    pub(super) state: FnState,
    /// Pass 1 reported errors while checking it: no instances are built.
    pub(super) failed: bool,
}

/// A function instance waiting for its body to be built.
#[derive(Debug)]
pub(super) struct Instance {
    function: usize,
    id: FuncId,
    params: Vec<Ty>,
    ret: Ty,
    call: Span,
}

/// An empty function occupying an id until its body is built.
pub(super) fn placeholder() -> typed::Function {
    typed::Function {
        name: String::new(),
        source_name: String::new(),
        kind: typed::FunctionKind::Named,
        params: Vec::new(),
        locals: Vec::new(),
        ret: Ty::Void,
        body: Vec::new(),
        captures: Vec::new(),
        span: Span::default(),
    }
}

impl<'a> Checker<'a> {
    /// Hoists the module's `fn` definitions; a second definition of a name is an error.
    pub(super) fn collect_functions(&mut self) {
        for item in &self.root.items {
            let ast::StmtKind::Fn(def) = &item.kind else {
                continue;
            };
            if let Some(&first) = self.fn_names.get(&def.name.name) {
                let first = self.fns[first].def.name.span;
                let line = self.line(first);
                self.report(errors::redefined_function(
                    def.name.span,
                    &def.name.name,
                    line,
                    first,
                ));
                continue;
            }
            self.fn_names.insert(def.name.name.clone(), self.fns.len());
            self.fn_ids.insert(def.span, self.fns.len());
            self.fns.push(FnEntry {
                def,
                display: def.name.name.clone(),
                env: Vec::new(),
                state: FnState::Pending,
                failed: false,
            });
        }
    }

    /// Hoists the `fn` definitions of a block (not the module's top level) into its
    /// innermost scope, so they are visible in the whole block (§10.5). Both passes call
    /// this; an entry is created once per definition.
    pub(super) fn hoist_functions(&mut self, b: &mut Body, stmts: &'a [ast::Stmt]) {
        let mut fresh = Vec::new();
        for stmt in stmts {
            let ast::StmtKind::Fn(def) = &stmt.kind else {
                continue;
            };
            let f = match self.fn_ids.get(&def.span) {
                Some(&f) => f,
                None => {
                    let display = match b.owner {
                        Some(owner) => format!("{}.{}", self.fns[owner].display, def.name.name),
                        None => def.name.name.clone(),
                    };
                    self.fns.push(FnEntry {
                        def,
                        display,
                        env: Vec::new(),
                        state: FnState::Pending,
                        failed: false,
                    });
                    self.fn_ids.insert(def.span, self.fns.len() - 1);
                    fresh.push(self.fns.len() - 1);
                    self.fns.len() - 1
                }
            };
            if let Err(first) = b.declare_fn(&def.name.name, f) {
                let first = self.fns[first].def.name.span;
                let line = self.line(first);
                self.report(errors::redefined_function(
                    def.name.span,
                    &def.name.name,
                    line,
                    first,
                ));
            }
        }
        if fresh.is_empty() {
            return;
        }
        let env = b.snapshot();
        for f in fresh {
            self.fns[f].env = env.clone();
        }
    }

    /// The checking state of function `f`'s body, with its parameter scope open.
    fn function_state(&self, f: usize, ret: Type) -> Body {
        let entry = &self.fns[f];
        let mut body = Body::function(entry.def.span.start, ret);
        body.env = entry.env.clone();
        body.owner = Some(f);
        body
    }

    /// The function's signature at a call: a fresh instance of its scheme, or the
    /// in-progress signature for a recursive call. Checks the function first if needed.
    pub(super) fn signature(&mut self, f: usize) -> (Vec<Type>, Type) {
        self.ensure_scheme(f);
        match &self.fns[f].state {
            FnState::Done(scheme) => {
                let scheme = scheme.clone();
                self.subst.instantiate(&scheme)
            }
            FnState::InProgress(params, ret) => (params.clone(), ret.clone()),
            FnState::Pending => (Vec::new(), Type::Error),
        }
    }

    /// Pass 1 for one function: checks its body and stores its generalised scheme.
    pub(super) fn ensure_scheme(&mut self, f: usize) {
        if !matches!(self.fns[f].state, FnState::Pending) || self.closures.closure_fns.contains(&f)
        {
            return;
        }
        let def = self.fns[f].def;
        let errors_before = self.diagnostics.len();
        let receiver = self.method_self.get(&f).copied();
        let params: Vec<Type> = def
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| match (i, receiver, &p.ty) {
                (0, Some(id), None) => Type::Struct(id),
                (0, Some(id), Some(annotation)) => {
                    let ty = self.annotation(annotation, false);
                    if !self.subst.unify(&ty, &Type::Struct(id)) {
                        let found = self.show(&ty);
                        let expected = self.show(&Type::Struct(id));
                        self.report(errors::mismatch(annotation.span, &found, &expected));
                    }
                    Type::Struct(id)
                }
                _ => self.param_type(p.ty.as_ref()),
            })
            .collect();
        let (ret, ret_fixed) = match &def.ret {
            Some(annotation) => (self.annotation(annotation, true), true),
            None => (self.subst.fresh(), false),
        };
        self.fns[f].state = FnState::InProgress(params.clone(), ret.clone());
        let mut body = self.function_state(f, ret.clone());
        self.declare_params(&mut body, &def.params, &params);
        self.function_body(&mut body, def);
        self.settle_open_loops(&mut body);
        if !body.returns_value && !ret_fixed {
            self.subst.unify(&ret, &Type::Void);
        }
        let env = self.environment_vars(f);
        let scheme = self.subst.generalise(&params, &ret, &env);
        self.fns[f].state = FnState::Done(scheme);
        self.fns[f].failed = self.diagnostics.len() > errors_before;
    }

    /// Type variables that must not be generalised: those of module variables and of the
    /// signatures of functions still being checked.
    fn environment_vars(&self, except: usize) -> Vec<u32> {
        let globals = self.globals.iter().map(|g| &g.ty);
        let in_progress = self
            .fns
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != except)
            .flat_map(|(_, entry)| match &entry.state {
                FnState::InProgress(params, ret) => {
                    params.iter().chain(std::iter::once(ret)).collect()
                }
                _ => Vec::new(),
            });
        let mut vars = Vec::new();
        for ty in globals.chain(in_progress) {
            self.subst.free_vars(ty, &mut vars);
        }
        vars
    }

    /// The type of a parameter annotation; none (or `any`) is a fresh variable.
    fn param_type(&mut self, annotation: Option<&ast::TypeExpr>) -> Type {
        match annotation {
            Some(ty) if !is_any(ty) => self.annotation(ty, false),
            _ => self.subst.fresh(),
        }
    }

    /// Declares the parameters as immutable locals of the parameter scope.
    pub(super) fn declare_params(
        &mut self,
        body: &mut Body,
        names: &[ast::Param],
        params: &[Type],
    ) {
        for (param, ty) in names.iter().zip(params) {
            if let Some(first) = body.in_innermost(&param.name.name) {
                let first = body.local(first).span;
                let line = self.line(first);
                self.report(errors::redefined_variable(
                    param.name.span,
                    &param.name.name,
                    line,
                    first,
                ));
                continue;
            }
            body.declare(
                LocalVar {
                    name: param.name.name.clone(),
                    ty: ty.clone(),
                    mutable: false,
                    needs_init_check: false,
                    span: param.name.span,
                },
                None,
            );
        }
    }

    /// Checks a function body (tail value included) and appends `MissingReturn` when the
    /// end of a non-void body may be reached.
    fn function_body(&mut self, body: &mut Body, def: &'a ast::FnDef) -> Vec<typed::Stmt> {
        body.push_scope(ScopeKind::Block);
        let mut stmts = self.stmts(body, &def.body.stmts, true);
        body.pop_scope();
        let ret = self.subst.resolve(&body.ret);
        if ret != Type::Void && super::stmt::falls_through(&stmts) {
            stmts.push(typed::Stmt {
                kind: typed::StmtKind::MissingReturn,
                span: def.body.span,
            });
        }
        stmts
    }

    /// Pass 2: builds the reserved function id `id` as the instance of `f` at these types
    /// (for function values whose types were still open where they were met).
    pub(super) fn instance_at(
        &mut self,
        f: usize,
        id: FuncId,
        params: Vec<Ty>,
        ret: Ty,
        call: Span,
    ) {
        self.instances.entry((f, params.clone())).or_insert(id);
        self.worklist.push_back(Instance {
            function: f,
            id,
            params,
            ret,
            call,
        });
    }

    /// Pass 2: the instance of `f` at these concrete parameter types, queued for building.
    pub(super) fn instance(&mut self, f: usize, params: Vec<Ty>, ret: Ty, call: Span) -> FuncId {
        if let Some(id) = self.instances.get(&(f, params.clone())) {
            return *id;
        }
        let id = FuncId(self.program.functions.len() as u32);
        self.program.functions.push(placeholder());
        self.instances.insert((f, params.clone()), id);
        self.worklist.push_back(Instance {
            function: f,
            id,
            params,
            ret,
            call,
        });
        id
    }

    /// Builds the typed body of one instance.
    pub(super) fn build_instance(&mut self, instance: Instance) {
        let entry = &self.fns[instance.function];
        let (def, failed, display) = (entry.def, entry.failed, entry.display.clone());
        let generic = matches!(&entry.state, FnState::Done(s) if !s.vars.is_empty());
        let name = if generic {
            let names: Vec<String> = instance
                .params
                .iter()
                .map(|t| self.show(&Type::from_ty(t)))
                .collect();
            format!("{display}[{}]", names.join(", "))
        } else {
            display
        };
        let mut function = typed::Function {
            name,
            source_name: def.name.name.clone(),
            kind: typed::FunctionKind::Named,
            params: (0..instance.params.len() as u32)
                .map(typed::LocalId)
                .collect(),
            locals: Vec::new(),
            ret: instance.ret.clone(),
            body: Vec::new(),
            captures: Vec::new(),
            span: def.span,
        };
        if !failed {
            let params: Vec<Type> = instance.params.iter().map(Type::from_ty).collect();
            let mut body = self.function_state(instance.function, Type::from_ty(&instance.ret));
            self.declare_params(&mut body, &def.params, &params);
            self.forget_open_types();
            let outer = self.call_site.replace(instance.call);
            function.body = self.function_body(&mut body, def);
            self.fix_open_types(&mut function.body);
            self.call_site = outer;
            function.locals = self.typed_locals(&body);
        }
        self.program.functions[instance.id.0 as usize] = function;
    }
}

/// True for the annotation `any`, which means "no annotation" on a parameter.
fn is_any(ty: &ast::TypeExpr) -> bool {
    matches!(&ty.kind, ast::TypeExprKind::Named { qualifier: None, name, args } if name.name == "any" && args.is_empty())
}
