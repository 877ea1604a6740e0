//! The register IR: the one contract between the interpreter and the LLVM backend.
//!
//! A [`Module`] is functions over typed virtual registers in basic blocks. Every register has
//! one static [`Ty`] class. Checked arithmetic is explicit (`checked` flags), so both engines
//! check the same places. After register allocation each function carries a
//! [`FrameLayout`](crate::regalloc::FrameLayout) and every register maps to a window slot.

use std::fmt;

/// Type class of a register (DESIGN.md): unboxed scalars or a GC reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// 32-bit signed.
    I32,
    /// 64-bit signed.
    I64,
    /// 32-bit unsigned.
    U32,
    /// 64-bit unsigned.
    U64,
    /// IEEE double.
    F64,
    /// Boolean (0 or 1).
    Bool,
    /// Pointer to a GC object (string, array, struct, enum, closure, …).
    Ref,
}

impl Ty {
    /// The lowercase suffix used in the text form (`add.i32`).
    pub fn name(self) -> &'static str {
        match self {
            Ty::I32 => "i32",
            Ty::I64 => "i64",
            Ty::U32 => "u32",
            Ty::U64 => "u64",
            Ty::F64 => "f64",
            Ty::Bool => "bool",
            Ty::Ref => "ref",
        }
    }

    /// True for signed integers, whose arithmetic is overflow-checked.
    pub fn is_signed(self) -> bool {
        matches!(self, Ty::I32 | Ty::I64)
    }

    /// True for the four integer classes.
    pub fn is_integer(self) -> bool {
        matches!(self, Ty::I32 | Ty::I64 | Ty::U32 | Ty::U64)
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A virtual register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reg(pub u32);

/// A basic block of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlockId(pub u32);

/// A function of the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FuncId(pub u32);

/// A module-level variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalId(pub u32);

/// An interned constant string of the module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StrId(pub u32);

/// A source location (index into [`Module::locations`]); runtime errors point here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocId(pub u32);

/// A resolved source location: file, byte span and 1-based line/column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index into [`Module::files`].
    pub file: u32,
    /// Byte offset of the span start.
    pub start: u32,
    /// Byte offset one past the span end.
    pub end: u32,
    /// 1-based line of `start`.
    pub line: u32,
    /// 1-based column of `start`.
    pub col: u32,
}

/// Static Orus types of values whose printing, comparison or tracing needs more than the
/// register class; shared with the bytecode and the runtime (one definition, in the abi).
pub use orus_abi::bytecode::ValueType;
pub use orus_abi::rtfn::RtFn;
pub use orus_abi::typetable::{EnumDesc, StructDesc, VariantDesc};

/// Constant operands.
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
    /// A constant string object.
    Str(StrId),
}

impl Const {
    /// The register class of the constant.
    pub fn ty(&self) -> Ty {
        match self {
            Const::I32(_) => Ty::I32,
            Const::I64(_) => Ty::I64,
            Const::U32(_) => Ty::U32,
            Const::U64(_) => Ty::U64,
            Const::F64(_) => Ty::F64,
            Const::Bool(_) => Ty::Bool,
            Const::Str(_) => Ty::Ref,
        }
    }
}

/// Binary arithmetic on one numeric class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`: always checks for a zero divisor; for signed classes also `MIN / -1`.
    Div,
    /// `%`: like `Div`; `fmod` for `f64`.
    Rem,
    /// Bitwise and (i32 `and`).
    And,
    /// Bitwise or (i32 `or`).
    Or,
}

/// Comparisons producing a `bool`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
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
}

/// Runtime errors an instruction can raise explicitly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// `Variable 'name' used before assignment`.
    Unassigned(String),
    /// `Function 'name' ended without returning a value`.
    MissingReturn(String),
    /// `Range step cannot be zero`.
    ZeroStep,
    /// `Integer overflow` (e.g. `..=` end adjustment).
    Overflow,
    /// `Cannot iterate negative integer`.
    NegativeIteration,
}

