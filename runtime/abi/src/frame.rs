//! The frame contract shared by interpreted and native code: the static per-function
//! descriptor and the header that starts every frame.

use core::ffi::c_void;

/// Signature of a natively compiled Orus function.
pub type NativeEntry = unsafe extern "C" fn(ctx: *mut c_void, frame: *mut FrameHeader) -> u64;

/// Static facts about one function, shared by every frame running it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FuncDesc {
    /// UTF-8 name bytes.
    pub name: *const u8,
    /// Length of `name`.
    pub name_len: usize,
    /// Number of parameters.
    pub param_count: u32,
    /// Window slots of the frame.
    pub frame_size: u32,
    /// Spill slots of the frame (frame slots `256..256 + spill_count`).
    pub spill_count: u32,
    /// Reserved; zero.
    pub flags: u32,
    /// Bitmap of `Ref` slots in frame numbering, `ref_bitmap_words` 64-bit words long.
    pub ref_bitmap: *const u64,
    /// Length of `ref_bitmap` in words.
    pub ref_bitmap_words: usize,
    /// Bytecode words.
    pub code: *const u32,
    /// Number of bytecode words.
    pub code_len: usize,
    /// Native entry point when compiled, `None` otherwise.
    pub native_entry: Option<NativeEntry>,
}

/// The header in front of every frame's slots.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct FrameHeader {
    /// The caller's frame (null for the first frame).
    pub prev: *mut FrameHeader,
    /// The function running in this frame.
    pub func: *const FuncDesc,
    /// Bytecode index to resume at (or of the failing instruction).
    pub pc: u32,
    /// Engine flags (bit 0: running natively).
    pub flags: u32,
    /// Number of 64-bit slots following the header.
    pub num_slots: u32,
    /// Reserved; zero.
    pub reserved: u32,
    /// Window slot 0 of the frame (slot `s < 256` is `slots[s]`). Native frames: the address
    /// right after this header. Interpreted frames: the frame's window in the slot stack.
    pub slots: *mut u64,
    /// Spill slot 256 of the frame (slot `s >= 256` is `spills[s - 256]`). Native frames:
    /// `slots + 256`. Interpreted frames: the frame's area in the spill stack.
    pub spills: *mut u64,
}

/// The shadow stack of frames: the innermost frame record of the running Orus code, null when
/// none. Interpreted and native frames push the same [`FrameHeader`] records; the collector
/// walks this chain through [`FrameHeader::prev`] and scans each frame's `Ref` slots (bits of
/// [`FuncDesc::ref_bitmap`]). An engine must store its innermost record here before any runtime
/// call that may allocate.
pub type FrameTop = *mut FrameHeader;
