//! The IR verifier: operand ids in range, register classes consistent with every
//! instruction, and — once registers are allocated — the frame layout invariants documented
//! in [`crate::regalloc`].

mod layout;

use crate::ir::{BinOp, CmpOp, Const, Function, Inst, Module, Reg, RuntimeFn, Term, Ty};

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
                if *ty == Ty::Ref || (ordered && *ty == Ty::Bool) {
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
                for a in args {
                    self.ty(*a);
                }
            }
            Inst::Spill { slot, src } => self.spill_slot(*slot, *src),
            Inst::Reload { dst, slot } => self.spill_slot(*slot, *dst),
            other => {
                // Heap instructions: every operand must exist; Ref operands are checked where
                // the class is fixed.
                for r in crate::dataflow::inst_uses(other) {
                    self.ty(r);
                }
                if let Some(d) = crate::dataflow::inst_def(other) {
                    self.ty(d);
                }
            }
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
