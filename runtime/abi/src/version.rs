//! [`ABI_VERSION`]: a fingerprint of the opcode table and the `#[repr(C)]` frame structures, so
//! bytecode or native code built against another layout is refused instead of misread.

use crate::frame::{FrameHeader, FuncDesc};
use crate::opcode::{Format, Opcode};

/// Fingerprint of the opcode table and frame layouts (FNV-1a, computed at compile time).
pub const ABI_VERSION: u64 = fingerprint();

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

const fn mix(hash: u64, byte: u8) -> u64 {
    (hash ^ byte as u64).wrapping_mul(FNV_PRIME)
}

const fn mix_word(mut hash: u64, word: u64) -> u64 {
    let mut i = 0;
    while i < 8 {
        hash = mix(hash, (word >> (i * 8)) as u8);
        i += 1;
    }
    hash
}

const fn mix_format(mut hash: u64, f: Format) -> u64 {
    hash = mix(hash, f.layout as u8);
    hash = mix(hash, f.a as u8);
    hash = mix(hash, f.b as u8);
    hash = mix(hash, f.c as u8);
    mix(hash, f.next as u8)
}

const fn fingerprint() -> u64 {
    let mut hash = FNV_OFFSET;
    let mut i = 0;
    while i < Opcode::ALL.len() {
        let op = Opcode::ALL[i];
        let name = op.name().as_bytes();
        let mut j = 0;
        while j < name.len() {
            hash = mix(hash, name[j]);
            j += 1;
        }
        hash = mix_format(hash, op.format());
        i += 1;
    }
    hash = mix_word(hash, core::mem::size_of::<FrameHeader>() as u64);
    mix_word(hash, core::mem::size_of::<FuncDesc>() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_stable_within_a_build() {
        assert_eq!(ABI_VERSION, fingerprint());
        assert_ne!(ABI_VERSION, FNV_OFFSET);
    }
}
