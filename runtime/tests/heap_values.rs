//! Heap values through the runtime API: slicing (§8.8), string indexing (§8.7), `sorted`,
//! ranges, enums, `int`/`float`, `print` rendering (§16) and `assert_eq` messages (§15).

use orus_abi::bytecode::ValueType::{self, *};
use orus_abi::rtfn::RtFn;
use orus_abi::typetable::{EnumDesc, StructDesc, TypeTable, VariantDesc};
use orus_runtime::error::{ErrorKind, RuntimeError};
use orus_runtime::object::{self, array_elems, array_new};
use orus_runtime::rtcall::dispatch;
use orus_runtime::string::{alloc_str, str_bytes};
use orus_runtime::{assert, print, types};

const PT: u32 = 0;
const LABEL: u32 = 1;
const REPLY: u32 = 0;
const NODE: u32 = 1;

/// Installs the test program's type table on this thread.
fn setup() {
    let variant = |name: &str, arity| VariantDesc {
        name: name.into(),
        arity,
    };
    types::install(TypeTable {
        type_lists: Vec::new(),
        structs: vec![
            StructDesc {
                name: "Pt".into(),
                fields: vec![("x".into(), I64), ("y".into(), I64)],
            },
            StructDesc {
                name: "Label".into(),
                fields: vec![("s".into(), Str), ("f".into(), F64)],
            },
        ],
        enums: vec![
            EnumDesc {
                name: "Reply".into(),
                variants: vec![variant("Ok", 1), variant("Fail", 2), variant("Pending", 0)],
            },
            EnumDesc {
                name: "Node".into(),
                variants: vec![variant("Wrap", 1), variant("Leaf", 0)],
            },
        ],
        func_names: vec!["area".into(), String::new()],
    });
}

/// The index of `list` in the installed table (interned on demand).
fn ty(list: &[ValueType]) -> u32 {
    let mut table = (*types::table()).clone();
    let index = table.intern(list);
    types::install(table);
    index
}

fn arr(t: ValueType) -> ValueType {
    Array(Box::new(t))
}

fn s(text: &str) -> u64 {
    alloc_str(text.as_bytes())
}

fn ints(values: &[i64]) -> u64 {
    let words: Vec<u64> = values.iter().map(|&v| v as u64).collect();
    array_new(false, &words)
}

fn int_elems(a: u64) -> Vec<i64> {
    array_elems(a).iter().map(|&w| w as i64).collect()
}

fn call(f: RtFn, args: &[u64], list: &[ValueType]) -> Result<u64, RuntimeError> {
    let types = ty(list);
    dispatch(f, args, types)
}

fn print_line(list: &[ValueType], values: &[u64]) -> String {
    let types = ty(list);
    String::from_utf8(print::format_print_line(types, values)).expect("utf-8")
}

fn reply_ok(payload_type: ValueType, payload: u64) -> u64 {
    call(RtFn::EnumNew, &[0, payload], &[Enum(REPLY), payload_type]).expect("enum")
}

#[test]
fn array_slices_follow_8_8() {
    setup();
    let v = ints(&[5, 6, 7, 8, 9]);
    let slice =
        |a: i64, b: i64| call(RtFn::ArraySlice, &[v, a as u64, b as u64], &[I64]).map(int_elems);
    assert_eq!(slice(1, 3), Ok(vec![6, 7, 8]));
    assert_eq!(slice(3, 3), Ok(vec![8]));
    assert_eq!(slice(0, 2), Ok(vec![5, 6, 7]));
    assert_eq!(slice(2, 5), Ok(vec![7, 8, 9]));
    assert_eq!(slice(0, 5), Ok(vec![5, 6, 7, 8, 9]));
    assert_eq!(slice(5, 5), Ok(vec![]));
    let message = |a, b| slice(a, b).unwrap_err().message;
    assert_eq!(
        message(-1, 2),
        "Array slice start must be a non-negative integer"
    );
    assert_eq!(
        message(0, -2),
        "Array slice end must be a non-negative integer"
    );
    assert_eq!(message(6, 6), "Array slice start out of bounds");
    assert_eq!(message(0, 6), "Array slice end out of bounds");
    assert_eq!(message(5, 4), "Array slice end before start");
    assert_eq!(message(3, 2), "Array slice end before start");
    assert_eq!(slice(-1, 2).unwrap_err().kind, ErrorKind::Type);
    assert_eq!(slice(3, 2).unwrap_err().kind, ErrorKind::Index);
    // The source is untouched and the slice is a new array.
    assert_eq!(int_elems(v), vec![5, 6, 7, 8, 9]);
}

