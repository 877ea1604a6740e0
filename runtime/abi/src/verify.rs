//! The bytecode verifier: run once when a program is loaded, it proves every operand the
//! interpreter indexes with is in range (registers, constants, globals, functions, spill slots,
//! type lists, traps, jump targets) and that control never runs off the end of a function.
//! That proof is what lets the dispatch loop index without bounds checks.

use crate::bytecode::{Class, Constant, Function, Program};
use crate::instruction as ins;
use crate::opcode::{Layout, Next, Opcode, Operand};
use crate::rtfn::RtFn;
use alloc::vec;

/// Why a program was rejected: which function, which instruction, what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// Function index.
    pub function: u32,
    /// Instruction index.
    pub pc: u32,
    /// What is wrong.
    pub reason: &'static str,
}

/// Largest window a frame may have (8-bit register operands).
pub const MAX_FRAME_SIZE: u32 = 256;

/// Checks the whole program; `Ok` means the interpreter may run it without bounds checks.
pub fn verify(program: &Program) -> Result<(), VerifyError> {
    if program.entry as usize >= program.functions.len() {
        return Err(VerifyError {
            function: program.entry,
            pc: 0,
            reason: "entry function out of range",
        });
    }
    if program
        .locations
        .iter()
        .any(|l| l.file as usize >= program.files.len())
    {
        return Err(VerifyError {
            function: 0,
            pc: 0,
            reason: "location file out of range",
        });
    }
    for (index, function) in program.functions.iter().enumerate() {
        FunctionVerifier {
            program,
            function,
            index: index as u32,
        }
        .run()?;
    }
    Ok(())
}

struct FunctionVerifier<'a> {
    program: &'a Program,
    function: &'a Function,
    index: u32,
}

