//! Object files for every target, checked with the `object` crate: machine, class,
//! endianness and ELF flags (RISC-V: RVC and the double-float ABI).

mod common;

use common::{module, FnBuilder};
use object::{Architecture, BinaryFormat, Endianness, FileFlags, Object, ObjectSymbol};
use orus_backend::{compile, Arch, Emit, Options};
use orus_midend::ir::*;

/// `main` printing `2.5 * 4.0`: uses floating point, so the float ABI matters.
fn float_program() -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let x = b.konst(e, Const::F64(2.5));
    let y = b.konst(e, Const::F64(4.0));
    let p = b.bin(e, BinOp::Mul, Ty::F64, x, y, 0);
    b.print(e, vec![ValueType::F64], vec![p]);
    module(vec![b.f], &[], "app.orus", &[(0, 1, 1, 1)])
}

/// The object file bytes of `float_program` for `arch`.
fn object_bytes(arch: Arch) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("prog.o");
    let options = Options {
        arch,
        opt: 2,
        emit: Emit::Obj,
        runtime: None,
    };
    compile(&float_program(), &options, &out).expect("object file");
    std::fs::read(&out).expect("read object")
}

fn elf_flags(file: &object::File) -> u32 {
    match file.flags() {
        FileFlags::Elf { e_flags, .. } => e_flags,
        other => panic!("not an ELF file: {other:?}"),
    }
}

#[test]
fn x86_64_object() {
    let bytes = object_bytes(Arch::X86_64);
    let file = object::File::parse(&*bytes).expect("parse");
    assert_eq!(file.format(), BinaryFormat::Elf);
    assert_eq!(file.architecture(), Architecture::X86_64);
    assert!(file.is_64());
    assert_eq!(file.endianness(), Endianness::Little);
    assert!(file
        .symbols()
        .any(|s| s.name() == Ok("main") && s.is_global()));
}

#[test]
fn aarch64_object() {
    let bytes = object_bytes(Arch::Aarch64);
    let file = object::File::parse(&*bytes).expect("parse");
    assert_eq!(file.architecture(), Architecture::Aarch64);
    assert!(file.is_64());
    assert_eq!(file.endianness(), Endianness::Little);
    assert_eq!(elf_flags(&file), 0);
}

#[test]
fn riscv64_object_uses_rvc_and_the_double_float_abi() {
    let bytes = object_bytes(Arch::Riscv64);
    let file = object::File::parse(&*bytes).expect("parse");
    assert_eq!(file.architecture(), Architecture::Riscv64);
    assert!(file.is_64());
    let flags = elf_flags(&file);
    assert_eq!(
        flags & object::elf::EF_RISCV_FLOAT_ABI,
        object::elf::EF_RISCV_FLOAT_ABI_DOUBLE,
        "e_flags {flags:#x}"
    );
    assert_ne!(flags & object::elf::EF_RISCV_RVC, 0, "e_flags {flags:#x}");
}

#[test]
fn runtime_archives_carry_the_abi_version() {
    for arch in Arch::ALL {
        let Some(path) = common::runtime_for(arch) else {
            continue;
        };
        let version = orus_backend::archive::archive_version(&path).expect("readable archive");
        assert_eq!(
            version,
            Some(orus_abi::version::ABI_VERSION),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_foreign_archive_version_is_refused() {
    let Some(host) = Arch::host() else { return };
    let Some(good) = common::runtime_for(host) else {
        return;
    };
    let mut bytes = std::fs::read(&good).expect("read archive");
    let version = orus_abi::version::ABI_VERSION.to_le_bytes();
    let mut flipped = 0;
    while let Some(at) = bytes.windows(8).position(|w| w == version) {
        bytes[at] ^= 0xff;
        flipped += 1;
    }
    assert!(flipped > 0, "version bytes in the archive");
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("liborus_rt.a");
    std::fs::write(&bad, bytes).expect("write archive");
    let err = orus_backend::archive::find_runtime(host, Some(&bad)).expect_err("refused");
    assert!(err.to_string().contains("runtime ABI"), "{err}");
}

#[test]
fn assembly_and_llvm_text_can_be_emitted() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (emit, needle) in [
        (Emit::Asm, "orus_rt_print"),
        (Emit::Llvm, "define i32 @main"),
    ] {
        let out = dir.path().join("prog.txt");
        let options = Options {
            arch: Arch::Riscv64,
            opt: 1,
            emit,
            runtime: None,
        };
        compile(&float_program(), &options, &out).expect("text output");
        let text = std::fs::read_to_string(&out).expect("read output");
        assert!(text.contains(needle), "{emit:?}: {text}");
    }
}

#[test]
fn linker_failure_is_a_short_diagnostic() {
    let Some(host) = Arch::host() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let object = dir.path().join("bad.o");
    std::fs::write(&object, b"not an object file").expect("write");
    let err = orus_backend::link::link(host, &object, &object, &dir.path().join("out"))
        .expect_err("linking garbage fails");
    let text = err.to_string();
    assert!(text.starts_with("linking failed: "), "{text}");
    assert!(text.lines().count() <= 14, "{text}");
}
