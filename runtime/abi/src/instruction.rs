//! Packing and unpacking of 32-bit instruction words (`op:8 A:8 B:8 C:8`, `op:8 A:8 Bx:16`,
//! `op:8 A:8 sBx:16`, `op:8 sAx:24`, `op:8 Ax:24`).

use crate::opcode::Opcode;

/// Largest `Bx` operand.
pub const MAX_BX: u32 = u16::MAX as u32;
/// Range of an `sBx` operand.
pub const SBX_RANGE: core::ops::RangeInclusive<i32> = i16::MIN as i32..=i16::MAX as i32;
/// Range of an 8-bit signed `sB`/`sC` operand.
pub const SC_RANGE: core::ops::RangeInclusive<i32> = i8::MIN as i32..=i8::MAX as i32;
/// Range of a jump offset (`sAx`).
pub const SAX_RANGE: core::ops::RangeInclusive<i32> = -(1 << 23)..=(1 << 23) - 1;
/// Largest `Ax` payload of `EXTRAARG`.
pub const MAX_AX: u32 = (1 << 24) - 1;

/// Encodes `op A B C`.
pub const fn abc(op: Opcode, a: u8, b: u8, c: u8) -> u32 {
    op as u32 | (a as u32) << 8 | (b as u32) << 16 | (c as u32) << 24
}

/// Encodes `op A sB C` where `sB` is a signed 8-bit immediate.
pub const fn a_sb_c(op: Opcode, a: u8, sb: i8, c: u8) -> u32 {
    abc(op, a, sb as u8, c)
}

/// Encodes `op A B sC` where `sC` is a signed 8-bit immediate.
pub const fn ab_sc(op: Opcode, a: u8, b: u8, sc: i8) -> u32 {
    abc(op, a, b, sc as u8)
}

/// Encodes `op A Bx`.
pub const fn abx(op: Opcode, a: u8, bx: u16) -> u32 {
    op as u32 | (a as u32) << 8 | (bx as u32) << 16
}

/// Encodes `op A sBx`.
pub const fn asbx(op: Opcode, a: u8, sbx: i16) -> u32 {
    abx(op, a, sbx as u16)
}

/// Encodes `op sAx`; `sax` must lie in [`SAX_RANGE`].
pub const fn sax(op: Opcode, sax: i32) -> u32 {
    op as u32 | ((sax as u32) << 8)
}

/// Encodes `EXTRAARG Ax`; `ax` must not exceed [`MAX_AX`].
pub const fn extra(ax: u32) -> u32 {
    Opcode::ExtraArg as u32 | ax << 8
}

/// The opcode byte.
#[inline(always)]
pub const fn op(ins: u32) -> u8 {
    ins as u8
}

/// Field `A`.
#[inline(always)]
pub const fn a(ins: u32) -> usize {
    ((ins >> 8) & 0xff) as usize
}

/// Field `B`.
#[inline(always)]
pub const fn b(ins: u32) -> usize {
    ((ins >> 16) & 0xff) as usize
}

/// Field `C`.
#[inline(always)]
pub const fn c(ins: u32) -> usize {
    (ins >> 24) as usize
}

/// Field `B` as a signed immediate.
#[inline(always)]
pub const fn sb(ins: u32) -> i64 {
    ((ins << 8) as i32 >> 24) as i64
}

/// Field `C` as a signed immediate.
#[inline(always)]
pub const fn sc(ins: u32) -> i64 {
    (ins as i32 >> 24) as i64
}

/// Field `Bx`.
#[inline(always)]
pub const fn bx(ins: u32) -> usize {
    (ins >> 16) as usize
}

/// Field `sBx`.
#[inline(always)]
pub const fn sbx(ins: u32) -> i64 {
    (ins as i32 >> 16) as i64
}

/// Field `sAx` (jump offset).
#[inline(always)]
pub const fn sax_of(ins: u32) -> isize {
    (ins as i32 >> 8) as isize
}

/// Field `Ax` (`EXTRAARG` payload).
#[inline(always)]
pub const fn ax(ins: u32) -> usize {
    (ins >> 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abc_round_trip() {
        let ins = abc(Opcode::AddI32, 1, 200, 255);
        assert_eq!(op(ins), Opcode::AddI32 as u8);
        assert_eq!((a(ins), b(ins), c(ins)), (1, 200, 255));
    }

    #[test]
    fn signed_bytes_round_trip() {
        for v in [-128i8, -1, 0, 1, 127] {
            assert_eq!(sc(ab_sc(Opcode::AddImmI32, 3, 4, v)), v as i64);
            let ins = a_sb_c(Opcode::JmpLtImm, 3, v, 1);
            assert_eq!((a(ins), sb(ins), c(ins)), (3, v as i64, 1));
        }
    }

    #[test]
    fn bx_and_sbx_round_trip() {
        assert_eq!(bx(abx(Opcode::LoadK, 7, 65535)), 65535);
        for v in [i16::MIN, -1, 0, 1, i16::MAX] {
            let ins = asbx(Opcode::LoadI, 9, v);
            assert_eq!((a(ins), sbx(ins)), (9, v as i64));
        }
    }

    #[test]
    fn jump_offsets_round_trip() {
        for v in [*SAX_RANGE.start(), -1, 0, 1, *SAX_RANGE.end()] {
            let ins = sax(Opcode::Jmp, v);
            assert_eq!(op(ins), Opcode::Jmp as u8);
            assert_eq!(sax_of(ins), v as isize);
        }
        assert_eq!(ax(extra(MAX_AX)), MAX_AX as usize);
    }
}
