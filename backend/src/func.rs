//! Lowering of one IR function: registers become allocas that mem2reg promotes to SSA values,
//! `Ref` registers are also stored to their slot of the frame record pushed on the runtime's
//! shadow stack, and every call carries the call depth for the `Stack overflow` check.
//!
//! In a function containing `try` (`Inst::TryEnter`), every register access is volatile: the
//! registers stay in memory, so a value written in the guarded region is what the handler
//! reads after the runtime `longjmp`s back into the function (HEAP.md §7).

use crate::error::BackendError;
use crate::frame::{Slots, HEADER_WORDS, SLOTS_WORD, SPILLS_WORD, SPILL_BASE};
use crate::lower::ModuleCx;
use crate::rt::{self, codes, RtFn};
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::values::{
    BasicMetadataValueEnum, BasicValue, BasicValueEnum, FunctionValue, IntValue, PointerValue,
    ValueKind,
};
use inkwell::IntPredicate;
use orus_midend::ir::{Block, Const, Function, Inst, LocId, Reg, RuntimeFn, Term, TrapKind, Ty};
use std::collections::BTreeMap;

/// Most reference slots a prologue clears with single stores (more: one `memset`).
const MAX_SLOT_STORES: usize = 16;

/// The state of lowering one function.
pub struct FnLower<'m, 'ctx> {
    /// Module-wide values.
    pub m: &'m ModuleCx<'m, 'ctx>,
    /// Instruction builder.
    pub b: Builder<'ctx>,
    /// The IR function.
    pub f: &'m Function,
    /// The LLVM function.
    pub llfn: FunctionValue<'ctx>,
    /// One alloca per register.
    regs: Vec<PointerValue<'ctx>>,
    /// One alloca per spill slot.
    spills: BTreeMap<u32, PointerValue<'ctx>>,
    /// Slot numbering.
    slots: Slots,
    /// The frame record (header + slots) when the function has reference slots.
    frame: Option<PointerValue<'ctx>>,
    /// The call depth of this activation (the depth parameter).
    depth: IntValue<'ctx>,
    /// In functions with inlined calls, the variable holding the current depth (the
    /// activation's depth plus the inlined calls open at that point).
    depth_var: Option<PointerValue<'ctx>>,
    /// The word buffer for the arguments of `print`, runtime calls and allocations.
    pub buffer: Option<PointerValue<'ctx>>,
    /// LLVM block of each IR block.
    blocks: Vec<BasicBlock<'ctx>>,
    /// True when register accesses are volatile (the function contains `try`).
    volatile: bool,
}

/// Lowers `f` into the already declared `llfn`.
pub fn lower_function<'m, 'ctx>(
    m: &'m ModuleCx<'m, 'ctx>,
    f: &'m Function,
    llfn: FunctionValue<'ctx>,
    desc: Option<PointerValue<'ctx>>,
) -> Result<(), BackendError> {
    let cx = m.cx;
    let b = cx.create_builder();
    let prologue = cx.append_basic_block(llfn, "prologue");
    b.position_at_end(prologue);
    let slots = Slots::of(f);
    let mut regs = Vec::with_capacity(f.regs.len());
    for (i, info) in f.regs.iter().enumerate() {
        let name = info.name.clone().unwrap_or_else(|| format!("r{i}"));
        regs.push(b.build_alloca(m.llty(info.ty), &name)?);
    }
    let mut spills = BTreeMap::new();
    for i in 0..slots.spill_count {
        let slot = crate::frame::SPILL_BASE + i;
        spills.insert(
            slot,
            b.build_alloca(cx.i64_type(), &format!("spill{slot}"))?,
        );
    }
    let widest = widest_call(f);
    let buffer = if widest > 0 {
        let n = cx.i64_type().const_int(widest as u64, false);
        Some(b.build_array_alloca(cx.i64_type(), n, "words")?)
    } else {
        None
    };
    let depth = llfn
        .get_nth_param(0)
        .map(|p| p.into_int_value())
        .ok_or_else(|| BackendError::Llvm("function without depth parameter".into()))?;
    let depth_var = if has_inlined_calls(f) {
        let var = b.build_alloca(cx.i32_type(), "depth")?;
        b.build_store(var, depth)?;
        Some(var)
    } else {
        None
    };
    let blocks = (0..f.blocks.len())
        .map(|i| cx.append_basic_block(llfn, &format!("b{i}")))
        .collect();
    let mut lower = FnLower {
        m,
        b,
        f,
        llfn,
        regs,
        spills,
        slots,
        frame: None,
        depth,
        depth_var,
        buffer,
        blocks,
        volatile: has_try(f),
    };
    if let Some(desc) = desc {
        lower.push_frame(desc)?;
    }
    for (i, &param) in f.params.iter().enumerate() {
        let value = llfn
            .get_nth_param(i as u32 + 1)
            .ok_or_else(|| BackendError::Llvm(format!("missing parameter {i}")))?;
        lower.def(param, value)?;
    }
    match lower.blocks.first() {
        Some(&first) => {
            lower.b.build_unconditional_branch(first)?;
        }
        None => {
            lower.b.build_unreachable()?;
        }
    }
    for (i, block) in f.blocks.iter().enumerate() {
        lower.b.position_at_end(lower.blocks[i]);
        lower.block(block)?;
    }
    Ok(())
}

