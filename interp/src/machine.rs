//! The dispatch loop. The storage it runs on is owned by the runtime
//! ([`orus_runtime::frames`], [`orus_runtime::globals`]): one contiguous arena of 64-bit slots
//! holds every frame's window (Lua-style: a callee's slot 0 is its caller's slot `A+1`, so
//! calls copy nothing), spill slots live in a [`SpillArena`], and a [`FrameStack`] of records
//! remembers where to return.
//!
//! Every running frame has a record whose [`FrameHeader`] is linked into the runtime's
//! shadow stack of frames (HEAP.md §6): the frame stack's frame-top cell, registered with the
//! collector, always points at the innermost record (updated on call, return and unwinding),
//! and each header's `slots`/`spills` point at the frame's window and spill area (rebased
//! whenever an arena moves). A callee's `Ref` slots beyond its parameters are cleared on
//! entry, so the collector only ever reads 0 or a live object in them. The module globals are
//! a [`ModuleGlobals`], registered as roots while the machine exists; the loop reads and
//! writes them through a raw pointer obtained once.
//!
//! `try` regions push handlers; a runtime error pops the innermost one, discards the frames
//! above its frame, stores the error value in its register and continues at the `catch`
//! block. With no handler the error ends the run as a [`Failure`].
//!
//! Safety: the loop indexes registers, constants, globals, functions, spill slots and code
//! without bounds checks. That is sound because the program passed [`orus_abi::verify`] at
//! load time (every operand is in range for its function, control never leaves the code) and
//! because every call checks that the slot stack and the spill stack hold the callee's whole
//! frame before entering it.

use crate::builtins;
use crate::failure::Failure;
use crate::loaded::{Loaded, LoadedFunction};
use orus_abi::frame::FrameHeader;
use orus_abi::instruction as ins;
use orus_abi::object::{
    ArrayObject, CellObject, EnumObject, ObjHeader, ObjKind, CLOSURE_CAPTURES_OFFSET,
    ENUM_PAYLOAD_OFFSET, STRUCT_FIELDS_OFFSET,
};
use orus_abi::opcode::Opcode;
use orus_abi::rtfn::RtFn;
use orus_runtime::error::RuntimeError;
use orus_runtime::frames::{FrameRecord, FrameStack, SpillArena, WordArena};
use orus_runtime::globals::ModuleGlobals;
use orus_runtime::{gc, object, rtcall, string, time};

/// Limits and switches for one run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Count instructions, calls, spills and reloads (`--stats`).
    pub stats: bool,
    /// Deepest call nesting before `Stack overflow`.
    pub max_depth: usize,
    /// Largest slot stack (window and spill slots) before `Stack overflow`.
    pub max_slots: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            stats: false,
            max_depth: orus_abi::MAX_CALL_DEPTH,
            // 2 GiB of slots, committed only as frames use them: enough for the deepest
            // allowed recursion of functions with 256-slot windows.
            max_slots: 1 << 28,
        }
    }
}

/// What `--stats` reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Instructions executed.
    pub instructions: u64,
    /// Orus function calls.
    pub calls: u64,
    /// `SPILL` instructions executed.
    pub spills: u64,
    /// `RELOAD` instructions executed.
    pub reloads: u64,
}

/// The interpreter's data in each frame record (beside the header and the frame's place in
/// the slot and spill arenas): the function and, while it calls, the instruction to resume
/// at.
#[derive(Clone, Copy)]
struct Resume {
    func: usize,
    ret_pc: *const u32,
}

/// One running frame's record.
type Record = FrameRecord<Resume>;

/// An active `try` region.
struct Handler {
    /// Number of records while the region is active (its frame is the last of them).
    depth: usize,
    /// [`Machine::depth_limit`] when the region was entered.
    depth_limit: usize,
    /// First instruction of the `catch` block.
    pc: *const u32,
    /// Window slot receiving the error value.
    error: usize,
}

/// The interpreter state of one run.
pub(crate) struct Machine<'p> {
    loaded: Loaded<'p>,
    options: Options,
    /// Frame windows.
    stack: WordArena,
    /// Spill areas.
    spills: SpillArena,
    /// Registered as roots while the machine exists.
    globals: ModuleGlobals,
    /// Linked into the collector's frame chain while the machine exists.
    records: FrameStack<Resume>,
    /// Records allowed before `Stack overflow`: `max_depth` less the bodies of inlined calls
    /// open in the live frames (`INLINE` without its `INLINEEXIT` yet), each of which counts
    /// as one level of call nesting, like a record.
    depth_limit: usize,
    handlers: Vec<Handler>,
    stats: Stats,
}

