//! Numeric `for` loops (§9.5, §9.6): bounds evaluated once, zero-step and negative-count
//! traps, `..=` end adjustment with overflow checks, and increments that never loop forever.

use orus_frontend::typed::{self, Expr, ExprKind, LocalId, LoopId, Stmt};

use super::func::FnBuilder;
use crate::ir::{BinOp, BlockId, CmpOp, Const, Inst, LocId, Reg, RtFn, TrapKind, Ty};

/// Which way a range loop counts.
#[derive(Clone, Copy)]
enum Direction {
    /// Positive step known at compile time (or any unsigned step).
    Up,
    /// Negative step known at compile time.
    Down,
    /// Sign decided at run time; the register is true for a negative step.
    Dynamic(Reg),
}

/// The integer constant `value` of class `ty` (`value` is 0 or ±1 here, so it always fits).
fn int_const(ty: Ty, value: i64) -> Const {
    match ty {
        Ty::I64 => Const::I64(value),
        Ty::U32 => Const::U32(value as u32),
        Ty::U64 => Const::U64(value as u64),
        _ => Const::I32(value as i32),
    }
}

/// The sign of a constant step: `Some(true)` for negative, `Some(false)` for positive,
/// `None` when unknown or zero.
fn constant_step_is_negative(step: &Expr) -> Option<bool> {
    let value: i128 = match &step.kind {
        ExprKind::Const(typed::Const::I32(v)) => (*v).into(),
        ExprKind::Const(typed::Const::I64(v)) => (*v).into(),
        ExprKind::Const(typed::Const::U32(v)) => (*v).into(),
        ExprKind::Const(typed::Const::U64(v)) => (*v).into(),
        _ => return None,
    };
    (value != 0).then_some(value < 0)
}

impl FnBuilder<'_, '_> {
    /// A register holding `reg`'s current value that the loop body cannot change.
    fn snapshot(&mut self, reg: Reg) -> Reg {
        if self.is_variable(reg) {
            self.copy(reg)
        } else {
            reg
        }
    }

    fn arith(&mut self, op: BinOp, checked: bool, dst: Reg, lhs: Reg, rhs: Reg, loc: LocId) {
        let ty = self.reg_ty(lhs);
        self.emit(Inst::Binary {
            op,
            ty,
            checked,
            dst,
            lhs,
            rhs,
            loc,
        });
    }

    fn compare(&mut self, op: CmpOp, lhs: Reg, rhs: Reg) -> Reg {
        let ty = self.reg_ty(lhs);
        let dst = self.new_reg(Ty::Bool, None);
        self.emit(Inst::Cmp {
            op,
            ty,
            dst,
            lhs,
            rhs,
        });
        dst
    }

    /// `for var in start..end[..step]` and `..=`.
    pub(crate) fn for_range(
        &mut self,
        id: LoopId,
        var: LocalId,
        [start, end]: [&Expr; 2],
        step: Option<&Expr>,
        inclusive: bool,
        body: &[Stmt],
    ) -> Result<(), String> {
        let counter = self.local_reg(var)?;
        let ty = self.reg_ty(counter);
        let loc = self.loc(start.span.to(step.map_or(end.span, |s| s.span)));
        let mut exprs = vec![start, end];
        exprs.extend(step);
        let regs = self.operands(&exprs)?;
        let end_value = self.snapshot(regs[1]);
        let step_value = match regs.get(2) {
            Some(&reg) => self.snapshot(reg),
            None => self.constant(int_const(ty, 1)),
        };
        let known_sign = step.map_or(Some(false), constant_step_is_negative);
        if known_sign.is_none() {
            let zero = self.constant(int_const(ty, 0));
            let is_zero = self.compare(CmpOp::Eq, step_value, zero);
            self.trap_if(is_zero, TrapKind::ZeroStep, loc);
        }
        let direction = match known_sign {
            Some(true) => Direction::Down,
            Some(false) => Direction::Up,
            None if !ty.is_signed() => Direction::Up,
            None => {
                let zero = self.constant(int_const(ty, 0));
                Direction::Dynamic(self.compare(CmpOp::Lt, step_value, zero))
            }
        };
        let (limit, up_cmp) = if inclusive && !ty.is_signed() {
            (end_value, CmpOp::Le)
        } else if inclusive {
            (self.inclusive_limit(end_value, direction, loc), CmpOp::Lt)
        } else {
            (end_value, CmpOp::Lt)
        };
        self.emit(Inst::Move {
            dst: counter,
            src: regs[0],
        });
        let header = self.new_block();
        let body_block = self.new_block();
        let exit = self.new_block();
        let next = self.new_block();
        self.jump_to(header);
        self.range_test(direction, up_cmp, counter, limit, body_block, exit);
        self.switch_to(body_block);
        self.publish_loop_var(var)?;
        self.loop_body(id, exit, next, body)?;
        self.switch_to(next);
        self.range_step(counter, step_value, header, exit, loc);
        self.switch_to(exit);
        Ok(())
    }

