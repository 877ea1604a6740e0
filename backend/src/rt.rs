//! The runtime's `extern "C"` surface as the generated code sees it (mirrors
//! `orus_runtime::native`: symbol names, signatures, error numbers and type tags).

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::ContextRef;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, FunctionType};
use inkwell::values::FunctionValue;
use orus_midend::ir::{Ty, ValueType};

/// Error numbers of `orus_rt_error` / `orus_rt_trap_named` (`orus_runtime::native::codes`).
pub mod codes {
    /// `Division by zero`.
    pub const DIVISION_BY_ZERO: u64 = 0;
    /// `Integer overflow`.
    pub const OVERFLOW: u64 = 1;
    /// `Integer overflow: cannot negate INT32_MIN`.
    pub const NEGATE_MIN: u64 = 2;
    /// `Stack overflow`.
    pub const STACK_OVERFLOW: u64 = 3;
    /// `Range step cannot be zero`.
    pub const ZERO_STEP: u64 = 4;
    /// `Cannot iterate negative integer`.
    pub const NEGATIVE_ITERATION: u64 = 5;
    /// `Variable '<name>' used before assignment`.
    pub const UNASSIGNED: u64 = 6;
    /// `Function '<name>' ended without returning a value`.
    pub const MISSING_RETURN: u64 = 7;
    /// `Array index must be a non-negative integer`.
    pub const ARRAY_INDEX_NEGATIVE: u64 = 8;
    /// `Array index out of bounds`.
    pub const ARRAY_INDEX_OUT_OF_BOUNDS: u64 = 9;
}

/// Deepest Orus call nesting before `Stack overflow`: the interpreter's limit
/// ([`orus_abi::MAX_CALL_DEPTH`]). The runtime's Orus thread has a 4 GiB stack, so the limit
/// is reached long before the machine stack ends.
pub const MAX_CALL_DEPTH: u64 = orus_abi::MAX_CALL_DEPTH as u64;

/// The `orus_abi::types::TypeTag` number of a register class.
pub fn class_tag(ty: Ty) -> u64 {
    match ty {
        Ty::I32 => 0,
        Ty::I64 => 1,
        Ty::U32 => 2,
        Ty::U64 => 3,
        Ty::F64 => 4,
        Ty::Bool => 5,
        Ty::Ref => 6,
    }
}

/// The `orus_abi::types::TypeTag` number of a static value type.
pub fn value_tag(ty: &ValueType) -> u64 {
    match ty {
        ValueType::I32 => 0,
        ValueType::I64 => 1,
        ValueType::U32 => 2,
        ValueType::U64 => 3,
        ValueType::F64 => 4,
        ValueType::Bool => 5,
        ValueType::Str => 6,
        ValueType::Array(_) => 7,
        ValueType::Struct(_) => 8,
        ValueType::Enum(_) => 9,
        ValueType::Func => 10,
        ValueType::Range => 11,
        ValueType::Error => 12,
    }
}

/// Runtime functions the generated code calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RtFn {
    /// `i32 orus_rt_main(ptr info)`.
    Main,
    /// `noreturn void orus_rt_error(i32 code, i32 loc)`.
    Error,
    /// `noreturn void orus_rt_trap_named(i32 code, i32 loc, ptr name, i64 len)`.
    TrapNamed,
    /// `noreturn void orus_rt_cast_fail(i32 from, i32 to, i64 bits, i32 loc)`.
    CastFail,
    /// `void orus_rt_print(i32 types, ptr values, i64 count)`.
    Print,
    /// `i64 orus_rt_concat(i64, i64)`.
    Concat,
    /// `i32 orus_rt_str_compare(i64, i64)`.
    StrCompare,
    /// `i32 orus_rt_str_eq(i64, i64)`.
    StrEq,
    /// `i32 orus_rt_str_len(i64)`.
    StrLen,
    /// `i64 orus_rt_to_string(i32 tag, i64 bits)`.
    ToString,
    /// `i32 orus_rt_assert_eq(i64 label, i32 types, i64 actual, i64 expected, i32 loc)`.
    AssertEq,
    /// `double orus_rt_timestamp()`.
    Timestamp,
    /// `i64 orus_rt_call(i32 func, ptr args, i32 nargs, i32 types, i32 loc)`.
    Call,
    /// `i64 orus_rt_array_new(i32 elem_is_ref, ptr elems, i64 n)`.
    ArrayNew,
    /// `void orus_rt_array_push(i64 array, i64 value)`.
    ArrayPush,
    /// `i64 orus_rt_struct_new(i32 id, ptr fields, i64 n)`.
    StructNew,
    /// `i64 orus_rt_cell_new(i64 value, i32 is_ref)`.
    CellNew,
    /// `i64 orus_rt_closure_new(i32 func, ptr code, ptr captures, i64 n)`.
    ClosureNew,
    /// `ptr orus_rt_try_push()`: the jump buffer of a new handler.
    TryPush,
    /// `void orus_rt_try_pop()`.
    TryPop,
    /// `i64 orus_rt_try_caught()`: pops the handler, returns the error value.
    TryCaught,
    /// `i32 _setjmp(ptr)` of the C library (returns twice).
    SetJmp,
}

