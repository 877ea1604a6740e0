//! Statement lowering: control flow becomes blocks and terminators.

use orus_frontend::typed::{Expr, FunctionKind, LocalId, Stmt, StmtKind};

use super::func::{FnBuilder, LoopTargets};
use super::types::value_type;
use crate::ir::{Inst, Reg, Term, TrapKind, Ty};

impl FnBuilder<'_, '_> {
    /// Lowers a function body (or a nested tail position), applying the implicit-return rule
    /// of §10.2 to its last statement when the function returns a value.
    pub(crate) fn lower_body(&mut self, stmts: &[Stmt]) -> Result<(), String> {
        let returns_value = self.source.kind != FunctionKind::ModuleInit
            && self.source.ret != orus_frontend::typed::Ty::Void;
        match stmts.split_last() {
            Some((last, rest)) if returns_value => {
                self.stmts(rest)?;
                self.tail(last)
            }
            _ => self.stmts(stmts),
        }
    }

    /// Lowers a statement in tail position: an expression of the return type is returned.
    fn tail(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::Expr(e) if e.ty == self.source.ret => {
                let value = self.value(e)?;
                self.return_value(Some(value));
                Ok(())
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } if !otherwise.is_empty() => self.if_stmt(cond, then, otherwise, true),
            StmtKind::Block(stmts) => self.lower_body(stmts),
            _ => self.stmt(stmt),
        }
    }

    /// Lowers statements in order.
    pub(crate) fn stmts(&mut self, stmts: &[Stmt]) -> Result<(), String> {
        stmts.iter().try_for_each(|s| self.stmt(s))
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<(), String> {
        match &stmt.kind {
            StmtKind::Expr(e) => {
                self.expr(e)?;
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.if_stmt(cond, then, otherwise, false)?,
            StmtKind::While { id, cond, body } => {
                let header = self.new_block();
                self.jump_to(header);
                let c = self.value(cond)?;
                let body_block = self.new_block();
                let exit = self.new_block();
                self.branch(c, body_block, exit);
                self.switch_to(body_block);
                self.loop_body(*id, exit, header, body)?;
                self.switch_to(exit);
            }
            StmtKind::ForRange {
                id,
                var,
                start,
                end,
                step,
                inclusive,
                body,
            } => self.for_range(*id, *var, [start, end], step.as_ref(), *inclusive, body)?,
            StmtKind::ForInt {
                id,
                var,
                count,
                body,
            } => self.for_int(*id, *var, count, body)?,
            StmtKind::ForArray {
                id,
                var,
                array,
                body,
            } => self.for_array(*id, *var, array, body)?,
            StmtKind::ForRangeValue {
                id,
                var,
                range,
                body,
            } => self.for_range_value(*id, *var, range, body)?,
            StmtKind::Try { body, var, handler } => self.try_stmt(body, *var, handler)?,
            StmtKind::Break(id) => {
                let target = self.loop_targets(*id)?;
                self.exit_tries(target.tries);
                self.terminate(Term::Jump(target.exit));
            }
            StmtKind::Continue(id) => {
                let target = self.loop_targets(*id)?;
                self.exit_tries(target.tries);
                self.terminate(Term::Jump(target.next));
            }
            StmtKind::Return(value) => self.return_stmt(value.as_ref())?,
            StmtKind::Print(args) => self.print(args)?,
            StmtKind::Block(stmts) => self.stmts(stmts)?,
            StmtKind::MissingReturn => {
                let loc = self.loc(stmt.span);
                let name = self.source.source_name.clone();
                self.terminate(Term::Trap {
                    kind: TrapKind::MissingReturn(name),
                    loc,
                });
            }
        }
        Ok(())
    }

    /// `if`/`else`; in tail position each branch returns its tail value.
    fn if_stmt(
        &mut self,
        cond: &Expr,
        then: &[Stmt],
        otherwise: &[Stmt],
        tail: bool,
    ) -> Result<(), String> {
        let c = self.value(cond)?;
        let then_block = self.new_block();
        let else_block = self.new_block();
        let join = self.new_block();
        self.branch(c, then_block, else_block);
        for (block, stmts) in [(then_block, then), (else_block, otherwise)] {
            self.switch_to(block);
            if tail {
                self.lower_body(stmts)?;
            } else {
                self.stmts(stmts)?;
            }
            self.set_term(Term::Jump(join));
        }
        self.switch_to(join);
        Ok(())
    }

    /// Lowers a loop body with `break` going to `exit` and `continue` to `next`, then jumps
    /// to `next`.
    pub(crate) fn loop_body(
        &mut self,
        id: orus_frontend::typed::LoopId,
        exit: crate::ir::BlockId,
        next: crate::ir::BlockId,
        body: &[Stmt],
    ) -> Result<(), String> {
        let tries = self.tries.len();
        self.loops.insert(id, LoopTargets { exit, next, tries });
        self.stmts(body)?;
        self.loops.remove(&id);
        self.set_term(Term::Jump(next));
        Ok(())
    }

    fn loop_targets(&self, id: orus_frontend::typed::LoopId) -> Result<LoopTargets, String> {
        self.loops
            .get(&id)
            .copied()
            .ok_or_else(|| format!("internal error: break or continue outside loop {}", id.0))
    }

    /// `return [value]`; at module level the initialiser returns (the program then ends when
    /// it is the root module's).
    fn return_stmt(&mut self, value: Option<&Expr>) -> Result<(), String> {
        let value = match value {
            Some(e) => self.expr(e)?,
            None => None,
        };
        let value = if self.source.kind == FunctionKind::ModuleInit {
            None
        } else {
            value
        };
        self.return_value(value);
        Ok(())
    }

    /// Returns from the function, first leaving every open `try` region.
    fn return_value(&mut self, value: Option<Reg>) {
        self.exit_tries(0);
        self.terminate(Term::Return(value));
    }

    /// `try: body catch [var]: handler` (docs/HEAP.md §7): `TryEnter` in the current block,
    /// the guarded blocks carry the handler, the normal exit runs `TryExit`; the handler
    /// block binds the error value and belongs to the enclosing region.
    fn try_stmt(
        &mut self,
        body: &[Stmt],
        var: Option<LocalId>,
        handler: &[Stmt],
    ) -> Result<(), String> {
        let error = self.new_reg(Ty::Ref, None);
        let catch = self.new_block();
        let join = self.new_block();
        self.emit(Inst::TryEnter {
            handler: catch,
            error,
        });
        self.tries.push(catch);
        let guarded = self.new_block();
        self.jump_to(guarded);
        let lowered = self.stmts(body);
        self.tries.pop();
        lowered?;
        self.emit(Inst::TryExit);
        self.set_term(Term::Jump(join));
        self.switch_to(catch);
        if let Some(var) = var {
            self.write_local(var, error)?;
        }
        self.stmts(handler)?;
        self.jump_to(join);
        Ok(())
    }

    fn print(&mut self, args: &[Expr]) -> Result<(), String> {
        let types = args
            .iter()
            .map(|a| value_type(&a.ty))
            .collect::<Result<Vec<_>, _>>()?;
        let refs: Vec<&Expr> = args.iter().collect();
        let args = self.operands(&refs)?;
        self.emit(Inst::Print { types, args });
        Ok(())
    }
}
