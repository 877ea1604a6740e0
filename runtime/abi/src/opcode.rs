//! The one opcode table (Lua's `lopcodes.h`): every opcode with its name, instruction layout
//! and the meaning of each operand. The encoder, the disassembler and the verifier all read it.
//!
//! Conventions shared by all opcodes:
//! * `R[x]` is window slot `x` of the current frame; registers are untyped 64-bit words whose
//!   encoding is described in [`crate::value`].
//! * Conditional-jump opcodes (`next: Jump`) are always followed by a `JMP`; the jump is taken
//!   (executed inline, one dispatch per branch) when the condition equals the flag `k`, and
//!   skipped otherwise.
//! * Wide opcodes (`next: Extra`) read their index operand from the following `EXTRAARG`.
//! * `CALL A Bx`: arguments in `R[A+1..]`, result in `R[A]`; the callee's slot 0 is the
//!   caller's slot `A+1`. `PRINT`, `ASSERT_EQ` and `RTCALL` read their arguments from
//!   `R[A+1..]` too; `CALLR A B` likewise, with the closure in `R[A+1]` (the callee's slot 0)
//!   and its `B` arguments after it.
//! * Allocating opcodes that take a run of operands (`NEWARRAY`, `NEWSTRUCT`, `CLOSURE`) read
//!   `R[B..B+C]`; the emitter places them in the call area right before the instruction.
//! * `Types` operands (`PRINT`, `ASSERT_EQ`, the `EXTRAARG` of `RTCALL`) index the type lists
//!   of the program's [`crate::typetable::TypeTable`].

/// How the 32 bits of an instruction are split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `op:8 A:8 B:8 C:8`.
    Abc,
    /// `op:8 A:8 Bx:16` (unsigned).
    ABx,
    /// `op:8 A:8 sBx:16` (two's complement).
    AsBx,
    /// `op:8 sAx:24` (two's complement), used by `JMP`.
    SAx,
    /// `op:8 Ax:24` (unsigned), used by `EXTRAARG`.
    Ax,
}

/// What one operand field means (drives verification and disassembly).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// The field is unused and must be zero.
    Unused,
    /// A window register of the current frame.
    Reg,
    /// A signed immediate (sign-extended to 64 bits).
    Imm,
    /// A 0/1 flag (`k`) of a conditional jump.
    Flag,
    /// An index into the function's constant pool.
    Const,
    /// An index into the program's globals.
    Global,
    /// An index into the program's functions.
    Func,
    /// A spill-slot index (frame slot `256 + index`).
    Spill,
    /// An index into the program's type lists.
    Types,
    /// An index into the program's trap table.
    Trap,
    /// A relative jump: target = pc of the next instruction + offset.
    Jump,
    /// A cast code: `from << 4 | to`, both [`crate::bytecode::Class`] numbers.
    Cast,
    /// A scalar [`crate::bytecode::Class`] number.
    Class,
    /// An unsigned 24-bit payload of `EXTRAARG`.
    Extra,
    /// An unsigned count (of elements, fields, captures or arguments in a run of registers).
    Count,
    /// An unsigned field, payload or capture number of a heap object.
    Field,
    /// A generic runtime function ([`crate::rtfn::RtFn`] number).
    RtFn,
    /// An index into the program's struct declarations (type table).
    Struct,
}

/// What must follow an instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Any instruction.
    Any,
    /// A `JMP` that the instruction executes or skips.
    Jump,
    /// An `EXTRAARG` carrying the wide index.
    Extra,
    /// Nothing: control never falls through (return, jump, trap).
    Never,
}

/// The encoding and operand meanings of one opcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// Field layout.
    pub layout: Layout,
    /// Meaning of `A` (or of the 24-bit field for `SAx`/`Ax`).
    pub a: Operand,
    /// Meaning of `B` (or `Bx`/`sBx`).
    pub b: Operand,
    /// Meaning of `C`.
    pub c: Operand,
    /// What must follow.
    pub next: Next,
}

