//! Heap values, function values and `try` (HEAP.md §2, §4, §5, §7): allocations and generic
//! operations call the runtime; element, field, payload, cell and capture accesses are inline
//! loads and stores using the object layouts of `orus_abi::object`.

use crate::error::BackendError;
use crate::func::FnLower;
use crate::rt::{codes, RtFn};
use inkwell::types::{BasicMetadataTypeEnum, BasicType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue, PointerValue, ValueKind};
use inkwell::IntPredicate;
use orus_abi::object::{
    ArrayObject, CellObject, ClosureObject, EnumObject, CLOSURE_CAPTURES_OFFSET,
    ENUM_PAYLOAD_OFFSET, STRUCT_FIELDS_OFFSET,
};
use orus_abi::typetable::TypeTable;
use orus_midend::ir::{BlockId, Inst, LocId, Reg, RtFn as GenericFn, Ty, ValueType};
use std::mem::offset_of;

impl<'m, 'ctx> FnLower<'m, 'ctx> {
    /// Lowers the heap, closure and `try` instructions.
    pub fn heap_inst(&mut self, inst: &Inst) -> Result<(), BackendError> {
        match inst {
            Inst::RtCall {
                dst,
                func,
                types,
                args,
                loc,
            } => self.rt_call(*dst, *func, types, args, *loc),
            Inst::ArrayNew { dst, elem, elems } => {
                let is_ref = TypeTable::is_ref(elem);
                let v = self.allocate(RtFn::ArrayNew, is_ref as u64, elems)?;
                self.def(*dst, v.into())
            }
            Inst::ArrayGet {
                dst,
                array,
                index,
                index_ty,
                loc,
            } => {
                let ptr = self.element_ptr(*array, *index, *index_ty, *loc)?;
                let word = self.load_word(ptr)?;
                let v = self.word_value(word, self.ty(*dst))?;
                self.def(*dst, v)
            }
            Inst::ArraySet {
                array,
                index,
                index_ty,
                src,
                loc,
            } => {
                let ptr = self.element_ptr(*array, *index, *index_ty, *loc)?;
                let word = self.to_word(self.get(*src)?, self.ty(*src))?;
                self.b.build_store(ptr, word)?;
                Ok(())
            }
            Inst::ArrayLen { dst, array } => {
                let ptr = self.field_ptr(*array, offset_of!(ArrayObject, len))?;
                let len = self.load_word(ptr)?;
                let v = self
                    .b
                    .build_int_truncate(len, self.m.cx.i32_type(), "len")?;
                self.def(*dst, v.into())
            }
            Inst::ArrayPush { array, src } => {
                let arr = self.int(*array)?;
                let word = self.to_word(self.get(*src)?, self.ty(*src))?;
                self.call_rt(RtFn::ArrayPush, &[arr.into(), word.into()])?;
                Ok(())
            }
            Inst::StructNew { dst, id, fields } => {
                let v = self.allocate(RtFn::StructNew, *id as u64, fields)?;
                self.def(*dst, v.into())
            }
            Inst::FieldGet { dst, obj, field } => {
                let offset = STRUCT_FIELDS_OFFSET + 8 * *field as usize;
                self.load_into(*dst, *obj, offset)
            }
            Inst::FieldSet { obj, field, src } => {
                let offset = STRUCT_FIELDS_OFFSET + 8 * *field as usize;
                self.store_into(*obj, offset, *src)
            }
            Inst::EnumTag { dst, value } => {
                let ptr = self.field_ptr(*value, offset_of!(EnumObject, variant))?;
                let tag = self.b.build_load(self.m.cx.i32_type(), ptr, "tag")?;
                self.def(*dst, tag)
            }
            Inst::EnumPayload { dst, value, index } => {
                let offset = ENUM_PAYLOAD_OFFSET + 8 * *index as usize;
                self.load_into(*dst, *value, offset)
            }
            Inst::CellNew { dst, src, ty } => {
                let word = self.to_word(self.get(*src)?, self.ty(*src))?;
                let is_ref = self
                    .m
                    .cx
                    .i32_type()
                    .const_int((*ty == Ty::Ref) as u64, false);
                let v = self.call_rt(RtFn::CellNew, &[word.into(), is_ref.into()])?;
                self.def(*dst, self.result(v)?.into())
            }
            Inst::CellGet { dst, cell } => {
                self.load_into(*dst, *cell, offset_of!(CellObject, value))
            }
            Inst::CellSet { cell, src } => {
                self.store_into(*cell, offset_of!(CellObject, value), *src)
            }
            Inst::Closure {
                dst,
                func,
                captures,
            } => {
                let target = self.m.funcs.get(func.0 as usize).ok_or_else(|| {
                    BackendError::Llvm(format!("closure of unknown function f{}", func.0))
                })?;
                let code = target.as_global_value().as_pointer_value();
                let words = self.fill_buffer(captures)?;
                let i32t = self.m.cx.i32_type();
                let n = self.m.cx.i64_type().const_int(captures.len() as u64, false);
                let v = self.call_rt(
                    RtFn::ClosureNew,
                    &[
                        i32t.const_int(func.0 as u64, false).into(),
                        code.into(),
                        words.into(),
                        n.into(),
                    ],
                )?;
                self.def(*dst, self.result(v)?.into())
            }
            Inst::CaptureGet { dst, env, index } => {
                let offset = CLOSURE_CAPTURES_OFFSET + 8 * *index as usize;
                self.load_into(*dst, *env, offset)
            }
            Inst::CallIndirect {
                dst,
                callee,
                args,
                loc,
            } => self.call_indirect(*dst, *callee, args, *loc),
            Inst::TryEnter { handler, error } => self.try_enter(*handler, *error),
            Inst::TryExit => {
                self.call_rt(RtFn::TryPop, &[])?;
                Ok(())
            }
            other => Err(BackendError::Llvm(format!(
                "{}: instruction not supported by the LLVM backend: {other:?}",
                self.f.name
            ))),
        }
    }