    /// `end + 1` (or `end - 1` counting down), overflow-checked: the exclusive limit of a
    /// signed `..=` range.
    fn inclusive_limit(&mut self, end: Reg, direction: Direction, loc: LocId) -> Reg {
        let ty = self.reg_ty(end);
        let one = self.constant(int_const(ty, 1));
        let limit = self.new_reg(ty, None);
        match direction {
            Direction::Up => self.arith(BinOp::Add, true, limit, end, one, loc),
            Direction::Down => self.arith(BinOp::Sub, true, limit, end, one, loc),
            Direction::Dynamic(negative) => {
                let down = self.new_block();
                let up = self.new_block();
                let join = self.new_block();
                self.branch(negative, down, up);
                self.switch_to(down);
                self.arith(BinOp::Sub, true, limit, end, one, loc);
                self.set_term(crate::ir::Term::Jump(join));
                self.switch_to(up);
                self.arith(BinOp::Add, true, limit, end, one, loc);
                self.jump_to(join);
            }
        }
        limit
    }

    /// The loop test in the current block: continue into `body` or leave to `exit`.
    fn range_test(
        &mut self,
        direction: Direction,
        up_cmp: CmpOp,
        counter: Reg,
        limit: Reg,
        body: BlockId,
        exit: BlockId,
    ) {
        match direction {
            Direction::Up => {
                let go = self.compare(up_cmp, counter, limit);
                self.branch(go, body, exit);
            }
            Direction::Down => {
                let go = self.compare(CmpOp::Gt, counter, limit);
                self.branch(go, body, exit);
            }
            Direction::Dynamic(negative) => {
                let down = self.new_block();
                let up = self.new_block();
                self.branch(negative, down, up);
                self.switch_to(down);
                let go = self.compare(CmpOp::Gt, counter, limit);
                self.branch(go, body, exit);
                self.switch_to(up);
                let go = self.compare(up_cmp, counter, limit);
                self.branch(go, body, exit);
            }
        }
    }

    /// `counter += step`, then back to `header`. Signed counters raise `Integer overflow`;
    /// an unsigned counter that wraps around ends the loop instead.
    fn range_step(&mut self, counter: Reg, step: Reg, header: BlockId, exit: BlockId, loc: LocId) {
        let ty = self.reg_ty(counter);
        if ty.is_signed() {
            self.arith(BinOp::Add, true, counter, counter, step, loc);
            self.set_term(crate::ir::Term::Jump(header));
            return;
        }
        let next = self.new_reg(ty, None);
        self.arith(BinOp::Add, false, next, counter, step, loc);
        let wrapped = self.compare(CmpOp::Lt, next, counter);
        let store = self.new_block();
        self.branch(wrapped, exit, store);
        self.switch_to(store);
        self.emit(Inst::Move {
            dst: counter,
            src: next,
        });
        self.set_term(crate::ir::Term::Jump(header));
    }

