//! Lowering of a whole IR module: module globals, constant strings, the source-location
//! table, the encoded type table, one frame descriptor per function with reference slots,
//! every function, and the C `main` that hands the program description to the runtime
//! (`orus_rt_main`).

use crate::error::BackendError;
use crate::frame::Slots;
use crate::func::lower_function;
use crate::rt::RtFn;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, PointerType};
use inkwell::values::{BasicValueEnum, FunctionValue, GlobalValue, PointerValue, StructValue};
use inkwell::AddressSpace;
use orus_abi::typetable::TypeTable;
use orus_midend::ir::{self, Ty, ValueType};
use std::cell::RefCell;

/// LLVM's `fastcc`: the internal calling convention of Orus functions (arguments in
/// registers, no frame record for scalar-only functions).
pub const FAST_CC: u32 = 8;

/// Module-wide values shared by the lowering of every function.
pub struct ModuleCx<'m, 'ctx> {
    /// The LLVM context.
    pub cx: &'ctx Context,
    /// The module being built.
    pub module: Module<'ctx>,
    /// The IR being lowered.
    pub ir: &'m ir::Module,
    /// The LLVM function of each IR function.
    pub funcs: Vec<FunctionValue<'ctx>>,
    /// `[N x i64]` module globals.
    pub globals: GlobalValue<'ctx>,
    /// `[N x i64]` constant string objects, filled by the runtime at start-up.
    pub strings: GlobalValue<'ctx>,
    /// The innermost frame record.
    pub frame_top: GlobalValue<'ctx>,
    /// The program's type table; type lists are interned while functions are lowered and the
    /// encoded table goes into `ProgramInfo` at the end.
    pub types: RefCell<TypeTable>,
}

impl<'ctx> ModuleCx<'_, 'ctx> {
    /// The LLVM type of register class `ty`.
    pub fn llty(&self, ty: Ty) -> BasicTypeEnum<'ctx> {
        llty(self.cx, ty)
    }

    /// The opaque pointer type.
    pub fn ptr(&self) -> PointerType<'ctx> {
        self.cx.ptr_type(AddressSpace::default())
    }

    /// The type-list index of `list` in the program's type table.
    pub fn type_list(&self, list: &[ValueType]) -> u32 {
        self.types.borrow_mut().intern(list)
    }
}

/// The type table of `ir` before any type list is interned: its structs, enums and the value
/// names of its functions.
fn base_type_table(ir: &ir::Module) -> TypeTable {
    TypeTable {
        type_lists: Vec::new(),
        structs: ir.structs.clone(),
        enums: ir.enums.clone(),
        func_names: ir.funcs.iter().map(|f| f.value_name.clone()).collect(),
    }
}

/// Lowers `ir` to an LLVM module named after its first file (not yet optimized).
pub fn lower_module<'ctx>(
    cx: &'ctx Context,
    ir: &ir::Module,
) -> Result<Module<'ctx>, BackendError> {
    let name = ir.files.first().map_or("orus", String::as_str);
    let module = cx.create_module(name);
    let i64t = cx.i64_type();
    let ptr = cx.ptr_type(AddressSpace::default());
    let globals = array_global(
        &module,
        "orus.globals",
        i64t.array_type(ir.globals.len() as u32),
    );
    let strings = array_global(
        &module,
        "orus.strings",
        i64t.array_type(ir.strings.len() as u32),
    );
    let frame_top = module.add_global(ptr, None, "orus.frame_top");
    frame_top.set_linkage(Linkage::Internal);
    frame_top.set_initializer(&ptr.const_null());

    // Every function is `fastcc (i32 depth, <params by class>) -> <ret class>`: the type
    // follows from the classes alone, so `CallIndirect` derives it from its argument and
    // result registers when it calls a function value's `ClosureObject.code`.
    let mut funcs = Vec::with_capacity(ir.funcs.len());
    for f in &ir.funcs {
        let mut params: Vec<BasicMetadataTypeEnum> = vec![cx.i32_type().into()];
        for &p in &f.params {
            let ty = f.regs.get(p.0 as usize).map_or(Ty::I64, |r| r.ty);
            params.push(llty(cx, ty).into());
        }
        let fn_type = match f.ret {
            Some(ty) => llty(cx, ty).fn_type(&params, false),
            None => cx.void_type().fn_type(&params, false),
        };
        let llfn = module.add_function(
            &format!("orus.{}", f.name),
            fn_type,
            Some(Linkage::Internal),
        );
        llfn.set_call_conventions(FAST_CC);
        funcs.push(llfn);
    }
    let mcx = ModuleCx {
        cx,
        module,
        ir,
        funcs,
        globals,
        strings,
        frame_top,
        types: RefCell::new(base_type_table(ir)),
    };
    for (index, f) in ir.funcs.iter().enumerate() {
        let slots = Slots::of(f);
        let desc = if slots.needs_frame() {
            Some(func_desc(&mcx, f, &slots, index)?)
        } else {
            None
        };
        lower_function(&mcx, f, mcx.funcs[index], desc)?;
    }
    let start = start_function(&mcx)?;
    let info = program_info(&mcx, start)?;
    main_function(&mcx, info)?;
    Ok(mcx.module)
}

