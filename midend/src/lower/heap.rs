//! Heap expressions (docs/HEAP.md §4): arrays, string indexing and slicing, structs, enums,
//! and the builtins that operate on heap values. Hot operations become dedicated
//! instructions; the rest are generic runtime calls ([`RtFn`]).

use orus_frontend::typed::{self, BinOp as SrcOp, Builtin, Expr};

use super::func::FnBuilder;
use super::types::{class_of, value_type};
use crate::ir::{CmpOp, Const, Inst, LocId, Reg, RtFn, Term, Ty, ValueType};

/// The element type of an array type.
fn elem_of(ty: &typed::Ty) -> Result<&typed::Ty, String> {
    match ty {
        typed::Ty::Array(elem) => Ok(elem),
        other => Err(format!(
            "internal error: expected an array, found {other:?}"
        )),
    }
}

/// The runtime descriptor of the elements of an array type.
fn elem_type(ty: &typed::Ty) -> Result<ValueType, String> {
    value_type(elem_of(ty)?)
}

impl FnBuilder<'_, '_> {
    /// Emits a generic runtime call; the result register has class `ret`.
    pub(crate) fn rt_call(
        &mut self,
        func: RtFn,
        types: Vec<ValueType>,
        args: Vec<Reg>,
        ret: Option<Ty>,
        loc: LocId,
    ) -> Option<Reg> {
        let dst = ret.map(|ty| self.new_reg(ty, None));
        self.emit(Inst::RtCall {
            dst,
            func,
            types,
            args,
            loc,
        });
        dst
    }

    /// `reg` (of any integer class) as an `i64`. A `u64` of 2^63 or more becomes `i64::MAX`,
    /// which every bound check treats as out of range (never as negative).
    pub(crate) fn widen_to_i64(&mut self, reg: Reg, loc: LocId) -> Result<Reg, String> {
        let from = self.reg_ty(reg);
        match from {
            Ty::I64 => Ok(reg),
            Ty::I32 | Ty::U32 => {
                let dst = self.new_reg(Ty::I64, None);
                self.emit(Inst::Cast {
                    from,
                    to: Ty::I64,
                    dst,
                    src: reg,
                    loc,
                });
                Ok(dst)
            }
            Ty::U64 => {
                let limit = self.constant(Const::U64(i64::MAX as u64));
                let big = self.new_reg(Ty::Bool, None);
                self.emit(Inst::Cmp {
                    op: CmpOp::Gt,
                    ty: Ty::U64,
                    dst: big,
                    lhs: reg,
                    rhs: limit,
                });
                let dst = self.new_reg(Ty::I64, None);
                let clamp = self.new_block();
                let convert = self.new_block();
                let join = self.new_block();
                self.branch(big, clamp, convert);
                self.switch_to(clamp);
                self.const_into(dst, Const::I64(i64::MAX));
                self.set_term(Term::Jump(join));
                self.switch_to(convert);
                self.emit(Inst::Cast {
                    from: Ty::U64,
                    to: Ty::I64,
                    dst,
                    src: reg,
                    loc,
                });
                self.jump_to(join);
                Ok(dst)
            }
            other => Err(format!(
                "internal error: an index or count of class {other}"
            )),
        }
    }

    /// `[e1, e2, …]`.
    pub(crate) fn array_lit(&mut self, expr: &Expr, elems: &[Expr]) -> Result<Reg, String> {
        let elem = elem_type(&expr.ty)?;
        let refs: Vec<&Expr> = elems.iter().collect();
        let elems = self.operands(&refs)?;
        let dst = self.new_reg(Ty::Ref, None);
        self.emit(Inst::ArrayNew { dst, elem, elems });
        Ok(dst)
    }

    /// `[value, count]`.
    pub(crate) fn array_fill(
        &mut self,
        expr: &Expr,
        value: &Expr,
        count: &Expr,
    ) -> Result<Reg, String> {
        let elem = elem_type(&expr.ty)?;
        let regs = self.operands(&[value, count])?;
        let loc = self.loc(expr.span);
        let count = self.widen_to_i64(regs[1], loc)?;
        Ok(self
            .rt_call(
                RtFn::ArrayFill,
                vec![elem],
                vec![regs[0], count],
                Some(Ty::Ref),
                loc,
            )
            .expect("has a result"))
    }

