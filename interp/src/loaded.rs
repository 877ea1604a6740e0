//! A verified program in the form the dispatch loop reads: constant pools resolved to slot
//! words (strings allocated once) and type lists resolved to runtime type tags.

use orus_abi::bytecode::{Constant, Program, ValueType};
use orus_abi::types::TypeTag;
use orus_abi::verify::{verify, VerifyError};
use orus_runtime::string::alloc_str;

/// One function ready to run.
pub(crate) struct LoadedFunction {
    /// Instruction words (verified).
    pub code: Vec<u32>,
    /// Constant pool as slot words.
    pub constants: Vec<u64>,
    /// Window slots.
    pub frame_size: usize,
    /// Spill slots.
    pub spill_count: usize,
}

/// A verified program with resolved constants.
pub(crate) struct Loaded<'p> {
    /// The program as emitted (names, locations, traps).
    pub program: &'p Program,
    /// Functions, indexed like `program.functions`.
    pub functions: Vec<LoadedFunction>,
    /// Type lists as runtime tags, indexed like `program.type_lists`.
    pub type_tags: Vec<Vec<TypeTag>>,
}

/// Verifies `program` and resolves its constants.
pub(crate) fn load(program: &Program) -> Result<Loaded<'_>, VerifyError> {
    verify(program)?;
    let mut strings: Vec<Option<u64>> = vec![None; program.strings.len()];
    let mut functions = Vec::with_capacity(program.functions.len());
    for f in &program.functions {
        let constants = f
            .constants
            .iter()
            .map(|c| match *c {
                Constant::Bits(bits) => bits,
                Constant::Str(i) => *strings[i as usize]
                    .get_or_insert_with(|| alloc_str(&program.strings[i as usize])),
            })
            .collect();
        functions.push(LoadedFunction {
            code: f.code.clone(),
            constants,
            frame_size: f.frame_size as usize,
            spill_count: f.spill_count() as usize,
        });
    }
    let type_tags = program
        .type_lists
        .iter()
        .map(|list| list.iter().map(type_tag).collect())
        .collect();
    Ok(Loaded {
        program,
        functions,
        type_tags,
    })
}

/// The runtime tag of a static value type.
fn type_tag(t: &ValueType) -> TypeTag {
    match t {
        ValueType::I32 => TypeTag::I32,
        ValueType::I64 => TypeTag::I64,
        ValueType::U32 => TypeTag::U32,
        ValueType::U64 => TypeTag::U64,
        ValueType::F64 => TypeTag::F64,
        ValueType::Bool => TypeTag::Bool,
        ValueType::Str => TypeTag::Str,
        ValueType::Array(_) => TypeTag::Array,
        ValueType::Struct(_) => TypeTag::Struct,
        ValueType::Enum(_) => TypeTag::Enum,
        ValueType::Func => TypeTag::Func,
        ValueType::Range => TypeTag::Range,
        ValueType::Error => TypeTag::Error,
    }
}
