//! Golden snapshots of every checker diagnostic kind and of a few typed trees. Each snapshot
//! embeds its input.

use orus_frontend::check::check;
use orus_frontend::diagnostics::render;
use orus_frontend::parser::parse;
use orus_frontend::source::SourceMap;

/// `----- SOURCE CODE` + the input + `----- ERROR` + the rendered diagnostics.
fn errors_of(source: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add("test.orus", source);
    let (module, parse_errors) = parse(file, source);
    assert!(
        parse_errors.is_empty(),
        "{}",
        render(&parse_errors, &sources, false)
    );
    let rendered = match check(&module, &sources) {
        Ok(_) => panic!("expected errors for:\n{source}"),
        Err(errors) => render(&errors, &sources, false),
    };
    format!("----- SOURCE CODE\n{source}\n----- ERROR\n{rendered}")
}

/// `----- SOURCE CODE` + the input + `----- TYPED` + the typed program.
fn typed_of(source: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add("test.orus", source);
    let (module, parse_errors) = parse(file, source);
    assert!(parse_errors.is_empty());
    match check(&module, &sources) {
        Ok(program) => format!("----- SOURCE CODE\n{source}\n----- TYPED\n{program:#?}"),
        Err(errors) => panic!("{}", render(&errors, &sources, false)),
    }
}

macro_rules! error_snapshots {
    ($($name:ident: $source:expr;)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), errors_of($source));
            }
        )*
    };
}

