//! The untyped syntax tree of one Orus file: exactly the grammar of LANGUAGE.md §3.
//!
//! The parser produces it, the checker consumes it; nothing after the checker sees it.

use crate::source::{FileId, Span};

/// A name with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name's text.
    pub name: String,
    /// Where it was written.
    pub span: Span,
}

/// One parsed file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The file this module was parsed from.
    pub file: FileId,
    /// Top-level items in source order.
    pub items: Vec<Stmt>,
}

/// An indented block (or a same-line suite, which is a block of its statements).
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The statements in order.
    pub stmts: Vec<Stmt>,
    /// From the first to the last statement.
    pub span: Span,
}

/// A statement with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    /// What kind of statement.
    pub kind: StmtKind,
    /// The whole statement.
    pub span: Span,
}

/// Statements (§3 `statement`, `top_item`).
#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    /// `use a.b [as c] [: items]` (module level only).
    Use(UseDecl),
    /// A single binding (`x = e`, `mut x: T = e`, `X := e`, optionally `pub`).
    Binding(Binding),
    /// A module-level declaration list `a = 1, mut b = 2`.
    DeclList(Vec<Binding>),
    /// `a, b = expr`.
    Destructure {
        /// The names bound or assigned, in order.
        names: Vec<Ident>,
        /// The array expression.
        value: Expr,
    },
    /// `return`, `return e`, `return e1, e2` (several values build an array).
    Return(Vec<Expr>),
    /// `break ['label]`.
    Break(Option<Ident>),
    /// `continue ['label]`.
    Continue(Option<Ident>),
    /// `pass`.
    Pass,
    /// `print(args)`.
    Print(Vec<Expr>),
    /// An expression statement (calls, assignments, bare values).
    Expr(Expr),
    /// `if c: … elif c: … else: …`.
    If {
        /// `if` and `elif` branches in order.
        branches: Vec<(Expr, Block)>,
        /// The `else` branch.
        else_block: Option<Block>,
    },
    /// `['label:] while cond: body`.
    While {
        /// Optional loop label.
        label: Option<Ident>,
        /// Loop condition.
        cond: Expr,
        /// Loop body.
        body: Block,
    },
    /// `['label:] for var in source: body`.
    For {
        /// Optional loop label.
        label: Option<Ident>,
        /// The loop variable.
        var: Ident,
        /// What is iterated.
        source: ForSource,
        /// Loop body.
        body: Block,
    },
    /// `match subject:` with statement arms.
    Match {
        /// The matched value.
        subject: Expr,
        /// Arms in source order; each body is a block (a same-line arm is a one-statement block).
        arms: Vec<MatchArm<Block>>,
    },
    /// `try: … catch [name]: …`.
    Try {
        /// The guarded suite.
        body: Block,
        /// The catch variable.
        catch_name: Option<Ident>,
        /// The handler suite.
        handler: Block,
    },
    /// `fn name(...)`.
    Fn(FnDef),
    /// `struct Name:`.
    Struct(StructDef),
    /// `enum Name[T]:`.
    Enum(EnumDef),
    /// `impl Name:`.
    Impl(ImplDef),
}

/// `use` declaration (§14.3).
#[derive(Debug, Clone, PartialEq)]
pub struct UseDecl {
    /// Module path segments (`geo.shapes` → `[geo, shapes]`).
    pub path: Vec<Ident>,
    /// `as name` after the path.
    pub alias: Option<Ident>,
    /// What the `:` list imports.
    pub items: UseItems,
}

/// The imported names of a `use`.
#[derive(Debug, Clone, PartialEq)]
pub enum UseItems {
    /// No `:` list: a namespace import.
    Namespace,
    /// `: *`.
    All,
    /// `: a, b as c`.
    List(Vec<UseItem>),
}

/// One name in a `use … : a as b` list.
#[derive(Debug, Clone, PartialEq)]
pub struct UseItem {
    /// The exported name.
    pub name: Ident,
    /// The local name, when renamed.
    pub alias: Option<Ident>,
}

/// How a binding was written (§7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    /// `name = e` / `mut name = e`: declare-or-assign.
    Plain,
    /// `name: T = e` / `mut name: T = e`: always a new binding.
    Annotated,
    /// `NAME := e` / `NAME: T := e`: a constant.
    Const,
}

/// A declaration statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Plain, annotated or constant.
    pub kind: BindingKind,
    /// Written with `mut`.
    pub is_mut: bool,
    /// Written with `pub`.
    pub is_pub: bool,
    /// The bound name.
    pub name: Ident,
    /// The annotation, if any.
    pub ty: Option<TypeExpr>,
    /// The initializer.
    pub value: Expr,
    /// The whole binding.
    pub span: Span,
}

