//! Helpers for the backend tests: building IR modules by hand, compiling them to executables
//! and running them (natively or under qemu).

#![allow(dead_code)]

use orus_backend::{archive, compile, Arch, Emit, Options};
use orus_midend::ir::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds one IR function.
pub struct FnBuilder {
    /// The function under construction.
    pub f: Function,
}

impl FnBuilder {
    /// A function `name(params) -> ret` with one empty entry block.
    pub fn new(name: &str, params: &[Ty], ret: Option<Ty>) -> FnBuilder {
        let mut b = FnBuilder {
            f: Function {
                value_name: String::new(),
                name: name.to_string(),
                params: vec![],
                ret,
                regs: vec![],
                blocks: vec![],
                loc: LocId(0),
                layout: None,
            },
        };
        for &ty in params {
            let r = b.reg(ty);
            b.f.params.push(r);
        }
        b.block();
        b
    }

    /// A fresh register of class `ty`.
    pub fn reg(&mut self, ty: Ty) -> Reg {
        self.f.regs.push(RegInfo { ty, name: None });
        Reg(self.f.regs.len() as u32 - 1)
    }

    /// A fresh block ending in an unreachable-style return (to be replaced by `end`).
    pub fn block(&mut self) -> BlockId {
        self.f.blocks.push(Block {
            handler: None,
            insts: vec![],
            term: Term::Return(None),
        });
        BlockId(self.f.blocks.len() as u32 - 1)
    }

    /// Appends `inst` to block `b`.
    pub fn push(&mut self, b: BlockId, inst: Inst) {
        self.f.blocks[b.0 as usize].insts.push(inst);
    }

    /// A constant in a fresh register.
    pub fn konst(&mut self, b: BlockId, value: Const) -> Reg {
        let dst = self.reg(value.ty());
        self.push(b, Inst::Const { dst, value });
        dst
    }

    /// `lhs op rhs` (checked) in a fresh register.
    pub fn bin(&mut self, b: BlockId, op: BinOp, ty: Ty, lhs: Reg, rhs: Reg, loc: u32) -> Reg {
        let dst = self.reg(ty);
        self.push(
            b,
            Inst::Binary {
                op,
                ty,
                checked: true,
                dst,
                lhs,
                rhs,
                loc: LocId(loc),
            },
        );
        dst
    }

    /// `lhs op rhs` → bool.
    pub fn cmp(&mut self, b: BlockId, op: CmpOp, ty: Ty, lhs: Reg, rhs: Reg) -> Reg {
        let dst = self.reg(Ty::Bool);
        self.push(
            b,
            Inst::Cmp {
                op,
                ty,
                dst,
                lhs,
                rhs,
            },
        );
        dst
    }

    /// A call of `func` in a fresh register of class `ret`.
    pub fn call(
        &mut self,
        b: BlockId,
        func: u32,
        args: Vec<Reg>,
        ret: Option<Ty>,
        loc: u32,
    ) -> Option<Reg> {
        let dst = ret.map(|t| self.reg(t));
        self.push(
            b,
            Inst::Call {
                dst,
                func: FuncId(func),
                args,
                loc: LocId(loc),
            },
        );
        dst
    }

    /// `print(args)` with the given static types.
    pub fn print(&mut self, b: BlockId, types: Vec<ValueType>, args: Vec<Reg>) {
        self.push(b, Inst::Print { types, args });
    }

    /// Ends block `b` with `term`.
    pub fn end(&mut self, b: BlockId, term: Term) {
        self.f.blocks[b.0 as usize].term = term;
    }
}

/// A module of `funcs` whose entry is function 0, with `strings`, one source file and
/// `locations` (line, col) pointing into it.
pub fn module(
    funcs: Vec<Function>,
    strings: &[&str],
    file: &str,
    locations: &[(u32, u32, u32, u32)],
) -> Module {
    Module {
        enums: Vec::new(),
        structs: Vec::new(),
        funcs,
        globals: vec![],
        strings: strings.iter().map(|s| s.as_bytes().to_vec()).collect(),
        files: vec![file.to_string()],
        locations: locations
            .iter()
            .map(|&(start, end, line, col)| Location {
                file: 0,
                start,
                end,
                line,
                col,
            })
            .collect(),
        entry: FuncId(0),
    }
}

/// The result of running an executable.
#[derive(Debug)]
pub struct Run {
    /// Captured stdout.
    pub stdout: String,
    /// Captured stderr.
    pub stderr: String,
    /// Exit status.
    pub code: i32,
}

