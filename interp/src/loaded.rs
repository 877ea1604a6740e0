//! A verified program in the form the dispatch loop reads: constant pools resolved to slot
//! words (strings allocated once and pinned), and one [`FuncDesc`] per function whose `Ref`
//! bitmap lets the collector scan the function's frames.

use orus_abi::bytecode::{Class, Constant, Program};
use orus_abi::frame::FuncDesc;
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
    /// Number of parameters.
    pub params: usize,
    /// Window slots beyond the parameters that hold Refs: cleared on entry so the collector
    /// never reads a stale word there.
    pub clear_slots: Box<[u8]>,
    /// Spill slots (index from 0) that hold Refs, cleared on entry.
    pub clear_spills: Box<[u32]>,
    /// True when `clear_slots` or `clear_spills` is not empty.
    pub needs_clear: bool,
}

/// A verified program with resolved constants and frame descriptors.
pub(crate) struct Loaded<'p> {
    /// The program as emitted (names, locations, traps, types).
    pub program: &'p Program,
    /// Functions, indexed like `program.functions`.
    pub functions: Vec<LoadedFunction>,
    /// Frame descriptors, indexed like `program.functions` (their pointers reference
    /// `bitmaps`, the functions' code and the program's names, all alive as long as this).
    pub descs: Vec<FuncDesc>,
    /// The `Ref` bitmaps the descriptors point at.
    #[allow(dead_code)]
    bitmaps: Vec<Vec<u64>>,
}

/// Verifies `program` and resolves its constants. Forgets the roots of any earlier run on
/// this thread and installs the program's type table in the runtime first (constant strings
/// are allocated and pinned on the collected heap).
pub(crate) fn load(program: &Program) -> Result<Loaded<'_>, VerifyError> {
    verify(program)?;
    // A new run on this thread: nothing of an earlier program stays a root.
    orus_runtime::gc::reset_roots();
    orus_runtime::types::install(program.types.clone());
    let mut strings: Vec<Option<u64>> = vec![None; program.strings.len()];
    let mut functions = Vec::with_capacity(program.functions.len());
    let mut bitmaps = Vec::with_capacity(program.functions.len());
    for f in &program.functions {
        let constants = f
            .constants
            .iter()
            .map(|c| match *c {
                Constant::Bits(bits) => bits,
                Constant::Str(i) => *strings[i as usize].get_or_insert_with(|| {
                    let s = alloc_str(&program.strings[i as usize]);
                    orus_runtime::gc::pin(s);
                    s
                }),
            })
            .collect();
        let params = f.params as usize;
        let clear_slots: Box<[u8]> = f
            .slot_classes
            .iter()
            .enumerate()
            .filter(|&(s, &c)| c == Class::Ref && s >= params && s < 256)
            .map(|(s, _)| s as u8)
            .collect();
        let clear_spills: Box<[u32]> = f
            .spill_classes
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c == Class::Ref)
            .map(|(s, _)| s as u32)
            .collect();
        bitmaps.push(ref_bitmap(&f.slot_classes, &f.spill_classes));
        functions.push(LoadedFunction {
            code: f.code.clone(),
            constants,
            frame_size: f.frame_size as usize,
            spill_count: f.spill_count() as usize,
            params,
            needs_clear: !clear_slots.is_empty() || !clear_spills.is_empty(),
            clear_slots,
            clear_spills,
        });
    }
    let descs = program
        .functions
        .iter()
        .zip(&functions)
        .zip(&bitmaps)
        .map(|((f, lf), bitmap)| FuncDesc {
            name: f.name.as_ptr(),
            name_len: f.name.len(),
            param_count: f.params,
            frame_size: f.frame_size,
            spill_count: f.spill_count(),
            flags: 0,
            ref_bitmap: bitmap.as_ptr(),
            ref_bitmap_words: bitmap.len(),
            code: lf.code.as_ptr(),
            code_len: lf.code.len(),
            native_entry: None,
        })
        .collect();
    Ok(Loaded {
        program,
        functions,
        descs,
        bitmaps,
    })
}

/// The frame-numbered `Ref` bitmap of a function: bit `s` for window slot `s`, bit `256 + i`
/// for spill slot `i`.
fn ref_bitmap(slots: &[Class], spills: &[Class]) -> Vec<u64> {
    let bits = if spills.is_empty() {
        slots.len()
    } else {
        256 + spills.len()
    };
    let mut map = vec![0u64; bits.div_ceil(64).max(1)];
    let mut set = |bit: usize| map[bit / 64] |= 1 << (bit % 64);
    for (s, &c) in slots.iter().enumerate().take(256) {
        if c == Class::Ref {
            set(s);
        }
    }
    for (i, &c) in spills.iter().enumerate() {
        if c == Class::Ref {
            set(256 + i);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::ref_bitmap;
    use orus_abi::bytecode::Class;

    #[test]
    fn bitmap_numbers_spills_from_256() {
        let map = ref_bitmap(&[Class::I32, Class::Ref], &[Class::Ref, Class::F64]);
        assert_eq!(map.len(), 5);
        assert_eq!(map[0], 0b10);
        assert_eq!(map[4], 1);
        assert_eq!(ref_bitmap(&[Class::I32], &[]), vec![0]);
    }
}
