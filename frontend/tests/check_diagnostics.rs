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
    unsupported_arrays: "xs = [1, 2, 3,]\n";
    unsupported_structs: "struct P:\n    x: i32\n";
    unsupported_match: "x = 1\nmatch x:\n    1 -> print(\"one\")\n    _ -> pass\n";
    unsupported_builtin: "x = int(\"3\")\n";
    len_of_non_string: "fn size(v): len(v)\nprint(size(\"ab\"), len(true), size(3))\n";
    unsupported_function_values: "fn f(): pass\ng = f\n";
    nested_function_captures: "fn outer(n: i32):\n    total = 0\n    fn inner() -> i32:\n        total += 1\n        return n + later\n    later = 2\n    print(inner())\nouter(1)\n";
    nested_function_redefined: "fn outer():\n    fn inner(): pass\n    if true:\n        fn inner(): pass\n    fn inner(): pass\nouter()\n";
    nested_function_break: "for i in 0..3:\n    fn stop():\n        break\n    stop()\n";
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
