//! The generic runtime calls: operations on heap values that both engines perform by calling
//! one runtime dispatcher instead of inlining them.
//!
//! Calling convention, the same in both engines: the arguments are 64-bit slot words
//! ([`crate::value`] encoding) in order; `types` is a type-list index into the program's
//! [`crate::typetable::TypeTable`] (what the list holds is documented per function); the result
//! is one slot word (0 for functions without a result). A failing call raises a runtime error
//! at the instruction's source location.
//!
//! * Interpreter: `RTCALL A B` + `EXTRAARG types` — function number `B`, arguments in
//!   `R[A+1..A+n]`, result in `R[A]`.
//! * Native code: `u64 orus_rt_call(u32 func, const u64 *args, u32 nargs, u32 types, u32 loc)`.
//! * Runtime: `orus_runtime::rtcall::dispatch(RtFn, &[u64], types) -> Result<u64, RuntimeError>`.

macro_rules! rt_functions {
    ($( $(#[$doc:meta])* $name:ident $text:literal $arity:literal $result:literal; )*) => {
        /// A generic runtime call.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RtFn {
            $( $(#[$doc])* $name, )*
        }

        impl RtFn {
            /// Every function, in numbering order.
            pub const ALL: &'static [RtFn] = &[$(RtFn::$name),*];

            /// Lowercase name for the text forms (`rt.array_pop`).
            pub fn name(self) -> &'static str {
                match self { $(RtFn::$name => $text,)* }
            }

            /// Number of arguments; `-1` when it is given by the type list (see the function).
            pub fn arity(self) -> i32 {
                match self { $(RtFn::$name => $arity,)* }
            }

            /// True when the call produces a result word.
            pub fn has_result(self) -> bool {
                match self { $(RtFn::$name => $result,)* }
            }
        }
    };
}

rt_functions! {
    /// `[value, count]` fill form: args (value, count: i64); types `[elem]`; → new array.
    ArrayFill "array_fill" 2 true;
    /// `xs * n`: args (array, count: i64); types `[elem]`; → new array.
    ArrayRepeat "array_repeat" 2 true;
    /// `pop(xs)`: args (array); types `[elem]`; → the removed element.
    ArrayPop "array_pop" 1 true;
    /// `xs[a..b]` with the defaults filled in (a = 0, b = len): args (array, a: i64, b: i64);
    /// types `[elem]`; → new array.
    ArraySlice "array_slice" 3 true;
    /// `sorted(xs)`: args (array); types `[elem]`; → new array.
    Sorted "sorted" 1 true;
    /// `s[i]`: args (string, i: i64); types `[]`; → one-byte string.
    StrIndex "str_index" 2 true;
    /// `s[a..b]` with the defaults filled in: args (string, a: i64, b: i64); → new string.
    StrSlice "str_slice" 3 true;
    /// `range(start, stop, step)`: args (i64, i64, i64); → range value.
    RangeNew "range_new" 3 true;
    /// A `u64` argument of `range()`: args (u64); → the same as i64, or the argument error.
    RangeArgU64 "range_arg_u64" 1 true;
    /// A non-integer argument of `range()`: always raises the argument error.
    RangeInvalid "range_invalid" 0 false;
    /// True when the range value has another value: args (range); → bool.
    RangeHasNext "range_has_next" 1 true;
    /// Produces the next value of a range and advances it: args (range); → i64.
    RangeNext "range_next" 1 true;
    /// `input()` / `input(prompt)`: args (prompt string or 0, has_prompt: bool); → string.
    Input "input" 2 true;
    /// `int(v)`: args (v); types `[type of v]`; → i32.
    IntOf "int_of" 1 true;
    /// `float(v)`: args (v); types `[type of v]`; → f64.
    FloatOf "float_of" 1 true;
    /// Structural `==` (enums; also usable for any type): args (a, b); types `[T]`; → bool.
    ValueEq "value_eq" 2 true;
    /// Enum construction: args (payload…); types `[Enum(id), variant as U32 placeholder…]` —
    /// precisely: types = `[Enum(id)]` followed by the payloads' static types; the variant
    /// number is the first argument word: args (variant: u32, payload…). Arity = 1 + payloads.
    EnumNew "enum_new" -1 true;
    /// A generic (unchecked) payload bound by `match`: args (enum value, index: u32); types
    /// `[expected type]`; → the payload, or `Type mismatch in enum payload`.
    EnumPayloadChecked "enum_payload_checked" 2 true;
    /// `typeof(e)` of an error value: args (error); → string `"<kind> <message>"`.
    TypeofError "typeof_error" 1 true;
    /// `x as string` for any value (scalars use the dedicated `TOSTRING`): args (v); types `[T]`.
    ToStringAny "to_string_any" 1 true;
    /// `s1 + s2 + … + sn` in one allocation (n ≥ 3): args (strings…); types `[Str; n]`.
    StrConcat "str_concat" -1 true;
}

impl RtFn {
    /// The function numbered `n`.
    pub fn from_u8(n: u8) -> Option<RtFn> {
        RtFn::ALL.get(n as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::RtFn;

    #[test]
    fn numbering_round_trips() {
        for (i, f) in RtFn::ALL.iter().enumerate() {
            assert_eq!(*f as usize, i);
            assert_eq!(RtFn::from_u8(i as u8), Some(*f));
        }
    }
}