/// The registers of the running frame and the constants of its function.
#[derive(Clone, Copy)]
struct Frame {
    func: usize,
    code: *const u32,
    constants: *const u64,
    regs: *mut u64,
    base: usize,
    spill_base: usize,
    /// Spill slots of `func` (the callee's spill area starts after them).
    spill_count: usize,
}

impl<'p> Machine<'p> {
    /// A machine ready to run `loaded` from its entry function.
    pub(crate) fn new(loaded: Loaded<'p>, options: Options) -> Machine<'p> {
        let globals = ModuleGlobals::from_classes(&loaded.program.globals);
        Machine {
            loaded,
            options,
            stack: WordArena::new(options.max_slots),
            spills: SpillArena::new(options.max_slots),
            globals,
            records: FrameStack::new(64),
            depth_limit: options.max_depth,
            handlers: Vec::new(),
            stats: Stats::default(),
        }
    }

    /// Runs the entry function to completion.
    pub(crate) fn run(mut self) -> Result<Stats, Failure> {
        let entry = self.loaded.program.entry as usize;
        if self.options.stats {
            self.execute::<true>(entry)?;
        } else {
            self.execute::<false>(entry)?;
        }
        Ok(self.stats)
    }

    /// Length of type list `index` (verified to exist).
    #[inline(always)]
    fn type_list_len(&self, index: usize) -> usize {
        self.loaded
            .program
            .types
            .type_lists
            .get(index)
            .map_or(0, Vec::len)
    }

    fn fail(&self, func: usize, code: *const u32, pc: *const u32, error: RuntimeError) -> Failure {
        // SAFETY: `pc` points one past the failing instruction of `code`.
        let index = unsafe { pc.offset_from(code) } as usize - 1;
        Failure::at(self.loaded.program, func, index, error)
    }

    /// Makes room for a frame of function `func` at `base`; `false` when the limits are
    /// reached.
    #[inline(always)]
    fn reserve(&mut self, func: usize, base: usize, spill_base: usize) -> bool {
        let f: &LoadedFunction = &self.loaded.functions[func];
        let need = base + f.frame_size;
        let spill_need = spill_base + f.spill_count;
        if self.records.len() > self.depth_limit || need + spill_need > self.options.max_slots {
            return false;
        }
        if need > self.stack.len() || spill_need > self.spills.len() {
            self.grow(need, spill_need);
        }
        true
    }

    /// Grows the slot and spill arenas to hold `need` and `spill_need` slots, rebasing every
    /// frame record when one of them moved.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, need: usize, spill_need: usize) {
        let moved = self.stack.ensure(need) | self.spills.ensure(spill_need);
        if moved {
            // SAFETY: these are the arenas the records index, and every record's window and
            // spill area lies inside them (reserved before the record was pushed).
            unsafe {
                self.records
                    .rebase(self.stack.as_mut_ptr(), self.spills.as_mut_ptr());
            }
        }
    }

    /// Pushes the record of a new frame running `func` with its window at `base` (room was
    /// made by [`Machine::reserve`]), makes it the innermost frame for the collector, clears
    /// its `Ref` slots beyond the parameters, and returns its frame state.
    #[inline(always)]
    fn enter(&mut self, func: usize, base: usize, spill_base: usize) -> Frame {
        // SAFETY: `func` is a verified function index; `reserve` made
        // `base + frame_size <= stack.len()` and `spill_base + spill_count <= spills.len()`.
        unsafe {
            let f: &LoadedFunction = self.loaded.functions.get_unchecked(func);
            let regs = self.stack.as_mut_ptr().add(base);
            let spills = self.spills.as_mut_ptr().add(spill_base);
            if f.needs_clear {
                for &s in f.clear_slots.iter() {
                    *regs.add(s as usize) = 0;
                }
                for &s in f.clear_spills.iter() {
                    *spills.add(s as usize) = 0;
                }
            }
            self.records.push(Record {
                header: FrameHeader {
                    // Linked by the frame stack.
                    prev: std::ptr::null_mut(),
                    func: self.loaded.descs.as_ptr().add(func),
                    pc: 0,
                    flags: 0,
                    num_slots: f.frame_size as u32,
                    reserved: 0,
                    slots: regs,
                    spills,
                },
                slot_base: base,
                spill_base,
                data: Resume {
                    func,
                    ret_pc: std::ptr::null(),
                },
            });
            Frame {
                spill_count: f.spill_count,
                func,
                code: f.code.as_ptr(),
                constants: f.constants.as_ptr(),
                regs,
                base,
                spill_base,
            }
        }
    }