    /// `for var in count`: 0..count-1; a negative count raises `Cannot iterate negative
    /// integer`.
    pub(crate) fn for_int(
        &mut self,
        id: LoopId,
        var: LocalId,
        count: &Expr,
        body: &[Stmt],
    ) -> Result<(), String> {
        let counter = self.local_reg(var)?;
        let value = self.value(count)?;
        let limit = self.snapshot(value);
        let ty = self.reg_ty(limit);
        let zero = self.constant(int_const(ty, 0));
        if ty.is_signed() {
            let negative = self.compare(CmpOp::Lt, limit, zero);
            let loc = self.loc(count.span);
            self.trap_if(negative, TrapKind::NegativeIteration, loc);
        }
        self.emit(Inst::Move {
            dst: counter,
            src: zero,
        });
        let header = self.new_block();
        let body_block = self.new_block();
        let exit = self.new_block();
        let next = self.new_block();
        self.jump_to(header);
        let go = self.compare(CmpOp::Lt, counter, limit);
        self.branch(go, body_block, exit);
        self.switch_to(body_block);
        self.publish_loop_var(var)?;
        self.loop_body(id, exit, next, body)?;
        self.switch_to(next);
        let one = self.constant(int_const(ty, 1));
        let loc = self.loc(count.span);
        // `counter < limit` held, so `counter + 1` cannot overflow.
        self.arith(BinOp::Add, false, counter, counter, one, loc);
        self.set_term(crate::ir::Term::Jump(header));
        self.switch_to(exit);
        Ok(())
    }

    /// `for var in array`: the length is re-read before every step, so elements pushed
    /// during the loop are visited (§9.6).
    pub(crate) fn for_array(
        &mut self,
        id: LoopId,
        var: LocalId,
        array: &Expr,
        body: &[Stmt],
    ) -> Result<(), String> {
        let loc = self.loc(array.span);
        let value = self.value(array)?;
        let array = self.snapshot(value);
        let index = self.new_reg(Ty::I32, Some("index".into()));
        self.const_into(index, Const::I32(0));
        let header = self.new_block();
        let body_block = self.new_block();
        let exit = self.new_block();
        let next = self.new_block();
        self.jump_to(header);
        let len = self.new_reg(Ty::I32, None);
        self.emit(Inst::ArrayLen { dst: len, array });
        let go = self.compare(CmpOp::Lt, index, len);
        self.branch(go, body_block, exit);
        self.switch_to(body_block);
        let elem_ty = self.reg_ty(self.local_reg(var)?);
        let elem = self.new_reg(elem_ty, None);
        self.emit(Inst::ArrayGet {
            dst: elem,
            array,
            index,
            index_ty: Ty::I32,
            loc,
        });
        self.write_local(var, elem)?;
        self.loop_body(id, exit, next, body)?;
        self.switch_to(next);
        let one = self.constant(Const::I32(1));
        // `index < len <= i32::MAX` held, so `index + 1` cannot overflow.
        self.arith(BinOp::Add, false, index, index, one, loc);
        self.set_term(crate::ir::Term::Jump(header));
        self.switch_to(exit);
        Ok(())
    }

    /// `for var in range_value`: asks the range for values until it has none (§9.6).
    pub(crate) fn for_range_value(
        &mut self,
        id: LoopId,
        var: LocalId,
        range: &Expr,
        body: &[Stmt],
    ) -> Result<(), String> {
        let value = self.value(range)?;
        let range_reg = self.snapshot(value);
        let loc = self.loc(range.span);
        let header = self.new_block();
        let body_block = self.new_block();
        let exit = self.new_block();
        self.jump_to(header);
        let more = self
            .rt_call(
                RtFn::RangeHasNext,
                Vec::new(),
                vec![range_reg],
                Some(Ty::Bool),
                loc,
            )
            .expect("has a result");
        self.branch(more, body_block, exit);
        self.switch_to(body_block);
        let next_value = self
            .rt_call(
                RtFn::RangeNext,
                Vec::new(),
                vec![range_reg],
                Some(Ty::I64),
                loc,
            )
            .expect("has a result");
        self.write_local(var, next_value)?;
        self.loop_body(id, exit, header, body)?;
        self.switch_to(exit);
        Ok(())
    }
}