impl FunctionVerifier<'_> {
    fn fail(&self, pc: usize, reason: &'static str) -> VerifyError {
        VerifyError {
            function: self.index,
            pc: pc as u32,
            reason,
        }
    }

    fn run(&self) -> Result<(), VerifyError> {
        let f = self.function;
        if f.frame_size == 0 || f.frame_size > MAX_FRAME_SIZE || f.params >= f.frame_size {
            return Err(self.fail(0, "bad frame size"));
        }
        if f.code.is_empty() {
            return Err(self.fail(0, "empty function"));
        }
        for constant in &f.constants {
            if let Constant::Str(s) = constant {
                if *s as usize >= self.program.strings.len() {
                    return Err(self.fail(0, "string constant out of range"));
                }
            }
        }
        let locations = self.program.locations.len() as u32;
        if f.location >= locations || f.locations.iter().any(|r| r.location >= locations) {
            return Err(self.fail(0, "location out of range"));
        }
        let extra = self.extra_positions()?;
        for pc in 0..f.code.len() {
            if !extra[pc] {
                self.instruction(pc, &extra)?;
            }
        }
        Ok(())
    }

    /// Marks the `EXTRAARG` words that belong to a wide instruction.
    fn extra_positions(&self) -> Result<vec::Vec<bool>, VerifyError> {
        let code = &self.function.code;
        let mut extra = vec![false; code.len()];
        let mut pc = 0;
        while pc < code.len() {
            let op = Opcode::from_u8(ins::op(code[pc])).ok_or(self.fail(pc, "unknown opcode"))?;
            if op == Opcode::ExtraArg {
                return Err(self.fail(pc, "EXTRAARG without a wide instruction"));
            }
            if op.format().next == Next::Extra {
                if pc + 1 >= code.len() || ins::op(code[pc + 1]) != Opcode::ExtraArg as u8 {
                    return Err(self.fail(pc, "wide instruction without EXTRAARG"));
                }
                extra[pc + 1] = true;
                pc += 1;
            }
            pc += 1;
        }
        Ok(extra)
    }

    fn instruction(&self, pc: usize, extra: &[bool]) -> Result<(), VerifyError> {
        let code = &self.function.code;
        let word = code[pc];
        let op = Opcode::from_u8(ins::op(word)).ok_or(self.fail(pc, "unknown opcode"))?;
        let format = op.format();
        match format.layout {
            Layout::Abc => {
                self.operand(pc, format.a, ins::a(word) as i64, extra)?;
                let b = match format.b {
                    Operand::Imm => ins::sb(word),
                    _ => ins::b(word) as i64,
                };
                self.operand(pc, format.b, b, extra)?;
                let c = match format.c {
                    Operand::Imm => ins::sc(word),
                    _ => ins::c(word) as i64,
                };
                self.operand(pc, format.c, c, extra)?;
            }
            Layout::ABx => {
                self.operand(pc, format.a, ins::a(word) as i64, extra)?;
                self.operand(pc, format.b, ins::bx(word) as i64, extra)?;
            }
            Layout::AsBx => {
                self.operand(pc, format.a, ins::a(word) as i64, extra)?;
                self.operand(pc, format.b, ins::sbx(word), extra)?;
            }
            Layout::SAx => self.operand(pc, format.a, ins::sax_of(word) as i64, extra)?,
            Layout::Ax => return Err(self.fail(pc, "EXTRAARG executed")),
        }
        match format.next {
            Next::Never => {}
            Next::Any => {
                if pc + 1 >= code.len() {
                    return Err(self.fail(pc, "control falls off the end"));
                }
            }
            Next::Jump => {
                if pc + 1 >= code.len() || ins::op(code[pc + 1]) != Opcode::Jmp as u8 {
                    return Err(self.fail(pc, "conditional jump without JMP"));
                }
            }
            Next::Extra => {
                let kind = op.extra_operand();
                self.operand(pc, kind, ins::ax(code[pc + 1]) as i64, extra)?;
                if pc + 2 >= code.len() {
                    return Err(self.fail(pc, "control falls off the end"));
                }
            }
        }
        self.window_use(pc, op, word)
    }

    fn operand(&self, pc: usize, kind: Operand, v: i64, extra: &[bool]) -> Result<(), VerifyError> {
        let f = self.function;
        let p = self.program;
        let below = |n: usize| v >= 0 && (v as u64) < n as u64;
        let ok = match kind {
            Operand::Unused => v == 0,
            Operand::Reg => below(f.frame_size as usize),
            Operand::Imm | Operand::Extra => true,
            Operand::Flag => v == 0 || v == 1,
            Operand::Const => below(f.constants.len()),
            Operand::Global => below(p.globals.len()),
            Operand::Func => below(p.functions.len()),
            Operand::Spill => below(f.spill_classes.len()),
            Operand::Types => below(p.types.type_lists.len()),
            Operand::Struct => below(p.types.structs.len()),
            Operand::RtFn => below(RtFn::ALL.len()),
            Operand::Count | Operand::Field => (0..=255).contains(&v),
            Operand::Trap => below(p.traps.len()),
            Operand::Jump => {
                let target = pc as i64 + 1 + v;
                target >= 0 && (target as usize) < f.code.len() && !extra[target as usize]
            }
            Operand::Cast => scalar(v >> 4) && scalar(v & 15),
            Operand::Class => scalar(v),
        };
        if ok {
            Ok(())
        } else {
            Err(self.fail(pc, operand_error(kind)))
        }
    }

    /// Instructions that use a run of registers above `A` (or from `B`) must stay inside the
    /// window; wide operands that must agree with their instruction are checked here too.
    fn window_use(&self, pc: usize, op: Opcode, word: u32) -> Result<(), VerifyError> {
        let a = ins::a(word) as u64;
        let lists = &self.program.types.type_lists;
        let size = self.function.frame_size as u64;
        let extra = || ins::ax(self.function.code[pc + 1]);
        let used = match op {
            Opcode::Call => self.program.functions[ins::bx(word)].params as u64,
            Opcode::Print => lists[ins::bx(word)].len() as u64,
            Opcode::AssertEq => 3,
            Opcode::CallR => 1 + ins::b(word) as u64,
            Opcode::RtCall => {
                let f = RtFn::ALL[ins::b(word)];
                match f.arity() {
                    n if n >= 0 => n as u64,
                    _ => lists[extra()].len() as u64,
                }
            }
            Opcode::NewArray | Opcode::NewArrayRef | Opcode::NewStruct | Opcode::Closure => {
                if op == Opcode::NewStruct
                    && self.program.types.structs[extra()].fields.len() != ins::c(word)
                {
                    return Err(self.fail(pc, "struct field count mismatch"));
                }
                let (b, c) = (ins::b(word) as u64, ins::c(word) as u64);
                return if c == 0 || b + c <= size {
                    Ok(())
                } else {
                    Err(self.fail(pc, "arguments outside the window"))
                };
            }
            _ => return Ok(()),
        };
        if a + used < size {
            Ok(())
        } else {
            Err(self.fail(pc, "arguments outside the window"))
        }
    }
}

fn scalar(n: i64) -> bool {
    matches!(u8::try_from(n).ok().and_then(Class::from_u8), Some(c) if c != Class::Ref)
}

