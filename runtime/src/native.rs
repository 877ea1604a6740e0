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
use orus_abi::types::TypeTag;
use orus_abi::version::ABI_VERSION;
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
            init_strings(&*(address as *const ProgramInfo));
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

/// Allocates the constant string objects on the Orus thread's heap.
///
/// # Safety
/// `program`'s string tables must hold `string_count` valid entries.
unsafe fn init_strings(program: &ProgramInfo) {
    for index in 0..program.string_count as usize {
        // SAFETY: per the contract, both tables have `string_count` entries.
        unsafe {
            let data = *program.string_data.add(index);
            *program.strings.add(index) = crate::string::alloc_str(bytes_of(data));
        }
    }
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

/// Raises the runtime error numbered `code` (see [`codes`]) at location `loc`.
#[no_mangle]
pub extern "C" fn orus_rt_error(code: u32, loc: u32) -> ! {
    let err = match code {
        codes::DIVISION_BY_ZERO => RuntimeError::division_by_zero(),
        codes::NEGATE_MIN => RuntimeError::negate_min(),
        codes::STACK_OVERFLOW => RuntimeError::stack_overflow(),
        codes::ZERO_STEP => RuntimeError::zero_step(),
        codes::NEGATIVE_ITERATION => RuntimeError::negative_iteration(),
        _ => RuntimeError::overflow(),
    };
    fail(&err, loc)
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
    let name = String::from_utf8_lossy(name);
    let err = match code {
        codes::MISSING_RETURN => RuntimeError::missing_return(&name),
        codes::UNASSIGNED => RuntimeError::unassigned(&name),
        other => orus_rt_error(other, loc),
    };
    fail(&err, loc)
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
    fail(&err, loc)
}

/// `print(values…)`: `tags[i]` is the type tag of `values[i]`.
///
/// # Safety
/// `tags` and `values` must point at `count` readable entries each.
#[no_mangle]
pub unsafe extern "C" fn orus_rt_print(tags: *const u8, values: *const u64, count: u64) {
    if count == 0 {
        crate::print::print_values(&[], &[]);
        return;
    }
    // SAFETY: per the contract above.
    let (tags, values) = unsafe {
        (
            std::slice::from_raw_parts(tags, count as usize),
            std::slice::from_raw_parts(values, count as usize),
        )
    };
    let tags: Vec<TypeTag> = tags.iter().map(|&t| tag(t as u32)).collect();
    crate::print::print_values(&tags, values);
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

/// `assert_eq(label, actual, expected)`: 1 when equal, else the assertion error at `loc`.
#[no_mangle]
pub extern "C" fn orus_rt_assert_eq(
    label: u64,
    actual_tag: u32,
    actual: u64,
    expected_tag: u32,
    expected: u64,
    loc: u32,
) -> u32 {
    match crate::assert::assert_eq(label, tag(actual_tag), actual, tag(expected_tag), expected) {
        Ok(equal) => equal as u32,
        Err(err) => fail(&err, loc),
    }
}

/// `timestamp()`: monotonic seconds.
#[no_mangle]
pub extern "C" fn orus_rt_timestamp() -> f64 {
    crate::time::timestamp()
}