/// The source of a `for` loop.
// One `ForSource` exists per loop and lives inline in its statement; boxing the range
// variant would only add an allocation per loop.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ForSource {
    /// `start..end`, `start..=end`, optionally `..step`.
    Range {
        /// Start bound.
        start: Expr,
        /// End bound.
        end: Expr,
        /// `..=`.
        inclusive: bool,
        /// Step, if written.
        step: Option<Expr>,
    },
    /// An array, range value or integer.
    Iter(Expr),
}

/// A match arm; `B` is `Block` for statement matches and `Expr` for expression matches.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchArm<B> {
    /// The pattern.
    pub pattern: Pattern,
    /// The arm body.
    pub body: B,
    /// The whole arm.
    pub span: Span,
}

/// Match patterns (§9.10).
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// `_`.
    Wildcard(Span),
    /// `Enum.Variant`, `Enum.Variant(a, _)`, or `module.Enum.Variant(...)`.
    Variant {
        /// Two or three segments: `[Enum, Variant]` or `[module, Enum, Variant]`.
        path: Vec<Ident>,
        /// `None` without parentheses, else the bindings (`_` is an `Ident` named `_`).
        bindings: Option<Vec<Ident>>,
        /// The whole pattern.
        span: Span,
    },
    /// Any other expression, compared with `==`.
    Expr(Expr),
}

/// `fn name(params) -> ret: body` (also methods).
#[derive(Debug, Clone, PartialEq)]
pub struct FnDef {
    /// The function name.
    pub name: Ident,
    /// Parameters in order.
    pub params: Vec<Param>,
    /// Declared return type.
    pub ret: Option<TypeExpr>,
    /// The body.
    pub body: Block,
    /// Written with `pub`.
    pub is_pub: bool,
    /// The whole definition.
    pub span: Span,
}

/// A parameter `name` or `name: T`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Parameter name.
    pub name: Ident,
    /// Annotation, if any.
    pub ty: Option<TypeExpr>,
}

/// `struct Name:` with fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Type name.
    pub name: Ident,
    /// Fields in declaration order.
    pub fields: Vec<FieldDef>,
    /// Written with `pub`.
    pub is_pub: bool,
}

/// `name: T [= default]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// Field name.
    pub name: Ident,
    /// Field type.
    pub ty: TypeExpr,
    /// Default value.
    pub default: Option<Expr>,
}

/// `enum Name[T, U]:` with variants.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Type name.
    pub name: Ident,
    /// Unchecked type parameters.
    pub type_params: Vec<Ident>,
    /// Variants in order.
    pub variants: Vec<VariantDef>,
    /// Written with `pub`.
    pub is_pub: bool,
}

/// `Name` or `Name(payload, ...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantDef {
    /// Variant name.
    pub name: Ident,
    /// Payload fields (empty for unit variants and for `Name()`).
    pub payload: Vec<PayloadDef>,
}

/// `name: T` or bare `T` in a variant payload.
#[derive(Debug, Clone, PartialEq)]
pub struct PayloadDef {
    /// Field name, if written.
    pub name: Option<Ident>,
    /// Field type.
    pub ty: TypeExpr,
}

/// `impl Name:` with methods.
#[derive(Debug, Clone, PartialEq)]
pub struct ImplDef {
    /// The struct name.
    pub type_name: Ident,
    /// Methods (their `is_pub` records a `pub` prefix).
    pub methods: Vec<FnDef>,
}

/// A type annotation with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// What kind of type.
    pub kind: TypeExprKind,
    /// The whole annotation.
    pub span: Span,
}

/// Type syntax (§3 `type`).
#[derive(Debug, Clone, PartialEq)]
pub enum TypeExprKind {
    /// `i32`, `Point`, `Maybe[i32]`, `geo.Spot`.
    Named {
        /// Module qualifier (`geo` in `geo.Spot`).
        qualifier: Option<Ident>,
        /// Type name.
        name: Ident,
        /// Generic arguments in brackets.
        args: Vec<TypeExpr>,
    },
    /// `[T]` or `[T, N]`.
    Array {
        /// Element type.
        elem: Box<TypeExpr>,
        /// The unenforced length.
        len: Option<ArrayLen>,
    },
    /// `fn(T, U) -> R`.
    Fn {
        /// Parameter types.
        params: Vec<TypeExpr>,
        /// Return type (`None` = void).
        ret: Option<Box<TypeExpr>>,
    },
}

