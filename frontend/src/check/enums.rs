//! Enums (LANGUAGE.md §12, §4.4): variant tables (the built-in `Result` included),
//! construction `E.V` / `E.V(args)` with payload count and type checks, and the typed enum
//! table of the program.

use super::expr::{is_adaptable, Checked, Resolved};
use super::scope::Body;
use super::types::Type;
use super::Checker;
use crate::ast;
use crate::diagnostics::{codes, Diagnostic};
use crate::source::Span;
use crate::typed;
use std::collections::HashMap;

/// One variant of an enum.
#[derive(Clone, Debug)]
pub(crate) struct VariantDecl {
    /// Variant name.
    pub(crate) name: String,
    /// Payload types; `None` for a field declared with a type parameter (unchecked, §4.4).
    pub(crate) payload: Vec<Option<Type>>,
}

/// The variant tables of every enum, and what generic payloads were built with.
#[derive(Debug, Default)]
pub(crate) struct EnumTables {
    /// Variants of each enum, by enum id.
    pub(crate) variants: Vec<Vec<VariantDecl>>,
    /// The static types every construction gave each generic payload field, by
    /// `(enum, variant, field)`: a `match` binding of the field takes the type when all
    /// constructions agree.
    pub(crate) hints: HashMap<(u32, u32, u32), Vec<Type>>,
}

/// `Enum 'E' has no variant 'V'` (E1010).
pub(crate) fn unknown_variant(span: Span, enum_name: &str, variant: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNDEFINED,
        span,
        format!("Enum '{enum_name}' has no variant '{variant}'"),
    )
}

/// A payload variant named without its payload (`x = Reply.Ok`).
fn payload_missing(span: Span, path: &str, count: usize) -> Diagnostic {
    let plural = if count == 1 { "value" } else { "values" };
    Diagnostic::new(
        codes::ARITY,
        span,
        format!("{path} needs a payload of {count} {plural}: write {path}(…)"),
    )
    .with_help("Variants with a payload are constructed by calling them with their values.")
}

/// A construction with the wrong number of payload values (E2009).
fn payload_count(span: Span, path: &str, expected: usize, received: usize) -> Diagnostic {
    let plural = |n: usize| if n == 1 { "value" } else { "values" };
    Diagnostic::new(
        codes::ARITY,
        span,
        format!(
            "{path} expects {expected} payload {} but received {received} {}",
            plural(expected),
            plural(received)
        ),
    )
}

impl<'a> Checker<'a> {
    /// Resolves the variant payload types of every enum declaration (after all type names
    /// are known); the built-in `Result` is `Ok(any)`, `Err(string)`.
    pub(super) fn collect_variants(&mut self) {
        for id in 0..self.enums.len() {
            let variants = match self.enums[id].def {
                None => vec![
                    VariantDecl {
                        name: "Ok".to_string(),
                        payload: vec![None],
                    },
                    VariantDecl {
                        name: "Err".to_string(),
                        payload: vec![Some(Type::Str)],
                    },
                ],
                Some(def) => self.variants_of(def),
            };
            self.enum_tables.variants.push(variants);
        }
    }

    /// The variants of one declaration; a repeated variant name is an error.
    fn variants_of(&mut self, def: &ast::EnumDef) -> Vec<VariantDecl> {
        let mut variants: Vec<VariantDecl> = Vec::new();
        let mut first: HashMap<&str, Span> = HashMap::new();
        for variant in &def.variants {
            if let Some(&earlier) = first.get(variant.name.name.as_str()) {
                let line = self.line(earlier);
                self.report(
                    Diagnostic::new(
                        codes::REDEFINED,
                        variant.name.span,
                        format!(
                            "Variant '{}' is already defined on line {line}",
                            variant.name.name
                        ),
                    )
                    .with_label(earlier, "first defined here"),
                );
                continue;
            }
            first.insert(&variant.name.name, variant.name.span);
            let payload = variant
                .payload
                .iter()
                .map(|field| {
                    if is_type_param(&field.ty, &def.type_params) {
                        None
                    } else {
                        Some(self.annotation(&field.ty, false))
                    }
                })
                .collect();
            variants.push(VariantDecl {
                name: variant.name.name.clone(),
                payload,
            });
        }
        variants
    }

    /// The typed enum table of the program.
    pub(super) fn typed_enums(&self) -> Vec<typed::EnumInfo> {
        self.enums
            .iter()
            .zip(&self.enum_tables.variants)
            .map(|(decl, variants)| typed::EnumInfo {
                name: decl.name.clone(),
                variants: variants
                    .iter()
                    .map(|v| {
                        let payload = v
                            .payload
                            .iter()
                            .map(|t| t.as_ref().map(|t| self.concrete(t)))
                            .collect();
                        (v.name.clone(), payload)
                    })
                    .collect(),
            })
            .collect()
    }

    /// The enum a type name denotes.
    pub(super) fn enum_named(&self, name: &str) -> Option<u32> {
        match self.type_names.get(name) {
            Some(super::structs::NamedType::Enum(id)) => Some(*id),
            _ => None,
        }
    }

    /// The enum a name in an expression denotes (a variable of that name shadows it).
    pub(super) fn enum_in_expr(&self, b: &Body, name: &str) -> Option<u32> {
        if self.resolve(b, name) != Resolved::Missing {
            return None;
        }
        self.enum_named(name)
    }