    /// `array * count` (the array is the left operand after the checker's normalisation).
    pub(crate) fn repeat(&mut self, expr: &Expr, l: &Expr, r: &Expr) -> Result<Reg, String> {
        let (array, count, array_first) = match (&l.ty, &r.ty) {
            (typed::Ty::Array(_), _) => (l, r, true),
            (_, typed::Ty::Array(_)) => (r, l, false),
            _ => return Err("internal error: repetition without an array".into()),
        };
        let elem = elem_type(&array.ty)?;
        let regs = if array_first {
            self.operands(&[array, count])?
        } else {
            let mut regs = self.operands(&[count, array])?;
            regs.reverse();
            regs
        };
        let loc = self.loc(expr.span);
        let count = self.widen_to_i64(regs[1], loc)?;
        Ok(self
            .rt_call(
                RtFn::ArrayRepeat,
                vec![elem],
                vec![regs[0], count],
                Some(Ty::Ref),
                loc,
            )
            .expect("has a result"))
    }

    /// `target[index]` on an array or a string.
    pub(crate) fn index(
        &mut self,
        expr: &Expr,
        target: &Expr,
        index: &Expr,
    ) -> Result<Reg, String> {
        let regs = self.operands(&[target, index])?;
        let loc = self.loc(expr.span);
        if target.ty == typed::Ty::Str {
            let i = self.widen_to_i64(regs[1], loc)?;
            return Ok(self
                .rt_call(
                    RtFn::StrIndex,
                    Vec::new(),
                    vec![regs[0], i],
                    Some(Ty::Ref),
                    loc,
                )
                .expect("has a result"));
        }
        elem_of(&target.ty)?;
        let ty = self.value_class(&expr.ty)?;
        let dst = self.new_reg(ty, None);
        let index_ty = self.reg_ty(regs[1]);
        self.emit(Inst::ArrayGet {
            dst,
            array: regs[0],
            index: regs[1],
            index_ty,
            loc,
        });
        Ok(dst)
    }

    /// `target[index] = value`; the expression's value is the new element.
    pub(crate) fn index_assign(
        &mut self,
        expr: &Expr,
        target: &Expr,
        index: &Expr,
        value: &Expr,
    ) -> Result<Reg, String> {
        elem_of(&target.ty)?;
        let regs = self.operands(&[target, index, value])?;
        let loc = self.loc(expr.span);
        let index_ty = self.reg_ty(regs[1]);
        self.emit(Inst::ArraySet {
            array: regs[0],
            index: regs[1],
            index_ty,
            src: regs[2],
            loc,
        });
        Ok(regs[2])
    }

    /// `target[start..end]` with the defaults `0` and `len(target)`.
    pub(crate) fn slice(
        &mut self,
        expr: &Expr,
        target: &Expr,
        start: Option<&Expr>,
        end: Option<&Expr>,
    ) -> Result<Reg, String> {
        let mut exprs = vec![target];
        exprs.extend(start);
        exprs.extend(end);
        let regs = self.operands(&exprs)?;
        let loc = self.loc(expr.span);
        let is_str = target.ty == typed::Ty::Str;
        let object = regs[0];
        let mut next = regs[1..].iter();
        let a = match start {
            Some(_) => {
                let reg = *next.next().expect("start operand");
                self.widen_to_i64(reg, loc)?
            }
            None => self.constant(Const::I64(0)),
        };
        let b = match end {
            Some(_) => {
                let reg = *next.next().expect("end operand");
                self.widen_to_i64(reg, loc)?
            }
            None => {
                let len = self.new_reg(Ty::I32, None);
                if is_str {
                    self.emit(Inst::Runtime {
                        dst: Some(len),
                        func: crate::ir::RuntimeFn::StrLen,
                        types: Vec::new(),
                        args: vec![object],
                        loc,
                    });
                } else {
                    self.emit(Inst::ArrayLen {
                        dst: len,
                        array: object,
                    });
                }
                self.widen_to_i64(len, loc)?
            }
        };
        let (func, types) = if is_str {
            (RtFn::StrSlice, Vec::new())
        } else {
            (RtFn::ArraySlice, vec![elem_type(&target.ty)?])
        };
        Ok(self
            .rt_call(func, types, vec![object, a, b], Some(Ty::Ref), loc)
            .expect("has a result"))
    }

