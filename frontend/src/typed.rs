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
    /// For closures (function expressions and nested `fn`s that use variables of enclosing
    /// functions): the locals of *this* function that receive the captured cells, in
    /// environment order (each is `captured`). Empty for other functions. A closure is called
    /// with its environment (the function value) as a hidden first argument.
    pub captures: Vec<LocalId>,
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
    /// Captured by a closure (in the function that declares it) or received from the
    /// closure's environment (in the closure): the variable lives in a heap cell, and every
    /// read and write of it goes through the cell.
    pub captured: bool,
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
    /// Statements run first (in the current scope: their locals are ordinary locals of the
    /// function), then the value. Used to desugar `match`, compound element assignment and
    /// anything that needs temporaries.
    Block(Vec<Stmt>, Box<Expr>),
    /// `[e1, e2, …]` (the expression's type is `Array(elem)`).
    ArrayLit(Vec<Expr>),
    /// `[value, count]` fill form: `count` (i64) copies of `value`, evaluated once.
    ArrayFill {
        /// The element value.
        value: Box<Expr>,
        /// The count (`i64`).
        count: Box<Expr>,
    },
    /// `target[index]` on an array (element) or a string (one-byte string); `index` has any
    /// integer type.
    Index {
        /// Array or string.
        target: Box<Expr>,
        /// The index.
        index: Box<Expr>,
    },
    /// `array[index] = value`; the expression's value is the assigned value.
    IndexAssign {
        /// The array.
        target: Box<Expr>,
        /// The index (any integer type).
        index: Box<Expr>,
        /// The new element.
        value: Box<Expr>,
    },
    /// `target[start..end]` on an array or a string (§8.8, inclusive end); missing bounds are
    /// `None`; bounds have any integer type.
    Slice {
        /// Array or string.
        target: Box<Expr>,
        /// Start bound.
        start: Option<Box<Expr>>,
        /// End bound.
        end: Option<Box<Expr>>,
    },
    /// `S{ … }`: field values in *declaration* order (defaults filled in), evaluated in that
    /// order.
    StructLit {
        /// The struct (index into [`Program::structs`]).
        id: u32,
        /// One value per field.
        fields: Vec<Expr>,
    },
    /// `value.field` (field number in declaration order).
    Field(Box<Expr>, u32),
    /// `value.field = new`; the expression's value is the assigned value.
    FieldAssign {
        /// The struct value.
        target: Box<Expr>,
        /// Field number.
        field: u32,
        /// The new value.
        value: Box<Expr>,
    },
    /// `Enum.Variant(args)`.
    EnumLit {
        /// The enum (index into [`Program::enums`]).
        id: u32,
        /// Variant number.
        variant: u32,
        /// Payload values (their static types are recorded with the value at run time).
        args: Vec<Expr>,
    },
    /// The variant number (`i32`) of an enum value (for desugared `match`).
    EnumTag(Box<Expr>),
    /// Payload `index` of an enum value known to be of the right variant; the expression's
    /// `ty` is the payload's type. `checked` (generic payloads, §4.4) raises
    /// `Type mismatch in enum payload` when the run-time type differs from `ty`.
    EnumPayload {
        /// The enum value.
        value: Box<Expr>,
        /// Payload number.
        index: u32,
        /// Check the run-time type.
        checked: bool,
    },
    /// A named function (or method) used as a value.
    FuncRef(FuncId),
    /// Creates a closure of `func` (a function with `captures`) whose environment holds the
    /// cells of these locals of the *current* function (each `captured`), in order.
    Closure {
        /// The closure's function.
        func: FuncId,
        /// The current function's locals whose cells are captured.
        captures: Vec<LocalId>,
    },
    /// Call of a function value.
    CallValue(Box<Expr>, Vec<Expr>),
}

/// Builtin functions (§15) that survive type checking. `typeof` of a static type and
/// `istype` with a constant answer are folded to constants before this point. Argument types
/// are the argument expressions' `ty`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `len(array)` → `i32`.
    ArrayLen,
    /// `push(array, value)` → the same array.
    Push,
    /// `pop(array)` → element.
    Pop,
    /// `sorted(array)` → new array.
    Sorted,
    /// `range(start, stop, step)` → range value: exactly three `i64` arguments (the checker
    /// fills the defaults 0 and 1 and converts integer arguments: `i32`/`u32` by a cast, `u64`
    /// through [`Builtin::RangeArgU64`]).
    Range,
    /// A `u64` argument of `range()` → `i64`, or the argument error when above `i64::MAX`.
    RangeArgU64,
    /// `range()` with a non-integer argument: raises `Invalid arguments provided to range()`
    /// (no arguments; type `Range`).
    RangeInvalid,
    /// `input()` (no argument) or `input(prompt)` (one `string`).
    Input,
    /// `int(v)` → `i32`, for a `string` or numeric (or other, raising) argument.
    Int,
    /// `float(v)` → `f64`.
    Float,
    /// `v as string` for a non-scalar `v`.
    ToStringAny,
    /// `assert_eq(label, actual, expected)` → `bool`; args: label, actual, expected.
    AssertEq,
    /// `len(string)` → `i32`.
    StrLen,
    /// `typeof(error value)` → string (run-time label).
    TypeofError,
}
