//! The stable text form of the register IR (`orusc dump ir`), including frame layouts once
//! registers are allocated.
//!
//! ```text
//! fn fib(%0: i32) -> i32 {
//! b0:
//!   %1 = const.i32 2
//!   %2 = lt.i32 %0, %1
//!   br.if %2, b1, b2
//! ...
//! layout:
//!   %0 -> s0 (i32)
//!   call_base: 3, frame_size: 5, spills: 0
//! }
//! ```
//! Fallible instructions end with `@line:col` of the location their runtime error reports.
//! A block inside a `try` region names its handler in its header: `b3 (catch b5):`.

use std::fmt::Write;

use crate::dataflow::{inst_def, inst_uses, term_use};
use crate::ir::{
    BinOp, CmpOp, Const, Function, Inst, LocId, Module, Reg, RuntimeFn, Term, TrapKind, ValueType,
};

/// Renders a whole module.
pub fn print_module(m: &Module) -> String {
    let mut out = String::new();
    for (i, global) in m.globals.iter().enumerate() {
        let _ = writeln!(out, "global g{i} {}: {}", global.name, global.ty);
    }
    if let Some(entry) = m.funcs.get(m.entry.0 as usize) {
        let _ = writeln!(out, "entry {}", entry.name);
    }
    for func in &m.funcs {
        out.push('\n');
        print_function(m, func, &mut out);
    }
    out
}

/// Renders one function into `out`.
pub fn print_function(m: &Module, func: &Function, out: &mut String) {
    let params: Vec<String> = func
        .params
        .iter()
        .map(|&p| format!("{}: {}", reg(p), reg_ty_name(func, p)))
        .collect();
    let _ = write!(out, "fn {}({})", func.name, params.join(", "));
    if let Some(ret) = func.ret {
        let _ = write!(out, " -> {ret}");
    }
    out.push_str(" {\n");
    let named: Vec<String> = func
        .regs
        .iter()
        .enumerate()
        .filter_map(|(i, info)| Some(format!("%{i} {}", info.name.as_ref()?)))
        .collect();
    if !named.is_empty() {
        let _ = writeln!(out, "  ; {}", named.join(", "));
    }
    for (i, block) in func.blocks.iter().enumerate() {
        match block.handler {
            Some(h) => {
                let _ = writeln!(out, "b{i} (catch b{}):", h.0);
            }
            None => {
                let _ = writeln!(out, "b{i}:");
            }
        }
        for inst in &block.insts {
            let _ = writeln!(out, "  {}", inst_text(m, inst));
        }
        let _ = writeln!(out, "  {}", term_text(m, &block.term));
    }
    if let Some(layout) = &func.layout {
        out.push_str("layout:\n");
        let used = used_regs(func);
        for (i, slot) in layout.slot_of.iter().enumerate().filter(|(i, _)| used[*i]) {
            let _ = writeln!(
                out,
                "  %{i} -> s{slot} ({})",
                reg_ty_name(func, Reg(i as u32))
            );
        }
        let spills: Vec<&str> = layout.spill_types.iter().map(|t| t.name()).collect();
        let _ = writeln!(
            out,
            "  call_base: {}, frame_size: {}, spills: {}{}",
            layout.call_base,
            layout.frame_size,
            spills.len(),
            if spills.is_empty() {
                String::new()
            } else {
                format!(" ({})", spills.join(", "))
            }
        );
    }
    out.push_str("}\n");
}

/// Which registers the function mentions (others have no meaningful slot).
fn used_regs(func: &Function) -> Vec<bool> {
    let mut used = vec![false; func.regs.len()];
    let mut mark = |r: Reg| {
        if let Some(u) = used.get_mut(r.0 as usize) {
            *u = true;
        }
    };
    func.params.iter().for_each(|&p| mark(p));
    for block in &func.blocks {
        for inst in &block.insts {
            inst_uses(inst)
                .into_iter()
                .chain(inst_def(inst))
                .for_each(&mut mark);
        }
        term_use(&block.term).into_iter().for_each(&mut mark);
    }
    used
}

fn reg(r: Reg) -> String {
    format!("%{}", r.0)
}

fn regs(rs: &[Reg]) -> String {
    rs.iter().map(|&r| reg(r)).collect::<Vec<_>>().join(", ")
}

fn reg_ty_name(func: &Function, r: Reg) -> &'static str {
    func.regs
        .get(r.0 as usize)
        .map_or("?", |info| info.ty.name())
}

fn loc(m: &Module, id: LocId) -> String {
    match m.locations.get(id.0 as usize) {
        Some(l) => format!("@{}:{}", l.line, l.col),
        None => format!("@loc{}", id.0),
    }
}

fn const_text(m: &Module, value: &Const) -> String {
    match value {
        Const::I32(v) => format!("const.i32 {v}"),
        Const::I64(v) => format!("const.i64 {v}"),
        Const::U32(v) => format!("const.u32 {v}"),
        Const::U64(v) => format!("const.u64 {v}"),
        Const::F64(v) => format!("const.f64 {v:?}"),
        Const::Bool(v) => format!("const.bool {v}"),
        Const::Str(id) => match m.strings.get(id.0 as usize) {
            Some(bytes) => format!("const.str {:?}", String::from_utf8_lossy(bytes)),
            None => format!("const.str s{}", id.0),
        },
    }
}