/// The LLVM type of register class `ty`.
fn llty(cx: &Context, ty: Ty) -> BasicTypeEnum<'_> {
    match ty {
        Ty::I32 | Ty::U32 => cx.i32_type().into(),
        Ty::I64 | Ty::U64 | Ty::Ref => cx.i64_type().into(),
        Ty::F64 => cx.f64_type().into(),
        Ty::Bool => cx.bool_type().into(),
    }
}

/// An internal zero-initialized array global.
fn array_global<'ctx>(
    module: &Module<'ctx>,
    name: &str,
    ty: inkwell::types::ArrayType<'ctx>,
) -> GlobalValue<'ctx> {
    let g = module.add_global(ty, None, name);
    g.set_linkage(Linkage::Internal);
    g.set_initializer(&ty.const_zero());
    g
}

/// A private constant global holding `value`.
fn constant<'ctx>(
    module: &Module<'ctx>,
    name: &str,
    value: BasicValueEnum<'ctx>,
) -> PointerValue<'ctx> {
    let g = module.add_global(value.get_type(), None, name);
    g.set_linkage(Linkage::Private);
    g.set_constant(true);
    g.set_initializer(&value);
    g.as_pointer_value()
}

/// A `{ptr, i64}` byte-string descriptor (`orus_runtime::native::Bytes`).
fn bytes<'ctx>(m: &ModuleCx<'_, 'ctx>, name: &str, data: &[u8]) -> StructValue<'ctx> {
    let cx = m.cx;
    let text = constant(&m.module, name, cx.const_string(data, false).into());
    cx.const_struct(
        &[
            text.into(),
            cx.i64_type().const_int(data.len() as u64, false).into(),
        ],
        false,
    )
}

/// The static `FuncDesc` of a function with reference slots.
fn func_desc<'ctx>(
    m: &ModuleCx<'_, 'ctx>,
    f: &ir::Function,
    slots: &Slots,
    index: usize,
) -> Result<PointerValue<'ctx>, BackendError> {
    let cx = m.cx;
    let (i32t, i64t) = (cx.i32_type(), cx.i64_type());
    let name = bytes(m, &format!("orus.name.{index}"), f.name.as_bytes());
    let bitmap = slots.ref_bitmap();
    let words: Vec<_> = bitmap.iter().map(|&w| i64t.const_int(w, false)).collect();
    let bitmap_ptr = constant(
        &m.module,
        &format!("orus.refs.{index}"),
        i64t.const_array(&words).into(),
    );
    let fields: Vec<BasicValueEnum> = vec![
        name.get_field_at_index(0)
            .ok_or_else(|| BackendError::Llvm("name".into()))?,
        name.get_field_at_index(1)
            .ok_or_else(|| BackendError::Llvm("name".into()))?,
        i32t.const_int(f.params.len() as u64, false).into(),
        i32t.const_int(slots.frame_size as u64, false).into(),
        i32t.const_int(slots.spill_count as u64, false).into(),
        i32t.const_zero().into(),
        bitmap_ptr.into(),
        i64t.const_int(bitmap.len() as u64, false).into(),
        m.ptr().const_null().into(),
        i64t.const_zero().into(),
        m.ptr().const_null().into(),
    ];
    Ok(constant(
        &m.module,
        &format!("orus.desc.{index}"),
        cx.const_struct(&fields, false).into(),
    ))
}

/// `void orus.start()`: calls the IR entry function at call depth 0.
fn start_function<'ctx>(m: &ModuleCx<'_, 'ctx>) -> Result<FunctionValue<'ctx>, BackendError> {
    let cx = m.cx;
    let start = m.module.add_function(
        "orus.start",
        cx.void_type().fn_type(&[], false),
        Some(Linkage::Internal),
    );
    let b = cx.create_builder();
    b.position_at_end(cx.append_basic_block(start, "entry"));
    let entry =
        m.funcs.get(m.ir.entry.0 as usize).copied().ok_or_else(|| {
            BackendError::Llvm(format!("unknown entry function f{}", m.ir.entry.0))
        })?;
    let takes = m.ir.funcs[m.ir.entry.0 as usize].params.len();
    if takes != 0 {
        return Err(BackendError::Llvm(
            "the entry function takes parameters".into(),
        ));
    }
    let call = b.build_call(entry, &[cx.i32_type().const_zero().into()], "")?;
    call.set_call_convention(FAST_CC);
    b.build_return(None)?;
    Ok(start)
}