/// The runtime archive for `arch`, or `None` (with a note) when it has not been built (or is
/// stale). Under CI (`CI` set) a missing archive is a failure: run scripts/build-runtimes.sh.
pub fn runtime_for(arch: Arch) -> Option<PathBuf> {
    match archive::find_runtime(arch, None) {
        Ok(path) => Some(path),
        Err(err) if std::env::var_os("CI").is_some() => panic!("{err}"),
        Err(err) => {
            eprintln!("skipping {}: {err}", arch.triple());
            None
        }
    }
}

/// Compiles `m` for `arch` into `dir/name`; `None` when the runtime archive is missing.
pub fn build(m: &Module, arch: Arch, dir: &Path, name: &str) -> Option<PathBuf> {
    let runtime = runtime_for(arch)?;
    let out = dir.join(name);
    let options = Options {
        arch,
        opt: 2,
        emit: Emit::Exe,
        runtime: Some(runtime),
    };
    if let Err(err) = compile(m, &options, &out) {
        panic!("build failed: {err}");
    }
    Some(out)
}

/// Runs `exe` (under qemu for foreign targets) in `cwd`.
pub fn run(exe: &Path, arch: Arch, cwd: &Path) -> Run {
    run_with_env(exe, arch, cwd, &[])
}

/// Runs `exe` (under qemu for foreign targets) in `cwd` with extra environment variables.
pub fn run_with_env(exe: &Path, arch: Arch, cwd: &Path, env: &[(&str, &str)]) -> Run {
    run_full(exe, arch, cwd, env, None)
}

/// Runs `exe` (under qemu for foreign targets) in `cwd` with extra environment variables and
/// `stdin` as its standard input (empty when `None`).
pub fn run_full(
    exe: &Path,
    arch: Arch,
    cwd: &Path,
    env: &[(&str, &str)],
    stdin: Option<&[u8]>,
) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut cmd = match arch {
        a if Some(a) == Arch::host() => Command::new(exe),
        Arch::Aarch64 => {
            let mut c = Command::new("qemu-aarch64");
            c.args(["-L", "/usr/aarch64-linux-gnu"]).arg(exe);
            c
        }
        Arch::Riscv64 => {
            let mut c = Command::new("qemu-riscv64");
            c.args(["-L", "/usr/riscv64-linux-gnu"]).arg(exe);
            c
        }
        Arch::X86_64 => Command::new(exe),
    };
    let mut child = cmd
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run executable");
    if let Some(mut pipe) = child.stdin.take() {
        // A program that stops reading early closes the pipe: not an error here.
        let _ = pipe.write_all(stdin.unwrap_or_default());
    }
    let out = child.wait_with_output().expect("wait for executable");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// Builds `m` for the host and runs it in `dir`; `None` when the archive is missing.
pub fn build_and_run(m: &Module, dir: &Path) -> Option<Run> {
    let arch = Arch::host()?;
    let exe = build(m, arch, dir, "prog")?;
    Some(run(&exe, arch, dir))
}

/// `fib(n) -> n` over the integer class `ty`, as function 1 (it calls itself as function 1):
/// `if n < 2: return n; return fib(n - 1) + fib(n - 2)` with checked arithmetic.
pub fn fib(ty: Ty) -> Function {
    let int = |v: i64| match ty {
        Ty::I32 => Const::I32(v as i32),
        _ => Const::I64(v),
    };
    let mut b = FnBuilder::new("fib", &[ty], Some(ty));
    let n = b.f.params[0];
    let (e, small, big) = (BlockId(0), b.block(), b.block());
    let two = b.konst(e, int(2));
    let lt = b.cmp(e, CmpOp::Lt, ty, n, two);
    b.end(
        e,
        Term::Branch {
            cond: lt,
            then: small,
            otherwise: big,
        },
    );
    b.end(small, Term::Return(Some(n)));
    let one = b.konst(big, int(1));
    let n1 = b.bin(big, BinOp::Sub, ty, n, one, 0);
    let n2 = b.bin(big, BinOp::Sub, ty, n, two, 0);
    let a = b.call(big, 1, vec![n1], Some(ty), 0).expect("result");
    let c = b.call(big, 1, vec![n2], Some(ty), 0).expect("result");
    let s = b.bin(big, BinOp::Add, ty, a, c, 0);
    b.end(big, Term::Return(Some(s)));
    b.f
}
