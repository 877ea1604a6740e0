//! The `extern "C"` surface native executables call: program start-up (constant strings,
//! globals, the big-stack Orus thread), printing, strings, casts, `assert_eq`, `timestamp` and
//! runtime errors rendered exactly like the interpreter's.
//!
//! The LLVM backend emits one [`ProgramInfo`] per executable and a C `main` that calls
//! [`orus_rt_main`]. Every layout and number here is mirrored by the backend (which knows the
//! runtime only through these symbols): keep both sides in step.

use crate::diagnostic::{render, SourceLoc};
use crate::error::RuntimeError;
use orus_abi::frame::FrameHeader;
use orus_abi::rtfn::RtFn;
use orus_abi::types::TypeTag;
use orus_abi::version::ABI_VERSION;
use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_void};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicPtr, Ordering};

/// Exit status of a program that stopped on an uncaught runtime error.
pub const EXIT_RUNTIME_ERROR: i32 = 70;

/// Stack size of the thread native Orus code runs on: deep enough that the call-depth limit
/// is reached (a clean `Stack overflow`) long before the machine stack ends.
pub const NATIVE_STACK_BYTES: usize = 1 << 32;

/// The location index meaning "no source location".
pub const NO_LOCATION: u32 = u32::MAX;

/// Error numbers for [`orus_rt_error`] and [`orus_rt_trap_named`].
pub mod codes {
    /// `Division by zero`.
    pub const DIVISION_BY_ZERO: u32 = 0;
    /// `Integer overflow`.
    pub const OVERFLOW: u32 = 1;
    /// `Integer overflow: cannot negate INT32_MIN`.
    pub const NEGATE_MIN: u32 = 2;
    /// `Stack overflow`.
    pub const STACK_OVERFLOW: u32 = 3;
    /// `Range step cannot be zero`.
    pub const ZERO_STEP: u32 = 4;
    /// `Cannot iterate negative integer`.
    pub const NEGATIVE_ITERATION: u32 = 5;
    /// `Variable '<name>' used before assignment` (named).
    pub const UNASSIGNED: u32 = 6;
    /// `Function '<name>' ended without returning a value` (named).
    pub const MISSING_RETURN: u32 = 7;
    /// `Array index must be a non-negative integer`.
    pub const ARRAY_INDEX_NEGATIVE: u32 = 8;
    /// `Array index out of bounds`.
    pub const ARRAY_INDEX_OUT_OF_BOUNDS: u32 = 9;
}

/// A byte string in the executable's read-only data.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct Bytes {
    /// First byte.
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: u64,
}

/// One row of the executable's source-location table (the IR's `Location`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct LocRow {
    /// Index into [`ProgramInfo::files`].
    pub file: u32,
    /// Byte offset of the span start.
    pub start: u32,
    /// Byte offset one past the span end.
    pub end: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
}

/// Everything the runtime needs to know about a native program; emitted by the backend as a
/// constant (every field is 8 bytes wide).
#[repr(C)]
#[derive(Debug)]
pub struct ProgramInfo {
    /// [`ABI_VERSION`] the program was compiled against.
    pub abi_version: u64,
    /// The program's start function (runs every module initialiser).
    pub entry: Option<unsafe extern "C" fn()>,
    /// Module globals, one 64-bit slot each (GC roots by their classes).
    pub globals: *mut u64,
    /// Number of globals.
    pub global_count: u64,
    /// Slots receiving the constant string objects, filled before `entry` runs.
    pub strings: *mut u64,
    /// Number of constant strings.
    pub string_count: u64,
    /// The bytes of each constant string (`string_count` entries).
    pub string_data: *const Bytes,
    /// Source file paths.
    pub files: *const Bytes,
    /// Number of files.
    pub file_count: u64,
    /// Source locations runtime errors point at.
    pub locations: *const LocRow,
    /// Number of locations.
    pub location_count: u64,
    /// The innermost native frame record (head of the shadow stack of frames).
    pub frame_top: *mut *mut FrameHeader,
    /// The encoded type table (`TypeTable::encode`).
    pub types: *const u8,
    /// Length of `types` in bytes.
    pub types_len: u64,
    /// `ceil(global_count / 64)` words: bit `i` set when global `i` is a Ref.
    pub global_ref_bitmap: *const u64,
}

