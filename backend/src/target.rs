//! The target table: the three machines orusc compiles for, and their LLVM target machines.

use crate::error::BackendError;
use inkwell::module::{FlagBehavior, Module};
use inkwell::targets::{
    CodeModel, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple,
};
use inkwell::OptimizationLevel;

/// A machine orusc builds native executables for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Arch {
    /// `x86_64-unknown-linux-gnu`.
    X86_64,
    /// `aarch64-unknown-linux-gnu`.
    Aarch64,
    /// `riscv64gc-unknown-linux-gnu` (RV64GC, `lp64d` float ABI).
    Riscv64,
}

impl Arch {
    /// Every supported target.
    pub const ALL: [Arch; 3] = [Arch::X86_64, Arch::Aarch64, Arch::Riscv64];

    /// The Rust/cargo target triple (names the runtime archive's folder).
    pub fn triple(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64-unknown-linux-gnu",
            Arch::Aarch64 => "aarch64-unknown-linux-gnu",
            Arch::Riscv64 => "riscv64gc-unknown-linux-gnu",
        }
    }

    /// The triple LLVM is given.
    fn llvm_triple(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86_64-unknown-linux-gnu",
            Arch::Aarch64 => "aarch64-unknown-linux-gnu",
            Arch::Riscv64 => "riscv64-unknown-linux-gnu",
        }
    }

    /// The target named by `triple` (cargo's spelling, `riscv64-…` also accepted).
    pub fn from_triple(triple: &str) -> Option<Arch> {
        match triple {
            "x86_64-unknown-linux-gnu" => Some(Arch::X86_64),
            "aarch64-unknown-linux-gnu" => Some(Arch::Aarch64),
            "riscv64gc-unknown-linux-gnu" | "riscv64-unknown-linux-gnu" => Some(Arch::Riscv64),
            _ => None,
        }
    }

    /// The machine orusc itself runs on, when it is one of the supported targets.
    pub fn host() -> Option<Arch> {
        if cfg!(target_arch = "x86_64") {
            Some(Arch::X86_64)
        } else if cfg!(target_arch = "aarch64") {
            Some(Arch::Aarch64)
        } else if cfg!(target_arch = "riscv64") {
            Some(Arch::Riscv64)
        } else {
            None
        }
    }

    /// Baseline CPU: the same one a C compiler targets by default.
    fn cpu(self) -> &'static str {
        match self {
            Arch::X86_64 => "x86-64",
            Arch::Aarch64 => "generic",
            Arch::Riscv64 => "generic-rv64",
        }
    }

    /// CPU features of the baseline.
    fn features(self) -> &'static str {
        match self {
            Arch::X86_64 => "",
            Arch::Aarch64 => "+neon",
            Arch::Riscv64 => "+m,+a,+f,+d,+c",
        }
    }

    /// Initializes LLVM's code generator for this target (idempotent).
    fn initialize(self) {
        let config = InitializationConfig::default();
        match self {
            Arch::X86_64 => Target::initialize_x86(&config),
            Arch::Aarch64 => Target::initialize_aarch64(&config),
            Arch::Riscv64 => Target::initialize_riscv(&config),
        }
    }

    /// A target machine for this target at optimization level `opt` (0..=3).
    pub fn machine(self, opt: u8) -> Result<TargetMachine, BackendError> {
        self.initialize();
        let triple = TargetTriple::create(self.llvm_triple());
        let target = Target::from_triple(&triple)
            .map_err(|e| BackendError::Target(format!("{}: {e}", self.triple())))?;
        let level = match opt {
            0 => OptimizationLevel::None,
            1 => OptimizationLevel::Less,
            2 => OptimizationLevel::Default,
            _ => OptimizationLevel::Aggressive,
        };
        target
            .create_target_machine(
                &triple,
                self.cpu(),
                self.features(),
                level,
                RelocMode::PIC,
                CodeModel::Default,
            )
            .ok_or_else(|| {
                BackendError::Target(format!("no LLVM target machine for {}", self.triple()))
            })
    }

    /// Stamps `module` with this target's triple, data layout and ABI flags.
    pub fn configure(self, module: &Module<'_>, machine: &TargetMachine) {
        module.set_triple(&machine.get_triple());
        module.set_data_layout(&machine.get_target_data().get_data_layout());
        if self == Arch::Riscv64 {
            let abi = module.get_context().metadata_string("lp64d");
            module.add_metadata_flag("target-abi", FlagBehavior::Error, abi);
        }
    }
}
