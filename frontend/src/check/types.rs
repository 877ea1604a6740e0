//! Inference types, the substitution that unification builds, and type schemes.

use crate::typed::Ty;

/// A type during checking: a concrete type, an inference variable, or the error type that
/// unifies with everything so one mistake is reported once.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Type {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `u64`
    U64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `string`
    Str,
    /// No value.
    Void,
    /// `[T]`
    Array(Box<Type>),
    /// A struct type, by index into the checker's struct table.
    Struct(u32),
    /// An enum type, by index into the checker's enum table.
    Enum(u32),
    /// `fn(params) -> ret`
    Func(Vec<Type>, Box<Type>),
    /// A range value from `range(...)`.
    Range,
    /// The error value bound by `catch name`.
    ErrorValue,
    /// An inference variable, by index into [`Subst`].
    Var(u32),
    /// The type of an expression that already produced a diagnostic.
    Error,
}

impl Type {
    /// True for the four integer types.
    pub(crate) fn is_integer(&self) -> bool {
        matches!(self, Type::I32 | Type::I64 | Type::U32 | Type::U64)
    }

    /// True for integers and `f64`.
    pub(crate) fn is_numeric(&self) -> bool {
        self.is_integer() || *self == Type::F64
    }

    /// The scalar type named in an annotation or a cast (`str` is `string`).
    pub(crate) fn from_name(name: &str) -> Option<Type> {
        Some(match name {
            "i32" => Type::I32,
            "i64" => Type::I64,
            "u32" => Type::U32,
            "u64" => Type::U64,
            "f64" => Type::F64,
            "bool" => Type::Bool,
            "string" | "str" => Type::Str,
            _ => return None,
        })
    }

    /// The inference type of a concrete typed-tree type.
    pub(crate) fn from_ty(ty: &Ty) -> Type {
        match ty {
            Ty::I32 => Type::I32,
            Ty::I64 => Type::I64,
            Ty::U32 => Type::U32,
            Ty::U64 => Type::U64,
            Ty::F64 => Type::F64,
            Ty::Bool => Type::Bool,
            Ty::Str => Type::Str,
            Ty::Void => Type::Void,
            Ty::Array(elem) => Type::Array(Box::new(Type::from_ty(elem))),
            Ty::Func(params, ret) => Type::Func(
                params.iter().map(Type::from_ty).collect(),
                Box::new(Type::from_ty(ret)),
            ),
            Ty::Struct(id) => Type::Struct(*id),
            Ty::Enum(id) => Type::Enum(*id),
            Ty::Range => Type::Range,
            Ty::Error => Type::ErrorValue,
        }
    }

    /// The name of a scalar type (and a generic word for the others) as shown in
    /// diagnostics; compound types are named by [`Subst::show`].
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Type::I32 => "i32",
            Type::I64 => "i64",
            Type::U32 => "u32",
            Type::U64 => "u64",
            Type::F64 => "f64",
            Type::Bool => "bool",
            Type::Str => "string",
            Type::Void => "void",
            Type::Array(_) => "array",
            Type::Struct(_) => "struct",
            Type::Enum(_) => "enum",
            Type::Func(..) => "function",
            Type::Range => "range",
            Type::ErrorValue => "error value",
            Type::Var(_) => "unknown",
            Type::Error => "error",
        }
    }
}

/// A polymorphic function signature: `vars` are generalised and renamed at each call.
#[derive(Clone, Debug)]
pub(crate) struct Scheme {
    /// The quantified variables.
    pub(crate) vars: Vec<u32>,
    /// Parameter types.
    pub(crate) params: Vec<Type>,
    /// Return type.
    pub(crate) ret: Type,
}

/// The bindings of inference variables made by unification.
#[derive(Debug, Default)]
pub(crate) struct Subst {
    bindings: Vec<Option<Type>>,
}