fn binop_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "sub",
        BinOp::Mul => "mul",
        BinOp::Div => "div",
        BinOp::Rem => "rem",
        BinOp::And => "and",
        BinOp::Or => "or",
    }
}

fn cmp_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "eq",
        CmpOp::Ne => "ne",
        CmpOp::Lt => "lt",
        CmpOp::Le => "le",
        CmpOp::Gt => "gt",
        CmpOp::Ge => "ge",
    }
}

fn runtime_name(func: RuntimeFn) -> &'static str {
    match func {
        RuntimeFn::Concat => "concat",
        RuntimeFn::StrCompare => "str_compare",
        RuntimeFn::StrEq => "str_eq",
        RuntimeFn::StrLen => "str_len",
        RuntimeFn::ToString => "to_string",
        RuntimeFn::AssertEq => "assert_eq",
        RuntimeFn::Timestamp => "timestamp",
    }
}

/// The text of a runtime type descriptor (`i32`, `str`, `[i32]`, `struct0`).
pub fn value_type_text(ty: &ValueType) -> String {
    match ty {
        ValueType::I32 => "i32".into(),
        ValueType::I64 => "i64".into(),
        ValueType::U32 => "u32".into(),
        ValueType::U64 => "u64".into(),
        ValueType::F64 => "f64".into(),
        ValueType::Bool => "bool".into(),
        ValueType::Str => "str".into(),
        ValueType::Array(elem) => format!("[{}]", value_type_text(elem)),
        ValueType::Struct(id) => format!("struct{id}"),
        ValueType::Enum(id) => format!("enum{id}"),
        ValueType::Func => "fn".into(),
        ValueType::Range => "range".into(),
        ValueType::Error => "error".into(),
    }
}

fn types_text(types: &[ValueType]) -> String {
    if types.is_empty() {
        return String::new();
    }
    let names: Vec<String> = types.iter().map(value_type_text).collect();
    format!(" [{}]", names.join(", "))
}

fn dst_prefix(dst: Option<Reg>) -> String {
    dst.map_or(String::new(), |d| format!("{} = ", reg(d)))
}

fn func_name(m: &Module, id: crate::ir::FuncId) -> String {
    m.funcs
        .get(id.0 as usize)
        .map_or_else(|| format!("fn#{}", id.0), |f| f.name.clone())
}

fn global_name(m: &Module, id: crate::ir::GlobalId) -> String {
    match m.globals.get(id.0 as usize) {
        Some(g) => format!("g{}({})", id.0, g.name),
        None => format!("g{}", id.0),
    }
}

