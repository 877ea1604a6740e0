//! The IR verifier: operand ids in range, register classes consistent with every
//! instruction, and — once registers are allocated — the frame layout invariants documented
//! in [`crate::regalloc`].

mod layout;

use crate::ir::{
    BinOp, BlockId, CmpOp, Const, Function, Inst, Module, Reg, RtFn, RuntimeFn, Term, Ty, ValueType,
};

/// The register class holding values described by `ty`.
pub fn class_of_value_type(ty: &ValueType) -> Ty {
    match ty {
        ValueType::I32 => Ty::I32,
        ValueType::I64 => Ty::I64,
        ValueType::U32 => Ty::U32,
        ValueType::U64 => Ty::U64,
        ValueType::F64 => Ty::F64,
        ValueType::Bool => Ty::Bool,
        _ => Ty::Ref,
    }
}

/// Checks a module; returns every problem found, each prefixed by its function's name.
pub fn verify_module(m: &Module) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    if m.entry.0 as usize >= m.funcs.len() {
        errors.push(format!("entry function {} does not exist", m.entry.0));
    }
    for loc in &m.locations {
        if loc.file as usize >= m.files.len() {
            errors.push(format!("location points to missing file {}", loc.file));
        }
    }
    for func in &m.funcs {
        let mut check = Checker {
            m,
            func,
            errors: Vec::new(),
        };
        check.function();
        if check.errors.is_empty() {
            if let Some(layout) = &func.layout {
                check.errors.extend(layout::verify_layout(func, layout));
            }
        }
        errors.extend(
            check
                .errors
                .into_iter()
                .map(|e| format!("{}: {e}", func.name)),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

struct Checker<'a> {
    m: &'a Module,
    func: &'a Function,
    errors: Vec<String>,
}

impl Checker<'_> {
    fn error(&mut self, message: String) {
        self.errors.push(message);
    }

    /// The class of `reg`, reporting it when out of range.
    fn ty(&mut self, reg: Reg) -> Option<Ty> {
        let ty = self.func.regs.get(reg.0 as usize).map(|info| info.ty);
        if ty.is_none() {
            self.error(format!("register %{} does not exist", reg.0));
        }
        ty
    }

    /// Reports unless `reg` has class `want`.
    fn expect(&mut self, reg: Reg, want: Ty, what: &str) {
        if let Some(ty) = self.ty(reg) {
            if ty != want {
                self.error(format!("{what}: %{} is {ty}, expected {want}", reg.0));
            }
        }
    }

    fn loc(&mut self, loc: crate::ir::LocId) {
        if loc.0 as usize >= self.m.locations.len() {
            self.error(format!("location {} does not exist", loc.0));
        }
    }

    fn function(&mut self) {
        if self.func.blocks.is_empty() {
            self.error("function has no blocks".into());
        }
        for (i, &p) in self.func.params.iter().enumerate() {
            self.ty(p);
            if self.func.params[..i].contains(&p) {
                self.error(format!("parameter %{} is listed twice", p.0));
            }
        }
        self.loc(self.func.loc);
        for (b, block) in self.func.blocks.iter().enumerate() {
            if let Some(h) = block.handler {
                if !self.block_exists(h) {
                    self.error(format!("b{b}: handler b{} does not exist", h.0));
                } else if h.0 as usize == b {
                    self.error(format!("b{b}: block is its own handler"));
                }
            }
            for inst in &block.insts {
                let before = self.errors.len();
                self.inst(inst);
                if self.errors.len() > before {
                    let text = crate::print::inst_text(self.m, inst);
                    for e in &mut self.errors[before..] {
                        *e = format!("b{b}: `{text}`: {e}");
                    }
                }
            }
            self.term(b, &block.term);
        }
        if self.errors.is_empty() {
            self.try_regions();
            self.inlined_calls();
        }
    }

    /// Checks that inlined call bodies nest along every reachable path: each `inline.exit`
    /// closes an open `inline.enter`, paths that meet agree on how many are open, and no
    /// function returns with one open.
    fn inlined_calls(&mut self) {
        let blocks = &self.func.blocks;
        let mut entry: Vec<Option<u32>> = vec![None; blocks.len()];
        let mut work = vec![0];
        entry[0] = Some(0);
        while let Some(b) = work.pop() {
            let mut open = entry[b].unwrap_or(0);
            for inst in &blocks[b].insts {
                match inst {
                    Inst::InlineEnter { .. } => open += 1,
                    Inst::InlineExit if open == 0 => {
                        self.errors
                            .push(format!("b{b}: inline.exit outside an inlined call"));
                        return;
                    }
                    Inst::InlineExit => open -= 1,
                    _ => {}
                }
            }
            if matches!(blocks[b].term, Term::Return(_)) && open > 0 {
                self.errors
                    .push(format!("b{b}: returns inside {open} inlined call(s)"));
            }
            for s in crate::dataflow::block_successors(&blocks[b]) {
                let t = s.0 as usize;
                match entry[t] {
                    None => {
                        entry[t] = Some(open);
                        work.push(t);
                    }
                    Some(known) if known != open => {
                        self.errors.push(format!(
                            "b{t} is reached inside {known} and {open} inlined calls"
                        ));
                        return;
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn inst(&mut self, inst: &Inst) {
        match inst {
            Inst::Const { dst, value } => {
                if let Const::Str(id) = value {
                    if id.0 as usize >= self.m.strings.len() {
                        self.error(format!("string {} does not exist", id.0));
                    }
                }
                self.expect(*dst, value.ty(), "constant");
            }
            Inst::Move { dst, src } => {
                if let Some(ty) = self.ty(*src) {
                    self.expect(*dst, ty, "move");
                }
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
                self.loc(*loc);
                let numeric = ty.is_integer() || *ty == Ty::F64;
                let bitwise = matches!(op, BinOp::And | BinOp::Or);
                if !numeric || (bitwise && !ty.is_integer()) {
                    self.error(format!("binary operator on class {ty}"));
                }
                if *checked && !ty.is_signed() {
                    self.error(format!("checked arithmetic on class {ty}"));
                }
                for r in [dst, lhs, rhs] {
                    self.expect(*r, *ty, "binary");
                }
            }
            Inst::Neg {
                ty,
                checked,
                dst,
                src,
                loc,
            } => {
                self.loc(*loc);
                if !(ty.is_signed() || *ty == Ty::F64) || (*checked && !ty.is_signed()) {
                    self.error(format!("negation on class {ty}"));
                }
                self.expect(*dst, *ty, "neg");
                self.expect(*src, *ty, "neg");
            }
            Inst::Not { ty, dst, src } => {
                if !(ty.is_integer() || *ty == Ty::Bool) {
                    self.error(format!("not on class {ty}"));
                }
                self.expect(*src, *ty, "not");
                self.expect(*dst, Ty::Bool, "not");
            }
            Inst::Cmp {
                op,
                ty,
                dst,
                lhs,
                rhs,
            } => {
                let ordered = !matches!(op, CmpOp::Eq | CmpOp::Ne);
                if ordered && matches!(ty, Ty::Ref | Ty::Bool) {
                    self.error(format!("comparison on class {ty}"));
                }
                self.expect(*lhs, *ty, "compare");
                self.expect(*rhs, *ty, "compare");
                self.expect(*dst, Ty::Bool, "compare");
            }
            Inst::Cast {
                from,
                to,
                dst,
                src,
                loc,
            } => {
                self.loc(*loc);
                if *from == Ty::Ref || *to == Ty::Ref {
                    self.error("cast involving a reference".into());
                }
                self.expect(*src, *from, "cast");
                self.expect(*dst, *to, "cast");
            }
            Inst::Call {
                dst,
                func,
                args,
                loc,
            } => self.call(*dst, *func, args, *loc),
            Inst::Runtime {
                dst,
                func,
                types,
                args,
                loc,
            } => {
                self.loc(*loc);
                self.runtime(*dst, *func, types.len(), args);
            }
            Inst::LoadGlobal { dst, global } => match self.m.globals.get(global.0 as usize) {
                Some(g) => self.expect(*dst, g.ty, "load.global"),
                None => self.error(format!("global {} does not exist", global.0)),
            },
            Inst::StoreGlobal { global, src } => match self.m.globals.get(global.0 as usize) {
                Some(g) => self.expect(*src, g.ty, "store.global"),
                None => self.error(format!("global {} does not exist", global.0)),
            },
            Inst::Print { types, args } => {
                if types.len() != args.len() {
                    self.error("print has a type per argument".into());
                }
                for (a, t) in args.iter().zip(types) {
                    self.expect(*a, class_of_value_type(t), "print argument");
                }
            }
            Inst::Spill { slot, src } => self.spill_slot(*slot, *src),
            Inst::Reload { dst, slot } => self.spill_slot(*slot, *dst),
            other => self.heap_inst(other),
        }
    }

    /// Checks the `try` structure along every reachable path: each block's `handler` is the
    /// innermost region open when it starts, a handler block starts with the regions open at
    /// its `try.enter`, every `try.exit` closes an open region, paths that meet agree on the
    /// open regions, and no function returns from inside a region.
    fn try_regions(&mut self) {
        let blocks = &self.func.blocks;
        let mut entry: Vec<Option<Vec<BlockId>>> = vec![None; blocks.len()];
        let mut errors = Vec::new();
        let mut work = Vec::new();
        let flow = |target: BlockId,
                    stack: &[BlockId],
                    entry: &mut Vec<Option<Vec<BlockId>>>,
                    work: &mut Vec<usize>,
                    errors: &mut Vec<String>| {
            let t = target.0 as usize;
            match &entry[t] {
                None => {
                    entry[t] = Some(stack.to_vec());
                    work.push(t);
                }
                Some(known) if known.as_slice() != stack => errors.push(format!(
                    "b{t} is reached inside try regions {} and {}",
                    regions_text(known),
                    regions_text(stack)
                )),
                Some(_) => {}
            }
        };
        if !blocks.is_empty() {
            entry[0] = Some(Vec::new());
            work.push(0);
        }
        while let Some(b) = work.pop() {
            let block = &blocks[b];
            let mut stack = entry[b].clone().unwrap_or_default();
            if block.handler != stack.last().copied() {
                errors.push(format!(
                    "b{b}: handler {} but the innermost open try region is {}",
                    block.handler.map_or("none".into(), |h| format!("b{}", h.0)),
                    stack.last().map_or("none".into(), |h| format!("b{}", h.0)),
                ));
            }
            for inst in &block.insts {
                match inst {
                    Inst::TryEnter { handler, .. } => {
                        flow(*handler, &stack, &mut entry, &mut work, &mut errors);
                        stack.push(*handler);
                    }
                    Inst::TryExit if stack.pop().is_none() => {
                        errors.push(format!("b{b}: try.exit outside a try region"));
                    }
                    _ => {}
                }
            }
            match &block.term {
                Term::Return(_) if !stack.is_empty() => errors.push(format!(
                    "b{b}: returns inside try regions {}",
                    regions_text(&stack)
                )),
                term => {
                    for s in crate::dataflow::successors(term) {
                        flow(s, &stack, &mut entry, &mut work, &mut errors);
                    }
                }
            }
        }
        self.errors.extend(errors);
    }

    fn block_exists(&self, b: BlockId) -> bool {
        (b.0 as usize) < self.func.blocks.len()
    }

    /// Classes of the heap, closure and `try` instructions.
    fn heap_inst(&mut self, inst: &Inst) {
        match inst {
            Inst::RtCall {
                dst,
                func,
                types,
                args,
                loc,
            } => {
                self.loc(*loc);
                self.rt_call(*dst, *func, types, args);
            }
            Inst::ArrayNew { dst, elem, elems } => {
                self.expect(*dst, Ty::Ref, "array.new");
                for e in elems {
                    self.expect(*e, class_of_value_type(elem), "array element");
                }
            }
            Inst::ArrayGet {
                dst,
                array,
                index,
                index_ty,
                loc,
            } => {
                self.loc(*loc);
                self.ty(*dst);
                self.expect(*array, Ty::Ref, "array.get");
                self.index(*index, *index_ty);
            }
            Inst::ArraySet {
                array,
                index,
                index_ty,
                src,
                loc,
            } => {
                self.loc(*loc);
                self.ty(*src);
                self.expect(*array, Ty::Ref, "array.set");
                self.index(*index, *index_ty);
            }
            Inst::ArrayLen { dst, array } => {
                self.expect(*dst, Ty::I32, "array.len");
                self.expect(*array, Ty::Ref, "array.len");
            }
            Inst::ArrayPush { array, src } => {
                self.expect(*array, Ty::Ref, "array.push");
                self.ty(*src);
            }
            Inst::StructNew { dst, id, fields } => {
                self.expect(*dst, Ty::Ref, "struct.new");
                match self.m.structs.get(*id as usize) {
                    Some(desc) => {
                        if desc.fields.len() != fields.len() {
                            self.error(format!(
                                "struct.new gives {} fields, {} has {}",
                                fields.len(),
                                desc.name,
                                desc.fields.len()
                            ));
                        }
                        for (r, (_, t)) in fields.iter().zip(&desc.fields) {
                            self.expect(*r, class_of_value_type(t), "struct field");
                        }
                    }
                    None => self.error(format!("struct {id} does not exist")),
                }
            }
            Inst::FieldGet { dst, obj, .. } => {
                self.ty(*dst);
                self.expect(*obj, Ty::Ref, "field.get");
            }
            Inst::FieldSet { obj, src, .. } => {
                self.ty(*src);
                self.expect(*obj, Ty::Ref, "field.set");
            }
            Inst::EnumTag { dst, value } => {
                self.expect(*dst, Ty::I32, "enum.tag");
                self.expect(*value, Ty::Ref, "enum.tag");
            }
            Inst::EnumPayload { dst, value, .. } => {
                self.ty(*dst);
                self.expect(*value, Ty::Ref, "enum.payload");
            }
            Inst::CellNew { dst, src, ty } => {
                self.expect(*dst, Ty::Ref, "cell.new");
                self.expect(*src, *ty, "cell.new");
            }
            Inst::CellGet { dst, cell } => {
                self.ty(*dst);
                self.expect(*cell, Ty::Ref, "cell.get");
            }
            Inst::CellSet { cell, src } => {
                self.ty(*src);
                self.expect(*cell, Ty::Ref, "cell.set");
            }
            Inst::Closure {
                dst,
                func,
                captures,
            } => {
                self.expect(*dst, Ty::Ref, "closure");
                for c in captures {
                    self.expect(*c, Ty::Ref, "closure capture");
                }
                match self.m.funcs.get(func.0 as usize) {
                    Some(callee) => {
                        let env = callee
                            .params
                            .first()
                            .and_then(|p| callee.regs.get(p.0 as usize));
                        if env.map(|info| info.ty) != Some(Ty::Ref) {
                            self.error(format!(
                                "closure of {} which takes no environment parameter",
                                callee.name
                            ));
                        }
                    }
                    None => self.error(format!("function {} does not exist", func.0)),
                }
            }
            Inst::CaptureGet { dst, env, .. } => {
                self.expect(*dst, Ty::Ref, "capture.get");
                self.expect(*env, Ty::Ref, "capture.get");
            }
            Inst::CallIndirect {
                dst,
                callee,
                args,
                loc,
            } => {
                self.loc(*loc);
                self.expect(*callee, Ty::Ref, "call.indirect");
                for r in args.iter().chain(dst) {
                    self.ty(*r);
                }
            }
            Inst::InlineEnter { loc } => self.loc(*loc),
            Inst::TryEnter { handler, error } => {
                self.expect(*error, Ty::Ref, "try.enter");
                if !self.block_exists(*handler) {
                    self.error(format!("handler b{} does not exist", handler.0));
                }
            }
            other => {
                for r in crate::dataflow::inst_uses(other) {
                    self.ty(r);
                }
                if let Some(d) = crate::dataflow::inst_def(other) {
                    self.ty(d);
                }
            }
        }
    }

    /// An array index register and its declared class.
    fn index(&mut self, index: Reg, index_ty: Ty) {
        if !index_ty.is_integer() {
            self.error(format!("array index of class {index_ty}"));
        }
        self.expect(index, index_ty, "array index");
    }

    /// Argument and result classes of a generic runtime call (see [`RtFn`]).
    fn rt_call(&mut self, dst: Option<Reg>, func: RtFn, types: &[ValueType], args: &[Reg]) {
        use Ty::*;
        // `None` = any class.
        let first = types.first().map(class_of_value_type);
        let (params, ret, type_count): (Vec<Option<Ty>>, Option<Ty>, Option<usize>) = match func {
            RtFn::ArrayFill => (vec![first, Some(I64)], Some(Ref), Some(1)),
            RtFn::ArrayRepeat => (vec![Some(Ref), Some(I64)], Some(Ref), Some(1)),
            RtFn::ArrayPop => (vec![Some(Ref)], first, Some(1)),
            RtFn::ArraySlice => (vec![Some(Ref), Some(I64), Some(I64)], Some(Ref), Some(1)),
            RtFn::Sorted => (vec![Some(Ref)], Some(Ref), Some(1)),
            RtFn::StrIndex => (vec![Some(Ref), Some(I64)], Some(Ref), None),
            RtFn::StrSlice => (vec![Some(Ref), Some(I64), Some(I64)], Some(Ref), None),
            RtFn::RangeNew => (vec![Some(I64); 3], Some(Ref), None),
            RtFn::RangeArgU64 => (vec![Some(U64)], Some(I64), None),
            RtFn::RangeInvalid => (vec![], None, None),
            RtFn::RangeHasNext => (vec![Some(Ref)], Some(Bool), None),
            RtFn::RangeNext => (vec![Some(Ref)], Some(I64), None),
            RtFn::Input => (vec![Some(Ref), Some(Bool)], Some(Ref), None),
            RtFn::IntOf => (vec![first], Some(I32), Some(1)),
            RtFn::FloatOf => (vec![first], Some(F64), Some(1)),
            RtFn::ValueEq => (vec![first, first], Some(Bool), Some(1)),
            RtFn::EnumNew => {
                let mut params = vec![Some(U32)];
                params.extend(types.iter().skip(1).map(|t| Some(class_of_value_type(t))));
                if !matches!(types.first(), Some(ValueType::Enum(_))) {
                    self.error("rt.enum_new: the type list must start with the enum".into());
                }
                (params, Some(Ref), None)
            }
            RtFn::EnumPayloadChecked => (vec![Some(Ref), Some(U32)], first, Some(1)),
            RtFn::TypeofError => (vec![Some(Ref)], Some(Ref), None),
            RtFn::ToStringAny => (vec![first], Some(Ref), Some(1)),
            RtFn::StrConcat => (vec![Some(Ref); types.len()], Some(Ref), None),
        };
        if args.len() != params.len() {
            self.error(format!(
                "rt.{} takes {} arguments, got {}",
                func.name(),
                params.len(),
                args.len()
            ));
        }
        if let Some(n) = type_count {
            if types.len() != n {
                self.error(format!(
                    "rt.{} takes {n} types, got {}",
                    func.name(),
                    types.len()
                ));
            }
        }
        for (a, p) in args.iter().zip(&params) {
            match p {
                Some(ty) => self.expect(*a, *ty, "rt argument"),
                None => {
                    self.ty(*a);
                }
            }
        }
        match dst {
            Some(_) if !func.has_result() => {
                self.error(format!("rt.{} has no result", func.name()));
            }
            Some(d) => match ret {
                Some(ty) => self.expect(d, ty, "rt result"),
                None => {
                    self.ty(d);
                }
            },
            None => {}
        }
    }

    fn call(
        &mut self,
        dst: Option<Reg>,
        func: crate::ir::FuncId,
        args: &[Reg],
        loc: crate::ir::LocId,
    ) {
        self.loc(loc);
        let Some(callee) = self.m.funcs.get(func.0 as usize) else {
            self.error(format!("function {} does not exist", func.0));
            return;
        };
        if callee.params.len() != args.len() {
            self.error(format!(
                "call passes {} arguments, {} takes {}",
                args.len(),
                callee.name,
                callee.params.len()
            ));
        }
        for (a, p) in args.iter().zip(&callee.params) {
            if let Some(ty) = callee.regs.get(p.0 as usize).map(|i| i.ty) {
                self.expect(*a, ty, "argument");
            }
        }
        match (dst, callee.ret) {
            (Some(d), Some(ty)) => self.expect(d, ty, "call result"),
            (Some(_), None) => self.error(format!("{} returns nothing", callee.name)),
            (None, _) => {}
        }
    }

    fn runtime(&mut self, dst: Option<Reg>, func: RuntimeFn, types: usize, args: &[Reg]) {
        let (params, ret): (&[Option<Ty>], Option<Ty>) = match func {
            RuntimeFn::Concat => (&[Some(Ty::Ref), Some(Ty::Ref)], Some(Ty::Ref)),
            RuntimeFn::StrCompare => (&[Some(Ty::Ref), Some(Ty::Ref)], Some(Ty::I32)),
            RuntimeFn::StrEq => (&[Some(Ty::Ref), Some(Ty::Ref)], Some(Ty::Bool)),
            RuntimeFn::StrLen => (&[Some(Ty::Ref)], Some(Ty::I32)),
            RuntimeFn::ToString => (&[None], Some(Ty::Ref)),
            RuntimeFn::AssertEq => (&[Some(Ty::Ref), None, None], Some(Ty::Bool)),
            RuntimeFn::Timestamp => (&[], Some(Ty::F64)),
        };
        if args.len() != params.len() {
            self.error(format!("runtime call takes {} arguments", params.len()));
        }
        let needs_types = matches!(func, RuntimeFn::ToString | RuntimeFn::AssertEq);
        if needs_types && types != args.len() {
            self.error("runtime call needs a type per argument".into());
        }
        for (a, p) in args.iter().zip(params) {
            match p {
                Some(ty) => self.expect(*a, *ty, "runtime argument"),
                None => {
                    self.ty(*a);
                }
            }
        }
        if let (Some(d), Some(ty)) = (dst, ret) {
            self.expect(d, ty, "runtime result");
        }
    }

    fn spill_slot(&mut self, slot: u32, reg: Reg) {
        let Some(layout) = &self.func.layout else {
            self.error("spill or reload before register allocation".into());
            return;
        };
        match slot
            .checked_sub(crate::regalloc::WINDOW_SLOTS)
            .and_then(|i| layout.spill_types.get(i as usize))
        {
            Some(&ty) => self.expect(reg, ty, "spill slot"),
            None => self.error(format!("spill slot s{slot} does not exist")),
        }
    }

    fn term(&mut self, b: usize, term: &Term) {
        let blocks = self.func.blocks.len();
        let before = self.errors.len();
        match term {
            Term::Jump(t) => {
                if t.0 as usize >= blocks {
                    self.error(format!("jump to missing block b{}", t.0));
                }
            }
            Term::Branch {
                cond,
                then,
                otherwise,
            } => {
                self.expect(*cond, Ty::Bool, "branch condition");
                for t in [then, otherwise] {
                    if t.0 as usize >= blocks {
                        self.error(format!("branch to missing block b{}", t.0));
                    }
                }
            }
            Term::Return(value) => match (value, self.func.ret) {
                (Some(r), Some(ty)) => self.expect(*r, ty, "return"),
                (None, None) => {}
                (Some(_), None) => self.error("void function returns a value".into()),
                (None, Some(_)) => self.error("function returns no value".into()),
            },
            Term::Trap { loc, .. } => self.loc(*loc),
        }
        for e in &mut self.errors[before..] {
            *e = format!("b{b}: terminator: {e}");
        }
    }
}

/// `[b3, b7]`: the handlers of open `try` regions, outermost first.
fn regions_text(stack: &[BlockId]) -> String {
    let names: Vec<String> = stack.iter().map(|b| format!("b{}", b.0)).collect();
    format!("[{}]", names.join(", "))
}