/// The most words any `print`, runtime call or allocation of `f` passes through the buffer.
fn widest_call(f: &Function) -> usize {
    f.blocks
        .iter()
        .flat_map(|b| &b.insts)
        .map(|inst| match inst {
            Inst::Print { args, .. } | Inst::RtCall { args, .. } => args.len().max(1),
            Inst::ArrayNew { elems: words, .. }
            | Inst::StructNew { fields: words, .. }
            | Inst::Closure {
                captures: words, ..
            } => words.len().max(1),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// True when some instruction of `f` satisfies `pred`.
fn contains(f: &Function, pred: impl Fn(&Inst) -> bool) -> bool {
    f.blocks.iter().flat_map(|b| &b.insts).any(pred)
}

/// True when `f` contains a `try` region.
pub fn has_try(f: &Function) -> bool {
    contains(f, |inst| matches!(inst, Inst::TryEnter { .. }))
}

/// True when `f` contains the body of an inlined call.
fn has_inlined_calls(f: &Function) -> bool {
    contains(f, |inst| matches!(inst, Inst::InlineEnter { .. }))
}

impl<'m, 'ctx> FnLower<'m, 'ctx> {
    /// Allocates the frame record, clears its reference slots, links it on top of the shadow
    /// stack.
    fn push_frame(&mut self, desc: PointerValue<'ctx>) -> Result<(), BackendError> {
        let cx = self.m.cx;
        let i64t = cx.i64_type();
        let words = HEADER_WORDS + self.slots.num_slots();
        let frame =
            self.b
                .build_array_alloca(i64t, i64t.const_int(words as u64, false), "frame")?;
        // Only reference slots are ever scanned; clear them one by one, or all at once when
        // there are many.
        let refs = self.slots.ref_slots();
        if refs.len() > MAX_SLOT_STORES {
            self.b.build_memset(
                frame,
                8,
                cx.i8_type().const_zero(),
                i64t.const_int(words as u64 * 8, false),
            )?;
        } else {
            for slot in refs {
                self.b.build_store(
                    self.word_ptr(frame, HEADER_WORDS + slot)?,
                    i64t.const_zero(),
                )?;
            }
        }
        let top = self.m.frame_top.as_pointer_value();
        let prev = self.b.build_load(self.m.ptr(), top, "prev")?;
        self.b.build_store(frame, prev)?;
        self.b.build_store(self.word_ptr(frame, 1)?, desc)?;
        // pc = 0, flags = 1 (running natively); num_slots, reserved = 0.
        self.b
            .build_store(self.word_ptr(frame, 2)?, i64t.const_int(1 << 32, false))?;
        let num = i64t.const_int(self.slots.num_slots() as u64, false);
        self.b.build_store(self.word_ptr(frame, 3)?, num)?;
        // slots = header + 48; spills = slots + 256 words (past the record when the frame has
        // no spill area: never read then, so a plain, not in-bounds, address).
        let slots = self.word_ptr(frame, HEADER_WORDS)?;
        self.b
            .build_store(self.word_ptr(frame, SLOTS_WORD)?, slots)?;
        // SAFETY (LLVM): a plain GEP only computes an address.
        let spills = unsafe {
            self.b.build_gep(
                i64t,
                slots,
                &[i64t.const_int(SPILL_BASE as u64, false)],
                "spills",
            )?
        };
        self.b
            .build_store(self.word_ptr(frame, SPILLS_WORD)?, spills)?;
        self.b.build_store(top, frame)?;
        self.frame = Some(frame);
        Ok(())
    }

    /// Address of 64-bit word `index` of `base`.
    fn word_ptr(
        &self,
        base: PointerValue<'ctx>,
        index: u32,
    ) -> Result<PointerValue<'ctx>, BackendError> {
        let i64t = self.m.cx.i64_type();
        // SAFETY (LLVM): the index stays inside the array the pointer was allocated as.
        Ok(unsafe {
            self.b
                .build_in_bounds_gep(i64t, base, &[i64t.const_int(index as u64, false)], "w")?
        })
    }

    /// Stores the frame-record slot `slot` (GC root discipline for `Ref` values).
    fn store_slot(&self, slot: u32, word: IntValue<'ctx>) -> Result<(), BackendError> {
        if let Some(frame) = self.frame {
            let ptr = self.word_ptr(frame, HEADER_WORDS + slot)?;
            self.b.build_store(ptr, word)?;
        }
        Ok(())
    }

    /// The class of `reg`.
    pub fn ty(&self, reg: Reg) -> Ty {
        self.f.regs.get(reg.0 as usize).map_or(Ty::I64, |r| r.ty)
    }

    /// The current value of `reg`.
    pub fn get(&self, reg: Reg) -> Result<BasicValueEnum<'ctx>, BackendError> {
        let ptr = self.reg_ptr(reg)?;
        let v = self.b.build_load(self.m.llty(self.ty(reg)), ptr, "")?;
        self.mark_volatile(v.as_instruction_value())?;
        Ok(v)
    }

    /// Makes a register load or store volatile in functions with `try`.
    fn mark_volatile(
        &self,
        inst: Option<inkwell::values::InstructionValue<'ctx>>,
    ) -> Result<(), BackendError> {
        if let (true, Some(inst)) = (self.volatile, inst) {
            inst.set_volatile(true)
                .map_err(|e| BackendError::Llvm(e.to_string()))?;
        }
        Ok(())
    }

    /// The current value of integer-like `reg`.
    pub fn int(&self, reg: Reg) -> Result<IntValue<'ctx>, BackendError> {
        match self.get(reg)? {
            BasicValueEnum::IntValue(v) => Ok(v),
            other => Err(BackendError::Llvm(format!(
                "expected an integer, found {other}"
            ))),
        }
    }

    fn reg_ptr(&self, reg: Reg) -> Result<PointerValue<'ctx>, BackendError> {
        self.regs.get(reg.0 as usize).copied().ok_or_else(|| {
            BackendError::Llvm(format!("{}: unknown register r{}", self.f.name, reg.0))
        })
    }

    /// Defines `reg`; a reference also goes to its frame slot.
    pub fn def(&self, reg: Reg, value: BasicValueEnum<'ctx>) -> Result<(), BackendError> {
        let store = self.b.build_store(self.reg_ptr(reg)?, value)?;
        self.mark_volatile(Some(store))?;
        if self.ty(reg) == Ty::Ref {
            self.store_slot(self.slots.slot(reg), value.into_int_value())?;
        }
        Ok(())
    }

    /// The 64-bit slot word of `value` of class `ty` (`orus_abi::value` encoding).
    pub fn to_word(
        &self,
        value: BasicValueEnum<'ctx>,
        ty: Ty,
    ) -> Result<IntValue<'ctx>, BackendError> {
        let i64t = self.m.cx.i64_type();
        Ok(match ty {
            Ty::I32 => self
                .b
                .build_int_s_extend(value.into_int_value(), i64t, "")?,
            Ty::U32 | Ty::Bool => self
                .b
                .build_int_z_extend(value.into_int_value(), i64t, "")?,
            Ty::F64 => self.b.build_bit_cast(value, i64t, "")?.into_int_value(),
            Ty::I64 | Ty::U64 | Ty::Ref => value.into_int_value(),
        })
    }

    /// The value of class `ty` held in slot word `word`.
    pub fn word_value(
        &self,
        word: IntValue<'ctx>,
        ty: Ty,
    ) -> Result<BasicValueEnum<'ctx>, BackendError> {
        let cx = self.m.cx;
        Ok(match ty {
            Ty::I32 | Ty::U32 => self.b.build_int_truncate(word, cx.i32_type(), "")?.into(),
            Ty::Bool => self
                .b
                .build_int_compare(IntPredicate::NE, word, cx.i64_type().const_zero(), "")?
                .into(),
            Ty::F64 => self.b.build_bit_cast(word, cx.f64_type(), "")?,
            Ty::I64 | Ty::U64 | Ty::Ref => word.into(),
        })
    }

    /// Branches to a runtime-error exit when `cond` holds.
    pub fn fail_if(&self, cond: IntValue<'ctx>, code: u64, loc: LocId) -> Result<(), BackendError> {
        let i32t = self.m.cx.i32_type();
        self.fail_with(
            cond,
            RtFn::Error,
            &[
                i32t.const_int(code, false).into(),
                i32t.const_int(loc.0 as u64, false).into(),
            ],
        )
    }

    /// Branches to a call of the no-return runtime function `rt(args)` when `cond` holds.
    pub fn fail_with(
        &self,
        cond: IntValue<'ctx>,
        rt: RtFn,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> Result<(), BackendError> {
        let cx = self.m.cx;
        let fail = cx.append_basic_block(self.llfn, "fail");
        let ok = cx.append_basic_block(self.llfn, "ok");
        self.b.build_conditional_branch(cond, fail, ok)?;
        self.b.position_at_end(fail);
        self.b.build_call(rt.get(&self.m.module), args, "")?;
        self.b.build_unreachable()?;
        self.b.position_at_end(ok);
        Ok(())
    }

    /// Calls runtime function `rt`, returning its value if it has one.
    pub fn call_rt(
        &self,
        rt: RtFn,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> Result<Option<BasicValueEnum<'ctx>>, BackendError> {
        let call = self.b.build_call(rt.get(&self.m.module), args, "")?;
        Ok(match call.try_as_basic_value() {
            ValueKind::Basic(v) => Some(v),
            ValueKind::Instruction(_) => None,
        })
    }

    fn block(&mut self, block: &Block) -> Result<(), BackendError> {
        for inst in &block.insts {
            self.inst(inst)?;
        }
        self.term(&block.term)
    }

    fn inst(&mut self, inst: &Inst) -> Result<(), BackendError> {
        match inst {
            Inst::Const { dst, value } => {
                let v = self.constant(value)?;
                self.def(*dst, v)
            }
            Inst::Move { dst, src } => {
                let v = self.get(*src)?;
                self.def(*dst, v)
            }
            Inst::Binary {
                op,
                ty,
                checked,
                dst,
                lhs,
                rhs,
                loc,
            } => {
                let v = self.binary(*op, *ty, *checked, *lhs, *rhs, *loc)?;
                self.def(*dst, v)
            }
            Inst::Neg {
                ty,
                checked,
                dst,
                src,
                loc,
            } => {
                let v = self.neg(*ty, *checked, *src, *loc)?;
                self.def(*dst, v)
            }
            Inst::Not { ty, dst, src } => {
                let v = self.int(*src)?;
                let r = if *ty == Ty::Bool {
                    self.b.build_not(v, "")?
                } else {
                    self.b
                        .build_int_compare(IntPredicate::EQ, v, v.get_type().const_zero(), "")?
                };
                self.def(*dst, r.into())
            }
            Inst::Cmp {
                op,
                ty,
                dst,
                lhs,
                rhs,
            } => {
                let v = self.compare(*op, *ty, *lhs, *rhs)?;
                self.def(*dst, v.into())
            }
            Inst::Cast {
                from,
                to,
                dst,
                src,
                loc,
            } => {
                let v = self.cast(*from, *to, *src, *loc)?;
                self.def(*dst, v)
            }
            Inst::Call {
                dst,
                func,
                args,
                loc,
            } => self.call(*dst, func.0, args, *loc),
            Inst::Runtime {
                dst,
                func,
                types,
                args,
                loc,
            } => {
                let v = self.runtime(*func, types, args, *loc)?;
                match (dst, v) {
                    (Some(dst), Some(v)) => self.def(*dst, v),
                    _ => Ok(()),
                }
            }
            Inst::LoadGlobal { dst, global } => {
                let ptr = self.global_ptr(global.0)?;
                let word = self
                    .b
                    .build_load(self.m.cx.i64_type(), ptr, "")?
                    .into_int_value();
                let v = self.word_value(word, self.ty(*dst))?;
                self.def(*dst, v)
            }
            Inst::StoreGlobal { global, src } => {
                let word = self.to_word(self.get(*src)?, self.ty(*src))?;
                let ptr = self.global_ptr(global.0)?;
                self.b.build_store(ptr, word)?;
                Ok(())
            }
            Inst::Print { types, args } => self.print(types, args),
            Inst::InlineEnter { loc } => self.inline_enter(*loc),
            Inst::InlineExit => self.inline_exit(),
            Inst::Spill { slot, src } => {
                let word = self.to_word(self.get(*src)?, self.ty(*src))?;
                let ptr = self.spill_ptr(*slot)?;
                let store = self.b.build_store(ptr, word)?;
                self.mark_volatile(Some(store))?;
                if self.slots.spill_class(*slot) == Some(Ty::Ref) {
                    self.store_slot(*slot, word)?;
                }
                Ok(())
            }
            Inst::Reload { dst, slot } => {
                let ptr = self.spill_ptr(*slot)?;
                let load = self.b.build_load(self.m.cx.i64_type(), ptr, "")?;
                self.mark_volatile(load.as_instruction_value())?;
                let v = self.word_value(load.into_int_value(), self.ty(*dst))?;
                self.def(*dst, v)
            }
            _ => self.heap_inst(inst),
        }
    }

    fn spill_ptr(&self, slot: u32) -> Result<PointerValue<'ctx>, BackendError> {
        self.spills.get(&slot).copied().ok_or_else(|| {
            BackendError::Llvm(format!("{}: unknown spill slot {slot}", self.f.name))
        })
    }

    fn global_ptr(&self, index: u32) -> Result<PointerValue<'ctx>, BackendError> {
        if index as usize >= self.m.ir.globals.len() {
            return Err(BackendError::Llvm(format!("unknown global g{index}")));
        }
        self.word_ptr(self.m.globals.as_pointer_value(), index)
    }

    fn constant(&self, value: &Const) -> Result<BasicValueEnum<'ctx>, BackendError> {
        let cx = self.m.cx;
        Ok(match *value {
            Const::I32(v) => cx.i32_type().const_int(v as i64 as u64, true).into(),
            Const::U32(v) => cx.i32_type().const_int(v as u64, false).into(),
            Const::I64(v) => cx.i64_type().const_int(v as u64, true).into(),
            Const::U64(v) => cx.i64_type().const_int(v, false).into(),
            Const::F64(v) if v.is_finite() => cx.f64_type().const_float(v).into(),
            Const::F64(v) => self.opaque_float(v)?,
            Const::Bool(v) => cx.bool_type().const_int(v as u64, false).into(),
            Const::Str(id) => {
                if id.0 as usize >= self.m.ir.strings.len() {
                    return Err(BackendError::Llvm(format!("unknown string s{}", id.0)));
                }
                let ptr = self.word_ptr(self.m.strings.as_pointer_value(), id.0)?;
                self.b.build_load(cx.i64_type(), ptr, "str")?
            }
        })
    }

    /// An infinite or NaN constant read through a volatile load, so LLVM cannot fold
    /// operations on it: folding `inf - inf` gives a positive NaN where the machine (and the
    /// interpreter) produce the target's default NaN.
    fn opaque_float(&self, v: f64) -> Result<BasicValueEnum<'ctx>, BackendError> {
        let f64t = self.m.cx.f64_type();
        let g = self.m.module.add_global(f64t, None, "orus.nonfinite");
        g.set_linkage(inkwell::module::Linkage::Private);
        g.set_constant(true);
        g.set_initializer(&f64t.const_float(v));
        let load = self.b.build_load(f64t, g.as_pointer_value(), "")?;
        if let Some(inst) = load.as_instruction_value() {
            inst.set_volatile(true)
                .map_err(|e| BackendError::Llvm(e.to_string()))?;
        }
        Ok(load)
    }

    /// Raises `Stack overflow` at `loc` when this activation is at the depth limit; returns
    /// the depth argument of the callee.
    pub fn next_depth(&self, loc: LocId) -> Result<IntValue<'ctx>, BackendError> {
        let i32t = self.m.cx.i32_type();
        let depth = self.current_depth()?;
        let limit = i32t.const_int(rt::MAX_CALL_DEPTH, false);
        let too_deep = self
            .b
            .build_int_compare(IntPredicate::UGE, depth, limit, "deep")?;
        self.fail_if(too_deep, codes::STACK_OVERFLOW, loc)?;
        Ok(self.b.build_int_add(depth, i32t.const_int(1, false), "")?)
    }

    /// The call depth at this point: the activation's depth plus the inlined calls open here.
    fn current_depth(&self) -> Result<IntValue<'ctx>, BackendError> {
        let Some(var) = self.depth_var else {
            return Ok(self.depth);
        };
        let load = self.b.build_load(self.m.cx.i32_type(), var, "depth")?;
        self.mark_volatile(load.as_instruction_value())?;
        Ok(load.into_int_value())
    }

    /// Sets the call depth (entering or leaving an inlined call).
    fn set_depth(&self, depth: IntValue<'ctx>) -> Result<(), BackendError> {
        let var = self.depth_var.ok_or_else(|| {
            BackendError::Llvm(format!(
                "{}: inlined call without a depth variable",
                self.f.name
            ))
        })?;
        let store = self.b.build_store(var, depth)?;
        self.mark_volatile(Some(store))
    }

    /// Enters an inlined call's body: the depth check of the call it replaces, then one
    /// level deeper.
    fn inline_enter(&self, loc: LocId) -> Result<(), BackendError> {
        let next = self.next_depth(loc)?;
        self.set_depth(next)
    }

    /// Leaves an inlined call's body: one level less.
    fn inline_exit(&self) -> Result<(), BackendError> {
        let depth = self.current_depth()?;
        let one = self.m.cx.i32_type().const_int(1, false);
        self.set_depth(self.b.build_int_sub(depth, one, "")?)
    }

    fn call(
        &mut self,
        dst: Option<Reg>,
        func: u32,
        args: &[Reg],
        loc: LocId,
    ) -> Result<(), BackendError> {
        let callee = *self
            .m
            .funcs
            .get(func as usize)
            .ok_or_else(|| BackendError::Llvm(format!("unknown function f{func}")))?;
        let next = self.next_depth(loc)?;
        let mut values: Vec<BasicMetadataValueEnum> = vec![next.into()];
        for &arg in args {
            values.push(self.get(arg)?.into());
        }
        let call = self.b.build_call(callee, &values, "")?;
        call.set_call_convention(crate::lower::FAST_CC);
        if let (Some(dst), ValueKind::Basic(v)) = (dst, call.try_as_basic_value()) {
            self.def(dst, v)?;
        }
        Ok(())
    }

    fn runtime(
        &self,
        func: RuntimeFn,
        types: &[orus_midend::ir::ValueType],
        args: &[Reg],
        loc: LocId,
    ) -> Result<Option<BasicValueEnum<'ctx>>, BackendError> {
        let cx = self.m.cx;
        let i32t = cx.i32_type();
        let arg = |i: usize| -> Result<BasicValueEnum<'ctx>, BackendError> {
            let reg = *args
                .get(i)
                .ok_or_else(|| BackendError::Llvm(format!("{func:?}: missing argument {i}")))?;
            Ok(self.to_word(self.get(reg)?, self.ty(reg))?.into())
        };
        let tag = |i: usize| -> BasicMetadataValueEnum<'ctx> {
            let t = types.get(i).map_or(6, rt::value_tag);
            i32t.const_int(t, false).into()
        };
        Ok(match func {
            RuntimeFn::Concat => self.call_rt(RtFn::Concat, &[arg(0)?.into(), arg(1)?.into()])?,
            RuntimeFn::StrCompare => {
                self.call_rt(RtFn::StrCompare, &[arg(0)?.into(), arg(1)?.into()])?
            }
            RuntimeFn::StrEq => {
                let r = self.call_rt(RtFn::StrEq, &[arg(0)?.into(), arg(1)?.into()])?;
                self.truthy(r)?
            }
            RuntimeFn::StrLen => self.call_rt(RtFn::StrLen, &[arg(0)?.into()])?,
            RuntimeFn::ToString => self.call_rt(RtFn::ToString, &[tag(0), arg(0)?.into()])?,
            RuntimeFn::AssertEq => {
                // Types list either all three arguments or only the two compared values; the
                // runtime takes `[actual, expected]`.
                let skip = usize::from(types.len() >= 3);
                let pair = types.get(skip..).unwrap_or(&[]);
                let list = self.m.type_list(&pair[..pair.len().min(2)]);
                let r = self.call_rt(
                    RtFn::AssertEq,
                    &[
                        arg(0)?.into(),
                        i32t.const_int(list as u64, false).into(),
                        arg(1)?.into(),
                        arg(2)?.into(),
                        i32t.const_int(loc.0 as u64, false).into(),
                    ],
                )?;
                self.truthy(r)?
            }
            RuntimeFn::Timestamp => self.call_rt(RtFn::Timestamp, &[])?,
        })
    }

    /// A runtime `u32` truth value as an `i1`.
    fn truthy(
        &self,
        v: Option<BasicValueEnum<'ctx>>,
    ) -> Result<Option<BasicValueEnum<'ctx>>, BackendError> {
        match v {
            Some(BasicValueEnum::IntValue(v)) => Ok(Some(
                self.b
                    .build_int_compare(IntPredicate::NE, v, v.get_type().const_zero(), "")?
                    .into(),
            )),
            other => Ok(other),
        }
    }

    fn print(
        &self,
        types: &[orus_midend::ir::ValueType],
        args: &[Reg],
    ) -> Result<(), BackendError> {
        let cx = self.m.cx;
        let i64t = cx.i64_type();
        let words = self.fill_buffer(args)?;
        let list = self.m.type_list(types);
        let count = i64t.const_int(args.len() as u64, false);
        self.call_rt(
            RtFn::Print,
            &[
                cx.i32_type().const_int(list as u64, false).into(),
                words.into(),
                count.into(),
            ],
        )?;
        Ok(())
    }

    /// Stores the slot words of `args` into the word buffer; returns its address (null when
    /// there are no arguments).
    pub fn fill_buffer(&self, args: &[Reg]) -> Result<PointerValue<'ctx>, BackendError> {
        let cx = self.m.cx;
        let i64t = cx.i64_type();
        let words = match (self.buffer, args.is_empty()) {
            (Some(buffer), false) => buffer,
            (None, false) => {
                return Err(BackendError::Llvm(format!(
                    "{}: no argument buffer",
                    self.f.name
                )))
            }
            (_, true) => return Ok(self.m.ptr().const_null()),
        };
        for (i, &reg) in args.iter().enumerate() {
            let idx = i64t.const_int(i as u64, false);
            // SAFETY (LLVM): the buffer holds at least `args.len()` words (`widest_call`).
            let word_ptr = unsafe { self.b.build_in_bounds_gep(i64t, words, &[idx], "")? };
            let word = self.to_word(self.get(reg)?, self.ty(reg))?;
            self.b.build_store(word_ptr, word)?;
        }
        Ok(words)
    }

    fn term(&self, term: &Term) -> Result<(), BackendError> {
        match term {
            Term::Jump(target) => {
                self.b.build_unconditional_branch(self.block_of(*target)?)?;
            }
            Term::Branch {
                cond,
                then,
                otherwise,
            } => {
                let c = self.int(*cond)?;
                self.b.build_conditional_branch(
                    c,
                    self.block_of(*then)?,
                    self.block_of(*otherwise)?,
                )?;
            }
            Term::Return(value) => {
                if let Some(frame) = self.frame {
                    let prev = self.b.build_load(self.m.ptr(), frame, "prev")?;
                    self.b
                        .build_store(self.m.frame_top.as_pointer_value(), prev)?;
                }
                match (value, self.f.ret) {
                    (Some(reg), Some(_)) => {
                        let v = self.get(*reg)?;
                        self.b.build_return(Some(&v))?;
                    }
                    (None, Some(ty)) => {
                        let zero = self.m.llty(ty).const_zero();
                        self.b.build_return(Some(&zero))?;
                    }
                    (_, None) => {
                        self.b.build_return(None)?;
                    }
                }
            }
            Term::Trap { kind, loc } => self.trap(kind, *loc)?,
        }
        Ok(())
    }

    fn trap(&self, kind: &TrapKind, loc: LocId) -> Result<(), BackendError> {
        let cx = self.m.cx;
        let i32t = cx.i32_type();
        let loc_v = i32t.const_int(loc.0 as u64, false);
        let named = |code: u64, name: &str| -> Result<(), BackendError> {
            let text = self.b.build_global_string_ptr(name, "name")?;
            let len = cx.i64_type().const_int(name.len() as u64, false);
            self.call_rt(
                RtFn::TrapNamed,
                &[
                    i32t.const_int(code, false).into(),
                    loc_v.into(),
                    text.as_pointer_value().into(),
                    len.into(),
                ],
            )?;
            Ok(())
        };
        let code = match kind {
            TrapKind::Unassigned(name) => return self.finish_trap(named(codes::UNASSIGNED, name)),
            TrapKind::MissingReturn(name) => {
                return self.finish_trap(named(codes::MISSING_RETURN, name))
            }
            TrapKind::ZeroStep => codes::ZERO_STEP,
            TrapKind::Overflow => codes::OVERFLOW,
            TrapKind::NegativeIteration => codes::NEGATIVE_ITERATION,
        };
        self.call_rt(
            RtFn::Error,
            &[i32t.const_int(code, false).into(), loc_v.into()],
        )?;
        self.finish_trap(Ok(()))
    }

    fn finish_trap(&self, called: Result<(), BackendError>) -> Result<(), BackendError> {
        called?;
        self.b.build_unreachable()?;
        Ok(())
    }

    pub fn block_of(&self, id: orus_midend::ir::BlockId) -> Result<BasicBlock<'ctx>, BackendError> {
        self.blocks
            .get(id.0 as usize)
            .copied()
            .ok_or_else(|| BackendError::Llvm(format!("{}: unknown block b{}", self.f.name, id.0)))
    }
}