static PROGRAM: AtomicPtr<ProgramInfo> = AtomicPtr::new(std::ptr::null_mut());

/// Runs a native program: checks its ABI version, starts the Orus thread with a big stack,
/// creates the constant strings and calls the entry. Returns the process exit status.
///
/// # Safety
/// `info` must point at a [`ProgramInfo`] whose tables are valid for the whole run.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_main(info: *const ProgramInfo) -> i32 {
    // SAFETY: the caller passes the executable's static program description.
    let Some(program) = (unsafe { info.as_ref() }) else {
        return EXIT_RUNTIME_ERROR;
    };
    if program.abi_version != ABI_VERSION {
        eprintln!("error: this program was built for another Orus runtime version");
        return EXIT_RUNTIME_ERROR;
    }
    let Some(entry) = program.entry else {
        return EXIT_RUNTIME_ERROR;
    };
    PROGRAM.store(info as *mut ProgramInfo, Ordering::Release);
    let address = info as usize;
    let body = move || {
        // SAFETY: same program description, still static.
        unsafe {
            let program = &*(address as *const ProgramInfo);
            if !init_program(program) {
                eprintln!("error: this program's type table is corrupt");
                std::process::exit(EXIT_RUNTIME_ERROR);
            }
            entry();
        }
    };
    match std::thread::Builder::new()
        .name("orus".to_string())
        .stack_size(NATIVE_STACK_BYTES)
        .spawn(body)
    {
        Ok(handle) => match handle.join() {
            Ok(()) => 0,
            Err(_) => EXIT_RUNTIME_ERROR,
        },
        Err(_) => {
            eprintln!("error: cannot start the Orus thread");
            EXIT_RUNTIME_ERROR
        }
    }
}

/// Prepares the Orus thread's runtime for `program`: installs its type table, registers the
/// frame-top cell and the globals as roots and allocates (and pins) the constant strings.
/// False when the type table cannot be decoded.
///
/// # Safety
/// `program`'s tables must be valid as [`ProgramInfo`] describes.
unsafe fn init_program(program: &ProgramInfo) -> bool {
    // SAFETY: per the contract above.
    let encoded = unsafe {
        bytes_of(Bytes {
            ptr: program.types,
            len: program.types_len,
        })
    };
    let table = if encoded.is_empty() {
        orus_abi::typetable::TypeTable::default()
    } else {
        match orus_abi::typetable::TypeTable::decode(encoded) {
            Some(table) => table,
            None => return false,
        }
    };
    crate::types::install(table);
    crate::gc::register_frame_top(program.frame_top);
    let count = program.global_count as usize;
    let words = count.div_ceil(64);
    let bitmap = if program.global_ref_bitmap.is_null() {
        vec![0; words]
    } else {
        // SAFETY: the bitmap has `ceil(global_count / 64)` words.
        unsafe { std::slice::from_raw_parts(program.global_ref_bitmap, words).to_vec() }
    };
    crate::gc::set_globals(program.globals, count, bitmap);
    for index in 0..program.string_count as usize {
        // SAFETY: per the contract, both tables have `string_count` entries.
        unsafe {
            let data = *program.string_data.add(index);
            let string = crate::string::alloc_str(bytes_of(data));
            crate::gc::pin(string);
            *program.strings.add(index) = string;
        }
    }
    true
}

/// The bytes `data` describes.
///
/// # Safety
/// `data` must describe readable static bytes.
unsafe fn bytes_of<'a>(data: Bytes) -> &'a [u8] {
    if data.ptr.is_null() {
        return &[];
    }
    // SAFETY: per the contract above.
    unsafe { std::slice::from_raw_parts(data.ptr, data.len as usize) }
}

