//! IR → bytecode: turns a register-allocated [`ir::Module`] into an [`orus_abi`] bytecode
//! [`Program`] for the interpreter. Per function it lays out blocks in order, selects typed
//! opcodes (with immediate and fused compare-and-branch forms chosen by peephole), moves call
//! arguments into the call area and resolves jumps.

mod function;
mod moves;
mod select;

use crate::ir;
use orus_abi::bytecode::{Class, Location, Program, TrapKind, ValueType};
use orus_abi::typetable::TypeTable;
use std::collections::HashMap;
use std::fmt;

/// Why a module could not be emitted (a compiler bug or a limit of the encoding).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitError {
    /// The function being emitted.
    pub function: String,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot emit bytecode for '{}': {}",
            self.function, self.message
        )
    }
}

impl std::error::Error for EmitError {}

/// Emits every function of `m`; each must already carry its frame layout.
pub fn emit_module(m: &ir::Module) -> Result<Program, EmitError> {
    let mut tables = ModuleTables::default();
    tables.types.structs = m.structs.clone();
    tables.types.enums = m.enums.clone();
    tables.types.func_names = m.funcs.iter().map(|f| f.value_name.clone()).collect();
    let mut functions = Vec::with_capacity(m.funcs.len());
    for f in &m.funcs {
        functions.push(function::emit_function(m, f, &mut tables)?);
    }
    Ok(Program {
        functions,
        entry: m.entry.0,
        globals: m.globals.iter().map(|g| class_of(g.ty)).collect(),
        strings: m.strings.clone(),
        types: tables.types,
        traps: tables.traps,
        files: m.files.clone(),
        locations: m.locations.iter().map(location).collect(),
    })
}

/// Program-wide tables that functions add to (deduplicated).
#[derive(Default)]
struct ModuleTables {
    types: TypeTable,
    type_index: HashMap<Vec<ValueType>, u32>,
    traps: Vec<TrapKind>,
    trap_index: HashMap<TrapKind, u32>,
}

impl ModuleTables {
    fn type_list(&mut self, types: &[ir::ValueType]) -> u32 {
        let list: Vec<ValueType> = types.to_vec();
        if let Some(&i) = self.type_index.get(&list) {
            return i;
        }
        let i = self.types.type_lists.len() as u32;
        self.types.type_lists.push(list.clone());
        self.type_index.insert(list, i);
        i
    }

    fn trap(&mut self, kind: &ir::TrapKind) -> u32 {
        let kind = match kind {
            ir::TrapKind::Unassigned(name) => TrapKind::Unassigned(name.clone()),
            ir::TrapKind::MissingReturn(name) => TrapKind::MissingReturn(name.clone()),
            ir::TrapKind::ZeroStep => TrapKind::ZeroStep,
            ir::TrapKind::Overflow => TrapKind::Overflow,
            ir::TrapKind::NegativeIteration => TrapKind::NegativeIteration,
        };
        if let Some(&i) = self.trap_index.get(&kind) {
            return i;
        }
        let i = self.traps.len() as u32;
        self.traps.push(kind.clone());
        self.trap_index.insert(kind, i);
        i
    }
}

/// The bytecode class of an IR type class.
fn class_of(ty: ir::Ty) -> Class {
    match ty {
        ir::Ty::I32 => Class::I32,
        ir::Ty::I64 => Class::I64,
        ir::Ty::U32 => Class::U32,
        ir::Ty::U64 => Class::U64,
        ir::Ty::F64 => Class::F64,
        ir::Ty::Bool => Class::Bool,
        ir::Ty::Ref => Class::Ref,
    }
}

fn location(l: &ir::Location) -> Location {
    Location {
        file: l.file,
        start: l.start,
        end: l.end,
        line: l.line,
        col: l.col,
    }
}

#[cfg(test)]
mod tests;