/// Calls into the runtime for operations that are not worth an opcode of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuntimeFn {
    /// `string + string` → string.
    Concat,
    /// Byte-wise string comparison → i32 (<0, 0, >0).
    StrCompare,
    /// Byte-wise string equality → bool.
    StrEq,
    /// `len(string)` → i32.
    StrLen,
    /// Scalar `as string` (the argument's [`ValueType`] is in the instruction).
    ToString,
    /// `assert_eq(label, actual, expected)` → bool (types in the instruction).
    AssertEq,
    /// `timestamp()` → f64.
    Timestamp,
}

/// Instructions. Destinations come first; `loc` is where a runtime error points.
#[derive(Clone, Debug, PartialEq)]
pub enum Inst {
    /// `dst = const`
    Const {
        /// Destination.
        dst: Reg,
        /// Value.
        value: Const,
    },
    /// `dst = src` (same class).
    Move {
        /// Destination.
        dst: Reg,
        /// Source.
        src: Reg,
    },
    /// `dst = lhs op rhs` on class `ty`; `checked` raises `Integer overflow` on signed
    /// overflow (the optimizer may clear it where it proves no overflow).
    Binary {
        /// Operator.
        op: BinOp,
        /// Operand and result class.
        ty: Ty,
        /// Raise on signed overflow.
        checked: bool,
        /// Destination.
        dst: Reg,
        /// Left operand.
        lhs: Reg,
        /// Right operand.
        rhs: Reg,
        /// Error location.
        loc: LocId,
    },
    /// `dst = -src` (checked for signed classes).
    Neg {
        /// Operand and result class.
        ty: Ty,
        /// Raise on negating the minimum.
        checked: bool,
        /// Destination.
        dst: Reg,
        /// Operand.
        src: Reg,
        /// Error location.
        loc: LocId,
    },
    /// `dst = (src == 0)` for integers, `!src` for bools.
    Not {
        /// Operand class.
        ty: Ty,
        /// Destination (`bool`).
        dst: Reg,
        /// Operand.
        src: Reg,
    },
    /// `dst = lhs op rhs` → bool, on numeric or bool classes.
    Cmp {
        /// Operator.
        op: CmpOp,
        /// Operand class.
        ty: Ty,
        /// Destination (`bool`).
        dst: Reg,
        /// Left operand.
        lhs: Reg,
        /// Right operand.
        rhs: Reg,
    },
    /// `dst = src as to` between scalar classes, with the §6.2 range checks.
    Cast {
        /// Source class.
        from: Ty,
        /// Target class.
        to: Ty,
        /// Destination.
        dst: Reg,
        /// Operand.
        src: Reg,
        /// Error location.
        loc: LocId,
    },
    /// Direct call; arguments are placed in the call window by the register allocator.
    Call {
        /// Result register (`None` for void).
        dst: Option<Reg>,
        /// Callee.
        func: FuncId,
        /// Arguments in order.
        args: Vec<Reg>,
        /// Location of the call (stack overflow points here).
        loc: LocId,
    },
    /// Call into the runtime.
    Runtime {
        /// Result register, if any.
        dst: Option<Reg>,
        /// Which runtime function.
        func: RuntimeFn,
        /// Static types of the arguments where the function needs them.
        types: Vec<ValueType>,
        /// Arguments.
        args: Vec<Reg>,
        /// Error location.
        loc: LocId,
    },
    /// `dst = globals[global]`.
    LoadGlobal {
        /// Destination.
        dst: Reg,
        /// Variable.
        global: GlobalId,
    },
    /// `globals[global] = src`.
    StoreGlobal {
        /// Variable.
        global: GlobalId,
        /// Source.
        src: Reg,
    },
    /// `print(args)`: `types[i]` describes `args[i]`; a first `Str` argument is the format.
    Print {
        /// Static types of the arguments.
        types: Vec<ValueType>,
        /// Arguments.
        args: Vec<Reg>,
    },
    /// Store a window register to spill slot `slot` (≥ 256), inserted by the allocator.
    Spill {
        /// Spill slot number in the frame numbering.
        slot: u32,
        /// Register whose value is stored.
        src: Reg,
    },
    /// Load spill slot `slot` into a window register, inserted by the allocator.
    Reload {
        /// Register receiving the value.
        dst: Reg,
        /// Spill slot number in the frame numbering.
        slot: u32,
    },
    /// A generic runtime call ([`RtFn`]); `types` is the type list the function documents.
    /// May allocate (a GC point) and may raise at `loc`.
    RtCall {
        /// Result register (`None` when the function has no result or it is unused).
        dst: Option<Reg>,
        /// Which function.
        func: RtFn,
        /// Its type list.
        types: Vec<ValueType>,
        /// Arguments (slot words).
        args: Vec<Reg>,
        /// Error location.
        loc: LocId,
    },
    /// `dst = [elems…]`: a new array of element type `elem` (allocates).
    ArrayNew {
        /// Destination (`Ref`).
        dst: Reg,
        /// Element type.
        elem: ValueType,
        /// Initial elements.
        elems: Vec<Reg>,
    },
    /// `dst = array[index]` with the §8.7 checks; `index` is of any integer class
    /// (`index_ty`).
    ArrayGet {
        /// Destination.
        dst: Reg,
        /// The array (`Ref`).
        array: Reg,
        /// The index.
        index: Reg,
        /// Class of `index`.
        index_ty: Ty,
        /// Error location.
        loc: LocId,
    },
    /// `array[index] = src` with the §8.7 checks.
    ArraySet {
        /// The array (`Ref`).
        array: Reg,
        /// The index.
        index: Reg,
        /// Class of `index`.
        index_ty: Ty,
        /// New element.
        src: Reg,
        /// Error location.
        loc: LocId,
    },
    /// `dst = len(array)` (`i32`).
    ArrayLen {
        /// Destination (`i32`).
        dst: Reg,
        /// The array.
        array: Reg,
    },
    /// `push(array, src)` (may allocate: the element storage grows).
    ArrayPush {
        /// The array.
        array: Reg,
        /// New element.
        src: Reg,
    },
    /// `dst = S{ fields… }` for struct `id` (allocates).
    StructNew {
        /// Destination (`Ref`).
        dst: Reg,
        /// Struct index in [`Module::structs`].
        id: u32,
        /// One register per field, declaration order.
        fields: Vec<Reg>,
    },
    /// `dst = obj.field`.
    FieldGet {
        /// Destination.
        dst: Reg,
        /// The struct (`Ref`).
        obj: Reg,
        /// Field number.
        field: u32,
    },
    /// `obj.field = src`.
    FieldSet {
        /// The struct (`Ref`).
        obj: Reg,
        /// Field number.
        field: u32,
        /// New value.
        src: Reg,
    },
    /// `dst = variant number of value` (`i32`).
    EnumTag {
        /// Destination (`i32`).
        dst: Reg,
        /// The enum value (`Ref`).
        value: Reg,
    },
    /// `dst = payload index of value`, unchecked (the variant is known).
    EnumPayload {
        /// Destination.
        dst: Reg,
        /// The enum value (`Ref`).
        value: Reg,
        /// Payload number.
        index: u32,
    },
    /// `dst = new cell holding src` (allocates); `ty` is the class of the value.
    CellNew {
        /// Destination (`Ref`).
        dst: Reg,
        /// Initial value.
        src: Reg,
        /// Class of the held value.
        ty: Ty,
    },
    /// `dst = cell.value`.
    CellGet {
        /// Destination.
        dst: Reg,
        /// The cell (`Ref`).
        cell: Reg,
    },
    /// `cell.value = src`.
    CellSet {
        /// The cell (`Ref`).
        cell: Reg,
        /// New value.
        src: Reg,
    },
    /// `dst = closure of func over captures` (allocates). `func` takes the closure itself as
    /// its hidden parameter 0, then the user arguments.
    Closure {
        /// Destination (`Ref`).
        dst: Reg,
        /// The function.
        func: FuncId,
        /// Capture words (cells), in environment order.
        captures: Vec<Reg>,
    },
    /// `dst = capture index of the closure env` (a cell `Ref`).
    CaptureGet {
        /// Destination (`Ref`).
        dst: Reg,
        /// The closure (normally parameter 0).
        env: Reg,
        /// Capture number.
        index: u32,
    },
    /// Call of a function value: the callee receives `callee` as parameter 0 and `args` after
    /// it. Stack overflow points at `loc`.
    CallIndirect {
        /// Result register (`None` for void).
        dst: Option<Reg>,
        /// The closure (`Ref`).
        callee: Reg,
        /// User arguments.
        args: Vec<Reg>,
        /// Location of the call.
        loc: LocId,
    },
    /// Enter a `try` region: until the matching [`Inst::TryExit`], a runtime error raised here
    /// or in any callee unwinds to this frame, stores the error value into `error` and jumps
    /// to `handler`. Regions nest dynamically (a stack of handlers).
    TryEnter {
        /// The `catch` block.
        handler: BlockId,
        /// Receives the error value (`Ref`).
        error: Reg,
    },
    /// Leave the innermost `try` region of this frame normally (also before `break`,
    /// `continue` or `return` out of the region).
    TryExit,
    /// Start of the body of a call the optimizer inlined: counts as one more level of call
    /// nesting until the matching [`Inst::InlineExit`], so recursion depth (and the
    /// `Stack overflow` raised here at `loc`, the inlined call's location, beyond the limit)
    /// is exactly that of the call it replaces. Every path from here reaches the matching
    /// exit or ends in a runtime error.
    InlineEnter {
        /// Location of the inlined call.
        loc: LocId,
    },
    /// End of an inlined call's body: one level of call nesting less.
    InlineExit,
}