error_snapshots! {
    operand_types_differ: "count: i32 = 7\nratio = 0.5\ntotal = count + ratio\n";
    string_plus_number: "n = 5\nlabel = \"n=\" + n\n";
    bool_arithmetic: "flag = true\nx = flag + flag\n";
    ordering_strings: "a = \"x\"\nprint(a < \"y\")\n";
    if_condition_not_bool: "if 1:\n    print(\"yes\")\n";
    while_condition_not_bool: "mut n = 0.5\nwhile n:\n    n = 0.0\n";
    negate_unsigned: "u = 5u32\nprint(-u)\n";
    not_on_string: "s = \"x\"\nprint(not s)\n";
    and_on_i64: "a = 5i64\nb = a and a\n";
    cast_string_to_number: "s = \"12\"\nn = s as i32\n";
    unknown_cast_target: "v = 3\nw = v as widget\n";
    unknown_annotation: "x: char = 3\n";
    decimal_literal_out_of_range: "big = 18446744073709551615\n";
    literal_does_not_fit_annotation: "x: u32 = -1\ny: i32 = 3000000000\n";
    float_literal_never_becomes_integer: "count: i32 = 7\nbad = count * 1.5\n";
    undefined_variable: "print(missing)\n";
    function_sees_only_earlier_module_variables: "fn show():\n    print(later)\nlater = 3\nshow()\n";
    assign_immutable_module_binding: "x = 1\nx = 2\n";
    assign_parameter: "fn f(p: i32):\n    p = 3\nf(1)\n";
    assign_loop_variable: "for i in 0..3:\n    i = 5\n";
    compound_assign_immutable: "total = 0\ntotal += 1\n";
    redefined_variable: "fn f():\n    x = 1\n    mut x = 2\nf()\n";
    redefined_function: "fn f(): pass\nfn f(): pass\n";
    lowercase_module_constant: "limit := 10\n";
    break_outside_loop: "break\n";
    continue_outside_loop: "continue\n";
    break_in_function_inside_loop: "while true:\n    fn_call = 1\n    break\nfn g():\n    break\n";
    unknown_loop_label: "for i in 0..3:\n    break 'outer\n";
    arity_singular: "fn f(a, b): a + b\nprint(f(1))\n";
    arity_plural: "fn g(a): a\nprint(g(1, 2, 3))\n";
    void_result_as_value: "fn shout(msg):\n    print(msg + \"!\")\nx = shout(\"hi\")\n";
    return_type_mismatch: "fn f() -> i32:\n    return \"no\"\nf()\n";
    return_without_value: "fn f() -> i32:\n    return\nf()\n";
    annotated_declaration_mismatch: "a = 5\nb: i64 = a\n";
    assignment_type_mismatch: "mut n: i32 = 0\nn = \"x\"\n";
    generic_instance_operator_error: "fn add(a, b): a + b\nprint(add(true, false))\n";
    different_instantiations_do_not_mix: "fn echo(t): t\nprint(echo(3) + echo(\"x\"))\n";
    literal_default_fixes_parameter: "fn twice(v):\n    return v * 2\nprint(twice(1.5))\n";
    float_range_bounds: "for i in 0.5..3.5:\n    print(i)\n";
    iterate_string: "for c in \"abc\":\n    print(c)\n";
    range_bounds_differ: "a = 1i64\nb = 2u32\nfor i in a..b:\n    print(i)\n";
    equality_across_types: "print(1 == \"1\")\nx: i32 = 1\nprint(x == 1.0)\n";
    bool_versus_number_without_literal: "b = true\nf = 1.5\nprint(b == f)\n";
    call_non_function: "x = 3\nx(1)\n";
    len_of_non_string: "fn size(v): len(v)\nprint(size(\"ab\"), len(true), size(3))\n";
    nested_function_captures: "fn outer(n: i32):\n    total = 0\n    fn inner() -> i32:\n        total += 1\n        return n + later\n    later = 2\n    print(inner())\nouter(1)\n";
    nested_function_redefined: "fn outer():\n    fn inner(): pass\n    if true:\n        fn inner(): pass\n    fn inner(): pass\nouter()\n";
    nested_function_break: "for i in 0..3:\n    fn stop():\n        break\n    stop()\n";
    array_mixed_elements: "xs = [1, \"a\"]\n";
    array_elements_not_adapted: "xs: [f64] = [1, 2, 3,]\n";
    array_literal_bad_annotation: "xs: [string] = [1, 2,]\n";
    string_element_assign: "s = \"abc\"\ns[0] = \"x\"\n";
    index_non_array: "x = 5\nprint(x[0])\n";
    index_not_integer: "xs = [1, 2,]\nprint(xs[1.5], xs[\"a\"..])\n";
    fill_count_not_constant: "n = 3\nxs = [0, n]\nmut m: i32 = 2\nys = [0, m]\n";
    array_length_not_constant: "n = 3\nxs: [i32, n] = [1, 2,]\nzs: [i32, missing] = []\n";
    string_repeat: "s = \"ab\" * 3\n";
    repeat_count_not_integer: "xs = [1,] * 1.5\n";
    range_arity: "r = range()\nq = range(1, 2, 3, 4)\n";
    push_wrong_element: "mut xs: [i32] = []\npush(xs, \"a\")\nys = pop(5)\n";
    iterate_struct: "struct P:\n    x: i32\nfor v in P{ x: 1 }:\n    print(v)\n";
    empty_array_element_conflict: "mut xs = []\npush(xs, 1)\npush(xs, \"a\")\n";
    destructure_non_array: "a, b = 5\n";
    cast_array_to_string: "xs = [1, 2,]\ns = xs as string\n";
    struct_missing_field: "struct P:\n    x: i32\n    y: i32\np = P{ x: 1 }\n";
    struct_unknown_and_repeated_fields: "struct P:\n    x: i32\np = P{ x: 1, z: 2, x: 3 }\n";
    struct_field_type_mismatch: "struct P:\n    x: i32\n    name: string\np = P{ x: \"one\", name: 2 }\n";
    struct_default_mismatch: "struct P:\n    x: i32 = \"zero\"\n";
    struct_contains_itself: "struct Node:\n    value: i32\n    next: Node\nstruct Tree:\n    kids: [Tree]\n";
    struct_redefined: "struct P:\n    x: i32\nstruct P:\n    y: i32\n";
    struct_unknown_type: "p = Q{ x: 1 }\nstruct P:\n    q: Missing\n";
    field_of_non_struct: "x = 5\nprint(x.size)\n";
    unknown_field_read_and_write: "struct P:\n    x: i32\np = P{ x: 1 }\nprint(p.y)\np.z = 3\n";
    field_assign_type_mismatch: "struct P:\n    x: i32\np = P{ x: 1 }\np.x = \"two\"\np.x += 1.5\n";
    impl_on_enum_and_unknown: "enum Color:\n    Red\nimpl Color:\n    fn f(self): pass\nimpl Missing:\n    fn g(): pass\n";
    method_call_forms: "struct P:\n    x: i32\nimpl P:\n    fn get(self) -> i32: self.x\n    fn make(x: i32) -> P: P{ x: x }\np = P.make(1)\nprint(p.make(2))\nprint(P.get(p))\nprint(p.missing())\n";
    method_arity: "struct P:\n    x: i32\nimpl P:\n    fn add(self, n: i32) -> i32: self.x + n\np = P{ x: 1 }\nprint(p.add())\nprint(p.add(1, 2))\n";
    duplicate_method: "struct P:\n    x: i32\nimpl P:\n    fn f(self): pass\nimpl P:\n    fn f(self): pass\n";
    compare_functions: "fn f(): pass\nfn g(): pass\nprint(f == g)\n";
    error_value_arithmetic: "try:\n    x = 1 / 0\ncatch e:\n    print(e + 1)\n";
    catch_variable_scope: "try:\n    x = 1\ncatch e:\n    pass\nprint(e)\n";
    struct_inside_function: "fn f():\n    struct P:\n        x: i32\n    impl P:\n        fn g(self): pass\nf()\n";
    ambiguous_field_of_parameter: "struct A:\n    x: i32\nstruct B:\n    x: i32\nfn getx(p): p.x\nfn only_a(p): p.missing()\nprint(getx(A{ x: 1 }))\n";
    int_float_arity: "a = int()\nb = float(1, 2)\nc = input(1)\n";
    several_errors_without_cascades: "a = missing + 1\nb = a * 2\nc: bool = 3\nprint(d)\n";
}

