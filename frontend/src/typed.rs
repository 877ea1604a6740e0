//! The typed tree: the checker's output and the midend's only input.
//!
//! Everything here is monomorphic: every generic function has been instantiated once per
//! distinct list of concrete argument types, every expression carries its concrete [`Ty`],
//! names are resolved to [`LocalId`]/[`GlobalId`]/[`FuncId`], compound assignments to names
//! are desugared, and constant things (`typeof` of a static type, IEEE-folded float
//! divisions, adapted literals) are plain constants.

use crate::source::Span;

/// Index into [`Program::functions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncId(pub u32);

/// Index into [`Program::globals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

/// Index into [`Function::locals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(pub u32);

/// Index into [`Function`]'s loop numbering, for `break`/`continue` targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LoopId(pub u32);

/// A concrete Orus type (§4).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
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
    /// No value (`void` functions, statements).
    Void,
    /// `[T]`
    Array(Box<Ty>),
    /// `fn(params) -> ret`
    Func(Vec<Ty>, Box<Ty>),
    /// A struct type, by index into [`Program::structs`].
    Struct(u32),
    /// An enum type, by index into [`Program::enums`].
    Enum(u32),
    /// A range value from `range(...)`.
    Range,
    /// An error value bound by `catch name`.
    Error,
}

impl Ty {
    /// True for the four integer types.
    pub fn is_integer(&self) -> bool {
        matches!(self, Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64)
    }

    /// True for integers and `f64`.
    pub fn is_numeric(&self) -> bool {
        self.is_integer() || *self == Ty::F64
    }

    /// True for `i32` and `i64`, whose arithmetic is overflow-checked.
    pub fn is_signed(&self) -> bool {
        matches!(self, Ty::I32 | Ty::I64)
    }

    /// The `typeof` label of a static type (§15); `None` for error values, whose label is
    /// computed at run time, and for `void`.
    pub fn label(&self, program: &Program) -> Option<String> {
        Some(match self {
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::U32 => "u32".into(),
            Ty::U64 => "u64".into(),
            Ty::F64 => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::Str => "string".into(),
            Ty::Array(_) => "array".into(),
            Ty::Func(..) => "function".into(),
            Ty::Struct(id) => program.structs[*id as usize].name.clone(),
            Ty::Enum(id) => program.enums[*id as usize].name.clone(),
            Ty::Range => "range_iterator".into(),
            Ty::Void | Ty::Error => return None,
        })
    }
}

/// A whole checked program: all modules, instantiated.
#[derive(Clone, Debug, Default)]
pub struct Program {
    /// Every function instance. Module initialisers are functions too.
    pub functions: Vec<Function>,
    /// Every module-level variable of every module.
    pub globals: Vec<Global>,
    /// Module initialisers in the order they run (§1.3); the root module's is last.
    pub init_order: Vec<FuncId>,
    /// Struct declarations (issue 4).
    pub structs: Vec<StructInfo>,
    /// Enum declarations (issue 4).
    pub enums: Vec<EnumInfo>,
}

/// A module-level variable.
#[derive(Clone, Debug)]
pub struct Global {
    /// Its name as written (qualified by module for display when not in the root).
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Declared by a plain declaration inside an `if` branch at top level and escaping it
    /// into the module scope (§7.6): every read, also from a function, must check that it
    /// was assigned.
    pub needs_init_check: bool,
    /// Declared at.
    pub span: Span,
}

/// A struct type.
#[derive(Clone, Debug)]
pub struct StructInfo {
    /// Type name (the `typeof` label).
    pub name: String,
    /// Fields in declaration order.
    pub fields: Vec<(String, Ty)>,
}

/// An enum type.
#[derive(Clone, Debug)]
pub struct EnumInfo {
    /// Type name (the `typeof` label).
    pub name: String,
    /// Variants in declaration order, each with payload types (`None` for an unchecked
    /// generic parameter, whose run-time type travels with the value).
    pub variants: Vec<(String, Vec<Option<Ty>>)>,
}

/// What a function instance is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    /// A module's top-level statements.
    ModuleInit,
    /// A `fn` definition or method.
    Named,
    /// A function expression.
    Lambda,
}

/// One monomorphic function instance.
#[derive(Clone, Debug)]
pub struct Function {
    /// Display name: `fib`, `echo[i32]`, `Sensor.mean`, `<module init main.orus>`.
    pub name: String,
    /// The name used in runtime errors such as `Function 'f' ended without returning a value`.
    pub source_name: String,
    /// What kind of function.
    pub kind: FunctionKind,
    /// Parameter locals, in order.
    pub params: Vec<LocalId>,
    /// All locals (parameters first).
    pub locals: Vec<Local>,
    /// Return type (`Void` for none).
    pub ret: Ty,
    /// The body.
    pub body: Vec<Stmt>,
    /// The definition.
    pub span: Span,
}

/// A local variable of a function instance.
#[derive(Clone, Debug)]
pub struct Local {
    /// Name as written.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Declared in an `if` branch and escaping it (§7.6): reads must check it was assigned.
    pub needs_init_check: bool,
    /// Declared at.
    pub span: Span,
}

/// A statement with its span.
#[derive(Clone, Debug)]
pub struct Stmt {
    /// What it does.
    pub kind: StmtKind,
    /// Source span.
    pub span: Span,
}

