//! orus-rt: the runtime archive native executables link. It re-exports the runtime's
//! `extern "C"` surface ([`orus_runtime::native`]) and stamps the archive with the ABI version
//! the backend checks before linking.

pub use orus_runtime::native::*;

/// The ABI version this archive was built for, in its own section so the backend can read it
/// from the archive without linking (`object` crate).
#[used]
#[link_section = ".orus_abi"]
pub static ORUS_RT_ABI_VERSION: [u8; 8] = orus_abi::version::ABI_VERSION.to_le_bytes();