    /// `S{ fields… }`.
    pub(crate) fn struct_lit(&mut self, id: u32, fields: &[Expr]) -> Result<Reg, String> {
        if id as usize >= self.ctx.program.structs.len() {
            return Err(format!("internal error: unknown struct {id}"));
        }
        let refs: Vec<&Expr> = fields.iter().collect();
        let fields = self.operands(&refs)?;
        let dst = self.new_reg(Ty::Ref, None);
        self.emit(Inst::StructNew { dst, id, fields });
        Ok(dst)
    }

    /// `obj.field`.
    pub(crate) fn field(&mut self, expr: &Expr, obj: &Expr, field: u32) -> Result<Reg, String> {
        let obj = self.value(obj)?;
        let ty = self.value_class(&expr.ty)?;
        let dst = self.new_reg(ty, None);
        self.emit(Inst::FieldGet { dst, obj, field });
        Ok(dst)
    }

    /// `obj.field = value`; the expression's value is the new field value.
    pub(crate) fn field_assign(
        &mut self,
        target: &Expr,
        field: u32,
        value: &Expr,
    ) -> Result<Reg, String> {
        let regs = self.operands(&[target, value])?;
        self.emit(Inst::FieldSet {
            obj: regs[0],
            field,
            src: regs[1],
        });
        Ok(regs[1])
    }

    /// `Enum.Variant(args)`: the variant number, then the payloads; the type list records
    /// the enum and each payload's static type.
    pub(crate) fn enum_lit(
        &mut self,
        expr: &Expr,
        id: u32,
        variant: u32,
        args: &[Expr],
    ) -> Result<Reg, String> {
        let mut types = vec![ValueType::Enum(id)];
        for a in args {
            types.push(value_type(&a.ty)?);
        }
        let refs: Vec<&Expr> = args.iter().collect();
        let payloads = self.operands(&refs)?;
        let tag = self.constant(Const::U32(variant));
        let mut all = vec![tag];
        all.extend(payloads);
        let loc = self.loc(expr.span);
        Ok(self
            .rt_call(RtFn::EnumNew, types, all, Some(Ty::Ref), loc)
            .expect("has a result"))
    }

    /// `EnumTag(value)`.
    pub(crate) fn enum_tag(&mut self, value: &Expr) -> Result<Reg, String> {
        let value = self.value(value)?;
        let dst = self.new_reg(Ty::I32, None);
        self.emit(Inst::EnumTag { dst, value });
        Ok(dst)
    }

    /// Payload `index` of an enum value; `checked` compares its run-time type with the
    /// expression's type.
    pub(crate) fn enum_payload(
        &mut self,
        expr: &Expr,
        value: &Expr,
        index: u32,
        checked: bool,
    ) -> Result<Reg, String> {
        let value = self.value(value)?;
        let ty = self.value_class(&expr.ty)?;
        if checked {
            let loc = self.loc(expr.span);
            let index = self.constant(Const::U32(index));
            let expected = value_type(&expr.ty)?;
            return Ok(self
                .rt_call(
                    RtFn::EnumPayloadChecked,
                    vec![expected],
                    vec![value, index],
                    Some(ty),
                    loc,
                )
                .expect("has a result"));
        }
        let dst = self.new_reg(ty, None);
        self.emit(Inst::EnumPayload { dst, value, index });
        Ok(dst)
    }

    /// `==`/`!=` on reference values other than strings: structural (`ValueEq`) on enums,
    /// identity on everything else.
    pub(crate) fn ref_equality(
        &mut self,
        expr: &Expr,
        op: SrcOp,
        operand_ty: &typed::Ty,
        lhs: Reg,
        rhs: Reg,
    ) -> Result<Reg, String> {
        let cmp = match op {
            SrcOp::Eq => CmpOp::Eq,
            SrcOp::Ne => CmpOp::Ne,
            _ => return Err("internal error: ordering of reference values".into()),
        };
        if let typed::Ty::Enum(_) = operand_ty {
            let loc = self.loc(expr.span);
            let eq = self
                .rt_call(
                    RtFn::ValueEq,
                    vec![value_type(operand_ty)?],
                    vec![lhs, rhs],
                    Some(Ty::Bool),
                    loc,
                )
                .expect("has a result");
            if cmp == CmpOp::Eq {
                return Ok(eq);
            }
            let dst = self.new_reg(Ty::Bool, None);
            self.emit(Inst::Not {
                ty: Ty::Bool,
                dst,
                src: eq,
            });
            return Ok(dst);
        }
        let dst = self.new_reg(Ty::Bool, None);
        self.emit(Inst::Cmp {
            op: cmp,
            ty: Ty::Ref,
            dst,
            lhs,
            rhs,
        });
        Ok(dst)
    }