    /// The integer result of a runtime function that has one.
    fn result(&self, v: Option<BasicValueEnum<'ctx>>) -> Result<IntValue<'ctx>, BackendError> {
        match v {
            Some(BasicValueEnum::IntValue(v)) => Ok(v),
            _ => Err(BackendError::Llvm(
                "runtime function without a result".into(),
            )),
        }
    }

    /// `rt(first, words of regs, count)`: `orus_rt_array_new` / `orus_rt_struct_new`.
    fn allocate(&self, rt: RtFn, first: u64, regs: &[Reg]) -> Result<IntValue<'ctx>, BackendError> {
        let words = self.fill_buffer(regs)?;
        let cx = self.m.cx;
        let v = self.call_rt(
            rt,
            &[
                cx.i32_type().const_int(first, false).into(),
                words.into(),
                cx.i64_type().const_int(regs.len() as u64, false).into(),
            ],
        )?;
        self.result(v)
    }

    /// `orus_rt_call(func, args, nargs, types, loc)`.
    fn rt_call(
        &self,
        dst: Option<Reg>,
        func: GenericFn,
        types: &[ValueType],
        args: &[Reg],
        loc: LocId,
    ) -> Result<(), BackendError> {
        let list = self.m.type_list(types);
        if func == GenericFn::EnumNew && !types.is_empty() {
            // The payloads' own list, for the runtime to stamp into the enum value.
            self.m.type_list(&types[1..]);
        }
        let words = self.fill_buffer(args)?;
        let i32t = self.m.cx.i32_type();
        let c = |n: u64| -> BasicMetadataValueEnum<'ctx> { i32t.const_int(n, false).into() };
        let v = self.call_rt(
            RtFn::Call,
            &[
                c(func as u64),
                words.into(),
                c(args.len() as u64),
                c(list as u64),
                c(loc.0 as u64),
            ],
        )?;
        if let Some(dst) = dst {
            let v = self.word_value(self.result(v)?, self.ty(dst))?;
            self.def(dst, v)?;
        }
        Ok(())
    }