impl Subst {
    /// A new unbound variable.
    pub(crate) fn fresh(&mut self) -> Type {
        self.bindings.push(None);
        Type::Var(self.bindings.len() as u32 - 1)
    }

    /// Follows variable bindings until a concrete type or an unbound variable.
    pub(crate) fn resolve(&self, ty: &Type) -> Type {
        let mut current = ty.clone();
        while let Type::Var(v) = current {
            match &self.bindings[v as usize] {
                Some(bound) => current = bound.clone(),
                None => return Type::Var(v),
            }
        }
        current
    }

    /// Makes `a` and `b` equal; false when they are different concrete types.
    pub(crate) fn unify(&mut self, a: &Type, b: &Type) -> bool {
        let (a, b) = (self.resolve(a), self.resolve(b));
        match (&a, &b) {
            (Type::Error, _) | (_, Type::Error) => true,
            (Type::Var(x), Type::Var(y)) if x == y => true,
            (Type::Var(x), _) => {
                if self.occurs(*x, &b) {
                    return false;
                }
                self.bindings[*x as usize] = Some(b);
                true
            }
            (_, Type::Var(y)) => {
                if self.occurs(*y, &a) {
                    return false;
                }
                self.bindings[*y as usize] = Some(a);
                true
            }
            (Type::Array(x), Type::Array(y)) => self.unify(x, y),
            (Type::Func(xp, xr), Type::Func(yp, yr)) => {
                if xp.len() != yp.len() {
                    return false;
                }
                let mut ok = true;
                for (x, y) in xp.iter().zip(yp) {
                    ok &= self.unify(x, y);
                }
                ok && self.unify(xr, yr)
            }
            _ => a == b,
        }
    }

    /// True when variable `v` appears in `ty` (binding it would make an infinite type).
    fn occurs(&self, v: u32, ty: &Type) -> bool {
        match self.resolve(ty) {
            Type::Var(w) => w == v,
            Type::Array(elem) => self.occurs(v, &elem),
            Type::Func(params, ret) => {
                params.iter().any(|p| self.occurs(v, p)) || self.occurs(v, &ret)
            }
            _ => false,
        }
    }

    /// `ty` with every bound variable replaced by what it is bound to, at any depth.
    pub(crate) fn deep(&self, ty: &Type) -> Type {
        match self.resolve(ty) {
            Type::Array(elem) => Type::Array(Box::new(self.deep(&elem))),
            Type::Func(params, ret) => Type::Func(
                params.iter().map(|p| self.deep(p)).collect(),
                Box::new(self.deep(&ret)),
            ),
            other => other,
        }
    }

    /// The unbound variables of `ty`, in order of appearance, added to `out`.
    pub(crate) fn free_vars(&self, ty: &Type, out: &mut Vec<u32>) {
        match self.resolve(ty) {
            Type::Var(v) if !out.contains(&v) => out.push(v),
            Type::Array(elem) => self.free_vars(&elem, out),
            Type::Func(params, ret) => {
                for p in &params {
                    self.free_vars(p, out);
                }
                self.free_vars(&ret, out);
            }
            _ => {}
        }
    }

    /// The name of `ty` shown in diagnostics (`[i32]`, `fn(i32) -> i32`, struct names by
    /// `named`, which maps `(is_enum, id)` to the declared name).
    pub(crate) fn show(&self, ty: &Type, named: &dyn Fn(bool, u32) -> String) -> String {
        match self.resolve(ty) {
            Type::Array(elem) => format!("[{}]", self.show(&elem, named)),
            Type::Func(params, ret) => {
                let params: Vec<String> = params.iter().map(|p| self.show(p, named)).collect();
                let ret = self.resolve(&ret);
                if ret == Type::Void {
                    format!("fn({})", params.join(", "))
                } else {
                    format!("fn({}) -> {}", params.join(", "), self.show(&ret, named))
                }
            }
            Type::Struct(id) => named(false, id),
            Type::Enum(id) => named(true, id),
            other => other.name().to_string(),
        }
    }