    /// Builtins on heap values and the generic conversions; `None` when `builtin` is not
    /// one of them.
    pub(crate) fn heap_builtin(
        &mut self,
        expr: &Expr,
        builtin: Builtin,
        args: &[Expr],
    ) -> Result<Option<Reg>, String> {
        let arg = |i: usize| {
            args.get(i)
                .ok_or_else(|| format!("internal error: {builtin:?} is missing argument {i}"))
        };
        let refs: Vec<&Expr> = args.iter().collect();
        let loc = self.loc(expr.span);
        let ret = class_of(&expr.ty);
        let rt = |func: RtFn, types: Vec<ValueType>| Some((func, types));
        let call = match builtin {
            Builtin::ArrayLen => {
                let array = self.value(arg(0)?)?;
                let dst = self.new_reg(Ty::I32, None);
                self.emit(Inst::ArrayLen { dst, array });
                return Ok(Some(dst));
            }
            Builtin::Push => {
                let regs = self.operands(&refs)?;
                if regs.len() != 2 {
                    return Err("internal error: push takes two arguments".into());
                }
                self.emit(Inst::ArrayPush {
                    array: regs[0],
                    src: regs[1],
                });
                return Ok(Some(regs[0]));
            }
            Builtin::Pop => rt(RtFn::ArrayPop, vec![elem_type(&arg(0)?.ty)?]),
            Builtin::Sorted => rt(RtFn::Sorted, vec![elem_type(&arg(0)?.ty)?]),
            Builtin::Range => rt(RtFn::RangeNew, Vec::new()),
            Builtin::RangeArgU64 => rt(RtFn::RangeArgU64, Vec::new()),
            Builtin::RangeInvalid => {
                self.operands(&refs)?;
                self.rt_call(RtFn::RangeInvalid, Vec::new(), Vec::new(), None, loc);
                // Never reached at run time: the call always raises. The placeholder keeps
                // the expression's register defined.
                let placeholder = self.ctx.intern(b"");
                return Ok(Some(self.constant(Const::Str(placeholder))));
            }
            Builtin::Input => {
                let (prompt, has_prompt) = match args.first() {
                    Some(p) => (self.value(p)?, true),
                    None => {
                        let empty = self.ctx.intern(b"");
                        (self.constant(Const::Str(empty)), false)
                    }
                };
                let flag = self.constant(Const::Bool(has_prompt));
                return Ok(self.rt_call(
                    RtFn::Input,
                    Vec::new(),
                    vec![prompt, flag],
                    Some(Ty::Ref),
                    loc,
                ));
            }
            Builtin::Int => rt(RtFn::IntOf, vec![value_type(&arg(0)?.ty)?]),
            Builtin::Float => rt(RtFn::FloatOf, vec![value_type(&arg(0)?.ty)?]),
            Builtin::ToStringAny => rt(RtFn::ToStringAny, vec![value_type(&arg(0)?.ty)?]),
            Builtin::TypeofError => rt(RtFn::TypeofError, Vec::new()),
            Builtin::AssertEq | Builtin::StrLen => None,
        };
        let Some((func, types)) = call else {
            return Ok(None);
        };
        let regs = self.operands(&refs)?;
        if func.arity() >= 0 && func.arity() as usize != regs.len() {
            return Err(format!(
                "internal error: {} takes {} arguments, got {}",
                func.name(),
                func.arity(),
                regs.len()
            ));
        }
        let ret = if func.has_result() { ret } else { None };
        Ok(self.rt_call(func, types, regs, ret, loc))
    }
}