/// Typed statements.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// Evaluate and discard.
    Expr(Expr),
    /// `if`/`elif`/`else`, with `elif` chains nested into `otherwise`.
    If {
        /// Condition (`bool`).
        cond: Expr,
        /// Then branch.
        then: Vec<Stmt>,
        /// Else branch (empty when absent).
        otherwise: Vec<Stmt>,
    },
    /// `while cond: body`.
    While {
        /// The loop's id for `break`/`continue`.
        id: LoopId,
        /// Condition (`bool`).
        cond: Expr,
        /// Body.
        body: Vec<Stmt>,
    },
    /// Numeric `for var in start..end..step` (§9.5); bounds evaluated once, in order.
    ForRange {
        /// The loop's id.
        id: LoopId,
        /// Loop variable (an integer type).
        var: LocalId,
        /// Start bound.
        start: Expr,
        /// End bound.
        end: Expr,
        /// Step (`None` = 1).
        step: Option<Expr>,
        /// `..=`.
        inclusive: bool,
        /// Body.
        body: Vec<Stmt>,
    },
    /// `for var in n` over an integer (0..n-1, §9.6).
    ForInt {
        /// The loop's id.
        id: LoopId,
        /// Loop variable (the integer's type).
        var: LocalId,
        /// The count.
        count: Expr,
        /// Body.
        body: Vec<Stmt>,
    },
    /// `for var in array` (issue 4).
    ForArray {
        /// The loop's id.
        id: LoopId,
        /// Loop variable (the element type).
        var: LocalId,
        /// The array.
        array: Expr,
        /// Body.
        body: Vec<Stmt>,
    },
    /// `for var in range_value` (issue 4).
    ForRangeValue {
        /// The loop's id.
        id: LoopId,
        /// Loop variable (`i64`).
        var: LocalId,
        /// The range value.
        range: Expr,
        /// Body.
        body: Vec<Stmt>,
    },
    /// `break` out of a loop.
    Break(LoopId),
    /// `continue` a loop.
    Continue(LoopId),
    /// `return [value]`; at module level it ends the program.
    Return(Option<Expr>),
    /// `print(args)`: the first argument is a format string when it is a `string` (§15.1).
    Print(Vec<Expr>),
    /// A nested statement list (scoping is already resolved).
    Block(Vec<Stmt>),
    /// `try: body catch [var]: handler` (issue 4).
    Try {
        /// Guarded statements.
        body: Vec<Stmt>,
        /// Local receiving the error value.
        var: Option<LocalId>,
        /// Handler statements.
        handler: Vec<Stmt>,
    },
    /// Reached the end of a non-void function: raises
    /// `Function 'name' ended without returning a value` if control gets here.
    MissingReturn,
}

/// A typed expression.
#[derive(Clone, Debug)]
pub struct Expr {
    /// What it computes.
    pub kind: ExprKind,
    /// Its concrete type.
    pub ty: Ty,
    /// Source span (runtime errors point here).
    pub span: Span,
}

/// A compile-time constant.
#[derive(Clone, Debug, PartialEq)]
pub enum Const {
    /// `i32`
    I32(i32),
    /// `i64`
    I64(i64),
    /// `u32`
    U32(u32),
    /// `u64`
    U64(u64),
    /// `f64`
    F64(f64),
    /// `bool`
    Bool(bool),
    /// `string`
    Str(Vec<u8>),
}

/// Arithmetic, comparison and logical operators after type checking. Operand types are the
/// operands' `ty`; the two operands always have the same type, except `Repeat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+` on numbers (checked for `i32`/`i64`, wrapping for unsigned).
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (division-by-zero check; `MIN / -1` overflow for signed).
    Div,
    /// `%`
    Mod,
    /// `string + string`.
    Concat,
    /// `[T] * n` (array on the left after normalisation; issue 4).
    Repeat,
    /// `==` on numbers, bools, strings; identity on arrays/structs; structural on enums.
    Eq,
    /// `!=`
    Ne,
    /// `<` on numbers.
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// Bitwise AND of two `i32` (`and` on integers, §8.5).
    BitAnd,
    /// Bitwise OR of two `i32`.
    BitOr,
}

/// Typed expressions.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A constant of the expression's type.
    Const(Const),
    /// Read a local (an init check is implied when the local `needs_init_check`).
    Local(LocalId),
    /// Read a module-level variable.
    Global(GlobalId),
    /// Assign a local; the value of the expression is the assigned value.
    AssignLocal(LocalId, Box<Expr>),
    /// Assign a module-level variable.
    AssignGlobal(GlobalId, Box<Expr>),
    /// `lhs op rhs`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// Short-circuit `and` (true) / `or` (false) on bools.
    Logical {
        /// `and` when true, `or` when false.
        is_and: bool,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand, evaluated only when needed.
        rhs: Box<Expr>,
    },
    /// Unary minus on a signed integer or `f64` (checked for signed).
    Neg(Box<Expr>),
    /// `not x` on a bool or an integer (true when zero).
    Not(Box<Expr>),
    /// `e as T`; the target type is the expression's `ty`, the source type the operand's.
    Cast(Box<Expr>),
    /// `a if cond else b`.
    Cond {
        /// Condition.
        cond: Box<Expr>,
        /// Value when true.
        then: Box<Expr>,
        /// Value when false.
        otherwise: Box<Expr>,
    },
    /// Direct call of a known function instance.
    Call(FuncId, Vec<Expr>),
    /// A builtin operation.
    Builtin(Builtin, Vec<Expr>),
    /// `timestamp()`.
    Timestamp,
}

/// Builtin functions (§15) that survive type checking. `typeof` of a static type and
/// `istype` with a constant answer are folded to constants before this point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `assert_eq(label, actual, expected)` → `bool`; args: label, actual, expected.
    AssertEq,
    /// `len(string)` → `i32`.
    StrLen,
    /// `typeof(error value)` → string (run-time label).
    TypeofError,
}