#[test]
fn string_slices_and_indexing() {
    setup();
    let text = s("hello");
    let slice = |a: i64, b: i64| {
        call(RtFn::StrSlice, &[text, a as u64, b as u64], &[])
            .map(|r| String::from_utf8_lossy(str_bytes(r)).into_owned())
    };
    assert_eq!(slice(1, 3).as_deref(), Ok("ell"));
    assert_eq!(slice(0, 5).as_deref(), Ok("hello"));
    assert_eq!(slice(5, 5).as_deref(), Ok(""));
    assert_eq!(
        slice(-1, 2).unwrap_err().message,
        "String slice start must be a non-negative integer"
    );
    assert_eq!(
        slice(2, 9).unwrap_err().message,
        "String slice end out of bounds"
    );
    assert_eq!(
        slice(4, 1).unwrap_err().message,
        "String slice end before start"
    );
    let index = |i: i64| call(RtFn::StrIndex, &[text, i as u64], &[]);
    assert_eq!(str_bytes(index(1).expect("in range")), b"e");
    let negative = index(-1).unwrap_err();
    assert_eq!(
        negative.message,
        "String index must be a non-negative integer"
    );
    assert_eq!(negative.kind, ErrorKind::Type);
    let beyond = index(5).unwrap_err();
    assert_eq!(beyond.message, "String index out of bounds");
    assert_eq!(beyond.kind, ErrorKind::Index);
}

#[test]
fn array_get_set_push_pop() {
    setup();
    let a = ints(&[1, 2]);
    assert_eq!(object::array_get(a, 1), Ok(2));
    assert_eq!(
        object::array_get(a, -1).unwrap_err().message,
        "Array index must be a non-negative integer"
    );
    assert_eq!(
        object::array_get(a, 2).unwrap_err().message,
        "Array index out of bounds"
    );
    object::array_set(a, 0, 10).expect("in range");
    for i in 0..100 {
        object::array_push(a, i);
    }
    assert_eq!(object::array_len(a), 102);
    assert_eq!(object::array_get(a, 0), Ok(10));
    assert_eq!(object::array_get(a, 101), Ok(99));
    assert_eq!(call(RtFn::ArrayPop, &[a], &[I64]), Ok(99));
    assert_eq!(object::array_len(a), 101);
    let empty = ints(&[]);
    let err = call(RtFn::ArrayPop, &[empty], &[I64]).unwrap_err();
    assert_eq!(err.message, "Cannot pop from an empty array");
    assert_eq!(err.kind, ErrorKind::Value);
}

#[test]
fn fill_and_repetition() {
    setup();
    let filled = call(RtFn::ArrayFill, &[7, 3], &[I64]).expect("fill");
    assert_eq!(int_elems(filled), vec![7, 7, 7]);
    let repeated = call(RtFn::ArrayRepeat, &[ints(&[1, 2]), 3], &[I64]).expect("repeat");
    assert_eq!(int_elems(repeated), vec![1, 2, 1, 2, 1, 2]);
    let zero = call(RtFn::ArrayRepeat, &[ints(&[1, 2]), 0], &[I64]).expect("repeat");
    assert_eq!(int_elems(zero), Vec::<i64>::new());
    for count in [-1i64, i64::MAX] {
        let err = call(RtFn::ArrayRepeat, &[ints(&[1]), count as u64], &[I64]).unwrap_err();
        assert_eq!(
            err.message,
            "Array repetition requires a non-negative integer count and reasonable size"
        );
        assert_eq!(err.kind, ErrorKind::Runtime);
        assert!(call(RtFn::ArrayFill, &[1, count as u64], &[I64]).is_err());
    }
}