/// The source location with index `loc` of the running program.
fn location(loc: u32) -> Option<SourceLoc> {
    // SAFETY: PROGRAM is null or the static description `orus_rt_main` received.
    let program = unsafe { PROGRAM.load(Ordering::Acquire).as_ref() }?;
    if loc as u64 >= program.location_count {
        return None;
    }
    // SAFETY: indices are checked against the table lengths.
    unsafe {
        let row = *program.locations.add(loc as usize);
        if row.file as u64 >= program.file_count {
            return None;
        }
        let path = bytes_of(*program.files.add(row.file as usize));
        Some(SourceLoc {
            path: String::from_utf8_lossy(path).into_owned(),
            start: row.start,
            end: row.end,
            line: row.line,
            col: row.col,
        })
    }
}

/// Prints `err` at location `loc` like the interpreter does and ends the process with 70.
fn fail(err: &RuntimeError, loc: u32) -> ! {
    let _ = std::io::stdout().flush();
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    let text = render(err, location(loc).as_ref(), color);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
    std::process::exit(EXIT_RUNTIME_ERROR)
}

extern "C" {
    fn longjmp(env: *mut c_void, val: c_int) -> !;
}

/// Size of the `jmp_buf` handed out by [`orus_rt_try_push`] (larger than glibc's on every
/// supported target).
pub const JMP_BUF_BYTES: usize = 512;

/// A `jmp_buf`: 512 bytes, 16-aligned.
#[repr(C, align(16))]
struct JmpBuf([u8; JMP_BUF_BYTES]);

/// One active `try` of native code.
struct Handler {
    /// Where `_setjmp` saved the registers (stable: boxed).
    buf: Box<JmpBuf>,
    /// The frame-chain head when the handler was pushed.
    frame_top: *mut FrameHeader,
}

thread_local! {
    static HANDLERS: RefCell<Vec<Handler>> = const { RefCell::new(Vec::new()) };
    /// The error value a `longjmp` delivers, with its temporary-root mark.
    static PENDING: Cell<(u64, usize)> = const { Cell::new((0, 0)) };
}

/// Raises `err` at location `loc`: with an active handler, builds the error value, restores
/// the frame-chain head saved by [`orus_rt_try_push`] and `longjmp`s to the handler;
/// otherwise prints the diagnostic and exits with 70. The one raise path of native code.
pub fn raise(err: RuntimeError, loc: u32) -> ! {
    let target = HANDLERS.with(|h| {
        h.borrow_mut().last_mut().map(|handler| {
            (
                &mut *handler.buf as *mut JmpBuf as *mut c_void,
                handler.frame_top,
            )
        })
    });
    let Some((buf, frame_top)) = target else {
        fail(&err, loc)
    };
    let value = crate::error_value::alloc_error(&err);
    drop(err);
    let mark = crate::gc::push_root(value);
    PENDING.with(|p| p.set((value, mark)));
    crate::gc::set_frame_top(frame_top);
    // SAFETY: `buf` was filled by `_setjmp` in a native function that is still running (its
    // handler is on the stack); no Rust value with a destructor is live in this frame.
    unsafe { longjmp(buf, 1) }
}

/// Pushes a handler for a `try` and returns its `jmp_buf` (512 bytes, 16-aligned) for the
/// caller's `_setjmp`.
#[no_mangle]
pub extern "C" fn orus_rt_try_push() -> *mut c_void {
    let frame_top = crate::gc::frame_top();
    HANDLERS.with(|h| {
        let mut handlers = h.borrow_mut();
        handlers.push(Handler {
            buf: Box::new(JmpBuf([0; JMP_BUF_BYTES])),
            frame_top,
        });
        match handlers.last_mut() {
            Some(handler) => &mut *handler.buf as *mut JmpBuf as *mut c_void,
            None => std::ptr::null_mut(),
        }
    })
}