    /// The address `offset` bytes into the object `obj` refers to.
    fn field_ptr(&self, obj: Reg, offset: usize) -> Result<PointerValue<'ctx>, BackendError> {
        let addr = self.int(obj)?;
        self.offset_ptr(addr, offset)
    }

    /// The address `offset` bytes past the object address `addr`.
    fn offset_ptr(
        &self,
        addr: IntValue<'ctx>,
        offset: usize,
    ) -> Result<PointerValue<'ctx>, BackendError> {
        let cx = self.m.cx;
        let base = self.b.build_int_to_ptr(addr, self.m.ptr(), "obj")?;
        // SAFETY (LLVM): the offset stays inside the object (abi layouts).
        Ok(unsafe {
            self.b.build_in_bounds_gep(
                cx.i8_type(),
                base,
                &[cx.i64_type().const_int(offset as u64, false)],
                "field",
            )?
        })
    }

    fn load_word(&self, ptr: PointerValue<'ctx>) -> Result<IntValue<'ctx>, BackendError> {
        Ok(self
            .b
            .build_load(self.m.cx.i64_type(), ptr, "")?
            .into_int_value())
    }

    /// `dst = word at obj + offset`.
    fn load_into(&self, dst: Reg, obj: Reg, offset: usize) -> Result<(), BackendError> {
        let ptr = self.field_ptr(obj, offset)?;
        let word = self.load_word(ptr)?;
        let v = self.word_value(word, self.ty(dst))?;
        self.def(dst, v)
    }

    /// `word at obj + offset = src`.
    fn store_into(&self, obj: Reg, offset: usize, src: Reg) -> Result<(), BackendError> {
        let ptr = self.field_ptr(obj, offset)?;
        let word = self.to_word(self.get(src)?, self.ty(src))?;
        self.b.build_store(ptr, word)?;
        Ok(())
    }

    /// The address of element `index` of `array`, after the §8.7 checks: a negative signed
    /// index raises `ARRAY_INDEX_NEGATIVE`, an index `>= len` (unsigned, so a `u64` index of
    /// 2^63 or more too) `ARRAY_INDEX_OUT_OF_BOUNDS`.
    fn element_ptr(
        &self,
        array: Reg,
        index: Reg,
        index_ty: Ty,
        loc: LocId,
    ) -> Result<PointerValue<'ctx>, BackendError> {
        let i64t = self.m.cx.i64_type();
        let raw = self.int(index)?;
        let idx = match index_ty {
            Ty::I32 => self.b.build_int_s_extend(raw, i64t, "idx")?,
            Ty::U32 | Ty::Bool => self.b.build_int_z_extend(raw, i64t, "idx")?,
            _ => raw,
        };
        if index_ty.is_signed() {
            let negative =
                self.b
                    .build_int_compare(IntPredicate::SLT, idx, i64t.const_zero(), "neg")?;
            self.fail_if(negative, codes::ARRAY_INDEX_NEGATIVE, loc)?;
        }
        let arr = self.int(array)?;
        let len = self.load_word(self.offset_ptr(arr, offset_of!(ArrayObject, len))?)?;
        let outside = self
            .b
            .build_int_compare(IntPredicate::UGE, idx, len, "oob")?;
        self.fail_if(outside, codes::ARRAY_INDEX_OUT_OF_BOUNDS, loc)?;
        let data_field = self.offset_ptr(arr, offset_of!(ArrayObject, data))?;
        let data = self
            .b
            .build_load(self.m.ptr(), data_field, "data")?
            .into_pointer_value();
        // SAFETY (LLVM): `idx < len <= cap` words are allocated at `data`.
        Ok(unsafe { self.b.build_in_bounds_gep(i64t, data, &[idx], "elem")? })
    }

    /// A call of the function value `callee`: its native code (`ClosureObject.code`) takes
    /// the call depth, the closure, then the user arguments — the direct-call convention of
    /// the target function, whose type follows from the argument and result classes.
    fn call_indirect(
        &self,
        dst: Option<Reg>,
        callee: Reg,
        args: &[Reg],
        loc: LocId,
    ) -> Result<(), BackendError> {
        let cx = self.m.cx;
        let closure = self.int(callee)?;
        let code_field = self.offset_ptr(closure, offset_of!(ClosureObject, code))?;
        let code = self
            .b
            .build_load(self.m.ptr(), code_field, "code")?
            .into_pointer_value();
        let next = self.next_depth(loc)?;
        let mut types: Vec<BasicMetadataTypeEnum> =
            vec![cx.i32_type().into(), cx.i64_type().into()];
        let mut values: Vec<BasicMetadataValueEnum> = vec![next.into(), closure.into()];
        for &arg in args {
            types.push(self.m.llty(self.ty(arg)).into());
            values.push(self.get(arg)?.into());
        }
        let fn_type = match dst {
            Some(dst) => self.m.llty(self.ty(dst)).fn_type(&types, false),
            None => cx.void_type().fn_type(&types, false),
        };
        let call = self.b.build_indirect_call(fn_type, code, &values, "")?;
        call.set_call_convention(crate::lower::FAST_CC);
        if let (Some(dst), ValueKind::Basic(v)) = (dst, call.try_as_basic_value()) {
            self.def(dst, v)?;
        }
        Ok(())
    }

    /// `buf = orus_rt_try_push(); if _setjmp(buf) != 0 { error = orus_rt_try_caught();
    /// goto handler }`.
    fn try_enter(&self, handler: BlockId, error: Reg) -> Result<(), BackendError> {
        let cx = self.m.cx;
        let buf = self
            .call_rt(RtFn::TryPush, &[])?
            .ok_or_else(|| BackendError::Llvm("orus_rt_try_push without a result".into()))?;
        let call = self
            .b
            .build_call(RtFn::SetJmp.get(&self.m.module), &[buf.into()], "jumped")?;
        let kind = inkwell::attributes::Attribute::get_named_enum_kind_id("returns_twice");
        call.add_attribute(
            inkwell::attributes::AttributeLoc::Function,
            cx.create_enum_attribute(kind, 0),
        );
        let r = match call.try_as_basic_value() {
            ValueKind::Basic(BasicValueEnum::IntValue(v)) => v,
            _ => return Err(BackendError::Llvm("_setjmp without a result".into())),
        };
        let caught =
            self.b
                .build_int_compare(IntPredicate::NE, r, r.get_type().const_zero(), "caught")?;
        let catch = cx.append_basic_block(self.llfn, "catch");
        let guarded = cx.append_basic_block(self.llfn, "guarded");
        self.b.build_conditional_branch(caught, catch, guarded)?;
        self.b.position_at_end(catch);
        let value = self.call_rt(RtFn::TryCaught, &[])?;
        self.def(error, self.result(value)?.into())?;
        self.b.build_unconditional_branch(self.block_of(handler)?)?;
        self.b.position_at_end(guarded);
        Ok(())
    }
}
