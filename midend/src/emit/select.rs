//! Opcode selection: which typed opcode implements an IR operation on a type class.

use crate::ir::{BinOp, CmpOp, Ty};
use orus_abi::opcode::Opcode;

/// The three-register opcode for `op` on class `ty`, if there is one.
pub(super) fn binary(op: BinOp, ty: Ty) -> Option<Opcode> {
    use Opcode::*;
    let row = match op {
        BinOp::Add => [AddI32, AddI64, AddU32, AddU64, AddF64],
        BinOp::Sub => [SubI32, SubI64, SubU32, SubU64, SubF64],
        BinOp::Mul => [MulI32, MulI64, MulU32, MulU64, MulF64],
        BinOp::Div => [DivI32, DivI64, DivU32, DivU64, DivF64],
        BinOp::Rem => [RemI32, RemI64, RemU32, RemU64, RemF64],
        BinOp::And => return (ty != Ty::F64 && ty != Ty::Ref).then_some(BitAnd),
        BinOp::Or => return (ty != Ty::F64 && ty != Ty::Ref).then_some(BitOr),
    };
    match ty {
        Ty::I32 => Some(row[0]),
        Ty::I64 => Some(row[1]),
        Ty::U32 => Some(row[2]),
        Ty::U64 => Some(row[3]),
        Ty::F64 => Some(row[4]),
        Ty::Bool | Ty::Ref => None,
    }
}

/// The add-immediate opcode for a class, if there is one.
pub(super) fn add_immediate(ty: Ty) -> Option<Opcode> {
    match ty {
        Ty::I32 => Some(Opcode::AddImmI32),
        Ty::I64 => Some(Opcode::AddImmI64),
        _ => None,
    }
}

/// The opcode `R[A] = R[B] op K[C]` (or `K[C] op R[B]` when `const_on_left`) for a class.
pub(super) fn binary_constant(op: BinOp, ty: Ty, const_on_left: bool) -> Option<Opcode> {
    use Opcode::*;
    let wide = match ty {
        Ty::I32 => false,
        Ty::I64 => true,
        _ => return None,
    };
    let pick = |narrow: Opcode, w: Opcode| Some(if wide { w } else { narrow });
    match (op, const_on_left) {
        (BinOp::Add, _) => pick(AddKI32, AddKI64),
        (BinOp::Mul, _) => pick(MulKI32, MulKI64),
        (BinOp::Sub, false) => pick(SubKI32, SubKI64),
        (BinOp::Sub, true) => pick(RSubKI32, RSubKI64),
        (BinOp::Div, false) => pick(DivKI32, DivKI64),
        (BinOp::Rem, false) => pick(RemKI32, RemKI64),
        _ => None,
    }
}

/// The negation opcode for a class.
pub(super) fn negate(ty: Ty) -> Option<Opcode> {
    match ty {
        Ty::I32 => Some(Opcode::NegI32),
        Ty::I64 => Some(Opcode::NegI64),
        Ty::U32 => Some(Opcode::NegU32),
        Ty::U64 => Some(Opcode::NegU64),
        Ty::F64 => Some(Opcode::NegF64),
        Ty::Bool | Ty::Ref => None,
    }
}

/// A value-producing comparison: `opcode dst x y` where `swap` says `x, y = rhs, lhs`.
pub(super) fn compare(op: CmpOp, ty: Ty) -> Option<(Opcode, bool)> {
    use Opcode::*;
    let float = ty == Ty::F64;
    let signed = ty.is_signed();
    let (lt, le) = match (float, signed) {
        (true, _) => (LtF, LeF),
        (false, true) => (LtS, LeS),
        (false, false) => (LtU, LeU),
    };
    let ordered = ty != Ty::Bool && ty != Ty::Ref;
    Some(match op {
        CmpOp::Eq => (if float { EqF } else { Eq }, false),
        CmpOp::Ne => (if float { NeF } else { Ne }, false),
        CmpOp::Lt if ordered => (lt, false),
        CmpOp::Le if ordered => (le, false),
        CmpOp::Gt if ordered => (lt, true),
        CmpOp::Ge if ordered => (le, true),
        _ => return None,
    })
}

/// A compare-and-jump on two registers: `(opcode, swap operands, invert the flag)`.
pub(super) fn compare_jump(op: CmpOp, ty: Ty) -> Option<(Opcode, bool, bool)> {
    use Opcode::*;
    let float = ty == Ty::F64;
    let (lt, le) = match (float, ty.is_signed()) {
        (true, _) => (JmpLtF, JmpLeF),
        (false, true) => (JmpLtS, JmpLeS),
        (false, false) => (JmpLtU, JmpLeU),
    };
    let eq = if float { JmpEqF } else { JmpEq };
    let ordered = ty != Ty::Bool && ty != Ty::Ref;
    Some(match op {
        CmpOp::Eq => (eq, false, false),
        CmpOp::Ne => (eq, false, true),
        CmpOp::Lt if ordered => (lt, false, false),
        CmpOp::Le if ordered => (le, false, false),
        CmpOp::Gt if ordered => (lt, true, false),
        CmpOp::Ge if ordered => (le, true, false),
        _ => return None,
    })
}

/// A compare-and-jump of a register against an immediate: `(opcode, invert the flag)`.
/// `const_on_left` means the IR compares `imm op reg`.
pub(super) fn compare_jump_immediate(
    op: CmpOp,
    ty: Ty,
    const_on_left: bool,
) -> Option<(Opcode, bool)> {
    use Opcode::*;
    if !ty.is_integer() && ty != Ty::Bool {
        return None;
    }
    let op = if const_on_left { mirror(op) } else { op };
    match op {
        CmpOp::Eq => Some((JmpEqImm, false)),
        CmpOp::Ne => Some((JmpEqImm, true)),
        _ if !ty.is_signed() => None,
        CmpOp::Lt => Some((JmpLtImm, false)),
        CmpOp::Le => Some((JmpLeImm, false)),
        CmpOp::Gt => Some((JmpGtImm, false)),
        CmpOp::Ge => Some((JmpGeImm, false)),
    }
}

/// `a op b` ⇔ `b (mirror op) a`.
fn mirror(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        other => other,
    }
}

/// How a scalar cast is implemented.
pub(super) enum CastPlan {
    /// The word is unchanged.
    Move,
    /// A dedicated unchecked opcode `op A B`.
    Unary(Opcode),
    /// The general checked `CAST` opcode.
    Checked,
}

/// Chooses the cheapest correct implementation of `from as to` (both scalar classes).
pub(super) fn cast(from: Ty, to: Ty) -> Option<CastPlan> {
    use Ty::*;
    if from == Ref || to == Ref {
        return None;
    }
    Some(match (from, to) {
        _ if from == to => CastPlan::Move,
        (F64, Bool) => CastPlan::Unary(Opcode::F64ToBool),
        (_, Bool) => CastPlan::Unary(Opcode::ToBool),
        (Bool, F64) | (U32, F64) | (U64, F64) => CastPlan::Unary(Opcode::UnsignedToF64),
        (I32, F64) | (I64, F64) => CastPlan::Unary(Opcode::SignedToF64),
        (Bool, _) | (I32, I64) | (U32, I64) | (U32, U64) => CastPlan::Move,
        (I64, I32) | (U32, I32) => CastPlan::Unary(Opcode::TruncI32),
        (I32, U32) => CastPlan::Unary(Opcode::TruncU32),
        _ => CastPlan::Checked,
    })
}