    /// The frame state of `record` (the innermost record after a return or an unwinding,
    /// already the collector's innermost frame again) and its resume address.
    #[inline(always)]
    fn resume(functions: &[LoadedFunction], record: &Record) -> (Frame, *const u32) {
        let func = record.data.func;
        // SAFETY: records only hold verified function indices.
        let f = unsafe { functions.get_unchecked(func) };
        (
            Frame {
                spill_count: f.spill_count,
                func,
                code: f.code.as_ptr(),
                constants: f.constants.as_ptr(),
                regs: record.header.slots,
                base: record.slot_base,
                spill_base: record.spill_base,
            },
            record.data.ret_pc,
        )
    }

    /// A runtime error at instruction `pc - 1` of the running frame: unwinds to the innermost
    /// `try` handler (storing the error value in its register) or, without one, ends the run.
    #[cold]
    #[inline(never)]
    fn catch(
        &mut self,
        error: RuntimeError,
        fr: Frame,
        pc: *const u32,
    ) -> Result<(Frame, *const u32), Failure> {
        while self
            .handlers
            .last()
            .is_some_and(|h| h.depth > self.records.len() || h.depth == 0)
        {
            self.handlers.pop();
        }
        let Some(handler) = self.handlers.pop() else {
            return Err(self.fail(fr.func, fr.code, pc, error));
        };
        self.depth_limit = handler.depth_limit;
        // No runtime operation is in progress: temporary roots it left behind are stale.
        gc::pop_roots(0);
        let Some(record) = self.records.truncate(handler.depth) else {
            return Err(self.fail(fr.func, fr.code, pc, error));
        };
        let (frame, _) = Self::resume(&self.loaded.functions, record);
        let value = object::error_value(&error);
        // SAFETY: the handler's error slot was verified to lie inside its frame's window.
        unsafe {
            *frame.regs.add(handler.error) = value;
        }
        Ok((frame, handler.pc))
    }