/// The constant `ProgramInfo` (`orus_runtime::native::ProgramInfo`).
fn program_info<'ctx>(
    m: &ModuleCx<'_, 'ctx>,
    start: FunctionValue<'ctx>,
) -> Result<PointerValue<'ctx>, BackendError> {
    let cx = m.cx;
    let (i32t, i64t) = (cx.i32_type(), cx.i64_type());
    let bytes_ty = cx.struct_type(&[m.ptr().into(), i64t.into()], false);
    let table = |name: &str, items: Vec<StructValue<'ctx>>| -> PointerValue<'ctx> {
        constant(&m.module, name, bytes_ty.const_array(&items).into())
    };
    let strings: Vec<_> =
        m.ir.strings
            .iter()
            .enumerate()
            .map(|(i, s)| bytes(m, &format!("orus.str.{i}"), s))
            .collect();
    let string_data = table("orus.string_data", strings);
    let files: Vec<_> =
        m.ir.files
            .iter()
            .enumerate()
            .map(|(i, s)| bytes(m, &format!("orus.file.{i}"), s.as_bytes()))
            .collect();
    let files_ptr = table("orus.files", files);
    let row_ty = cx.struct_type(&[i32t.into(); 5], false);
    let rows: Vec<_> =
        m.ir.locations
            .iter()
            .map(|l| {
                let v = [l.file, l.start, l.end, l.line, l.col]
                    .map(|x| i32t.const_int(x as u64, false).into());
                row_ty.const_named_struct(&v)
            })
            .collect();
    let locations = constant(
        &m.module,
        "orus.locations",
        row_ty.const_array(&rows).into(),
    );
    let count = |n: usize| i64t.const_int(n as u64, false).into();
    let encoded = m.types.borrow().encode();
    let types = constant(
        &m.module,
        "orus.types",
        cx.const_string(&encoded, false).into(),
    );
    // At least one word, so the runtime never sees a dangling pointer for an empty bitmap.
    let mut ref_words = vec![0u64; m.ir.globals.len().div_ceil(64).max(1)];
    for (i, g) in m.ir.globals.iter().enumerate() {
        if g.ty == Ty::Ref {
            ref_words[i / 64] |= 1 << (i % 64);
        }
    }
    let ref_words: Vec<_> = ref_words
        .iter()
        .map(|&w| i64t.const_int(w, false))
        .collect();
    let global_refs = constant(
        &m.module,
        "orus.global_refs",
        i64t.const_array(&ref_words).into(),
    );
    let fields: Vec<BasicValueEnum> = vec![
        i64t.const_int(orus_abi::version::ABI_VERSION, false).into(),
        start.as_global_value().as_pointer_value().into(),
        m.globals.as_pointer_value().into(),
        count(m.ir.globals.len()),
        m.strings.as_pointer_value().into(),
        count(m.ir.strings.len()),
        string_data.into(),
        files_ptr.into(),
        count(m.ir.files.len()),
        locations.into(),
        count(m.ir.locations.len()),
        m.frame_top.as_pointer_value().into(),
        types.into(),
        count(encoded.len()),
        global_refs.into(),
    ];
    Ok(constant(
        &m.module,
        "orus.program",
        cx.const_struct(&fields, false).into(),
    ))
}

/// `int main(int, char**)`: returns `orus_rt_main(&orus.program)`.
fn main_function<'ctx>(
    m: &ModuleCx<'_, 'ctx>,
    info: PointerValue<'ctx>,
) -> Result<(), BackendError> {
    let cx = m.cx;
    let i32t = cx.i32_type();
    let main = m.module.add_function(
        "main",
        i32t.fn_type(&[i32t.into(), m.ptr().into()], false),
        Some(Linkage::External),
    );
    let b = cx.create_builder();
    b.position_at_end(cx.append_basic_block(main, "entry"));
    let status = b
        .build_call(RtFn::Main.get(&m.module), &[info.into()], "status")?
        .try_as_basic_value();
    match status {
        inkwell::values::ValueKind::Basic(v) => b.build_return(Some(&v))?,
        inkwell::values::ValueKind::Instruction(_) => b.build_return(Some(&i32t.const_zero()))?,
    };
    Ok(())
}