#[test]
fn typed_tree_of_scalar_program() {
    insta::assert_snapshot!(
        "typed_tree_of_scalar_program",
        typed_of("mut hits = 0\nfor i in 0..3:\n    hits += i\nprint(\"hits @\", hits)\n")
    );
}

#[test]
fn typed_tree_of_generic_function() {
    insta::assert_snapshot!(
        "typed_tree_of_generic_function",
        typed_of("fn echo(thing):\n    return thing\nprint(echo(5), echo(\"five\"))\n")
    );
}

#[test]
fn typed_tree_of_tail_values_and_logic() {
    insta::assert_snapshot!(
        "typed_tree_of_tail_values_and_logic",
        typed_of("fn pick(a: i64, b) -> i64:\n    if b and a > 0: a\n    else: 0\nprint(pick(5, true), 6 and 3, true == 1)\n")
    );
}

// Enums, match, function values and closures (LANGUAGE.md §8.4, §9.10, §9.11, §10.6, §12).
error_snapshots! {
    match_missing_variant: "enum Tone:\n    Light\n    Dark\n    Dim\nt = Tone.Dark\nmatch t:\n    Tone.Light -> print(1)\n";
    match_duplicate_variant: "enum Tone:\n    Light\n    Dark\nt = Tone.Dark\nmatch t:\n    Tone.Dark -> print(1)\n    Tone.Light -> print(2)\n    Tone.Dark -> print(3)\n";
    match_duplicate_literal: "n = 1.5\nmatch n:\n    0 -> print(\"zero\")\n    1 -> print(\"one\")\n    0.0 -> print(\"again\")\n";
    match_arm_after_wildcard: "n = 2\nmatch n:\n    _ -> print(\"any\")\n    1 -> print(\"one\")\n";
    match_expression_needs_wildcard: "n = 2\nlabel = match n:\n    1 -> \"one\"\n    2 -> \"two\"\nprint(label)\n";
    match_expression_bool_without_false: "b = true\nlabel = match b:\n    true -> \"yes\"\nprint(label)\n";
    match_binding_count: "enum Reply:\n    Fail(code: i32, reason: string)\n    Pending\nr = Reply.Pending\nmatch r:\n    Reply.Fail(code) -> print(code)\n    Reply.Pending -> pass\n";
    match_wrong_enum: "enum Color:\n    Red\nenum Shape:\n    Dot\nc = Color.Red\nmatch c:\n    Shape.Dot -> pass\n    _ -> pass\n";
    match_unknown_variant: "enum A:\n    X\na = A.X\nmatch a:\n    A.Z -> pass\n    _ -> pass\n";
    match_arm_types_differ: "n = 1\nv = match n:\n    1 -> \"one\"\n    _ -> 2\n";
    enum_unknown_variant: "enum A:\n    X\na = A.Y\n";
    enum_payload_without_args: "enum Reply:\n    Ok(body: string)\nr = Reply.Ok\n";
    enum_payload_count: "enum Reply:\n    Fail(code: i32, reason: string)\nr = Reply.Fail(404)\n";
    enum_payload_type: "enum Reply:\n    Fail(code: i32, reason: string)\nr = Reply.Fail(\"x\", \"gone\")\n";
    result_err_needs_string: "r = Result.Err(3)\n";
    enum_variant_redefined: "enum A:\n    X\n    X\n";
    compare_function_values: "fn f(): pass\nfn g(): pass\nprint(f == g)\n";
    call_value_arity: "fn twice(n: i32) -> i32: n * 2\nop = twice\nprint(op(1, 2))\n";
    call_value_argument_type: "op = fn(n: i32) -> i32:\n    return n * 2\nprint(op(\"x\"))\n";
    function_value_annotation_mismatch: "fn f(n: i32) -> i32: n\ng: fn(string) -> i32 = f\n";
    closure_assigns_plain_capture: "fn outer():\n    n = 0\n    bump = fn():\n        n = n + 1\n    bump()\nouter()\n";
}

#[test]
fn typed_tree_of_match_desugaring() {
    insta::assert_snapshot!(
        "typed_tree_of_match_desugaring",
        typed_of("enum Shape:\n    Dot\n    Rect(w: i32, h: i32)\nfn area(s: Shape) -> i32:\n    return match s:\n        Shape.Rect(w, _) -> w\n        Shape.Dot -> 0\nprint(area(Shape.Rect(2, 3)))\n")
    );
}

#[test]
fn typed_tree_of_closure() {
    insta::assert_snapshot!(
        "typed_tree_of_closure",
        typed_of("fn counter() -> fn() -> i32:\n    mut n = 0\n    return fn() -> i32:\n        n += 1\n        return n\nprint(counter()())\n")
    );
}
