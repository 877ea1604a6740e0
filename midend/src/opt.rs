//! The optimizer: semantics-preserving passes over the register IR, one per file, run
//! before register allocation.

mod const_fold;
mod copy_prop;
mod dce;
mod promote_globals;
mod unreachable;

pub use const_fold::fold_constants;
pub use copy_prop::propagate_copies;
pub use dce::remove_dead_code;
pub use promote_globals::promote_globals;
pub use unreachable::remove_unreachable_blocks;

use crate::ir::Module;

/// Runs every pass on every function that is not yet register-allocated, until nothing
/// changes (bounded, since each round only shrinks or simplifies the code).
pub fn optimize(m: &mut Module) {
    for func in m.funcs.iter_mut().filter(|f| f.layout.is_none()) {
        promote_globals(func, &m.globals);
        for _ in 0..4 {
            let folded = fold_constants(func);
            let copied = propagate_copies(func);
            let unreachable = remove_unreachable_blocks(func);
            let dead = remove_dead_code(func);
            if !(folded || copied || unreachable || dead) {
                break;
            }
        }
    }
}
