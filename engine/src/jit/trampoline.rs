//! Entry trampolines: how the interpreter (Rust, the host's C calling convention) calls a
//! compiled function (Cranelift's `tail` convention, its wasm signature).
//!
//! `trampoline(vmctx, cells)` loads the arguments from the frame's 64-bit cells, calls the
//! function, and stores its results back into cells `0..` as the interpreter keeps them
//! (32-bit values zero-extended, floats by their bits, a v128 in two cells). After a trap the cells hold nothing
//! meaningful, and the trap's code is in the `VmCtx`.
//!
//! The call is a `try_call` whose every exception goes to a landing pad that just returns:
//! that is where the signal handler resumes after a guard-page fault in the compiled frames
//! below (`super::signals`), with this frame's pointer, which the trampoline leaves in the
//! `VmCtx` before the call, and its stack pointer (Cranelift reports both the landing pad's
//! offset and the frame's size at the call: `super::compile_body`).

use super::translate::{
    Unsupported, cell_flags, cell_offsets, clif_type, func_name, wasm_signature,
};
use crate::value::FuncType;
use cranelift_codegen::ir::{
    self, AbiParam, BlockArg, BlockCall, ExceptionTableData, ExceptionTableItem, ExtFuncData,
    ExternalName, InstBuilder, MemFlagsData, Signature, UserExternalName, UserFuncName, types,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

/// The entry trampoline of defined function `def` of type `ty`.
pub fn build(
    def: u32,
    ty: &FuncType,
    host: CallConv,
    frontend: TargetFrontendConfig,
) -> Result<ir::Function, Unsupported> {
    let mut sig = Signature::new(host);
    sig.params.push(AbiParam::new(types::I64));
    sig.params.push(AbiParam::new(types::I64));
    let mut func =
        ir::Function::with_name_signature(UserFuncName::User(UserExternalName::new(1, def)), sig);
    let mut fb = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fb);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    let (vmctx, cells) = (b.block_params(entry)[0], b.block_params(entry)[1]);
    let flags = MemFlagsData::trusted();
    let mut args = vec![vmctx];
    for (&p, at) in ty.params().iter().zip(cell_offsets(ty.params())) {
        args.push(b.ins().load(clif_type(p)?, cell_flags(), cells, at));
    }
    let callee_sig = b.import_signature(wasm_signature(ty)?);
    let name = b.func.declare_imported_user_function(func_name(def));
    let callee = b.import_function(ExtFuncData {
        name: ExternalName::user(name),
        signature: callee_sig,
        colocated: true,
        patchable: false,
    });
    let fp = b.ins().get_frame_pointer(types::I64);
    b.ins().store(flags, fp, vmctx, super::vmctx::ENTRY_FP);
    let normal = b.create_block();
    let landing = b.create_block();
    let result_types = ty
        .results()
        .iter()
        .map(|&t| clif_type(t))
        .collect::<Result<Vec<_>, _>>()?;
    for &t in &result_types {
        b.append_block_param(normal, t);
    }
    let dfg = &mut b.func.dfg;
    let table = ExceptionTableData::new(
        callee_sig,
        BlockCall::new(
            normal,
            (0..result_types.len()).map(|i| BlockArg::TryCallRet(i as u32)),
            &mut dfg.value_lists,
        ),
        [ExceptionTableItem::Default(BlockCall::new(
            landing,
            None,
            &mut dfg.value_lists,
        ))],
    );
    let table = dfg.exception_tables.push(table);
    b.ins().try_call(callee, &args, table);

    // A fault resumed here: the signal handler has stored the trap in the `VmCtx`.
    b.switch_to_block(landing);
    b.ins().return_(&[]);

    b.switch_to_block(normal);
    let results = b.block_params(normal).to_vec();
    let offsets = cell_offsets(ty.results());
    for ((&r, &t), at) in results.iter().zip(ty.results()).zip(offsets) {
        let cell = match clif_type(t)? {
            types::I32 => b.ins().uextend(types::I64, r),
            types::F32 => {
                let bits = b.ins().bitcast(types::I32, MemFlagsData::new(), r);
                b.ins().uextend(types::I64, bits)
            }
            types::F64 => b.ins().bitcast(types::I64, MemFlagsData::new(), r),
            _ => r,
        };
        b.ins().store(cell_flags(), cell, cells, at);
    }
    b.ins().return_(&[]);
    b.seal_all_blocks();
    b.finalize(frontend);
    Ok(func)
}