impl RtFn {
    /// The C symbol.
    fn symbol(self) -> &'static str {
        match self {
            RtFn::Main => "orus_rt_main",
            RtFn::Error => "orus_rt_error",
            RtFn::TrapNamed => "orus_rt_trap_named",
            RtFn::CastFail => "orus_rt_cast_fail",
            RtFn::Print => "orus_rt_print",
            RtFn::Concat => "orus_rt_concat",
            RtFn::StrCompare => "orus_rt_str_compare",
            RtFn::StrEq => "orus_rt_str_eq",
            RtFn::StrLen => "orus_rt_str_len",
            RtFn::ToString => "orus_rt_to_string",
            RtFn::AssertEq => "orus_rt_assert_eq",
            RtFn::Timestamp => "orus_rt_timestamp",
            RtFn::Call => "orus_rt_call",
            RtFn::ArrayNew => "orus_rt_array_new",
            RtFn::ArrayPush => "orus_rt_array_push",
            RtFn::StructNew => "orus_rt_struct_new",
            RtFn::CellNew => "orus_rt_cell_new",
            RtFn::ClosureNew => "orus_rt_closure_new",
            RtFn::TryPush => "orus_rt_try_push",
            RtFn::TryPop => "orus_rt_try_pop",
            RtFn::TryCaught => "orus_rt_try_caught",
            RtFn::SetJmp => "_setjmp",
        }
    }

    /// True for the functions that never return (error exits).
    fn is_noreturn(self) -> bool {
        matches!(self, RtFn::Error | RtFn::TrapNamed | RtFn::CastFail)
    }

    fn signature<'ctx>(self, cx: &ContextRef<'ctx>) -> FunctionType<'ctx> {
        let i32t: BasicMetadataTypeEnum = cx.i32_type().into();
        let i64t: BasicMetadataTypeEnum = cx.i64_type().into();
        let ptr: BasicMetadataTypeEnum = cx.ptr_type(Default::default()).into();
        let void = cx.void_type();
        match self {
            RtFn::Main => cx.i32_type().fn_type(&[ptr], false),
            RtFn::Error => void.fn_type(&[i32t, i32t], false),
            RtFn::TrapNamed => void.fn_type(&[i32t, i32t, ptr, i64t], false),
            RtFn::CastFail => void.fn_type(&[i32t, i32t, i64t, i32t], false),
            RtFn::Print => void.fn_type(&[i32t, ptr, i64t], false),
            RtFn::Concat => cx.i64_type().fn_type(&[i64t, i64t], false),
            RtFn::StrCompare | RtFn::StrEq => cx.i32_type().fn_type(&[i64t, i64t], false),
            RtFn::StrLen => cx.i32_type().fn_type(&[i64t], false),
            RtFn::ToString => cx.i64_type().fn_type(&[i32t, i64t], false),
            RtFn::AssertEq => cx
                .i32_type()
                .fn_type(&[i64t, i32t, i64t, i64t, i32t], false),
            RtFn::Timestamp => cx.f64_type().fn_type(&[], false),
            RtFn::Call => cx.i64_type().fn_type(&[i32t, ptr, i32t, i32t, i32t], false),
            RtFn::ArrayNew | RtFn::StructNew => cx.i64_type().fn_type(&[i32t, ptr, i64t], false),
            RtFn::ArrayPush => void.fn_type(&[i64t, i64t], false),
            RtFn::CellNew => cx.i64_type().fn_type(&[i64t, i32t], false),
            RtFn::ClosureNew => cx.i64_type().fn_type(&[i32t, ptr, ptr, i64t], false),
            RtFn::TryPush => cx.ptr_type(Default::default()).fn_type(&[], false),
            RtFn::TryPop => void.fn_type(&[], false),
            RtFn::TryCaught => cx.i64_type().fn_type(&[], false),
            RtFn::SetJmp => cx.i32_type().fn_type(&[ptr], false),
        }
    }

    /// The declaration of this function in `module`, added on first use.
    pub fn get<'ctx>(self, module: &Module<'ctx>) -> FunctionValue<'ctx> {
        if let Some(f) = module.get_function(self.symbol()) {
            return f;
        }
        let cx = module.get_context();
        let f = module.add_function(self.symbol(), self.signature(&cx), Some(Linkage::External));
        let mut attrs = vec!["nounwind"];
        if self.is_noreturn() {
            attrs.extend(["noreturn", "cold"]);
        }
        if self == RtFn::SetJmp {
            attrs.push("returns_twice");
        }
        for name in attrs {
            let kind = Attribute::get_named_enum_kind_id(name);
            f.add_attribute(AttributeLoc::Function, cx.create_enum_attribute(kind, 0));
        }
        f
    }
}
