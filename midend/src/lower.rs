//! Typed tree → register IR.
//!
//! Each typed function instance becomes one IR function with the same index; the module's
//! entry function is synthesized after them and calls every module initialiser in
//! `init_order`. After the entry come the *adapters*: one per named function used as a value
//! (`FuncRef`), taking the ignored closure environment as parameter 0 and calling the named
//! function (docs/HEAP.md §5).
//!
//! Heap values follow docs/HEAP.md: arrays, structs and enums become the dedicated
//! instructions or generic runtime calls ([`crate::ir::RtFn`]); captured locals live in
//! cells created at function entry (so a cell exists before any closure can capture it, even
//! for a local first assigned in an `if` branch); `try` regions become `TryEnter`/`TryExit`
//! with [`crate::ir::Block::handler`] set on every guarded block.
//!
//! One cell per captured local per call: closures created in different iterations of a loop
//! share the loop variable (as in Python), while closures made by two calls are independent
//! (§10.6).

mod closure;
mod expr;
mod func;
mod heap;
mod loops;
mod stmt;
mod types;

use std::collections::HashMap;

use orus_frontend::source::{SourceMap, Span};
use orus_frontend::typed;

use crate::ir::{self, Block, FuncId, Inst, LocId, Location, StrId, Term};

/// Lowers a whole checked program. Fails with an internal-error message when the program
/// uses a construct this lowering does not support yet.
pub fn lower_program(program: &typed::Program, sources: &SourceMap) -> Result<ir::Module, String> {
    let mut ctx = ModuleCtx::new(program, sources);
    let mut globals = program
        .globals
        .iter()
        .map(|g| {
            let ty = types::class_of(&g.ty)
                .ok_or_else(|| format!("internal error: global '{}' has no value type", g.name))?;
            Ok(ir::Global {
                name: g.name.clone(),
                ty,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    // A `bool` flag global for each module variable that needs an init check (§7.6).
    for g in &program.globals {
        let flag = g.needs_init_check.then(|| {
            globals.push(ir::Global {
                name: format!("{}.assigned", g.name),
                ty: ir::Ty::Bool,
            });
            ir::GlobalId(globals.len() as u32 - 1)
        });
        ctx.global_flags.push(flag);
    }
    let mut funcs = Vec::with_capacity(program.functions.len() + 1);
    for function in &program.functions {
        funcs.push(func::lower_function(&mut ctx, function)?);
    }
    let entry = FuncId(funcs.len() as u32);
    funcs.push(entry_function(&mut ctx));
    let mut next = 0;
    while let Some(&target) = ctx.adapters.get(next) {
        funcs.push(closure::adapter_function(&mut ctx, target)?);
        next += 1;
    }
    let structs = program
        .structs
        .iter()
        .map(|s| {
            let fields = s
                .fields
                .iter()
                .map(|(name, ty)| Ok((name.clone(), types::value_type(ty)?)))
                .collect::<Result<Vec<_>, String>>()?;
            Ok(ir::StructDesc {
                name: s.name.clone(),
                fields,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let enums = program
        .enums
        .iter()
        .map(|e| ir::EnumDesc {
            name: e.name.clone(),
            variants: e
                .variants
                .iter()
                .map(|(name, payloads)| ir::VariantDesc {
                    name: name.clone(),
                    arity: payloads.len() as u32,
                })
                .collect(),
        })
        .collect();
    Ok(ir::Module {
        funcs,
        globals,
        strings: ctx.strings,
        files: sources.files().iter().map(|f| f.path.clone()).collect(),
        locations: ctx.locations,
        entry,
        structs,
        enums,
    })
}

/// The synthesized program entry: clears the init flags of module variables, runs each
/// module initialiser in order, then returns.
fn entry_function(ctx: &mut ModuleCtx) -> ir::Function {
    let span = ctx
        .program
        .init_order
        .last()
        .and_then(|f| ctx.program.functions.get(f.0 as usize))
        .map(|f| f.span)
        .unwrap_or_default();
    let loc = ctx.loc(span);
    let mut regs = Vec::new();
    let mut insts = Vec::new();
    let flags: Vec<ir::GlobalId> = ctx.global_flags.iter().flatten().copied().collect();
    if !flags.is_empty() {
        let unset = ir::Reg(0);
        regs.push(ir::RegInfo {
            ty: ir::Ty::Bool,
            name: None,
        });
        insts.push(Inst::Const {
            dst: unset,
            value: ir::Const::Bool(false),
        });
        for global in flags {
            insts.push(Inst::StoreGlobal { global, src: unset });
        }
    }
    insts.extend(ctx.program.init_order.iter().map(|init| Inst::Call {
        dst: None,
        func: FuncId(init.0),
        args: Vec::new(),
        loc,
    }));
    ir::Function {
        name: "<entry>".into(),
        params: Vec::new(),
        ret: None,
        regs,
        blocks: vec![Block {
            insts,
            term: Term::Return(None),
            handler: None,
        }],
        loc,
        layout: None,
        value_name: String::new(),
    }
}

/// State shared by every function of the module: interned strings and source locations.
pub(crate) struct ModuleCtx<'a> {
    /// The program being lowered.
    pub(crate) program: &'a typed::Program,
    sources: &'a SourceMap,
    strings: Vec<Vec<u8>>,
    string_ids: HashMap<Vec<u8>, StrId>,
    locations: Vec<Location>,
    location_ids: HashMap<(u32, u32, u32), LocId>,
    /// For each typed global, the IR global of its init flag when it needs one.
    pub(crate) global_flags: Vec<Option<ir::GlobalId>>,
    /// Named functions used as values, in order of first use; adapter `i` is IR function
    /// `program.functions.len() + 1 + i`.
    pub(crate) adapters: Vec<typed::FuncId>,
    adapter_ids: HashMap<typed::FuncId, FuncId>,
}

impl<'a> ModuleCtx<'a> {
    fn new(program: &'a typed::Program, sources: &'a SourceMap) -> ModuleCtx<'a> {
        ModuleCtx {
            program,
            sources,
            strings: Vec::new(),
            string_ids: HashMap::new(),
            locations: Vec::new(),
            location_ids: HashMap::new(),
            global_flags: Vec::new(),
            adapters: Vec::new(),
            adapter_ids: HashMap::new(),
        }
    }

    /// The IR function of the adapter that makes named function `target` a value.
    pub(crate) fn adapter(&mut self, target: typed::FuncId) -> FuncId {
        if let Some(&id) = self.adapter_ids.get(&target) {
            return id;
        }
        let id = FuncId((self.program.functions.len() + 1 + self.adapters.len()) as u32);
        self.adapters.push(target);
        self.adapter_ids.insert(target, id);
        id
    }

    /// Interns a constant string.
    pub(crate) fn intern(&mut self, bytes: &[u8]) -> StrId {
        if let Some(&id) = self.string_ids.get(bytes) {
            return id;
        }
        let id = StrId(self.strings.len() as u32);
        self.strings.push(bytes.to_vec());
        self.string_ids.insert(bytes.to_vec(), id);
        id
    }

    /// The location id of a span, resolving its line and column once.
    pub(crate) fn loc(&mut self, span: Span) -> LocId {
        let key = (span.file.0, span.start, span.end);
        if let Some(&id) = self.location_ids.get(&key) {
            return id;
        }
        let (line, col) = match self.sources.files().get(span.file.0 as usize) {
            Some(file) if (span.start as usize) <= file.text.len() => {
                let (line, col) = file.line_col(span.start as usize);
                (line as u32, col as u32)
            }
            _ => (0, 0),
        };
        let id = LocId(self.locations.len() as u32);
        self.locations.push(Location {
            file: span.file.0,
            start: span.start,
            end: span.end,
            line,
            col,
        });
        self.location_ids.insert(key, id);
        id
    }
}
