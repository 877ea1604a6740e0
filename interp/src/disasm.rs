//! The disassembler behind `orusc dump bytecode`: stable, readable text driven by the opcode
//! table — a header per function, then one `pc  OPCODE  operands  ; comment` line per word.

use orus_abi::bytecode::{Class, Constant, Function, Program, TrapKind};
use orus_abi::instruction as ins;
use orus_abi::opcode::{Layout, Next, Opcode, Operand};
use orus_abi::rtfn::RtFn;
use std::fmt::Write;

/// The whole program as text.
pub fn disassemble(program: &Program) -> String {
    let mut out = String::new();
    for (index, f) in program.functions.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        function(&mut out, program, index, f);
    }
    out
}

fn function(out: &mut String, program: &Program, index: usize, f: &Function) {
    let entry = if index == program.entry as usize {
        " entry"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "function {index} {}{entry} (params {}, frame {}, spills {}, constants {})",
        f.name,
        f.params,
        f.frame_size,
        f.spill_count(),
        f.constants.len()
    );
    for (pc, &word) in f.code.iter().enumerate() {
        let (operands, comment) = match Opcode::from_u8(ins::op(word)) {
            Some(op) => describe(program, f, pc, op, word),
            None => (format!("{word:#010x}"), "unknown opcode".to_string()),
        };
        let name = Opcode::from_u8(ins::op(word)).map_or("???", Opcode::name);
        let line = format!("{pc:>5}  {name:<10} {operands}");
        if comment.is_empty() {
            let _ = writeln!(out, "{}", line.trim_end());
        } else {
            let _ = writeln!(out, "{line:<36} ; {comment}");
        }
    }
}

/// Operand text and comment of one instruction.
fn describe(program: &Program, f: &Function, pc: usize, op: Opcode, word: u32) -> (String, String) {
    let format = op.format();
    let fields: [(Operand, i64); 3] = match format.layout {
        Layout::Abc => [
            (format.a, ins::a(word) as i64),
            (format.b, signed_or(format.b, ins::sb(word), ins::b(word))),
            (format.c, signed_or(format.c, ins::sc(word), ins::c(word))),
        ],
        Layout::ABx => [
            (format.a, ins::a(word) as i64),
            (format.b, ins::bx(word) as i64),
            (Operand::Unused, 0),
        ],
        Layout::AsBx => [
            (format.a, ins::a(word) as i64),
            (format.b, ins::sbx(word)),
            (Operand::Unused, 0),
        ],
        Layout::SAx => [
            (format.a, ins::sax_of(word) as i64),
            (Operand::Unused, 0),
            (Operand::Unused, 0),
        ],
        Layout::Ax => [
            (format.a, ins::ax(word) as i64),
            (Operand::Unused, 0),
            (Operand::Unused, 0),
        ],
    };
    let mut operands = Vec::new();
    let mut comments = Vec::new();
    for (kind, v) in fields {
        if kind == Operand::Unused {
            continue;
        }
        operands.push(operand_text(kind, v, pc));
        if let Some(c) = comment(program, f, kind, v) {
            comments.push(c);
        }
    }
    if format.next == Next::Extra {
        let wide = f.code.get(pc + 1).map_or(0, |&w| ins::ax(w) as i64);
        let kind = op.extra_operand();
        operands.push(operand_text(kind, wide, pc));
        if let Some(c) = comment(program, f, kind, wide) {
            comments.push(c);
        }
    }
    (operands.join(" "), comments.join(", "))
}

fn signed_or(kind: Operand, signed: i64, unsigned: usize) -> i64 {
    if kind == Operand::Imm {
        signed
    } else {
        unsigned as i64
    }
}

fn operand_text(kind: Operand, v: i64, pc: usize) -> String {
    match kind {
        Operand::Reg => format!("r{v}"),
        Operand::Imm | Operand::Extra | Operand::Count | Operand::Field => v.to_string(),
        Operand::RtFn => format!(
            "rt.{}",
            u8::try_from(v)
                .ok()
                .and_then(RtFn::from_u8)
                .map_or("?", RtFn::name)
        ),
        Operand::Struct => format!("S#{v}"),
        Operand::Flag => format!("k={v}"),
        Operand::Const => format!("K{v}"),
        Operand::Global => format!("G{v}"),
        Operand::Func => format!("F{v}"),
        Operand::Spill => format!("S{v}"),
        Operand::Types => format!("T{v}"),
        Operand::Trap => format!("E{v}"),
        Operand::Jump => format!("@{}", pc as i64 + 1 + v),
        Operand::Cast => format!("{}->{}", class_name(v >> 4), class_name(v & 15)),
        Operand::Class => class_name(v).to_string(),
        Operand::Unused => String::new(),
    }
}

fn class_name(n: i64) -> &'static str {
    u8::try_from(n)
        .ok()
        .and_then(Class::from_u8)
        .map_or("?", Class::name)
}

fn comment(program: &Program, f: &Function, kind: Operand, v: i64) -> Option<String> {
    let index = usize::try_from(v).ok()?;
    match kind {
        Operand::Const => Some(match f.constants.get(index)? {
            Constant::Bits(bits) => format!("{} ({bits:#x})", *bits as i64),
            Constant::Str(s) => format!(
                "{:?}",
                String::from_utf8_lossy(program.strings.get(*s as usize)?)
            ),
        }),
        Operand::Func => Some(program.functions.get(index)?.name.clone()),
        Operand::Struct => Some(program.types.structs.get(index)?.name.clone()),
        Operand::Types => {
            let list = program.types.type_lists.get(index)?;
            Some(format!("{list:?}"))
        }
        Operand::Trap => Some(match program.traps.get(index)? {
            TrapKind::Unassigned(name) => format!("unassigned '{name}'"),
            TrapKind::MissingReturn(name) => format!("missing return in '{name}'"),
            other => format!("{other:?}"),
        }),
        _ => None,
    }
}