macro_rules! opcodes {
    ($( $(#[doc = $doc:literal])* $name:ident $text:literal $layout:ident($a:ident, $b:ident, $c:ident) $next:ident; )*) => {
        /// Every bytecode opcode; the discriminant is the low byte of the instruction.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Opcode {
            /// All opcodes in numbering order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];

            /// The mnemonic shown by the disassembler.
            pub const fn name(self) -> &'static str {
                match self { $(Opcode::$name => $text,)* }
            }

            /// Encoding and operand meanings.
            pub const fn format(self) -> Format {
                match self {
                    $(Opcode::$name => Format {
                        layout: Layout::$layout,
                        a: Operand::$a,
                        b: Operand::$b,
                        c: Operand::$c,
                        next: Next::$next,
                    },)*
                }
            }
        }
    };
}

opcodes! {
    /// `R[A] = R[B]`
    Move "MOVE" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = sBx` (sign-extended)
    LoadI "LOADI" AsBx(Reg, Imm, Unused) Any;
    /// `R[A] = K[Bx]`
    LoadK "LOADK" ABx(Reg, Const, Unused) Any;
    /// `R[A] = K[EXTRAARG]`
    LoadKX "LOADKX" ABx(Reg, Unused, Unused) Extra;
    /// `R[A] = G[Bx]`
    LoadG "LOADG" ABx(Reg, Global, Unused) Any;
    /// `R[A] = G[EXTRAARG]`
    LoadGX "LOADGX" ABx(Reg, Unused, Unused) Extra;
    /// `G[Bx] = R[A]`
    StoreG "STOREG" ABx(Reg, Global, Unused) Any;
    /// `G[EXTRAARG] = R[A]`
    StoreGX "STOREGX" ABx(Reg, Unused, Unused) Extra;
    /// `S[Bx] = R[A]` (spill slot `256 + Bx`)
    Spill "SPILL" ABx(Reg, Spill, Unused) Any;
    /// `S[EXTRAARG] = R[A]`
    SpillX "SPILLX" ABx(Reg, Unused, Unused) Extra;
    /// `R[A] = S[Bx]`
    Reload "RELOAD" ABx(Reg, Spill, Unused) Any;
    /// `R[A] = S[EXTRAARG]`
    ReloadX "RELOADX" ABx(Reg, Unused, Unused) Extra;
    /// Wide operand of the previous instruction; never executed.
    ExtraArg "EXTRAARG" Ax(Extra, Unused, Unused) Any;

    /// `R[A] = R[B] + R[C]` (i32, checked)
    AddI32 "ADD_I32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] + R[C]` (i64, checked)
    AddI64 "ADD_I64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] + R[C]` (u32, wrapping)
    AddU32 "ADD_U32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] + R[C]` (u64, wrapping)
    AddU64 "ADD_U64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] + R[C]` (f64)
    AddF64 "ADD_F64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] - R[C]` (i32, checked)
    SubI32 "SUB_I32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] - R[C]` (i64, checked)
    SubI64 "SUB_I64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] - R[C]` (u32, wrapping)
    SubU32 "SUB_U32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] - R[C]` (u64, wrapping)
    SubU64 "SUB_U64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] - R[C]` (f64)
    SubF64 "SUB_F64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] * R[C]` (i32, checked)
    MulI32 "MUL_I32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] * R[C]` (i64, checked)
    MulI64 "MUL_I64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] * R[C]` (u32, wrapping)
    MulU32 "MUL_U32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] * R[C]` (u64, wrapping)
    MulU64 "MUL_U64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] * R[C]` (f64)
    MulF64 "MUL_F64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] / R[C]` (i32; zero divisor and `MIN / -1` raise)
    DivI32 "DIV_I32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] / R[C]` (i64; zero divisor and `MIN / -1` raise)
    DivI64 "DIV_I64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] / R[C]` (u32; zero divisor raises)
    DivU32 "DIV_U32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] / R[C]` (u64; zero divisor raises)
    DivU64 "DIV_U64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] / R[C]` (f64; zero divisor raises)
    DivF64 "DIV_F64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] % R[C]` (i32; like `DIV_I32`)
    RemI32 "REM_I32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] % R[C]` (i64; like `DIV_I64`)
    RemI64 "REM_I64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] % R[C]` (u32; zero divisor raises)
    RemU32 "REM_U32" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] % R[C]` (u64; zero divisor raises)
    RemU64 "REM_U64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = fmod(R[B], R[C])` (f64; zero divisor raises)
    RemF64 "REM_F64" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] & R[C]` (any integer class or bool: the words are and-ed)
    BitAnd "BAND" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] | R[C]` (any integer class or bool)
    BitOr "BOR" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] + sC` (i32, checked)
    AddImmI32 "ADDI_I32" Abc(Reg, Reg, Imm) Any;
    /// `R[A] = R[B] + sC` (i64, checked)
    AddImmI64 "ADDI_I64" Abc(Reg, Reg, Imm) Any;

    /// `R[A] = R[B] + K[C]` (i32, checked)
    AddKI32 "ADDK_I32" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] + K[C]` (i64, checked)
    AddKI64 "ADDK_I64" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] - K[C]` (i32, checked)
    SubKI32 "SUBK_I32" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] - K[C]` (i64, checked)
    SubKI64 "SUBK_I64" Abc(Reg, Reg, Const) Any;
    /// `R[A] = K[C] - R[B]` (i32, checked)
    RSubKI32 "RSUBK_I32" Abc(Reg, Reg, Const) Any;
    /// `R[A] = K[C] - R[B]` (i64, checked)
    RSubKI64 "RSUBK_I64" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] * K[C]` (i32, checked)
    MulKI32 "MULK_I32" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] * K[C]` (i64, checked)
    MulKI64 "MULK_I64" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] / K[C]` (i32; like `DIV_I32`)
    DivKI32 "DIVK_I32" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] / K[C]` (i64; like `DIV_I64`)
    DivKI64 "DIVK_I64" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] % K[C]` (i32; like `REM_I32`)
    RemKI32 "REMK_I32" Abc(Reg, Reg, Const) Any;
    /// `R[A] = R[B] % K[C]` (i64; like `REM_I64`)
    RemKI64 "REMK_I64" Abc(Reg, Reg, Const) Any;
    /// Counted-loop step: `R[A] += sC` (i32, checked), then the following `JMP` (back to
    /// the loop body) is executed when the loop goes on: `R[A] < R[B]` for a positive
    /// step, `R[A] > R[B]` for a negative one.
    ForLoopI32 "FORLOOP_I32" Abc(Reg, Reg, Imm) Jump;
    /// Counted-loop step like `FORLOOP_I32` on i64 counters.
    ForLoopI64 "FORLOOP_I64" Abc(Reg, Reg, Imm) Jump;

    /// `R[A] = -R[B]` (i32; `Integer overflow: cannot negate INT32_MIN`)
    NegI32 "NEG_I32" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = -R[B]` (i64; `Integer overflow`)
    NegI64 "NEG_I64" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = -R[B]` (u32, wrapping)
    NegU32 "NEG_U32" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = -R[B]` (u64, wrapping)
    NegU64 "NEG_U64" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = -R[B]` (f64)
    NegF64 "NEG_F64" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = (R[B] == 0)` (integers and bools)
    Not "NOT" Abc(Reg, Reg, Unused) Any;

    /// `R[A] = R[B] == R[C]` (integer or bool words)
    Eq "EQ" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] != R[C]` (integer or bool words)
    Ne "NE" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] < R[C]` (i32, i64)
    LtS "LT_S" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] <= R[C]` (i32, i64)
    LeS "LE_S" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] < R[C]` (u32, u64)
    LtU "LT_U" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] <= R[C]` (u32, u64)
    LeU "LE_U" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] == R[C]` (f64)
    EqF "EQ_F" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] != R[C]` (f64)
    NeF "NE_F" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] < R[C]` (f64)
    LtF "LT_F" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] <= R[C]` (f64)
    LeF "LE_F" Abc(Reg, Reg, Reg) Any;

    /// `pc += sAx`
    Jmp "JMP" SAx(Jump, Unused, Unused) Never;
    /// jump when `(R[A] != 0) == k`
    Test "TEST" Abc(Reg, Unused, Flag) Jump;
    /// jump when `(R[A] == R[B]) == k` (integer or bool words)
    JmpEq "JEQ" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] < R[B]) == k` (i32, i64)
    JmpLtS "JLT_S" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] <= R[B]) == k` (i32, i64)
    JmpLeS "JLE_S" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] < R[B]) == k` (u32, u64)
    JmpLtU "JLT_U" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] <= R[B]) == k` (u32, u64)
    JmpLeU "JLE_U" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] == R[B]) == k` (f64)
    JmpEqF "JEQ_F" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] < R[B]) == k` (f64)
    JmpLtF "JLT_F" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] <= R[B]) == k` (f64)
    JmpLeF "JLE_F" Abc(Reg, Reg, Flag) Jump;
    /// jump when `(R[A] == sB) == k` (integer words)
    JmpEqImm "JEQI" Abc(Reg, Imm, Flag) Jump;
    /// jump when `(R[A] < sB) == k` (i32, i64)
    JmpLtImm "JLTI" Abc(Reg, Imm, Flag) Jump;
    /// jump when `(R[A] <= sB) == k` (i32, i64)
    JmpLeImm "JLEI" Abc(Reg, Imm, Flag) Jump;
    /// jump when `(R[A] > sB) == k` (i32, i64)
    JmpGtImm "JGTI" Abc(Reg, Imm, Flag) Jump;
    /// jump when `(R[A] >= sB) == k` (i32, i64)
    JmpGeImm "JGEI" Abc(Reg, Imm, Flag) Jump;

    /// `R[A] = R[B] as C`: the general checked scalar cast (`C = from << 4 | to`)
    Cast "CAST" Abc(Reg, Reg, Cast) Any;
    /// `R[A] = sign-extended low 32 bits of R[B]` (wrapping cast to i32)
    TruncI32 "TRUNC_I32" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = zero-extended low 32 bits of R[B]` (wrapping cast to u32)
    TruncU32 "TRUNC_U32" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = R[B] as f64` for a signed word (i32, i64)
    SignedToF64 "I2F" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = R[B] as f64` for an unsigned word (u32, u64, bool)
    UnsignedToF64 "U2F" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = R[B] != 0` (integer to bool)
    ToBool "TOBOOL" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = R[B] != 0.0` (f64 to bool)
    F64ToBool "F2BOOL" Abc(Reg, Reg, Unused) Any;

    /// call function `Bx` with the window at `A` (arguments `R[A+1..]`, result `R[A]`)
    Call "CALL" ABx(Reg, Func, Unused) Any;
    /// return `R[A]`
    Ret "RET" Abc(Reg, Unused, Unused) Never;
    /// return without a value
    Ret0 "RET0" Abc(Unused, Unused, Unused) Never;
    /// raise the runtime error `Bx` of the trap table
    Trap "TRAP" ABx(Unused, Trap, Unused) Never;

    /// print `R[A+1..]` described by type list `Bx`
    Print "PRINT" ABx(Reg, Types, Unused) Any;
    /// `R[A] = R[B] + R[C]` (string concatenation)
    Concat "CONCAT" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B] == R[C]` (strings, byte-wise)
    StrEq "STREQ" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = compare(R[B], R[C])` as i32 -1/0/1 (strings, byte-wise)
    StrCmp "STRCMP" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = len(R[B])` (string bytes, i32)
    StrLen "STRLEN" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = R[B] as string` for the scalar class `C`
    ToString "TOSTRING" Abc(Reg, Reg, Class) Any;
    /// `R[A] = assert_eq(R[A+1], R[A+2], R[A+3])` with the types of list `Bx`
    AssertEq "ASSERT_EQ" ABx(Reg, Types, Unused) Any;
    /// `R[A] = timestamp()`
    Timestamp "TIMESTAMP" Abc(Reg, Unused, Unused) Any;

    /// `R[A] = rt_B(R[A+1..])`: generic runtime function `B` with type list `EXTRAARG`
    RtCall "RTCALL" Abc(Reg, RtFn, Unused) Extra;
    /// `R[A] = [R[B], …, R[B+C-1]]`: a new array of scalar elements
    NewArray "NEWARRAY" Abc(Reg, Reg, Count) Any;
    /// `R[A] = [R[B], …, R[B+C-1]]`: a new array of Ref elements
    NewArrayRef "NEWARRAY_R" Abc(Reg, Reg, Count) Any;
    /// `R[A] = R[B][R[C]]` with a signed (or u32) index word
    ArrayGet "AGET" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = R[B][R[C]]` with a u64 index word
    ArrayGetU "AGET_U" Abc(Reg, Reg, Reg) Any;
    /// `R[A][R[B]] = R[C]` with a signed (or u32) index word
    ArraySet "ASET" Abc(Reg, Reg, Reg) Any;
    /// `R[A][R[B]] = R[C]` with a u64 index word
    ArraySetU "ASET_U" Abc(Reg, Reg, Reg) Any;
    /// `R[A] = len(R[B])` (array, i32)
    ArrayLen "ALEN" Abc(Reg, Reg, Unused) Any;
    /// `push(R[A], R[B])`
    ArrayPush "APUSH" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = struct EXTRAARG { R[B], …, R[B+C-1] }`
    NewStruct "NEWSTRUCT" Abc(Reg, Reg, Count) Extra;
    /// `R[A] = R[B].field C`
    GetField "GETFIELD" Abc(Reg, Reg, Field) Any;
    /// `R[A].field B = R[C]`
    SetField "SETFIELD" Abc(Reg, Field, Reg) Any;
    /// `R[A] = variant number of the enum value R[B]` (i32)
    EnumTag "ENUMTAG" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = payload C of the enum value R[B]`
    EnumPayload "ENUMPAYLOAD" Abc(Reg, Reg, Field) Any;
    /// `R[A] = new cell holding the scalar R[B]`
    NewCell "NEWCELL" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = new cell holding the Ref R[B]`
    NewCellRef "NEWCELL_R" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = value of the cell R[B]`
    GetCell "GETCELL" Abc(Reg, Reg, Unused) Any;
    /// `value of the cell R[A] = R[B]`
    SetCell "SETCELL" Abc(Reg, Reg, Unused) Any;
    /// `R[A] = closure of function EXTRAARG over the captures R[B], …, R[B+C-1]`
    Closure "CLOSURE" Abc(Reg, Reg, Count) Extra;
    /// `R[A] = capture C of the closure R[B]`
    GetCapture "GETCAPTURE" Abc(Reg, Reg, Field) Any;
    /// call the closure `R[A+1]` with the `B` arguments `R[A+2..]` (the callee's slot 0 is
    /// the closure), result in `R[A]`
    CallR "CALLR" Abc(Reg, Count, Unused) Any;
    /// enter a `try` region: a runtime error until the matching `TRYEXIT` stores the error
    /// value in `R[A]` and continues at the target of the following `JMP` (which `TRY` itself
    /// skips)
    Try "TRY" Abc(Reg, Unused, Unused) Jump;
    /// leave the innermost `try` region of this frame
    TryExit "TRYEXIT" Abc(Unused, Unused, Unused) Any;
    /// enter the body of an inlined call: one more level of call nesting (`Stack overflow`
    /// here, as the call would have raised it, beyond the limit)
    InlineEnter "INLINE" Abc(Unused, Unused, Unused) Any;
    /// leave the body of an inlined call: one level of call nesting less
    InlineExit "INLINEEXIT" Abc(Unused, Unused, Unused) Any;
}