#[test]
fn sorted_is_stable_and_typed() {
    setup();
    let sorted = |list: &[ValueType], words: &[u64]| {
        let elem_is_ref = list[0] == Str;
        call(RtFn::Sorted, &[array_new(elem_is_ref, words)], list).map(|a| array_elems(a).to_vec())
    };
    assert_eq!(sorted(&[Bool], &[1, 0, 1, 0]), Ok(vec![0, 0, 1, 1]));
    let neg = |v: i64| v as u64;
    assert_eq!(
        sorted(&[I32], &[neg(3), neg(-1), neg(2)]),
        Ok(vec![neg(-1), neg(2), neg(3)])
    );
    assert_eq!(sorted(&[U64], &[u64::MAX, 1, 0]), Ok(vec![0, 1, u64::MAX]));
    let f = |x: f64| x.to_bits();
    let floats = sorted(&[F64], &[f(2.5), f(f64::NAN), f(-1.0), f(0.5)]).expect("floats");
    assert_eq!(&floats[..3], &[f(-1.0), f(0.5), f(2.5)]);
    assert!(f64::from_bits(floats[3]).is_nan());
    let strings = sorted(&[Str], &[s("pear"), s("Apple"), s("apple"), s("")]).expect("strings");
    let texts: Vec<&[u8]> = strings.iter().map(|&r| str_bytes(r)).collect();
    assert_eq!(texts, vec![&b""[..], b"Apple", b"apple", b"pear"]);
    // Stable: equal elements keep their order (two distinct "b" objects).
    let (b1, b2) = (s("b"), s("b"));
    assert_eq!(
        sorted(&[Str], &[b1, s("a"), b2]).expect("stable")[1..],
        [b1, b2]
    );
    let err = sorted(&[arr(I64)], &[]).unwrap_err();
    assert_eq!(
        err.message,
        "sorted() requires an array of comparable elements"
    );
    assert_eq!(err.kind, ErrorKind::Runtime);
}

#[test]
fn ranges_print_iterate_and_are_consumed() {
    setup();
    let r = call(RtFn::RangeNew, &[0, 5, 1], &[]).expect("range");
    assert_eq!(print_line(&[Range], &[r]), "range(0..5)\n");
    let mut seen = Vec::new();
    while call(RtFn::RangeHasNext, &[r], &[]) == Ok(1) {
        seen.push(call(RtFn::RangeNext, &[r], &[]).expect("next") as i64);
    }
    assert_eq!(seen, vec![0, 1, 2, 3, 4]);
    assert_eq!(call(RtFn::RangeHasNext, &[r], &[]), Ok(0));
    let down = call(RtFn::RangeNew, &[10, 0, -2i64 as u64], &[]).expect("range");
    assert_eq!(print_line(&[Range], &[down]), "range(10..0 step=-2)\n");
    let err = call(RtFn::RangeNew, &[0, 5, 0], &[]).unwrap_err();
    assert_eq!(err.message, "Invalid arguments provided to range()");
    assert_eq!(err.kind, ErrorKind::Argument);
    assert_eq!(call(RtFn::RangeArgU64, &[7], &[]), Ok(7));
    assert!(call(RtFn::RangeArgU64, &[u64::MAX], &[]).is_err());
    assert!(call(RtFn::RangeInvalid, &[], &[]).is_err());
    // Overflowing steps end the range instead of wrapping.
    let edge = call(
        RtFn::RangeNew,
        &[(i64::MAX - 1) as u64, i64::MAX as u64, 5],
        &[],
    )
    .expect("range");
    assert_eq!(
        call(RtFn::RangeNext, &[edge], &[]),
        Ok((i64::MAX - 1) as u64)
    );
    assert_eq!(call(RtFn::RangeHasNext, &[edge], &[]), Ok(0));
}