    /// The name of enum `id`.
    pub(super) fn enum_display(&self, id: u32) -> String {
        self.enums
            .get(id as usize)
            .map_or_else(|| "unknown".to_string(), |e| e.name.clone())
    }

    /// The number of variant `name` of enum `id`.
    pub(super) fn variant_named(&self, id: u32, name: &str) -> Option<u32> {
        self.enum_tables
            .variants
            .get(id as usize)?
            .iter()
            .position(|v| v.name == name)
            .map(|v| v as u32)
    }

    /// The payload types of a variant.
    pub(super) fn variant_payload(&self, id: u32, variant: u32) -> Vec<Option<Type>> {
        self.enum_tables
            .variants
            .get(id as usize)
            .and_then(|vs| vs.get(variant as usize))
            .map(|v| v.payload.clone())
            .unwrap_or_default()
    }

    /// The variant names of enum `id`, in declaration order.
    pub(super) fn variant_names(&self, id: u32) -> Vec<String> {
        self.enum_tables
            .variants
            .get(id as usize)
            .map(|vs| vs.iter().map(|v| v.name.clone()).collect())
            .unwrap_or_default()
    }

    /// The one concrete type all constructions gave a generic payload field, if they agree.
    pub(super) fn payload_hint(&self, id: u32, variant: u32, field: u32) -> Option<Type> {
        let seen = self.enum_tables.hints.get(&(id, variant, field))?;
        let mut found: Option<Type> = None;
        for ty in seen {
            let ty = self.subst.resolve(ty);
            if ty == Type::Error {
                continue;
            }
            // A construction with an open type (in a generic function) may give any type.
            if !is_ground(&self.subst, &ty) {
                return None;
            }
            match &found {
                Some(existing) if *existing != ty => return None,
                Some(_) => {}
                None => found = Some(ty),
            }
        }
        found
    }

    /// `E.V` or `E.V(args)`: `args` is `None` without parentheses.
    pub(super) fn enum_value(
        &mut self,
        b: &mut Body,
        id: u32,
        variant_name: &ast::Ident,
        args: Option<&[ast::Expr]>,
        span: Span,
    ) -> Checked {
        let enum_name = self.enum_display(id);
        let Some(variant) = self.variant_named(id, &variant_name.name) else {
            for arg in args.unwrap_or_default() {
                self.value(b, arg);
            }
            self.report(unknown_variant(
                variant_name.span,
                &enum_name,
                &variant_name.name,
            ));
            return self.error_node(span);
        };
        let payload = self.variant_payload(id, variant);
        let path = format!("{enum_name}.{}", variant_name.name);
        let given = args.unwrap_or_default();
        if args.is_none() && !payload.is_empty() {
            self.report(payload_missing(span, &path, payload.len()));
            return self.error_node(span);
        }
        if given.len() != payload.len() {
            for arg in given {
                self.value(b, arg);
            }
            self.report(payload_count(span, &path, payload.len(), given.len()));
            return self.error_node(span);
        }
        // Non-literal values first, so literals adapt (there is nothing to adapt to in a
        // generic field: a literal there takes its default type).
        let mut checked: Vec<Option<Checked>> = given.iter().map(|_| None).collect();
        let mut ok = true;
        for literal_pass in [false, true] {
            for (i, (arg, field)) in given.iter().zip(&payload).enumerate() {
                if is_adaptable(arg) != literal_pass {
                    continue;
                }
                let value = match field {
                    Some(ty) => self.expect(b, arg, ty),
                    None => self.value(b, arg),
                };
                if self.subst.resolve(&value.ty) == Type::Error {
                    ok = false;
                }
                if field.is_none() {
                    self.enum_tables
                        .hints
                        .entry((id, variant, i as u32))
                        .or_default()
                        .push(value.ty.clone());
                }
                checked[i] = Some(value);
            }
        }
        if !ok {
            return self.error_node(span);
        }
        let args = checked.into_iter().flatten().map(|c| c.expr).collect();
        self.node(
            typed::ExprKind::EnumLit { id, variant, args },
            &Type::Enum(id),
            span,
        )
    }
}

/// True for a payload type written as one of the enum's type parameters.
fn is_type_param(ty: &ast::TypeExpr, params: &[ast::Ident]) -> bool {
    matches!(&ty.kind, ast::TypeExprKind::Named { qualifier: None, name, args }
        if args.is_empty() && params.iter().any(|p| p.name == name.name))
}

/// True when `ty` contains no unbound inference variable.
fn is_ground(subst: &super::types::Subst, ty: &Type) -> bool {
    match subst.resolve(ty) {
        Type::Var(_) => false,
        Type::Array(elem) => is_ground(subst, &elem),
        Type::Func(params, ret) => {
            params.iter().all(|p| is_ground(subst, p)) && is_ground(subst, &ret)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_parameters_are_recognised() {
        let ident = |name: &str| ast::Ident {
            name: name.to_string(),
            span: Span::default(),
        };
        let named = |name: &str| ast::TypeExpr {
            kind: ast::TypeExprKind::Named {
                qualifier: None,
                name: ident(name),
                args: Vec::new(),
            },
            span: Span::default(),
        };
        let params = vec![ident("T")];
        assert!(is_type_param(&named("T"), &params));
        assert!(!is_type_param(&named("i32"), &params));
    }
}