    /// Generalises the variables of a signature that are not in `env`.
    pub(crate) fn generalise(&self, params: &[Type], ret: &Type, env: &[u32]) -> Scheme {
        let params: Vec<Type> = params.iter().map(|t| self.deep(t)).collect();
        let ret = self.deep(ret);
        let mut free = Vec::new();
        for ty in params.iter().chain(std::iter::once(&ret)) {
            self.free_vars(ty, &mut free);
        }
        let vars = free.into_iter().filter(|v| !env.contains(v)).collect();
        Scheme { vars, params, ret }
    }

    /// Renames the quantified variables of `scheme` to fresh ones: `(params, ret)`.
    pub(crate) fn instantiate(&mut self, scheme: &Scheme) -> (Vec<Type>, Type) {
        let fresh: Vec<(u32, Type)> = scheme.vars.iter().map(|v| (*v, self.fresh())).collect();
        let params = scheme
            .params
            .iter()
            .map(|t| self.rename(t, &fresh))
            .collect();
        let ret = self.rename(&scheme.ret, &fresh);
        (params, ret)
    }

    /// `ty` with the variables of `fresh` replaced.
    fn rename(&self, ty: &Type, fresh: &[(u32, Type)]) -> Type {
        match self.resolve(ty) {
            Type::Var(v) => fresh
                .iter()
                .find(|(old, _)| *old == v)
                .map(|(_, new)| new.clone())
                .unwrap_or(Type::Var(v)),
            Type::Array(elem) => Type::Array(Box::new(self.rename(&elem, fresh))),
            Type::Func(params, ret) => Type::Func(
                params.iter().map(|p| self.rename(p, fresh)).collect(),
                Box::new(self.rename(&ret, fresh)),
            ),
            other => other,
        }
    }