#[test]
fn print_renders_every_kind_of_value() {
    setup();
    let inner1 = ints(&[1, 2]);
    let inner2 = ints(&[3]);
    let nested = array_new(true, &[inner1, ints(&[]), inner2]);
    assert_eq!(print_line(&[arr(arr(I64))], &[nested]), "1, 2, , 3\n");
    assert_eq!(
        print_line(&[Str, arr(I64), Str], &[s("a"), ints(&[]), s("b")]),
        "a  b\n"
    );
    let pt = object::struct_new(PT, &[1, 2]);
    assert_eq!(print_line(&[Struct(PT)], &[pt]), "1, 2\n");
    let label = object::struct_new(LABEL, &[s("hi"), 0.1f64.to_bits()]);
    assert_eq!(
        print_line(&[Struct(LABEL)], &[label]),
        "hi, 0.10000000000000001\n"
    );
    let fail = call(
        RtFn::EnumNew,
        &[1, 404, s("gone")],
        &[Enum(REPLY), I32, Str],
    )
    .expect("enum");
    assert_eq!(
        print_line(&[Enum(REPLY)], &[fail]),
        "Reply.Fail(404, gone)\n"
    );
    let pending = call(RtFn::EnumNew, &[2], &[Enum(REPLY)]).expect("enum");
    assert_eq!(print_line(&[Enum(REPLY)], &[pending]), "Reply.Pending\n");
    let ok = reply_ok(arr(I64), ints(&[1, 2]));
    assert_eq!(print_line(&[Enum(REPLY)], &[ok]), "Reply.Ok(1, 2)\n");
    let err = object::error_value(&RuntimeError::division_by_zero());
    assert_eq!(print_line(&[Error], &[err]), "Error: Division by zero\n");
    let area = object::closure_new(0, std::ptr::null(), &[]);
    let anon = object::closure_new(1, std::ptr::null(), &[]);
    assert_eq!(print_line(&[Func, Func], &[area, anon]), "<fn area> <fn>\n");
    // Format strings take values of any type.
    assert_eq!(
        print_line(
            &[Str, arr(I64), Enum(REPLY)],
            &[s("xs=@ r=@x"), ints(&[4, 5]), pending]
        ),
        "xs=4, 5 r=Reply.Pending\n"
    );
    assert_eq!(print_line(&[Str, I32], &[s("@x @"), 255]), "ff @\n");
}

#[test]
fn deep_nesting_prints_without_overflow() {
    setup();
    let leaf = call(RtFn::EnumNew, &[1], &[Enum(NODE)]).expect("leaf");
    let mut value = leaf;
    for _ in 0..100_000 {
        value = call(RtFn::EnumNew, &[0, value], &[Enum(NODE), Enum(NODE)]).expect("wrap");
    }
    let line = print_line(&[Enum(NODE)], &[value]);
    assert!(line.starts_with("Node.Wrap(Node.Wrap("));
    assert!(line.contains("..."));
    let same = orus_runtime::show::equal(
        &types::table(),
        &Enum(NODE),
        value,
        &Enum(NODE),
        value,
        orus_runtime::show::Equality::Deep,
    );
    assert!(same);
}