    #[allow(clippy::too_many_lines)]
    fn execute<const STATS: bool>(&mut self, entry: usize) -> Result<(), Failure> {
        // Slot 0 below the entry window receives the entry function's return value.
        if !self.reserve(entry, 1, 0) {
            return Err(Failure::at(
                self.loaded.program,
                entry,
                0,
                RuntimeError::stack_overflow(),
            ));
        }
        let mut fr = self.enter(entry, 1, 0);
        let mut pc = fr.code;
        self.handlers.clear();
        // The globals never move while the machine exists.
        let globals = self.globals.as_ptr();
        // SAFETY: see the module documentation.
        unsafe {
            macro_rules! r {
                ($i:expr) => {
                    *fr.regs.add($i)
                };
            }
            macro_rules! raise {
                ($e:expr) => {{
                    let error = $e;
                    // By value: the frame state and pc must not escape (so they stay in
                    // machine registers on the fast paths).
                    match self.catch(error, fr, pc) {
                        Ok((frame, handler)) => {
                            fr = frame;
                            pc = handler;
                            continue;
                        }
                        Err(failure) => return Err(failure),
                    }
                }};
            }
            /// Enters function `$callee` with its window at `R[$a + 1]` (the callee's slot 0).
            macro_rules! call_into {
                ($callee:expr, $a:expr) => {{
                    let callee = $callee;
                    let base = fr.base + $a + 1;
                    let spill_base = fr.spill_base + fr.spill_count;
                    if !self.reserve(callee, base, spill_base) {
                        raise!(RuntimeError::stack_overflow());
                    }
                    if STATS {
                        self.stats.calls += 1;
                    }
                    self.records.last_mut().unwrap_unchecked().data.ret_pc = pc;
                    fr = self.enter(callee, base, spill_base);
                    pc = fr.code;
                }};
            }
            macro_rules! jump_if {
                ($cond:expr, $k:expr) => {{
                    if ($cond) == ($k != 0) {
                        pc = pc.offset(1 + ins::sax_of(*pc));
                    } else {
                        pc = pc.add(1);
                    }
                }};
            }
            macro_rules! checked {
                ($i:expr, $t:ty, $f:ident) => {{
                    let x = r!(ins::b($i)) as $t;
                    let y = r!(ins::c($i)) as $t;
                    match x.$f(y) {
                        Some(v) => r!(ins::a($i)) = v as i64 as u64,
                        None => raise!(RuntimeError::overflow()),
                    }
                }};
            }
            macro_rules! checked_k {
                ($i:expr, $t:ty, $f:ident) => {{
                    let x = r!(ins::b($i)) as $t;
                    let y = *fr.constants.add(ins::c($i)) as $t;
                    match x.$f(y) {
                        Some(v) => r!(ins::a($i)) = v as i64 as u64,
                        None => raise!(RuntimeError::overflow()),
                    }
                }};
            }
            macro_rules! checked_rk {
                ($i:expr, $t:ty, $f:ident) => {{
                    let x = *fr.constants.add(ins::c($i)) as $t;
                    let y = r!(ins::b($i)) as $t;
                    match x.$f(y) {
                        Some(v) => r!(ins::a($i)) = v as i64 as u64,
                        None => raise!(RuntimeError::overflow()),
                    }
                }};
            }
            macro_rules! division_k {
                ($i:expr, $t:ty, $f:ident) => {{
                    let x = r!(ins::b($i)) as $t;
                    let y = *fr.constants.add(ins::c($i)) as $t;
                    if y == 0 {
                        raise!(RuntimeError::division_by_zero());
                    }
                    match x.$f(y) {
                        Some(v) => r!(ins::a($i)) = v as i64 as u64,
                        None => raise!(RuntimeError::overflow()),
                    }
                }};
            }
            macro_rules! for_loop {
                ($i:expr, $t:ty) => {{
                    let step = ins::sc($i) as $t;
                    match (r!(ins::a($i)) as $t).checked_add(step) {
                        Some(v) => {
                            r!(ins::a($i)) = v as i64 as u64;
                            let limit = r!(ins::b($i)) as $t;
                            let go_on = if step > 0 { v < limit } else { v > limit };
                            if go_on {
                                pc = pc.offset(1 + ins::sax_of(*pc));
                            } else {
                                pc = pc.add(1);
                            }
                        }
                        None => raise!(RuntimeError::overflow()),
                    }
                }};
            }
            macro_rules! wrapping {
                ($i:expr, $t:ty, $f:ident) => {{
                    let v = (r!(ins::b($i)) as $t).$f(r!(ins::c($i)) as $t);
                    r!(ins::a($i)) = v as u64;
                }};
            }
            macro_rules! division {
                ($i:expr, $t:ty, $f:ident, $wide:ty) => {{
                    let x = r!(ins::b($i)) as $t;
                    let y = r!(ins::c($i)) as $t;
                    if y == 0 {
                        raise!(RuntimeError::division_by_zero());
                    }
                    match x.$f(y) {
                        Some(v) => r!(ins::a($i)) = v as $wide as u64,
                        None => raise!(RuntimeError::overflow()),
                    }
                }};
            }
            macro_rules! float {
                ($i:expr, $op:tt) => {{
                    let x = f64::from_bits(r!(ins::b($i)));
                    let y = f64::from_bits(r!(ins::c($i)));
                    r!(ins::a($i)) = (x $op y).to_bits();
                }};
            }
            macro_rules! float_cmp {
                ($i:expr, $op:tt) => {
                    f64::from_bits(r!(ins::a($i))) $op f64::from_bits(r!(ins::b($i)))
                };
            }
            macro_rules! set_cmp {
                ($i:expr, $t:ty, $op:tt) => {
                    r!(ins::a($i)) = ((r!(ins::b($i)) as $t) $op (r!(ins::c($i)) as $t)) as u64
                };
            }
            macro_rules! set_float_cmp {
                ($i:expr, $op:tt) => {
                    r!(ins::a($i)) =
                        (f64::from_bits(r!(ins::b($i))) $op f64::from_bits(r!(ins::c($i)))) as u64
                };
            }
            loop {
                let i = *pc;
                pc = pc.add(1);
                if STATS {
                    self.stats.instructions += 1;
                }
                // SAFETY: verified opcodes are valid discriminants of `Opcode`.
                let op: Opcode = core::mem::transmute::<u8, Opcode>(ins::op(i));
                match op {
                    Opcode::Move => r!(ins::a(i)) = r!(ins::b(i)),
                    Opcode::LoadI => r!(ins::a(i)) = ins::sbx(i) as u64,
                    Opcode::LoadK => r!(ins::a(i)) = *fr.constants.add(ins::bx(i)),
                    Opcode::LoadKX => {
                        r!(ins::a(i)) = *fr.constants.add(ins::ax(*pc));
                        pc = pc.add(1);
                    }
                    Opcode::LoadG => r!(ins::a(i)) = *globals.add(ins::bx(i)),
                    Opcode::LoadGX => {
                        r!(ins::a(i)) = *globals.add(ins::ax(*pc));
                        pc = pc.add(1);
                    }
                    Opcode::StoreG => *globals.add(ins::bx(i)) = r!(ins::a(i)),
                    Opcode::StoreGX => {
                        *globals.add(ins::ax(*pc)) = r!(ins::a(i));
                        pc = pc.add(1);
                    }
                    Opcode::Spill | Opcode::SpillX => {
                        let index = if op == Opcode::Spill {
                            ins::bx(i)
                        } else {
                            pc = pc.add(1);
                            ins::ax(*pc.sub(1))
                        };
                        *self.spills.as_mut_ptr().add(fr.spill_base + index) = r!(ins::a(i));
                        if STATS {
                            self.stats.spills += 1;
                        }
                    }
                    Opcode::Reload | Opcode::ReloadX => {
                        let index = if op == Opcode::Reload {
                            ins::bx(i)
                        } else {
                            pc = pc.add(1);
                            ins::ax(*pc.sub(1))
                        };
                        r!(ins::a(i)) = *self.spills.as_mut_ptr().add(fr.spill_base + index);
                        if STATS {
                            self.stats.reloads += 1;
                        }
                    }
                    Opcode::ExtraArg => raise!(RuntimeError::new(
                        orus_runtime::error::ErrorKind::Runtime,
                        orus_runtime::error::codes::OTHER,
                        "EXTRAARG executed"
                    )),

                    Opcode::AddI32 => checked!(i, i32, checked_add),
                    Opcode::AddI64 => checked!(i, i64, checked_add),
                    Opcode::AddU32 => wrapping!(i, u32, wrapping_add),
                    Opcode::AddU64 => wrapping!(i, u64, wrapping_add),
                    Opcode::AddF64 => float!(i, +),
                    Opcode::SubI32 => checked!(i, i32, checked_sub),
                    Opcode::SubI64 => checked!(i, i64, checked_sub),
                    Opcode::SubU32 => wrapping!(i, u32, wrapping_sub),
                    Opcode::SubU64 => wrapping!(i, u64, wrapping_sub),
                    Opcode::SubF64 => float!(i, -),
                    Opcode::MulI32 => checked!(i, i32, checked_mul),
                    Opcode::MulI64 => checked!(i, i64, checked_mul),
                    Opcode::MulU32 => wrapping!(i, u32, wrapping_mul),
                    Opcode::MulU64 => wrapping!(i, u64, wrapping_mul),
                    Opcode::MulF64 => float!(i, *),
                    Opcode::DivI32 => division!(i, i32, checked_div, i64),
                    Opcode::DivI64 => division!(i, i64, checked_div, i64),
                    Opcode::DivU32 => division!(i, u32, checked_div, u64),
                    Opcode::DivU64 => division!(i, u64, checked_div, u64),
                    Opcode::RemI32 => division!(i, i32, checked_rem, i64),
                    Opcode::RemI64 => division!(i, i64, checked_rem, i64),
                    Opcode::RemU32 => division!(i, u32, checked_rem, u64),
                    Opcode::RemU64 => division!(i, u64, checked_rem, u64),
                    Opcode::DivF64 | Opcode::RemF64 => {
                        let x = f64::from_bits(r!(ins::b(i)));
                        let y = f64::from_bits(r!(ins::c(i)));
                        if y == 0.0 {
                            raise!(RuntimeError::division_by_zero());
                        }
                        let v = if op == Opcode::DivF64 { x / y } else { x % y };
                        r!(ins::a(i)) = v.to_bits();
                    }
                    Opcode::BitAnd => r!(ins::a(i)) = r!(ins::b(i)) & r!(ins::c(i)),
                    Opcode::BitOr => r!(ins::a(i)) = r!(ins::b(i)) | r!(ins::c(i)),
                    Opcode::AddImmI32 => {
                        match (r!(ins::b(i)) as i32).checked_add(ins::sc(i) as i32) {
                            Some(v) => r!(ins::a(i)) = v as i64 as u64,
                            None => raise!(RuntimeError::overflow()),
                        }
                    }
                    Opcode::AddImmI64 => match (r!(ins::b(i)) as i64).checked_add(ins::sc(i)) {
                        Some(v) => r!(ins::a(i)) = v as u64,
                        None => raise!(RuntimeError::overflow()),
                    },
                    Opcode::AddKI32 => checked_k!(i, i32, checked_add),
                    Opcode::AddKI64 => checked_k!(i, i64, checked_add),
                    Opcode::SubKI32 => checked_k!(i, i32, checked_sub),
                    Opcode::SubKI64 => checked_k!(i, i64, checked_sub),
                    Opcode::RSubKI32 => checked_rk!(i, i32, checked_sub),
                    Opcode::RSubKI64 => checked_rk!(i, i64, checked_sub),
                    Opcode::MulKI32 => checked_k!(i, i32, checked_mul),
                    Opcode::MulKI64 => checked_k!(i, i64, checked_mul),
                    Opcode::DivKI32 => division_k!(i, i32, checked_div),
                    Opcode::DivKI64 => division_k!(i, i64, checked_div),
                    Opcode::RemKI32 => division_k!(i, i32, checked_rem),
                    Opcode::RemKI64 => division_k!(i, i64, checked_rem),
                    Opcode::ForLoopI32 => for_loop!(i, i32),
                    Opcode::ForLoopI64 => for_loop!(i, i64),

                    Opcode::NegI32 => {
                        let x = r!(ins::b(i)) as i32;
                        if x == i32::MIN {
                            raise!(RuntimeError::negate_min());
                        }
                        r!(ins::a(i)) = (-x) as i64 as u64;
                    }
                    Opcode::NegI64 => match (r!(ins::b(i)) as i64).checked_neg() {
                        Some(v) => r!(ins::a(i)) = v as u64,
                        None => raise!(RuntimeError::overflow()),
                    },
                    Opcode::NegU32 => r!(ins::a(i)) = (r!(ins::b(i)) as u32).wrapping_neg() as u64,
                    Opcode::NegU64 => r!(ins::a(i)) = r!(ins::b(i)).wrapping_neg(),
                    Opcode::NegF64 => r!(ins::a(i)) = (-f64::from_bits(r!(ins::b(i)))).to_bits(),
                    Opcode::Not => r!(ins::a(i)) = (r!(ins::b(i)) == 0) as u64,

                    Opcode::Eq => set_cmp!(i, u64, ==),
                    Opcode::Ne => set_cmp!(i, u64, !=),
                    Opcode::LtS => set_cmp!(i, i64, <),
                    Opcode::LeS => set_cmp!(i, i64, <=),
                    Opcode::LtU => set_cmp!(i, u64, <),
                    Opcode::LeU => set_cmp!(i, u64, <=),
                    Opcode::EqF => set_float_cmp!(i, ==),
                    Opcode::NeF => set_float_cmp!(i, !=),
                    Opcode::LtF => set_float_cmp!(i, <),
                    Opcode::LeF => set_float_cmp!(i, <=),

                    Opcode::Jmp => pc = pc.offset(ins::sax_of(i)),
                    Opcode::Test => jump_if!(r!(ins::a(i)) != 0, ins::c(i)),
                    Opcode::JmpEq => jump_if!(r!(ins::a(i)) == r!(ins::b(i)), ins::c(i)),
                    Opcode::JmpLtS => {
                        jump_if!((r!(ins::a(i)) as i64) < r!(ins::b(i)) as i64, ins::c(i))
                    }
                    Opcode::JmpLeS => {
                        jump_if!((r!(ins::a(i)) as i64) <= r!(ins::b(i)) as i64, ins::c(i))
                    }
                    Opcode::JmpLtU => jump_if!(r!(ins::a(i)) < r!(ins::b(i)), ins::c(i)),
                    Opcode::JmpLeU => jump_if!(r!(ins::a(i)) <= r!(ins::b(i)), ins::c(i)),
                    Opcode::JmpEqF => jump_if!(float_cmp!(i, ==), ins::c(i)),
                    Opcode::JmpLtF => jump_if!(float_cmp!(i, <), ins::c(i)),
                    Opcode::JmpLeF => jump_if!(float_cmp!(i, <=), ins::c(i)),
                    Opcode::JmpEqImm => jump_if!(r!(ins::a(i)) as i64 == ins::sb(i), ins::c(i)),
                    Opcode::JmpLtImm => jump_if!((r!(ins::a(i)) as i64) < ins::sb(i), ins::c(i)),
                    Opcode::JmpLeImm => jump_if!(r!(ins::a(i)) as i64 <= ins::sb(i), ins::c(i)),
                    Opcode::JmpGtImm => jump_if!(r!(ins::a(i)) as i64 > ins::sb(i), ins::c(i)),
                    Opcode::JmpGeImm => jump_if!(r!(ins::a(i)) as i64 >= ins::sb(i), ins::c(i)),

                    Opcode::Cast => match builtins::checked_cast(ins::c(i), r!(ins::b(i))) {
                        Ok(v) => r!(ins::a(i)) = v,
                        Err(e) => raise!(e),
                    },
                    Opcode::TruncI32 => r!(ins::a(i)) = r!(ins::b(i)) as i32 as i64 as u64,
                    Opcode::TruncU32 => r!(ins::a(i)) = r!(ins::b(i)) as u32 as u64,
                    Opcode::SignedToF64 => r!(ins::a(i)) = (r!(ins::b(i)) as i64 as f64).to_bits(),
                    Opcode::UnsignedToF64 => r!(ins::a(i)) = (r!(ins::b(i)) as f64).to_bits(),
                    Opcode::ToBool => r!(ins::a(i)) = (r!(ins::b(i)) != 0) as u64,
                    Opcode::F64ToBool => {
                        r!(ins::a(i)) = (f64::from_bits(r!(ins::b(i))) != 0.0) as u64
                    }

                    Opcode::Call => call_into!(ins::bx(i), ins::a(i)),
                    Opcode::CallR => {
                        let a = ins::a(i);
                        let closure = r!(a + 1) as *const ObjHeader;
                        if closure.is_null() || (*closure).kind != ObjKind::Closure as u8 {
                            raise!(builtins::bad_function_value());
                        }
                        let callee = (*closure).type_id as usize;
                        match self.loaded.functions.get(callee) {
                            Some(f) if f.params == ins::b(i) + 1 => {}
                            _ => raise!(builtins::bad_function_value()),
                        }
                        call_into!(callee, a);
                    }
                    Opcode::Ret | Opcode::Ret0 => {
                        *fr.regs.sub(1) = r!(ins::a(i));
                        // The running frame always has a record: drop it.
                        let Some(record) = self.records.pop() else {
                            return Ok(());
                        };
                        (fr, pc) = Self::resume(&self.loaded.functions, record);
                    }
                    Opcode::Trap => {
                        let kind = self.loaded.program.traps.get_unchecked(ins::bx(i));
                        raise!(builtins::trap_error(kind));
                    }

                    Opcode::Print => {
                        let types = ins::bx(i);
                        let n = self.type_list_len(types);
                        let args = core::slice::from_raw_parts(fr.regs.add(ins::a(i) + 1), n);
                        orus_runtime::print::print_values(types as u32, args);
                    }
                    Opcode::Concat => r!(ins::a(i)) = string::concat(r!(ins::b(i)), r!(ins::c(i))),
                    Opcode::StrEq => {
                        r!(ins::a(i)) = string::equals(r!(ins::b(i)), r!(ins::c(i))) as u64
                    }
                    Opcode::StrCmp => {
                        r!(ins::a(i)) = builtins::compare_strings(r!(ins::b(i)), r!(ins::c(i)))
                    }
                    Opcode::StrLen => r!(ins::a(i)) = builtins::string_length(r!(ins::b(i))),
                    Opcode::ToString => {
                        r!(ins::a(i)) = builtins::to_string(ins::c(i), r!(ins::b(i)))
                    }
                    Opcode::AssertEq => {
                        let a = ins::a(i);
                        let types = ins::bx(i) as u32;
                        match orus_runtime::assert::assert_eq(
                            r!(a + 1),
                            types,
                            r!(a + 2),
                            r!(a + 3),
                        ) {
                            Ok(v) => r!(a) = v as u64,
                            Err(e) => raise!(e),
                        }
                    }
                    Opcode::Timestamp => r!(ins::a(i)) = time::timestamp().to_bits(),

                    Opcode::RtCall => {
                        let a = ins::a(i);
                        // Verified: a known function number and a type list index.
                        let f = *RtFn::ALL.get_unchecked(ins::b(i));
                        let types = ins::ax(*pc);
                        let n = match f.arity() {
                            n if n >= 0 => n as usize,
                            _ => self.type_list_len(types),
                        };
                        let args = core::slice::from_raw_parts(fr.regs.add(a + 1), n);
                        match rtcall::dispatch(f, args, types as u32) {
                            Ok(v) => r!(a) = v,
                            Err(e) => raise!(e),
                        }
                        pc = pc.add(1);
                    }
                    Opcode::NewArray | Opcode::NewArrayRef => {
                        let elems = core::slice::from_raw_parts(fr.regs.add(ins::b(i)), ins::c(i));
                        r!(ins::a(i)) = object::array_new(op == Opcode::NewArrayRef, elems);
                    }
                    Opcode::ArrayGet | Opcode::ArrayGetU => {
                        let array = r!(ins::b(i)) as *const ArrayObject;
                        let index = r!(ins::c(i));
                        if index >= (*array).len {
                            raise!(builtins::index_error(op == Opcode::ArrayGet, index));
                        }
                        r!(ins::a(i)) = *(*array).data.add(index as usize);
                    }
                    Opcode::ArraySet | Opcode::ArraySetU => {
                        let array = r!(ins::a(i)) as *const ArrayObject;
                        let index = r!(ins::b(i));
                        if index >= (*array).len {
                            raise!(builtins::index_error(op == Opcode::ArraySet, index));
                        }
                        *(*array).data.add(index as usize) = r!(ins::c(i));
                    }
                    Opcode::ArrayLen => {
                        let array = r!(ins::b(i)) as *const ArrayObject;
                        r!(ins::a(i)) = (*array).len as i32 as i64 as u64;
                    }
                    Opcode::ArrayPush => object::array_push(r!(ins::a(i)), r!(ins::b(i))),
                    Opcode::NewStruct => {
                        let id = ins::ax(*pc) as u32;
                        pc = pc.add(1);
                        let fields = core::slice::from_raw_parts(fr.regs.add(ins::b(i)), ins::c(i));
                        r!(ins::a(i)) = object::struct_new(id, fields);
                    }
                    Opcode::GetField => {
                        let at = r!(ins::b(i)) as usize + STRUCT_FIELDS_OFFSET + 8 * ins::c(i);
                        r!(ins::a(i)) = *(at as *const u64);
                    }
                    Opcode::SetField => {
                        let at = r!(ins::a(i)) as usize + STRUCT_FIELDS_OFFSET + 8 * ins::b(i);
                        *(at as *mut u64) = r!(ins::c(i));
                    }
                    Opcode::EnumTag => {
                        let value = r!(ins::b(i)) as *const EnumObject;
                        r!(ins::a(i)) = (*value).variant as i32 as i64 as u64;
                    }
                    Opcode::EnumPayload => {
                        let at = r!(ins::b(i)) as usize + ENUM_PAYLOAD_OFFSET + 8 * ins::c(i);
                        r!(ins::a(i)) = *(at as *const u64);
                    }
                    Opcode::NewCell | Opcode::NewCellRef => {
                        r!(ins::a(i)) = object::cell_new(r!(ins::b(i)), op == Opcode::NewCellRef);
                    }
                    Opcode::GetCell => {
                        r!(ins::a(i)) = (*(r!(ins::b(i)) as *const CellObject)).value;
                    }
                    Opcode::SetCell => {
                        (*(r!(ins::a(i)) as *mut CellObject)).value = r!(ins::b(i));
                    }
                    Opcode::Closure => {
                        let func = ins::ax(*pc) as u32;
                        pc = pc.add(1);
                        let captures =
                            core::slice::from_raw_parts(fr.regs.add(ins::b(i)), ins::c(i));
                        r!(ins::a(i)) = object::closure_new(func, std::ptr::null(), captures);
                    }
                    Opcode::GetCapture => {
                        let at = r!(ins::b(i)) as usize + CLOSURE_CAPTURES_OFFSET + 8 * ins::c(i);
                        r!(ins::a(i)) = *(at as *const u64);
                    }
                    Opcode::Try => {
                        let handler = pc.offset(1 + ins::sax_of(*pc));
                        self.handlers.push(Handler {
                            depth: self.records.len(),
                            depth_limit: self.depth_limit,
                            pc: handler,
                            error: ins::a(i),
                        });
                        pc = pc.add(1);
                    }
                    Opcode::TryExit => {
                        self.handlers.pop();
                    }
                    Opcode::InlineEnter => {
                        // `records.len() >= 1`, so the limit stays positive.
                        if self.records.len() > self.depth_limit {
                            raise!(RuntimeError::stack_overflow());
                        }
                        self.depth_limit -= 1;
                    }
                    Opcode::InlineExit => {
                        self.depth_limit = (self.depth_limit + 1).min(self.options.max_depth)
                    }
                }
            }
        }
    }
}
