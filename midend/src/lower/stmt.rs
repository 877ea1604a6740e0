//! Statement lowering: control flow becomes blocks and terminators.

use orus_frontend::typed::{Expr, FunctionKind, Stmt, StmtKind};

use super::expr::unsupported;
use super::func::{FnBuilder, LoopTargets};
use super::types::value_type;
use crate::ir::{Inst, Term, TrapKind};

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
                self.terminate(Term::Return(Some(value)));
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
            StmtKind::ForArray { .. } => return Err(unsupported("for over an array")),
            StmtKind::ForRangeValue { .. } => return Err(unsupported("for over a range value")),
            StmtKind::Try { .. } => return Err(unsupported("try/catch")),
            StmtKind::Break(id) => {
                let target = self.loop_targets(*id)?.exit;
                self.terminate(Term::Jump(target));
            }
            StmtKind::Continue(id) => {
                let target = self.loop_targets(*id)?.next;
                self.terminate(Term::Jump(target));
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
        self.loops.insert(id, LoopTargets { exit, next });
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
        self.terminate(Term::Return(value));
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