#[test]
fn assert_eq_is_deep_and_writes_15_notation() {
    setup();
    let t = ty(&[arr(I64), arr(I64)]);
    let label = s("parts");
    assert_eq!(
        assert::assert_eq(label, t, ints(&[1, 2]), ints(&[1, 2])),
        Ok(true)
    );
    let err = assert::assert_eq(label, t, ints(&[1, 2]), ints(&[1, 2, 3])).unwrap_err();
    assert_eq!(
        err.message,
        "assert_eq failed (parts)\n  expected: [1, 2, 3]\n  actual:   [1, 2]"
    );
    assert_eq!(err.kind, ErrorKind::Runtime);
    let t = ty(&[Struct(LABEL), Struct(LABEL)]);
    let a = object::struct_new(LABEL, &[s("hi"), 0.1f64.to_bits()]);
    let b = object::struct_new(LABEL, &[s("hi"), 0.1f64.to_bits()]);
    let c = object::struct_new(LABEL, &[s("ho"), 2f64.to_bits()]);
    assert_eq!(assert::assert_eq(s(""), t, a, b), Ok(true));
    assert_eq!(
        assert::assert_eq(s(""), t, a, c).unwrap_err().message,
        "assert_eq failed\n  expected: [\"ho\", 2]\n  actual:   [\"hi\", 0.1]"
    );
    let t = ty(&[Enum(REPLY), Enum(REPLY)]);
    let x = reply_ok(Str, s("x"));
    assert_eq!(
        assert::assert_eq(s(""), t, x, reply_ok(Str, s("x"))),
        Ok(true)
    );
    assert_eq!(
        assert::assert_eq(s("e"), t, x, reply_ok(I32, 1))
            .unwrap_err()
            .message,
        "assert_eq failed (e)\n  expected: Reply.Ok(1)\n  actual:   Reply.Ok(\"x\")"
    );
    let t = ty(&[Range, Error]);
    let r = call(RtFn::RangeNew, &[0, 3, 1], &[]).expect("range");
    let e = object::error_value(&RuntimeError::division_by_zero());
    assert_eq!(
        assert::assert_eq(s(""), t, r, e).unwrap_err().message,
        "assert_eq failed\n  expected: Error(Division by zero)\n  actual:   <range>"
    );
    // Different run-time types are unequal, even for equal words.
    let t = ty(&[I64, I32]);
    assert!(assert::assert_eq(s(""), t, 5, 5).is_err());
}

#[test]
fn value_eq_is_structural_for_enums() {
    setup();
    let list = [Enum(REPLY)];
    let rect =
        |a: u64, b: u64| call(RtFn::EnumNew, &[1, a, b], &[Enum(REPLY), I32, Str]).expect("enum");
    let eq = |a, b| call(RtFn::ValueEq, &[a, b], &list);
    assert_eq!(eq(rect(2, s("x")), rect(2, s("x"))), Ok(1));
    assert_eq!(eq(rect(2, s("x")), rect(3, s("x"))), Ok(0));
    // Array payloads compare by identity.
    let xs = ints(&[1]);
    assert_eq!(eq(reply_ok(arr(I64), xs), reply_ok(arr(I64), xs)), Ok(1));
    assert_eq!(
        eq(reply_ok(arr(I64), xs), reply_ok(arr(I64), ints(&[1]))),
        Ok(0)
    );
    // Generic payloads of different run-time types are unequal.
    assert_eq!(eq(reply_ok(I32, 1), reply_ok(I64, 1)), Ok(0));
    assert_eq!(
        eq(
            reply_ok(I32, 1),
            call(RtFn::EnumNew, &[2], &[Enum(REPLY)]).unwrap()
        ),
        Ok(0)
    );
}

#[test]
fn enum_payload_checked_and_typeof_error() {
    setup();
    let ok = reply_ok(Str, s("text"));
    let got = call(RtFn::EnumPayloadChecked, &[ok, 0], &[Str]).expect("string payload");
    assert_eq!(str_bytes(got), b"text");
    let err = call(RtFn::EnumPayloadChecked, &[ok, 0], &[I32]).unwrap_err();
    assert_eq!(err.message, "Type mismatch in enum payload");
    assert_eq!(err.kind, ErrorKind::Type);
    let e = object::error_value(&RuntimeError::array_index_out_of_bounds());
    let name = call(RtFn::TypeofError, &[e], &[]).expect("typeof");
    assert_eq!(str_bytes(name), b"index error Array index out of bounds");
    let text = call(RtFn::ToStringAny, &[ints(&[1, 2])], &[arr(I64)]).expect("string");
    assert_eq!(str_bytes(text), b"1, 2");
}

