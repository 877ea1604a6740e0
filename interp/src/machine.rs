//! The dispatch loop. One contiguous stack of 64-bit slots holds every frame's window
//! (Lua-style: a callee's slot 0 is its caller's slot `A+1`, so calls copy nothing); a
//! separate call-info stack remembers where to return; spill slots live in their own stack.
//!
//! Safety: the loop indexes registers, constants, globals, functions, spill slots and code
//! without bounds checks. That is sound because the program passed [`orus_abi::verify`] at
//! load time (every operand is in range for its function, control never leaves the code) and
//! because every call checks that the slot stack and the spill stack hold the callee's whole
//! frame before entering it.

use crate::builtins;
use crate::failure::Failure;
use crate::loaded::{Loaded, LoadedFunction};
use orus_abi::instruction as ins;
use orus_abi::opcode::Opcode;
use orus_runtime::error::RuntimeError;
use orus_runtime::{string, time};

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

/// Where to resume a caller: its frame (whose `regs` is recomputed on return, since the slot
/// stack may have moved) and its next instruction.
struct CallInfo {
    frame: Frame,
    pc: *const u32,
}

/// The interpreter state of one run.
pub(crate) struct Machine<'p> {
    loaded: Loaded<'p>,
    options: Options,
    stack: Vec<u64>,
    spills: Vec<u64>,
    globals: Vec<u64>,
    frames: Vec<CallInfo>,
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
        let globals = vec![0; loaded.program.globals.len()];
        Machine {
            loaded,
            options,
            stack: Vec::new(),
            spills: Vec::new(),
            globals,
            frames: Vec::new(),
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
        if self.frames.len() >= self.options.max_depth || need + spill_need > self.options.max_slots
        {
            return false;
        }
        if need > self.stack.len() || spill_need > self.spills.len() {
            self.grow(need, spill_need);
        }
        true
    }

    /// Grows the slot and spill stacks to hold `need` and `spill_need` slots.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, need: usize, spill_need: usize) {
        if need > self.stack.len() {
            let size = need.max(self.stack.len() * 2).min(self.options.max_slots);
            self.stack.resize(size.max(need), 0);
        }
        if spill_need > self.spills.len() {
            let size = spill_need.max(self.spills.len() * 2);
            self.spills.resize(size, 0);
        }
    }

    /// The frame state for running `func` with its window at `base`.
    #[inline(always)]
    fn enter(&mut self, func: usize, base: usize, spill_base: usize) -> Frame {
        let f = &self.loaded.functions[func];
        Frame {
            spill_count: f.spill_count,
            func,
            code: f.code.as_ptr(),
            constants: f.constants.as_ptr(),
            // SAFETY: `reserve` made `base + frame_size <= stack.len()`.
            regs: unsafe { self.stack.as_mut_ptr().add(base) },
            base,
            spill_base,
        }
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
        // SAFETY: see the module documentation.
        unsafe {
            macro_rules! r {
                ($i:expr) => {
                    *fr.regs.add($i)
                };
            }
            macro_rules! raise {
                ($e:expr) => {
                    return Err(self.fail(fr.func, fr.code, pc, $e))
                };
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
                    Opcode::LoadG => r!(ins::a(i)) = *self.globals.get_unchecked(ins::bx(i)),
                    Opcode::LoadGX => {
                        r!(ins::a(i)) = *self.globals.get_unchecked(ins::ax(*pc));
                        pc = pc.add(1);
                    }
                    Opcode::StoreG => *self.globals.get_unchecked_mut(ins::bx(i)) = r!(ins::a(i)),
                    Opcode::StoreGX => {
                        *self.globals.get_unchecked_mut(ins::ax(*pc)) = r!(ins::a(i));
                        pc = pc.add(1);
                    }
                    Opcode::Spill | Opcode::SpillX => {
                        let index = if op == Opcode::Spill {
                            ins::bx(i)
                        } else {
                            pc = pc.add(1);
                            ins::ax(*pc.sub(1))
                        };
                        *self.spills.get_unchecked_mut(fr.spill_base + index) = r!(ins::a(i));
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
                        r!(ins::a(i)) = *self.spills.get_unchecked(fr.spill_base + index);
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

                    Opcode::Call => {
                        let callee = ins::bx(i);
                        let base = fr.base + ins::a(i) + 1;
                        let spill_base = fr.spill_base + fr.spill_count;
                        if !self.reserve(callee, base, spill_base) {
                            raise!(RuntimeError::stack_overflow());
                        }
                        if STATS {
                            self.stats.calls += 1;
                        }
                        self.frames.push(CallInfo { frame: fr, pc });
                        fr = self.enter(callee, base, spill_base);
                        pc = fr.code;
                    }
                    Opcode::Ret | Opcode::Ret0 => {
                        *fr.regs.sub(1) = r!(ins::a(i));
                        let Some(caller) = self.frames.pop() else {
                            return Ok(());
                        };
                        fr = caller.frame;
                        fr.regs = self.stack.as_mut_ptr().add(fr.base);
                        pc = caller.pc;
                    }
                    Opcode::Trap => {
                        let kind = self.loaded.program.traps.get_unchecked(ins::bx(i));
                        raise!(builtins::trap_error(kind));
                    }

                    Opcode::Print => {
                        let tags = self.loaded.type_tags.get_unchecked(ins::bx(i));
                        let args =
                            core::slice::from_raw_parts(fr.regs.add(ins::a(i) + 1), tags.len());
                        builtins::print_line(tags, args);
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
                        let tags = self.loaded.type_tags.get_unchecked(ins::bx(i));
                        let args = [r!(a + 1), r!(a + 2), r!(a + 3)];
                        match builtins::assert_equal(tags, args) {
                            Ok(v) => r!(a) = v,
                            Err(e) => raise!(e),
                        }
                    }
                    Opcode::Timestamp => r!(ins::a(i)) = time::timestamp().to_bits(),
                }
            }
        }
    }
}
