//! Arithmetic, comparisons and casts: checked signed arithmetic through LLVM's overflow
//! intrinsics, division checks, and the §6.2 cast range checks.

use crate::error::BackendError;
use crate::func::FnLower;
use crate::rt::{self, codes, RtFn};
use inkwell::intrinsics::Intrinsic;
use inkwell::types::IntType;
use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use orus_midend::ir::{BinOp, CmpOp, LocId, Reg, Ty};

impl<'m, 'ctx> FnLower<'m, 'ctx> {
    fn float(&self, reg: Reg) -> Result<FloatValue<'ctx>, BackendError> {
        match self.get(reg)? {
            BasicValueEnum::FloatValue(v) => Ok(v),
            other => Err(BackendError::Llvm(format!(
                "expected a float, found {other}"
            ))),
        }
    }

    /// `lhs op rhs` on class `ty`.
    pub fn binary(
        &self,
        op: BinOp,
        ty: Ty,
        checked: bool,
        lhs: Reg,
        rhs: Reg,
        loc: LocId,
    ) -> Result<BasicValueEnum<'ctx>, BackendError> {
        if ty == Ty::F64 {
            return self.float_binary(op, lhs, rhs, loc).map(Into::into);
        }
        let (a, b) = (self.int(lhs)?, self.int(rhs)?);
        let signed = ty.is_signed();
        let v = match op {
            BinOp::Add | BinOp::Sub | BinOp::Mul if signed && checked => {
                let name = match op {
                    BinOp::Add => "llvm.sadd.with.overflow",
                    BinOp::Sub => "llvm.ssub.with.overflow",
                    _ => "llvm.smul.with.overflow",
                };
                self.with_overflow(name, a, b, codes::OVERFLOW, loc)?
            }
            BinOp::Add => self.b.build_int_add(a, b, "")?,
            BinOp::Sub => self.b.build_int_sub(a, b, "")?,
            BinOp::Mul => self.b.build_int_mul(a, b, "")?,
            BinOp::Div | BinOp::Rem => self.int_division(op, signed, a, b, loc)?,
            BinOp::And => self.b.build_and(a, b, "")?,
            BinOp::Or => self.b.build_or(a, b, "")?,
        };
        Ok(v.into())
    }

    /// Calls `llvm.<s|u><op>.with.overflow` and raises `code` when it overflows.
    fn with_overflow(
        &self,
        name: &str,
        a: IntValue<'ctx>,
        b: IntValue<'ctx>,
        code: u64,
        loc: LocId,
    ) -> Result<IntValue<'ctx>, BackendError> {
        let decl = Intrinsic::find(name)
            .and_then(|i| i.get_declaration(&self.m.module, &[a.get_type().into()]))
            .ok_or_else(|| BackendError::Llvm(format!("missing intrinsic {name}")))?;
        let pair = self.b.build_call(decl, &[a.into(), b.into()], "")?;
        let pair = match pair.try_as_basic_value() {
            inkwell::values::ValueKind::Basic(BasicValueEnum::StructValue(s)) => s,
            _ => return Err(BackendError::Llvm(format!("{name} returned no pair"))),
        };
        let value = self.b.build_extract_value(pair, 0, "")?.into_int_value();
        let overflow = self.b.build_extract_value(pair, 1, "ovf")?.into_int_value();
        self.fail_if(overflow, code, loc)?;
        Ok(value)
    }

    /// Integer `/` and `%`: zero divisors always fail; signed `MIN / -1` is an overflow.
    fn int_division(
        &self,
        op: BinOp,
        signed: bool,
        a: IntValue<'ctx>,
        b: IntValue<'ctx>,
        loc: LocId,
    ) -> Result<IntValue<'ctx>, BackendError> {
        let t = a.get_type();
        let zero = self
            .b
            .build_int_compare(IntPredicate::EQ, b, t.const_zero(), "divzero")?;
        self.fail_if(zero, codes::DIVISION_BY_ZERO, loc)?;
        if signed {
            let min = self
                .b
                .build_int_compare(IntPredicate::EQ, a, min_of(t), "")?;
            let minus_one =
                self.b
                    .build_int_compare(IntPredicate::EQ, b, t.const_all_ones(), "")?;
            let both = self.b.build_and(min, minus_one, "")?;
            self.fail_if(both, codes::OVERFLOW, loc)?;
        }
        Ok(match (op, signed) {
            (BinOp::Div, true) => self.b.build_int_signed_div(a, b, "")?,
            (BinOp::Div, false) => self.b.build_int_unsigned_div(a, b, "")?,
            (_, true) => self.b.build_int_signed_rem(a, b, "")?,
            (_, false) => self.b.build_int_unsigned_rem(a, b, "")?,
        })
    }

    fn float_binary(
        &self,
        op: BinOp,
        lhs: Reg,
        rhs: Reg,
        loc: LocId,
    ) -> Result<FloatValue<'ctx>, BackendError> {
        let (a, b) = (self.float(lhs)?, self.float(rhs)?);
        Ok(match op {
            BinOp::Add => self.b.build_float_add(a, b, "")?,
            BinOp::Sub => self.b.build_float_sub(a, b, "")?,
            BinOp::Mul => self.b.build_float_mul(a, b, "")?,
            BinOp::Div | BinOp::Rem => {
                let zero = self.b.build_float_compare(
                    FloatPredicate::OEQ,
                    b,
                    b.get_type().const_zero(),
                    "divzero",
                )?;
                self.fail_if(zero, codes::DIVISION_BY_ZERO, loc)?;
                if op == BinOp::Div {
                    self.b.build_float_div(a, b, "")?
                } else {
                    // `frem` has C `fmod` semantics (LLVM lowers it to a call of `fmod`).
                    self.b.build_float_rem(a, b, "")?
                }
            }
            BinOp::And | BinOp::Or => {
                return Err(BackendError::Llvm(format!("{op:?} on f64")));
            }
        })
    }

    /// `-src` on class `ty`.
    pub fn neg(
        &self,
        ty: Ty,
        checked: bool,
        src: Reg,
        loc: LocId,
    ) -> Result<BasicValueEnum<'ctx>, BackendError> {
        if ty == Ty::F64 {
            return Ok(self.b.build_float_neg(self.float(src)?, "")?.into());
        }
        let v = self.int(src)?;
        let zero = v.get_type().const_zero();
        if ty.is_signed() && checked {
            let code = if ty == Ty::I32 {
                codes::NEGATE_MIN
            } else {
                codes::OVERFLOW
            };
            return Ok(self
                .with_overflow("llvm.ssub.with.overflow", zero, v, code, loc)?
                .into());
        }
        Ok(self.b.build_int_sub(zero, v, "")?.into())
    }

    /// `lhs op rhs` → `i1`.
    pub fn compare(
        &self,
        op: CmpOp,
        ty: Ty,
        lhs: Reg,
        rhs: Reg,
    ) -> Result<IntValue<'ctx>, BackendError> {
        if ty == Ty::F64 {
            let pred = match op {
                CmpOp::Eq => FloatPredicate::OEQ,
                CmpOp::Ne => FloatPredicate::UNE,
                CmpOp::Lt => FloatPredicate::OLT,
                CmpOp::Le => FloatPredicate::OLE,
                CmpOp::Gt => FloatPredicate::OGT,
                CmpOp::Ge => FloatPredicate::OGE,
            };
            return Ok(self
                .b
                .build_float_compare(pred, self.float(lhs)?, self.float(rhs)?, "")?);
        }
        let signed = ty.is_signed();
        let pred = match (op, signed) {
            (CmpOp::Eq, _) => IntPredicate::EQ,
            (CmpOp::Ne, _) => IntPredicate::NE,
            (CmpOp::Lt, true) => IntPredicate::SLT,
            (CmpOp::Le, true) => IntPredicate::SLE,
            (CmpOp::Gt, true) => IntPredicate::SGT,
            (CmpOp::Ge, true) => IntPredicate::SGE,
            (CmpOp::Lt, false) => IntPredicate::ULT,
            (CmpOp::Le, false) => IntPredicate::ULE,
            (CmpOp::Gt, false) => IntPredicate::UGT,
            (CmpOp::Ge, false) => IntPredicate::UGE,
        };
        Ok(self
            .b
            .build_int_compare(pred, self.int(lhs)?, self.int(rhs)?, "")?)
    }

    /// `src as to` with the §6.2 checks; a failing cast calls `orus_rt_cast_fail`, which
    /// produces the runtime's exact message.
    pub fn cast(
        &self,
        from: Ty,
        to: Ty,
        src: Reg,
        loc: LocId,
    ) -> Result<BasicValueEnum<'ctx>, BackendError> {
        let v = self.get(src)?;
        if from == to {
            return Ok(v);
        }
        let cx = self.m.cx;
        let (i32t, i64t) = (cx.i32_type(), cx.i64_type());
        if from == Ty::F64 {
            return self.float_to(v.into_float_value(), to, src, loc);
        }
        let x = v.into_int_value();
        // Integer or bool sources.
        Ok(match to {
            Ty::F64 if from.is_signed() => self
                .b
                .build_signed_int_to_float(x, cx.f64_type(), "")?
                .into(),
            Ty::F64 => self
                .b
                .build_unsigned_int_to_float(x, cx.f64_type(), "")?
                .into(),
            Ty::Bool => self
                .b
                .build_int_compare(IntPredicate::NE, x, x.get_type().const_zero(), "")?
                .into(),
            Ty::Ref => return Err(BackendError::Llvm("cast to a reference class".into())),
            _ => {
                let fails = match (from, to) {
                    (Ty::I32 | Ty::I64, Ty::U64) => Some(self.b.build_int_compare(
                        IntPredicate::SLT,
                        x,
                        x.get_type().const_zero(),
                        "",
                    )?),
                    (Ty::I64, Ty::U32) => Some(self.b.build_int_compare(
                        IntPredicate::UGT,
                        x,
                        i64t.const_int(u32::MAX as u64, false),
                        "",
                    )?),
                    (Ty::U64, Ty::I32) => Some(self.b.build_int_compare(
                        IntPredicate::UGT,
                        x,
                        i64t.const_int(i32::MAX as u64, false),
                        "",
                    )?),
                    (Ty::U64, Ty::I64) => Some(self.b.build_int_compare(
                        IntPredicate::SLT,
                        x,
                        i64t.const_zero(),
                        "",
                    )?),
                    (Ty::U64, Ty::U32) => Some(self.b.build_int_compare(
                        IntPredicate::UGT,
                        x,
                        i64t.const_int(u32::MAX as u64, false),
                        "",
                    )?),
                    _ => None,
                };
                if let Some(fails) = fails {
                    self.cast_fail_if(fails, from, to, src, loc)?;
                }
                let target = if matches!(to, Ty::I32 | Ty::U32) {
                    i32t
                } else {
                    i64t
                };
                self.resize(x, from, target)?.into()
            }
        })
    }

    /// Truncates or extends integer `x` of class `from` to `target` (sign-extending signed
    /// sources, zero-extending unsigned and bool ones).
    fn resize(
        &self,
        x: IntValue<'ctx>,
        from: Ty,
        target: IntType<'ctx>,
    ) -> Result<IntValue<'ctx>, BackendError> {
        let (have, want) = (x.get_type().get_bit_width(), target.get_bit_width());
        Ok(if have > want {
            self.b.build_int_truncate(x, target, "")?
        } else if have == want {
            x
        } else if from.is_signed() {
            self.b.build_int_s_extend(x, target, "")?
        } else {
            self.b.build_int_z_extend(x, target, "")?
        })
    }

    fn float_to(
        &self,
        x: FloatValue<'ctx>,
        to: Ty,
        src: Reg,
        loc: LocId,
    ) -> Result<BasicValueEnum<'ctx>, BackendError> {
        let cx = self.m.cx;
        let f64t = cx.f64_type();
        if to == Ty::Bool {
            return Ok(self
                .b
                .build_float_compare(FloatPredicate::UNE, x, f64t.const_zero(), "")?
                .into());
        }
        // Every bound is a power of two, so `lo <= trunc(x) < hi` is exact; NaN fails the
        // ordered comparisons; unsigned targets reject every negative value.
        let (lo, hi, target) = match to {
            Ty::I32 => (-2147483648.0, 2147483648.0, cx.i32_type()),
            Ty::I64 => (-9223372036854775808.0, 9223372036854775808.0, cx.i64_type()),
            Ty::U32 => (0.0, 4294967296.0, cx.i32_type()),
            _ => (0.0, 18446744073709551616.0, cx.i64_type()),
        };
        let trunc = Intrinsic::find("llvm.trunc")
            .and_then(|i| i.get_declaration(&self.m.module, &[f64t.into()]))
            .ok_or_else(|| BackendError::Llvm("missing intrinsic llvm.trunc".into()))?;
        let t = match self
            .b
            .build_call(trunc, &[x.into()], "")?
            .try_as_basic_value()
        {
            inkwell::values::ValueKind::Basic(v) => v.into_float_value(),
            _ => return Err(BackendError::Llvm("llvm.trunc returned nothing".into())),
        };
        let above = self
            .b
            .build_float_compare(FloatPredicate::OGE, t, f64t.const_float(lo), "")?;
        let below = self
            .b
            .build_float_compare(FloatPredicate::OLT, t, f64t.const_float(hi), "")?;
        let mut ok = self.b.build_and(above, below, "")?;
        if !to.is_signed() {
            let nonneg =
                self.b
                    .build_float_compare(FloatPredicate::OGE, x, f64t.const_zero(), "")?;
            ok = self.b.build_and(ok, nonneg, "")?;
        }
        let fails = self.b.build_not(ok, "")?;
        self.cast_fail_if(fails, Ty::F64, to, src, loc)?;
        Ok(if to.is_signed() {
            self.b.build_float_to_signed_int(t, target, "")?.into()
        } else {
            self.b.build_float_to_unsigned_int(t, target, "")?.into()
        })
    }

    fn cast_fail_if(
        &self,
        fails: IntValue<'ctx>,
        from: Ty,
        to: Ty,
        src: Reg,
        loc: LocId,
    ) -> Result<(), BackendError> {
        let i32t = self.m.cx.i32_type();
        let word = self.to_word(self.get(src)?, from)?;
        self.fail_with(
            fails,
            RtFn::CastFail,
            &[
                i32t.const_int(rt::class_tag(from), false).into(),
                i32t.const_int(rt::class_tag(to), false).into(),
                word.into(),
                i32t.const_int(loc.0 as u64, false).into(),
            ],
        )
    }
}

/// The minimum of the signed integer type `t`.
fn min_of(t: IntType<'_>) -> IntValue<'_> {
    let bits = t.get_bit_width();
    t.const_int(1u64 << (bits - 1), false)
}