impl Opcode {
    /// The opcode numbered `byte`, if any.
    pub fn from_u8(byte: u8) -> Option<Opcode> {
        Opcode::ALL.get(byte as usize).copied()
    }

    /// What the `EXTRAARG` following a wide opcode (`next: Extra`) indexes.
    pub const fn extra_operand(self) -> Operand {
        match self {
            Opcode::LoadKX => Operand::Const,
            Opcode::LoadGX | Opcode::StoreGX => Operand::Global,
            Opcode::RtCall => Operand::Types,
            Opcode::NewStruct => Operand::Struct,
            Opcode::Closure => Operand::Func,
            _ => Operand::Spill,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_matches_table_order() {
        for (i, op) in Opcode::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Opcode::from_u8(i as u8), Some(*op));
        }
        assert_eq!(Opcode::from_u8(Opcode::ALL.len() as u8), None);
    }

    #[test]
    fn names_are_unique() {
        for (i, a) in Opcode::ALL.iter().enumerate() {
            for b in &Opcode::ALL[i + 1..] {
                assert_ne!(a.name(), b.name());
            }
        }
    }

    #[test]
    fn conditional_jumps_use_a_flag() {
        for op in Opcode::ALL {
            let f = op.format();
            let loop_step = matches!(op, Opcode::ForLoopI32 | Opcode::ForLoopI64 | Opcode::Try);
            assert_eq!(
                f.next == Next::Jump,
                f.c == Operand::Flag || loop_step,
                "{}",
                op.name()
            );
        }
    }
}