/// The `N` of `[T, N]`.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayLen {
    /// An integer literal.
    Literal(u64, Span),
    /// A constant's name.
    Name(Ident),
}

/// Integer and float literal suffixes (§2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumSuffix {
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
}

/// Binary operators (§8.1 levels 3–7, `matches` included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `matches` (same as `==`)
    Matches,
    /// `and`
    And,
    /// `or`
    Or,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-x` (not folded into a literal)
    Neg,
    /// `not x`
    Not,
}

/// Assignment operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Set,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    Div,
    /// `%=`
    Mod,
}

/// An expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// The whole expression.
    pub span: Span,
}

/// Expressions (§3, lowest precedence first in the grammar).
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// Integer literal; a directly preceding `-` is folded in (`negative`).
    Int {
        /// The magnitude as written (hex keeps its bit pattern).
        value: u64,
        /// A folded unary minus.
        negative: bool,
        /// Written in hex (`0x…`), which changes its default typing (§2.5).
        hex: bool,
        /// Suffix, if any.
        suffix: Option<NumSuffix>,
    },
    /// Float literal; a directly preceding `-` is folded in.
    Float {
        /// The value, negation included.
        value: f64,
        /// Suffix, if any (`3.0i32` is allowed and checked).
        suffix: Option<NumSuffix>,
    },
    /// String literal with escapes decoded.
    Str(Vec<u8>),
    /// `true` / `false`.
    Bool(bool),
    /// A name.
    Name(String),
    /// `( e )`: kept so that literal adaptation and cast-chain rules can see it.
    Paren(Box<Expr>),
    /// `a op b`.
    Binary {
        /// Operator.
        op: BinOp,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `-a`, `not a`.
    Unary {
        /// Operator.
        op: UnOp,
        /// Operand.
        operand: Box<Expr>,
    },
    /// `e as T` (T is a simple type name).
    Cast {
        /// The converted value.
        expr: Box<Expr>,
        /// Target type name.
        ty: Ident,
    },
    /// `target op= value` (an expression, right-associative).
    Assign {
        /// Operator.
        op: AssignOp,
        /// Name, field or element target.
        target: Box<Expr>,
        /// Assigned value.
        value: Box<Expr>,
    },
    /// `then if cond else otherwise`.
    Cond {
        /// Value when true.
        then: Box<Expr>,
        /// Condition.
        cond: Box<Expr>,
        /// Value when false.
        otherwise: Box<Expr>,
    },
    /// `callee(args)`.
    Call {
        /// Called expression.
        callee: Box<Expr>,
        /// Arguments.
        args: Vec<Expr>,
    },
    /// `base[index]`.
    Index {
        /// Indexed value.
        base: Box<Expr>,
        /// Index.
        index: Box<Expr>,
    },
    /// `base[start..end]` with either bound optional.
    Slice {
        /// Sliced value.
        base: Box<Expr>,
        /// Start bound.
        start: Option<Box<Expr>>,
        /// End bound (inclusive, §8.8).
        end: Option<Box<Expr>>,
    },
    /// `base.name`.
    Field {
        /// Base value.
        base: Box<Expr>,
        /// Field, method, variant or module member name.
        name: Ident,
    },
    /// `Name{ f: v, … }` or `alias.Name{ … }`.
    StructLit {
        /// Module qualifier.
        qualifier: Option<Ident>,
        /// Struct name.
        name: Ident,
        /// Field initialisers in source order.
        fields: Vec<FieldInit>,
    },
    /// `[a, b, c]`.
    Array(Vec<Expr>),
    /// The fill form `[value, count]` (§8.10), decided by the parser.
    ArrayFill {
        /// Repeated value.
        value: Box<Expr>,
        /// Count: an unsigned integer literal or a name.
        count: Box<Expr>,
    },
    /// `fn(params) -> R:` block.
    Fn(Box<FnExpr>),
    /// `match subject:` with expression arms.
    Match {
        /// The matched value.
        subject: Box<Expr>,
        /// Arms in source order.
        arms: Vec<MatchArm<Expr>>,
    },
    /// `timestamp()`.
    Timestamp,
}

/// `name: value` in a struct literal.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInit {
    /// Field name.
    pub name: Ident,
    /// Field value.
    pub value: Expr,
}

/// A function expression.
#[derive(Debug, Clone, PartialEq)]
pub struct FnExpr {
    /// Parameters.
    pub params: Vec<Param>,
    /// Declared return type.
    pub ret: Option<TypeExpr>,
    /// Body block.
    pub body: Block,
}