/// The text of one instruction.
pub fn inst_text(m: &Module, inst: &Inst) -> String {
    let checked = |c: bool| if c { ".checked" } else { "" };
    match inst {
        Inst::Const { dst, value } => format!("{} = {}", reg(*dst), const_text(m, value)),
        Inst::Move { dst, src } => format!("{} = move {}", reg(*dst), reg(*src)),
        Inst::Binary {
            op,
            ty,
            checked: c,
            dst,
            lhs,
            rhs,
            loc: l,
        } => {
            let fallible = *c || matches!(op, BinOp::Div | BinOp::Rem);
            format!(
                "{} = {}.{ty}{} {}, {}{}",
                reg(*dst),
                binop_name(*op),
                checked(*c),
                reg(*lhs),
                reg(*rhs),
                if fallible {
                    format!(" {}", loc(m, *l))
                } else {
                    String::new()
                }
            )
        }
        Inst::Neg {
            ty,
            checked: c,
            dst,
            src,
            loc: l,
        } => format!(
            "{} = neg.{ty}{} {} {}",
            reg(*dst),
            checked(*c),
            reg(*src),
            loc(m, *l)
        ),
        Inst::Not { ty, dst, src } => format!("{} = not.{ty} {}", reg(*dst), reg(*src)),
        Inst::Cmp {
            op,
            ty,
            dst,
            lhs,
            rhs,
        } => format!(
            "{} = {}.{ty} {}, {}",
            reg(*dst),
            cmp_name(*op),
            reg(*lhs),
            reg(*rhs)
        ),
        Inst::Cast {
            from,
            to,
            dst,
            src,
            loc: l,
        } => format!(
            "{} = cast.{from}.{to} {} {}",
            reg(*dst),
            reg(*src),
            loc(m, *l)
        ),
        Inst::Call {
            dst,
            func,
            args,
            loc: l,
        } => format!(
            "{}call {}({}) {}",
            dst_prefix(*dst),
            func_name(m, *func),
            regs(args),
            loc(m, *l)
        ),
        Inst::Runtime {
            dst,
            func,
            types,
            args,
            loc: l,
        } => format!(
            "{}runtime.{}({}){} {}",
            dst_prefix(*dst),
            runtime_name(*func),
            regs(args),
            types_text(types),
            loc(m, *l)
        ),
        Inst::LoadGlobal { dst, global } => {
            format!("{} = load.global {}", reg(*dst), global_name(m, *global))
        }
        Inst::StoreGlobal { global, src } => {
            format!("store.global {}, {}", global_name(m, *global), reg(*src))
        }
        Inst::Print { types, args } => format!("print({}){}", regs(args), types_text(types)),
        Inst::Spill { slot, src } => format!("spill s{slot}, {}", reg(*src)),
        Inst::Reload { dst, slot } => format!("{} = reload s{slot}", reg(*dst)),
        Inst::RtCall {
            dst,
            func,
            types,
            args,
            loc: l,
        } => format!(
            "{}rt.{}({}){} {}",
            dst_prefix(*dst),
            func.name(),
            regs(args),
            types_text(types),
            loc(m, *l)
        ),
        Inst::ArrayNew { dst, elem, elems } => format!(
            "{} = array.new{} [{}]",
            reg(*dst),
            types_text(std::slice::from_ref(elem)),
            regs(elems)
        ),
        Inst::ArrayGet {
            dst,
            array,
            index,
            index_ty,
            loc: l,
        } => format!(
            "{} = array.get {}[{}.{index_ty}] {}",
            reg(*dst),
            reg(*array),
            reg(*index),
            loc(m, *l)
        ),
        Inst::ArraySet {
            array,
            index,
            index_ty,
            src,
            loc: l,
        } => format!(
            "array.set {}[{}.{index_ty}], {} {}",
            reg(*array),
            reg(*index),
            reg(*src),
            loc(m, *l)
        ),
        Inst::ArrayLen { dst, array } => format!("{} = array.len {}", reg(*dst), reg(*array)),
        Inst::ArrayPush { array, src } => format!("array.push {}, {}", reg(*array), reg(*src)),
        Inst::StructNew { dst, id, fields } => {
            let name = m.structs.get(*id as usize).map_or("?", |s| s.name.as_str());
            format!("{} = struct.new {name}{{{}}}", reg(*dst), regs(fields))
        }
        Inst::FieldGet { dst, obj, field } => {
            format!("{} = field.get {}.{field}", reg(*dst), reg(*obj))
        }
        Inst::FieldSet { obj, field, src } => {
            format!("field.set {}.{field}, {}", reg(*obj), reg(*src))
        }
        Inst::EnumTag { dst, value } => format!("{} = enum.tag {}", reg(*dst), reg(*value)),
        Inst::EnumPayload { dst, value, index } => {
            format!("{} = enum.payload {}.{index}", reg(*dst), reg(*value))
        }
        Inst::CellNew { dst, src, ty } => {
            format!("{} = cell.new.{ty} {}", reg(*dst), reg(*src))
        }
        Inst::CellGet { dst, cell } => format!("{} = cell.get {}", reg(*dst), reg(*cell)),
        Inst::CellSet { cell, src } => format!("cell.set {}, {}", reg(*cell), reg(*src)),
        Inst::Closure {
            dst,
            func,
            captures,
        } => format!(
            "{} = closure {}[{}]",
            reg(*dst),
            func_name(m, *func),
            regs(captures)
        ),
        Inst::CaptureGet { dst, env, index } => {
            format!("{} = capture.get {}.{index}", reg(*dst), reg(*env))
        }
        Inst::CallIndirect {
            dst,
            callee,
            args,
            loc: l,
        } => format!(
            "{}call.indirect {}({}) {}",
            dst_prefix(*dst),
            reg(*callee),
            regs(args),
            loc(m, *l)
        ),
        Inst::TryEnter { handler, error } => {
            format!("{} = try.enter catch b{}", reg(*error), handler.0)
        }
        Inst::TryExit => "try.exit".into(),
        Inst::InlineEnter { loc: l } => format!("inline.enter {}", loc(m, *l)),
        Inst::InlineExit => "inline.exit".into(),
    }
}

/// The text of a terminator.
pub fn term_text(m: &Module, term: &Term) -> String {
    match term {
        Term::Jump(b) => format!("br b{}", b.0),
        Term::Branch {
            cond,
            then,
            otherwise,
        } => format!("br.if {}, b{}, b{}", reg(*cond), then.0, otherwise.0),
        Term::Return(None) => "ret".into(),
        Term::Return(Some(r)) => format!("ret {}", reg(*r)),
        Term::Trap { kind, loc: l } => {
            let kind = match kind {
                TrapKind::Unassigned(name) => format!("unassigned {name:?}"),
                TrapKind::MissingReturn(name) => format!("missing_return {name:?}"),
                TrapKind::ZeroStep => "zero_step".into(),
                TrapKind::Overflow => "overflow".into(),
                TrapKind::NegativeIteration => "negative_iteration".into(),
            };
            format!("trap {kind} {}", loc(m, *l))
        }
    }
}