    /// The concrete type of `ty`; variables left unbound default to `i32` (they belong to
    /// values no operation ever constrains) and the error type becomes `void`.
    pub(crate) fn concrete(&self, ty: &Type) -> Ty {
        match self.resolve(ty) {
            Type::I32 | Type::Var(_) => Ty::I32,
            Type::I64 => Ty::I64,
            Type::U32 => Ty::U32,
            Type::U64 => Ty::U64,
            Type::F64 => Ty::F64,
            Type::Bool => Ty::Bool,
            Type::Str => Ty::Str,
            Type::Void | Type::Error => Ty::Void,
            Type::Array(elem) => Ty::Array(Box::new(self.concrete(&elem))),
            Type::Func(params, ret) => Ty::Func(
                params.iter().map(|p| self.concrete(p)).collect(),
                Box::new(self.concrete(&ret)),
            ),
            Type::Struct(id) => Ty::Struct(id),
            Type::Enum(id) => Ty::Enum(id),
            Type::Range => Ty::Range,
            Type::ErrorValue => Ty::Error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unify_binds_variables_transitively() {
        let mut s = Subst::default();
        let (a, b) = (s.fresh(), s.fresh());
        assert!(s.unify(&a, &b));
        assert!(s.unify(&b, &Type::I64));
        assert_eq!(s.resolve(&a), Type::I64);
        assert!(!s.unify(&a, &Type::I32));
        assert!(s.unify(&a, &Type::Error));
    }

    #[test]
    fn generalise_skips_environment_variables() {
        let mut s = Subst::default();
        let (a, b) = (s.fresh(), s.fresh());
        let scheme = s.generalise(&[a.clone(), b.clone()], &a, &[1]);
        assert_eq!(scheme.vars, vec![0]);
    }

    #[test]
    fn instantiate_gives_fresh_shared_variables() {
        let mut s = Subst::default();
        let a = s.fresh();
        let scheme = s.generalise(&[a.clone(), a.clone()], &a, &[]);
        let (p1, r1) = s.instantiate(&scheme);
        let (p2, _) = s.instantiate(&scheme);
        assert_eq!(p1[0], p1[1]);
        assert_eq!(p1[0], r1);
        assert_ne!(p1[0], p2[0]);
        assert!(s.unify(&p1[0], &Type::Str));
        assert_eq!(s.resolve(&r1), Type::Str);
        let mut free = Vec::new();
        s.free_vars(&p2[0], &mut free);
        assert_eq!(free, vec![2]);
    }

    #[test]
    fn unify_arrays_and_functions_structurally() {
        let mut s = Subst::default();
        let (a, r) = (s.fresh(), s.fresh());
        let arr = Type::Array(Box::new(a.clone()));
        assert!(s.unify(&arr, &Type::Array(Box::new(Type::Str))));
        assert_eq!(s.resolve(&a), Type::Str);
        let f = Type::Func(vec![Type::I32], Box::new(r.clone()));
        assert!(s.unify(&f, &Type::Func(vec![Type::I32], Box::new(Type::Bool))));
        assert_eq!(s.resolve(&r), Type::Bool);
        assert!(!s.unify(
            &Type::Func(vec![Type::I32], Box::new(Type::Void)),
            &Type::Func(vec![], Box::new(Type::Void))
        ));
        assert!(!s.unify(&Type::Struct(0), &Type::Struct(1)));
        assert!(!s.unify(&Type::Struct(0), &Type::Enum(0)));
        assert!(!s.unify(&Type::Array(Box::new(Type::I32)), &Type::Str));
    }

    #[test]
    fn occurs_check_rejects_infinite_types() {
        let mut s = Subst::default();
        let a = s.fresh();
        assert!(!s.unify(&a, &Type::Array(Box::new(a.clone()))));
        let mut free = Vec::new();
        s.free_vars(&a, &mut free);
        assert_eq!(free, vec![0]);
    }

    #[test]
    fn generalise_and_instantiate_inside_compound_types() {
        let mut s = Subst::default();
        let a = s.fresh();
        let arr = Type::Array(Box::new(a.clone()));
        let scheme = s.generalise(&[arr], &a, &[]);
        assert_eq!(scheme.vars, vec![0]);
        let (params, ret) = s.instantiate(&scheme);
        assert!(s.unify(&params[0], &Type::Array(Box::new(Type::F64))));
        assert_eq!(s.resolve(&ret), Type::F64);
        let (params2, ret2) = s.instantiate(&scheme);
        assert!(s.unify(&ret2, &Type::Str));
        assert_eq!(s.deep(&params2[0]), Type::Array(Box::new(Type::Str)));
    }

    #[test]
    fn concrete_and_back() {
        let mut s = Subst::default();
        let a = s.fresh();
        let ty = Type::Func(
            vec![Type::Array(Box::new(Type::Struct(2))), a],
            Box::new(Type::Range),
        );
        let concrete = s.concrete(&ty);
        assert_eq!(
            concrete,
            Ty::Func(
                vec![Ty::Array(Box::new(Ty::Struct(2))), Ty::I32],
                Box::new(Ty::Range)
            )
        );
        let back = Type::from_ty(&concrete);
        assert_eq!(s.concrete(&back), concrete);
        assert_eq!(s.concrete(&Type::ErrorValue), Ty::Error);
    }

    #[test]
    fn names_of_compound_types() {
        let s = Subst::default();
        let named = |is_enum: bool, id: u32| format!("{}{id}", if is_enum { "E" } else { "S" });
        let ty = Type::Func(
            vec![Type::Array(Box::new(Type::I32)), Type::Struct(1)],
            Box::new(Type::Array(Box::new(Type::Enum(0)))),
        );
        assert_eq!(s.show(&ty, &named), "fn([i32], S1) -> [E0]");
        assert_eq!(
            s.show(&Type::Func(vec![], Box::new(Type::Void)), &named),
            "fn()"
        );
    }
}