/// Pops the innermost handler (`TryExit`).
#[no_mangle]
pub extern "C" fn orus_rt_try_pop() {
    HANDLERS.with(|h| {
        h.borrow_mut().pop();
    });
}

/// After `_setjmp` returned non-zero: pops the innermost handler and returns the error value.
#[no_mangle]
pub extern "C" fn orus_rt_try_caught() -> u64 {
    orus_rt_try_pop();
    let (value, mark) = PENDING.with(|p| p.replace((0, 0)));
    if value != 0 {
        crate::gc::pop_roots(mark);
    }
    value
}

/// `u64 orus_rt_call(func, args, nargs, types, loc)`: the generic runtime call `func`
/// (`RtFn` number); raises at `loc` on failure.
///
/// # Safety
/// `args` must point at `nargs` readable words.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_call(
    func: u32,
    args: *const u64,
    nargs: u32,
    types: u32,
    loc: u32,
) -> u64 {
    // SAFETY: per the contract above.
    let args = unsafe { words(args, nargs as u64) };
    let result = match u8::try_from(func).ok().and_then(RtFn::from_u8) {
        Some(f) => crate::rtcall::dispatch(f, args, types),
        None => Err(RuntimeError::new(
            crate::error::ErrorKind::Runtime,
            crate::error::codes::OTHER,
            format!("unknown runtime call {func}"),
        )),
    };
    match result {
        Ok(word) => word,
        Err(err) => raise(err, loc),
    }
}

/// A new array of the `n` words at `elems` (Refs when `elem_is_ref != 0`).
///
/// # Safety
/// `elems` must point at `n` readable words.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_array_new(elem_is_ref: u32, elems: *const u64, n: u64) -> u64 {
    // SAFETY: per the contract above.
    let elems = unsafe { words(elems, n) };
    crate::object::array_new(elem_is_ref != 0, elems)
}

/// `push(arr, value)`.
#[no_mangle]
pub extern "C" fn orus_rt_array_push(arr: u64, value: u64) {
    crate::object::array_push(arr, value);
}

/// A new instance of struct `id` with the `n` field words at `fields`.
///
/// # Safety
/// `fields` must point at `n` readable words.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_struct_new(id: u32, fields: *const u64, n: u64) -> u64 {
    // SAFETY: per the contract above.
    let fields = unsafe { words(fields, n) };
    crate::object::struct_new(id, fields)
}

/// A new cell holding `value` (a Ref when `is_ref != 0`).
#[no_mangle]
pub extern "C" fn orus_rt_cell_new(value: u64, is_ref: u32) -> u64 {
    crate::object::cell_new(value, is_ref != 0)
}

/// A new function value of function `func` with native entry `code` and the `n` capture
/// words (cells) at `captures`.
///
/// # Safety
/// `captures` must point at `n` readable words.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_closure_new(
    func: u32,
    code: *const c_void,
    captures: *const u64,
    n: u64,
) -> u64 {
    // SAFETY: per the contract above.
    let captures = unsafe { words(captures, n) };
    crate::object::closure_new(func, code, captures)
}

/// Raises the runtime error numbered `code` (see [`codes`]) at location `loc`.
#[no_mangle]
pub extern "C" fn orus_rt_error(code: u32, loc: u32) -> ! {
    let err = match code {
        codes::DIVISION_BY_ZERO => RuntimeError::division_by_zero(),
        codes::NEGATE_MIN => RuntimeError::negate_min(),
        codes::STACK_OVERFLOW => RuntimeError::stack_overflow(),
        codes::ZERO_STEP => RuntimeError::zero_step(),
        codes::NEGATIVE_ITERATION => RuntimeError::negative_iteration(),
        codes::ARRAY_INDEX_NEGATIVE => RuntimeError::array_index_negative(),
        codes::ARRAY_INDEX_OUT_OF_BOUNDS => RuntimeError::array_index_out_of_bounds(),
        _ => RuntimeError::overflow(),
    };
    raise(err, loc)
}

