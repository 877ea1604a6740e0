//! Interpreter tests: hand-built IR → emitter → verifier → dispatch loop.

mod common;

use common::*;
use orus_interp::{disassemble, run, Options};
use orus_midend::ir::*;

fn run_default(m: &Module) -> Result<orus_interp::Stats, orus_interp::Failure> {
    run(&emit(m), Options::default())
}

#[test]
fn fib_computes_and_counts_calls() {
    let m = module(vec![
        check_call(1, Const::I32(20), Const::I32(6765), ValueType::I32, Ty::I32),
        fib(1),
    ]);
    let options = Options {
        stats: true,
        ..Options::default()
    };
    let stats = run(&emit(&m), options).expect("fib(20) runs");
    assert_eq!(stats.calls, 21891);
    assert!(stats.instructions > stats.calls);
}

#[test]
fn wrong_result_fails_the_assertion() {
    let m = module(vec![
        check_call(1, Const::I32(10), Const::I32(54), ValueType::I32, Ty::I32),
        fib(1),
    ]);
    let failure = run_default(&m).unwrap_err();
    assert_eq!(
        failure.error.message,
        "assert_eq failed\n  expected: 54\n  actual:   55"
    );
}

/// `fn sum(n: i64) -> i64`: `total = 0; i = 0; while i < n { total += i; i += 1 }`.
fn sum_loop() -> Function {
    let i64s = [Ty::I64; 6];
    function(
        "sum",
        1,
        &i64s,
        vec![
            block(
                vec![konst(1, Const::I64(0)), konst(2, Const::I64(0))],
                Term::Jump(BlockId(1)),
            ),
            block(
                vec![Inst::Cmp {
                    op: CmpOp::Lt,
                    ty: Ty::I64,
                    dst: Reg(3),
                    lhs: Reg(2),
                    rhs: Reg(0),
                }],
                branch(3, 2, 3),
            ),
            block(
                vec![
                    binary(BinOp::Add, Ty::I64, 1, 1, 2),
                    konst(4, Const::I64(1)),
                    binary(BinOp::Add, Ty::I64, 2, 2, 4),
                ],
                Term::Jump(BlockId(1)),
            ),
            block(vec![], ret(1)),
        ],
    )
}

#[test]
fn loops_accumulate() {
    let m = module(vec![
        check_call(
            1,
            Const::I64(1000),
            Const::I64(499_500),
            ValueType::I64,
            Ty::I64,
        ),
        sum_loop(),
    ]);
    run_default(&m).expect("loop runs");
}

/// `fn f(x: T) -> T { return x op x }` for one operator.
fn self_op(op: BinOp, ty: Ty) -> Function {
    function(
        "f",
        1,
        &[ty, ty],
        vec![block(vec![binary(op, ty, 1, 0, 0)], ret(1))],
    )
}

#[test]
fn signed_overflow_is_an_error_with_location() {
    let m = module(vec![
        check_call(
            1,
            Const::I32(i32::MAX),
            Const::I32(0),
            ValueType::I32,
            Ty::I32,
        ),
        self_op(BinOp::Add, Ty::I32),
    ]);
    let failure = run_default(&m).unwrap_err();
    assert_eq!(failure.error.message, "Integer overflow");
    let loc = failure.location.expect("located");
    assert_eq!((loc.path.as_str(), loc.line, loc.col), ("t.orus", 3, 5));
}

#[test]
fn unsigned_arithmetic_wraps() {
    let m = module(vec![
        check_call(
            1,
            Const::U32(u32::MAX),
            Const::U32(u32::MAX - 1),
            ValueType::U32,
            Ty::U32,
        ),
        self_op(BinOp::Add, Ty::U32),
    ]);
    run_default(&m).expect("u32 wraps");
}

#[test]
fn division_by_zero_is_an_error() {
    let divide = function(
        "f",
        1,
        &[Ty::I32, Ty::I32, Ty::I32],
        vec![block(
            vec![
                konst(1, Const::I32(0)),
                binary(BinOp::Div, Ty::I32, 2, 0, 1),
            ],
            ret(2),
        )],
    );
    let m = module(vec![
        check_call(1, Const::I32(7), Const::I32(0), ValueType::I32, Ty::I32),
        divide,
    ]);
    assert_eq!(
        run_default(&m).unwrap_err().error.message,
        "Division by zero"
    );
    let m = module(vec![
        check_call(1, Const::F64(0.0), Const::F64(0.0), ValueType::F64, Ty::F64),
        self_op(BinOp::Rem, Ty::F64),
    ]);
    assert_eq!(
        run_default(&m).unwrap_err().error.message,
        "Division by zero"
    );
}

/// `fn depth(n: i32) -> i32 { if n == 0 { 0 } else { depth(n - 1) + 1 } }`.
fn depth() -> Function {
    function(
        "depth",
        1,
        &[
            Ty::I32,
            Ty::I32,
            Ty::Bool,
            Ty::I32,
            Ty::I32,
            Ty::I32,
            Ty::I32,
        ],
        vec![
            block(
                vec![
                    konst(1, Const::I32(0)),
                    compare(CmpOp::Eq, Ty::I32, 2, 0, 1),
                ],
                branch(2, 1, 2),
            ),
            block(vec![], ret(0)),
            block(
                vec![
                    konst(3, Const::I32(1)),
                    binary(BinOp::Sub, Ty::I32, 4, 0, 3),
                    call(5, 1, &[4]),
                    konst(6, Const::I32(1)),
                    binary(BinOp::Add, Ty::I32, 4, 5, 6),
                ],
                ret(4),
            ),
        ],
    )
}