fn operand_error(kind: Operand) -> &'static str {
    match kind {
        Operand::Unused => "unused operand is not zero",
        Operand::Reg => "register outside the frame",
        Operand::Flag => "flag is not 0 or 1",
        Operand::Const => "constant index out of range",
        Operand::Global => "global index out of range",
        Operand::Func => "function index out of range",
        Operand::Spill => "spill slot out of range",
        Operand::Types => "type list index out of range",
        Operand::Trap => "trap index out of range",
        Operand::Jump => "jump target out of range",
        Operand::Cast => "bad cast code",
        Operand::Class => "bad class",
        Operand::Struct => "struct index out of range",
        Operand::RtFn => "unknown runtime function",
        Operand::Imm | Operand::Extra | Operand::Count | Operand::Field => "bad operand",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::Location;
    use alloc::string::String;
    use alloc::vec::Vec;

    fn program(code: Vec<u32>) -> Program {
        Program {
            functions: vec![Function {
                name: String::from("main"),
                params: 0,
                frame_size: 4,
                slot_classes: vec![Class::I32; 4],
                spill_classes: vec![],
                code,
                constants: vec![Constant::Bits(7)],
                locations: vec![],
                location: 0,
            }],
            files: vec![String::from("t.orus")],
            locations: vec![Location {
                file: 0,
                start: 0,
                end: 0,
                line: 1,
                col: 1,
            }],
            ..Program::default()
        }
    }

    #[test]
    fn accepts_a_well_formed_function() {
        let p = program(vec![
            ins::abx(Opcode::LoadK, 0, 0),
            ins::abc(Opcode::JmpLtS, 0, 1, 1),
            ins::sax(Opcode::Jmp, -3),
            ins::abc(Opcode::Ret, 0, 0, 0),
        ]);
        assert_eq!(verify(&p), Ok(()));
    }

    #[test]
    fn rejects_out_of_range_operands() {
        let cases = [
            (
                ins::abc(Opcode::Move, 4, 0, 0),
                "register outside the frame",
            ),
            (ins::abx(Opcode::LoadK, 0, 1), "constant index out of range"),
            (ins::sax(Opcode::Jmp, 5), "jump target out of range"),
            (ins::abx(Opcode::Call, 0, 3), "function index out of range"),
            (0xff, "unknown opcode"),
        ];
        for (word, reason) in cases {
            let p = program(vec![word, ins::abc(Opcode::Ret0, 0, 0, 0)]);
            assert_eq!(verify(&p).unwrap_err().reason, reason);
        }
    }

    #[test]
    fn rejects_falling_off_the_end_and_missing_jumps() {
        let p = program(vec![ins::abc(Opcode::Move, 0, 1, 0)]);
        assert_eq!(verify(&p).unwrap_err().reason, "control falls off the end");
        let p = program(vec![
            ins::abc(Opcode::Test, 0, 0, 1),
            ins::abc(Opcode::Ret0, 0, 0, 0),
        ]);
        assert_eq!(
            verify(&p).unwrap_err().reason,
            "conditional jump without JMP"
        );
    }

    #[test]
    fn heap_opcodes_stay_inside_the_window() {
        use crate::rtfn::RtFn;
        use crate::typetable::StructDesc;
        let mut p = program(vec![
            ins::abc(Opcode::NewArrayRef, 0, 1, 3),
            ins::abc(Opcode::NewStruct, 0, 2, 2),
            ins::extra(0),
            ins::abc(Opcode::RtCall, 0, RtFn::ArrayPop as u8, 0),
            ins::extra(0),
            ins::abc(Opcode::CallR, 1, 1, 0),
            ins::abc(Opcode::Try, 3, 0, 0),
            ins::sax(Opcode::Jmp, 0),
            ins::abc(Opcode::TryExit, 0, 0, 0),
            ins::abc(Opcode::Ret0, 0, 0, 0),
        ]);
        p.types.type_lists.push(vec![]);
        p.types.structs.push(StructDesc {
            name: String::from("P"),
            fields: vec![
                (String::from("x"), crate::bytecode::ValueType::I32),
                (String::from("y"), crate::bytecode::ValueType::I32),
            ],
        });
        assert_eq!(verify(&p), Ok(()));
        let cases = [
            (
                0,
                ins::abc(Opcode::NewArray, 0, 2, 3),
                "arguments outside the window",
            ),
            (
                1,
                ins::abc(Opcode::NewStruct, 0, 1, 3),
                "struct field count mismatch",
            ),
            (2, ins::extra(1), "struct index out of range"),
            (
                3,
                ins::abc(Opcode::RtCall, 0, 200, 0),
                "unknown runtime function",
            ),
            (4, ins::extra(1), "type list index out of range"),
            (
                5,
                ins::abc(Opcode::CallR, 1, 1, 1),
                "unused operand is not zero",
            ),
            (
                5,
                ins::abc(Opcode::CallR, 1, 2, 0),
                "arguments outside the window",
            ),
            (
                7,
                ins::abc(Opcode::Ret0, 0, 0, 0),
                "conditional jump without JMP",
            ),
        ];
        for (at, word, reason) in cases {
            let mut bad = p.clone();
            bad.functions[0].code[at] = word;
            assert_eq!(verify(&bad).unwrap_err().reason, reason, "case {at}");
        }
    }

    #[test]
    fn wide_operands_are_checked() {
        let p = program(vec![
            ins::abx(Opcode::LoadKX, 0, 0),
            ins::extra(0),
            ins::abc(Opcode::Ret0, 0, 0, 0),
        ]);
        assert_eq!(verify(&p), Ok(()));
        let p = program(vec![
            ins::abx(Opcode::LoadKX, 0, 0),
            ins::extra(1),
            ins::abc(Opcode::Ret0, 0, 0, 0),
        ]);
        assert_eq!(
            verify(&p).unwrap_err().reason,
            "constant index out of range"
        );
        let p = program(vec![ins::sax(Opcode::Jmp, 1), ins::extra(0)]);
        assert_eq!(
            verify(&p).unwrap_err().reason,
            "EXTRAARG without a wide instruction"
        );
    }
}