/// Raises a runtime error whose message names a variable or function (`UNASSIGNED`,
/// `MISSING_RETURN`).
///
/// # Safety
/// `name` must point at `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_trap_named(code: u32, loc: u32, name: *const u8, len: u64) -> ! {
    // SAFETY: per the contract above.
    let name = unsafe { bytes_of(Bytes { ptr: name, len }) };
    // The name is dropped before raising: `raise` may `longjmp` over this frame.
    let err = {
        let name = String::from_utf8_lossy(name);
        match code {
            codes::MISSING_RETURN => Some(RuntimeError::missing_return(&name)),
            codes::UNASSIGNED => Some(RuntimeError::unassigned(&name)),
            _ => None,
        }
    };
    match err {
        Some(err) => raise(err, loc),
        None => orus_rt_error(code, loc),
    }
}

/// The type tag numbered `n`, defaulting to `i64` for an unknown number.
fn tag(n: u32) -> TypeTag {
    TypeTag::from_u8(n as u8).unwrap_or(TypeTag::I64)
}

/// Raises the error of the failing cast of `bits` from tag `from` to tag `to` (§6.2).
#[no_mangle]
pub extern "C" fn orus_rt_cast_fail(from: u32, to: u32, bits: u64, loc: u32) -> ! {
    let err = match crate::cast::cast(tag(from), tag(to), bits) {
        Err(err) => err,
        Ok(_) => RuntimeError::cast_out_of_range(format!(
            "{} value out of {} range",
            tag(from).name(),
            tag(to).name()
        )),
    };
    raise(err, loc)
}

/// `print(values…)`: `types` is the type-list index of the values' static types.
///
/// # Safety
/// `values` must point at `count` readable words.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_print(types: u32, values: *const u64, count: u64) {
    // SAFETY: per the contract above.
    let values = unsafe { words(values, count) };
    crate::print::print_values(types, values);
}

/// `count` words at `ptr` (empty for a null pointer or 0).
///
/// # Safety
/// `ptr` must point at `count` readable words when `count > 0`.
unsafe fn words<'a>(ptr: *const u64, count: u64) -> &'a [u64] {
    if ptr.is_null() || count == 0 {
        return &[];
    }
    // SAFETY: per the contract above.
    unsafe { std::slice::from_raw_parts(ptr, count as usize) }
}

/// `a + b` on strings.
#[no_mangle]
pub extern "C" fn orus_rt_concat(a: u64, b: u64) -> u64 {
    crate::string::concat(a, b)
}

/// Byte-wise comparison of two strings: -1, 0 or 1.
#[no_mangle]
pub extern "C" fn orus_rt_str_compare(a: u64, b: u64) -> i32 {
    crate::string::compare(a, b) as i32
}

/// Byte-wise string equality: 1 or 0.
#[no_mangle]
pub extern "C" fn orus_rt_str_eq(a: u64, b: u64) -> u32 {
    crate::string::equals(a, b) as u32
}

/// `len(s)` of a string.
#[no_mangle]
pub extern "C" fn orus_rt_str_len(a: u64) -> i32 {
    crate::string::str_len(a) as i32
}

/// `value as string` for a value with type tag `tag`.
#[no_mangle]
pub extern "C" fn orus_rt_to_string(tag_number: u32, bits: u64) -> u64 {
    crate::cast::to_string(tag(tag_number), bits)
}

/// `assert_eq(label, actual, expected)`: `types` is the type-list index of
/// `[actual type, expected type]`; 1 when equal, else raises the assertion error at `loc`.
#[no_mangle]
pub extern "C" fn orus_rt_assert_eq(
    label: u64,
    types: u32,
    actual: u64,
    expected: u64,
    loc: u32,
) -> u32 {
    match crate::assert::assert_eq(label, types, actual, expected) {
        Ok(equal) => equal as u32,
        Err(err) => raise(err, loc),
    }
}

/// `timestamp()`: monotonic seconds.
#[no_mangle]
pub extern "C" fn orus_rt_timestamp() -> f64 {
    crate::time::timestamp()
}
