//! Constant folding inside each block: instructions whose operands are known constants
//! become constants, and branches on a known condition become jumps. An operation that
//! would raise a runtime error (overflow, division by zero, a failing cast) is left alone,
//! so the error still happens at run time at the same place.
//!
//! Registers may be assigned in several blocks, so facts never cross block boundaries.

use std::collections::HashMap;

use crate::dataflow::inst_def;
use crate::ir::{BinOp, CmpOp, Const, Function, Inst, Reg, Term, Ty};

/// Folds constants in every block of `func`; returns true when something changed.
pub fn fold_constants(func: &mut Function) -> bool {
    let mut changed = false;
    for block in &mut func.blocks {
        let mut known: HashMap<Reg, Const> = HashMap::new();
        for inst in &mut block.insts {
            if let Some((dst, value)) = fold_inst(inst, &known) {
                *inst = Inst::Const {
                    dst,
                    value: value.clone(),
                };
                changed = true;
            }
            match inst {
                Inst::Const { dst, value } => {
                    known.insert(*dst, value.clone());
                }
                other => {
                    if let Some(dst) = inst_def(other) {
                        known.remove(&dst);
                    }
                }
            }
        }
        if let Term::Branch {
            cond,
            then,
            otherwise,
        } = block.term
        {
            let target = match known.get(&cond) {
                Some(Const::Bool(true)) => Some(then),
                Some(Const::Bool(false)) => Some(otherwise),
                _ if then == otherwise => Some(then),
                _ => None,
            };
            if let Some(target) = target {
                block.term = Term::Jump(target);
                changed = true;
            }
        }
    }
    changed
}

/// The constant an instruction computes, when its operands are known and it cannot fail.
fn fold_inst(inst: &Inst, known: &HashMap<Reg, Const>) -> Option<(Reg, Const)> {
    let get = |r: &Reg| known.get(r);
    match inst {
        Inst::Move { dst, src } => Some((*dst, get(src)?.clone())),
        Inst::Binary {
            op, dst, lhs, rhs, ..
        } => Some((*dst, fold_binary(*op, get(lhs)?, get(rhs)?)?)),
        Inst::Neg { dst, src, .. } => Some((*dst, fold_neg(get(src)?)?)),
        Inst::Not { dst, src, .. } => Some((*dst, Const::Bool(is_zero(get(src)?)?))),
        Inst::Cmp {
            op, dst, lhs, rhs, ..
        } => Some((*dst, Const::Bool(fold_cmp(*op, get(lhs)?, get(rhs)?)?))),
        Inst::Cast { to, dst, src, .. } => Some((*dst, fold_cast(get(src)?, *to)?)),
        _ => None,
    }
}

macro_rules! signed {
    ($op:expr, $a:expr, $b:expr) => {
        match $op {
            BinOp::Add => $a.checked_add($b),
            BinOp::Sub => $a.checked_sub($b),
            BinOp::Mul => $a.checked_mul($b),
            BinOp::Div => $a.checked_div($b),
            BinOp::Rem => $a.checked_rem($b),
            BinOp::And => Some($a & $b),
            BinOp::Or => Some($a | $b),
        }
    };
}

macro_rules! unsigned {
    ($op:expr, $a:expr, $b:expr) => {
        match $op {
            BinOp::Add => Some($a.wrapping_add($b)),
            BinOp::Sub => Some($a.wrapping_sub($b)),
            BinOp::Mul => Some($a.wrapping_mul($b)),
            BinOp::Div => $a.checked_div($b),
            BinOp::Rem => $a.checked_rem($b),
            BinOp::And => Some($a & $b),
            BinOp::Or => Some($a | $b),
        }
    };
}

fn fold_binary(op: BinOp, lhs: &Const, rhs: &Const) -> Option<Const> {
    Some(match (lhs, rhs) {
        (Const::I32(a), Const::I32(b)) => Const::I32(signed!(op, *a, *b)?),
        (Const::I64(a), Const::I64(b)) => Const::I64(signed!(op, *a, *b)?),
        (Const::U32(a), Const::U32(b)) => Const::U32(unsigned!(op, *a, *b)?),
        (Const::U64(a), Const::U64(b)) => Const::U64(unsigned!(op, *a, *b)?),
        (Const::F64(a), Const::F64(b)) => Const::F64(match op {
            BinOp::Add => a + b,
            BinOp::Sub => a - b,
            BinOp::Mul => a * b,
            BinOp::Div if *b != 0.0 => a / b,
            BinOp::Rem if *b != 0.0 => a % b,
            _ => return None,
        }),
        _ => return None,
    })
}

fn fold_neg(value: &Const) -> Option<Const> {
    Some(match value {
        Const::I32(v) => Const::I32(v.checked_neg()?),
        Const::I64(v) => Const::I64(v.checked_neg()?),
        Const::F64(v) => Const::F64(-v),
        _ => return None,
    })
}

fn is_zero(value: &Const) -> Option<bool> {
    Some(match value {
        Const::I32(v) => *v == 0,
        Const::I64(v) => *v == 0,
        Const::U32(v) => *v == 0,
        Const::U64(v) => *v == 0,
        Const::Bool(v) => !v,
        Const::F64(_) | Const::Str(_) => return None,
    })
}

fn compare<T: PartialOrd>(op: CmpOp, a: T, b: T) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

fn fold_cmp(op: CmpOp, lhs: &Const, rhs: &Const) -> Option<bool> {
    Some(match (lhs, rhs) {
        (Const::I32(a), Const::I32(b)) => compare(op, a, b),
        (Const::I64(a), Const::I64(b)) => compare(op, a, b),
        (Const::U32(a), Const::U32(b)) => compare(op, a, b),
        (Const::U64(a), Const::U64(b)) => compare(op, a, b),
        (Const::F64(a), Const::F64(b)) => compare(op, a, b),
        (Const::Bool(a), Const::Bool(b)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => {
            compare(op, a, b)
        }
        _ => return None,
    })
}

/// Integer value of an integer or bool constant.
fn int_value(value: &Const) -> Option<i128> {
    Some(match value {
        Const::I32(v) => (*v).into(),
        Const::I64(v) => (*v).into(),
        Const::U32(v) => (*v).into(),
        Const::U64(v) => (*v).into(),
        Const::Bool(v) => (*v).into(),
        Const::F64(_) | Const::Str(_) => return None,
    })
}

/// Casts that cannot fail: integers that fit the target exactly, anything to `bool` or
/// `f64`, and `bool` to anything. Wrapping and range-checked cases stay for run time.
fn fold_cast(value: &Const, to: Ty) -> Option<Const> {
    if let Const::F64(v) = value {
        return match to {
            Ty::Bool => Some(Const::Bool(*v != 0.0)),
            Ty::F64 => Some(Const::F64(*v)),
            _ => None,
        };
    }
    let v = int_value(value)?;
    Some(match to {
        Ty::I32 => Const::I32(i32::try_from(v).ok()?),
        Ty::I64 => Const::I64(i64::try_from(v).ok()?),
        Ty::U32 => Const::U32(u32::try_from(v).ok()?),
        Ty::U64 => Const::U64(u64::try_from(v).ok()?),
        Ty::F64 => Const::F64(v as f64),
        Ty::Bool => Const::Bool(v != 0),
        Ty::Ref => return None,
    })
}