#[test]
fn recursion_a_million_deep_completes() {
    let m = module(vec![
        check_call(
            1,
            Const::I32(1_000_000),
            Const::I32(1_000_000),
            ValueType::I32,
            Ty::I32,
        ),
        depth(),
    ]);
    run_default(&m).expect("deep recursion completes");
}

#[test]
fn infinite_recursion_is_a_stack_overflow() {
    let forever = function(
        "forever",
        1,
        &[Ty::I32, Ty::I32],
        vec![block(vec![call(1, 1, &[0])], ret(1))],
    );
    let m = module(vec![
        check_call(1, Const::I32(1), Const::I32(1), ValueType::I32, Ty::I32),
        forever,
    ]);
    let failure = run_default(&m).unwrap_err();
    assert_eq!(failure.error.message, "Stack overflow");
    assert_eq!(failure.error.kind.label(), "recursion error");
    assert!(failure.location.is_some());
}

#[test]
fn slot_limit_is_also_a_stack_overflow() {
    let m = module(vec![
        check_call(
            1,
            Const::I32(5000),
            Const::I32(5000),
            ValueType::I32,
            Ty::I32,
        ),
        depth(),
    ]);
    let options = Options {
        max_slots: 10_000,
        ..Options::default()
    };
    let failure = run(&emit(&m), options).unwrap_err();
    assert_eq!(failure.error.message, "Stack overflow");
}

#[test]
fn checked_casts_raise_the_spec_message() {
    let cast = function(
        "f",
        1,
        &[Ty::I64, Ty::U32],
        vec![block(
            vec![Inst::Cast {
                from: Ty::I64,
                to: Ty::U32,
                dst: Reg(1),
                src: Reg(0),
                loc: LocId(0),
            }],
            ret(1),
        )],
    );
    let m = module(vec![
        check_call(1, Const::I64(-1), Const::U32(0), ValueType::U32, Ty::U32),
        cast,
    ]);
    assert_eq!(
        run_default(&m).unwrap_err().error.message,
        "i64 value out of u32 range"
    );
}

#[test]
fn invalid_bytecode_is_rejected_before_running() {
    let mut program = emit(&module(vec![fib(0)]));
    program.functions[0].code[0] = 0xff;
    let failure = run(&program, Options::default()).unwrap_err();
    assert!(failure.error.message.contains("unknown opcode"));
}

#[test]
fn disassembly_of_fib() {
    let program = emit(&module(vec![
        check_call(1, Const::I32(20), Const::I32(6765), ValueType::I32, Ty::I32),
        fib(1),
    ]));
    insta::assert_snapshot!(disassemble(&program));
}

/// Timing aid, not an assertion: `cargo test -p orus-interp -- --ignored --nocapture`.
#[test]
#[ignore]
fn time_fib_31() {
    let m = module(vec![
        check_call(
            1,
            Const::I32(31),
            Const::I32(1_346_269),
            ValueType::I32,
            Ty::I32,
        ),
        fib(1),
    ]);
    let program = emit(&m);
    let start = std::time::Instant::now();
    run(&program, Options::default()).expect("fib(31) runs");
    eprintln!("fib(31): {:?}", start.elapsed());
}

/// `fn f(limit: i64) -> i64`: `for i in (MAX - 150)..limit..100`, returning the counter.
fn stepping_loop() -> Function {
    let i64s = [Ty::I64, Ty::I64, Ty::I64, Ty::Bool];
    function(
        "steps",
        1,
        &i64s,
        vec![
            block(
                vec![
                    konst(1, Const::I64(i64::MAX - 150)),
                    konst(2, Const::I64(100)),
                ],
                Term::Jump(BlockId(1)),
            ),
            block(vec![compare(CmpOp::Lt, Ty::I64, 3, 1, 0)], branch(3, 2, 3)),
            block(
                vec![binary(BinOp::Add, Ty::I64, 1, 1, 2)],
                Term::Jump(BlockId(1)),
            ),
            block(vec![], ret(1)),
        ],
    )
}

#[test]
fn fused_loop_step_overflow_is_an_error_at_the_step() {
    let m = module(vec![
        check_call(
            1,
            Const::I64(i64::MAX),
            Const::I64(0),
            ValueType::I64,
            Ty::I64,
        ),
        stepping_loop(),
    ]);
    let code = &emit(&m).functions[1].code;
    assert!(code
        .iter()
        .any(|&w| w as u8 == orus_abi::opcode::Opcode::ForLoopI64 as u8));
    let failure = run_default(&m).unwrap_err();
    assert_eq!(failure.error.message, "Integer overflow");
    let loc = failure.location.expect("located");
    assert_eq!((loc.path.as_str(), loc.line, loc.col), ("t.orus", 3, 5));
}

#[test]
fn fused_loop_step_stops_at_the_limit() {
    let m = module(vec![
        check_call(
            1,
            Const::I64(i64::MAX - 100),
            Const::I64(i64::MAX - 50),
            ValueType::I64,
            Ty::I64,
        ),
        stepping_loop(),
    ]);
    run_default(&m).expect("loop stops before overflowing");
}
