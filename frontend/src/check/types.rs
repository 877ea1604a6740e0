//! Inference types, the substitution that unification builds, and type schemes.

use crate::typed::Ty;

/// A type during checking: a scalar, an inference variable, or the error type that
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

    /// The inference type of a concrete typed-tree type (scalars only in this version).
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
            _ => Type::Error,
        }
    }

    /// The name shown in diagnostics and `typeof` labels.
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
                self.bindings[*x as usize] = Some(b);
                true
            }
            (_, Type::Var(y)) => {
                self.bindings[*y as usize] = Some(a);
                true
            }
            _ => a == b,
        }
    }

    /// The unbound variable `ty` resolves to, if any.
    pub(crate) fn free_var(&self, ty: &Type) -> Option<u32> {
        match self.resolve(ty) {
            Type::Var(v) => Some(v),
            _ => None,
        }
    }

    /// Generalises the variables of a signature that are not in `env`.
    pub(crate) fn generalise(&self, params: &[Type], ret: &Type, env: &[u32]) -> Scheme {
        let params: Vec<Type> = params.iter().map(|t| self.resolve(t)).collect();
        let ret = self.resolve(ret);
        let mut vars = Vec::new();
        for ty in params.iter().chain(std::iter::once(&ret)) {
            if let Type::Var(v) = ty {
                if !env.contains(v) && !vars.contains(v) {
                    vars.push(*v);
                }
            }
        }
        Scheme { vars, params, ret }
    }

    /// Renames the quantified variables of `scheme` to fresh ones: `(params, ret)`.
    pub(crate) fn instantiate(&mut self, scheme: &Scheme) -> (Vec<Type>, Type) {
        let fresh: Vec<(u32, Type)> = scheme.vars.iter().map(|v| (*v, self.fresh())).collect();
        let rename = |ty: &Type| -> Type {
            match self.resolve(ty) {
                Type::Var(v) => fresh
                    .iter()
                    .find(|(old, _)| *old == v)
                    .map(|(_, new)| new.clone())
                    .unwrap_or(Type::Var(v)),
                other => other,
            }
        };
        let params = scheme.params.iter().map(rename).collect();
        let ret = rename(&scheme.ret);
        (params, ret)
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
        assert_eq!(s.free_var(&p2[0]), Some(2));
    }
}