#[test]
fn int_and_float_of_values() {
    setup();
    let int = |t: ValueType, w: u64| call(RtFn::IntOf, &[w], &[t]);
    let float = |t: ValueType, w: u64| call(RtFn::FloatOf, &[w], &[t]);
    assert_eq!(int(Str, s("  42 ")), Ok(42));
    assert_eq!(int(Str, s("-7")), Ok(-7i64 as u64));
    assert_eq!(int(F64, 7f64.to_bits()), Ok(7));
    let message = |r: Result<u64, RuntimeError>| r.unwrap_err().message;
    assert_eq!(
        message(int(Str, s("2.5"))),
        "int() argument must be an integer string (decimals are not allowed). Use float() to parse decimal values, got \"2.5\""
    );
    assert_eq!(
        message(int(Str, s("xyz"))),
        "int() argument must be an integer string, got \"xyz\""
    );
    assert_eq!(
        message(int(Str, s("99999999999"))),
        "int() overflow: \"99999999999\" is out of range for i32"
    );
    assert_eq!(
        message(int(I64, 5_000_000_000)),
        "int() overflow: 5000000000 is out of range for i32"
    );
    assert_eq!(
        message(int(F64, 7.5f64.to_bits())),
        "int() argument must be a whole number, got f64 7.5"
    );
    assert_eq!(
        message(int(F64, f64::NAN.to_bits())),
        "int() overflow: value is not finite"
    );
    assert_eq!(
        message(int(Bool, 1)),
        "int() argument must be a string or number, got bool"
    );
    assert_eq!(
        message(int(arr(I64), ints(&[]))),
        "int() argument must be a string or number, got array"
    );
    assert_eq!(int(Str, s("1")).map(|_| ()), Ok(()));
    assert_eq!(float(Str, s(" 2.5 ")), Ok(2.5f64.to_bits()));
    assert_eq!(float(I32, -3i64 as u64), Ok((-3f64).to_bits()));
    assert_eq!(
        message(float(Str, s("xyz"))),
        "float() argument must be a number, got \"xyz\""
    );
    assert_eq!(
        message(float(Str, s("1e999"))),
        "float() overflow: \"1e999\" is out of range for f64"
    );
    assert_eq!(
        message(float(Bool, 0)),
        "float() argument must be a string or number, got bool"
    );
    assert_eq!(int(Str, s("x")).unwrap_err().kind, ErrorKind::Conversion);
}

#[test]
fn error_values_cut_messages_to_255_bytes() {
    setup();
    let long = RuntimeError::assertion("z".repeat(400));
    let e = object::error_value(&long);
    assert_eq!(orus_runtime::error_value::message(e).len(), 255);
    assert_eq!(
        orus_runtime::error_value::error_of(e).kind,
        ErrorKind::Runtime
    );
}

#[test]
fn cells_and_closures() {
    setup();
    let cell = object::cell_new(s("v"), true);
    assert_eq!(str_bytes(object::cell_get(cell)), b"v");
    object::cell_set(cell, s("w"));
    let closure = object::closure_new(1, std::ptr::null(), &[cell]);
    assert_eq!(object::closure_func(closure), 1);
    assert_eq!(object::closure_capture(closure, 0), cell);
    assert_eq!(
        str_bytes(object::cell_get(object::closure_capture(closure, 0))),
        b"w"
    );
}

#[test]
fn type_table_round_trips_and_installs() {
    setup();
    let table = (*types::table()).clone();
    let decoded = TypeTable::decode(&table.encode()).expect("decodes");
    assert_eq!(decoded, table);
    types::install(decoded);
    types::with_table(|t| {
        assert_eq!(t.structs[PT as usize].name, "Pt");
        assert_eq!(t.enums[REPLY as usize].variants[1].name, "Fail");
        assert_eq!(types::type_name(t, &Struct(LABEL)), "Label");
    });
}