/// Block terminators.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// Unconditional jump.
    Jump(BlockId),
    /// `if cond then a else b`.
    Branch {
        /// `bool` register.
        cond: Reg,
        /// Taken when true.
        then: BlockId,
        /// Taken when false.
        otherwise: BlockId,
    },
    /// Return, with a value for non-void functions.
    Return(Option<Reg>),
    /// Raise a runtime error.
    Trap {
        /// Which error.
        kind: TrapKind,
        /// Where it points.
        loc: LocId,
    },
}

/// A basic block.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// Straight-line instructions.
    pub insts: Vec<Inst>,
    /// How the block ends.
    pub term: Term,
    /// The `catch` block of the innermost `try` region this block belongs to: any instruction
    /// of the block may transfer control there. Dataflow treats it as an extra successor of
    /// *every point* of the block (live-in of the handler ⊆ live-in of the block).
    pub handler: Option<BlockId>,
}

/// Per-register facts.
#[derive(Clone, Debug, PartialEq)]
pub struct RegInfo {
    /// The register's class.
    pub ty: Ty,
    /// Source variable name, for the text form and debugging.
    pub name: Option<String>,
}

/// A function: registers, blocks (block 0 is the entry) and, after allocation, its layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Function {
    /// Display name.
    pub name: String,
    /// Parameter registers in order (they occupy slots 0..n on entry).
    pub params: Vec<Reg>,
    /// Return class (`None` = void).
    pub ret: Option<Ty>,
    /// Every register, indexed by `Reg.0`.
    pub regs: Vec<RegInfo>,
    /// Blocks, indexed by `BlockId.0`; block 0 is the entry.
    pub blocks: Vec<Block>,
    /// Where the function is defined.
    pub loc: LocId,
    /// Frame layout, filled in by register allocation.
    pub layout: Option<crate::regalloc::FrameLayout>,
    /// Name shown when a value of this function is printed (`<fn name>`); empty for function
    /// expressions (`<fn>`).
    pub value_name: String,
}

/// A module-level variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    /// Name, for the text form.
    pub name: String,
    /// Class.
    pub ty: Ty,
}

/// A whole program in register IR.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Module {
    /// Functions, indexed by `FuncId.0`.
    pub funcs: Vec<Function>,
    /// Module-level variables of every Orus module, indexed by `GlobalId.0`.
    pub globals: Vec<Global>,
    /// Constant strings, indexed by `StrId.0`.
    pub strings: Vec<Vec<u8>>,
    /// Source file paths, indexed by `Location::file`.
    pub files: Vec<String>,
    /// Source locations, indexed by `LocId.0`.
    pub locations: Vec<Location>,
    /// The function the program starts in: it runs every module initialiser in order.
    pub entry: FuncId,
    /// Struct declarations, indexed by `ValueType::Struct(i)`.
    pub structs: Vec<StructDesc>,
    /// Enum declarations, indexed by `ValueType::Enum(i)`.
    pub enums: Vec<EnumDesc>,
}
