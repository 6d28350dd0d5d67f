"""Which variables become fields of the machine.

A local must survive a suspension if it is *live* there: some path from
the await reads it before writing it. This module computes that with a
backward liveness analysis over the IR (loops iterate to a fixed point; any
statement in a `try` may jump to its handlers and `finally`). The analysis may
over-approximate (hoisting too much costs speed, never correctness), so uses
count every mention and writes only certain assignments. (The live sets also
feed the state table: what `describe()` shows at each await.)

Hoisted too:
* every local that may hold a value at a suspension even if it is never read
  again (`bound_at_suspensions`): natively its value lives until the
  variable is rebound or deleted or the function ends, across the await, and
  a finalizer or weak reference shows when it dies;
* parameters (they must reach the first `move_next()` from `__init__`);
* locals that a nested function, lambda or generator expression uses (it can
  run while the coroutine is suspended, or after it, and must see one variable).
"""

from __future__ import annotations

import libcst as cst

from . import ir
from .symbols import Scope
from .syntax import names_in


def variables_to_hoist(
    body: list[ir.Node], scope: Scope, temps: list[str], deferred_captures: set[str],
    live_at: dict | None = None,
) -> set[str]:
    """The variables to keep in fields. If `live_at` is given, it receives,
    for each suspension point (by id), the variables live across it."""
    candidates = scope.local_names | set(temps)
    analysis = _Liveness(candidates)
    analysis.block(body, set(), _Jumps(set(), set(), set()))
    if live_at is not None:
        live_at.update(analysis.live_at)
    # (Not the names of nested functions and classes, nor variables nested
    # code uses: their handling is the closures' own, see deferred captures.)
    bound = bound_at_suspensions(body) & scope.local_names
    bound -= _defined_names(body) | scope.captured()
    hoisted = set(analysis.live_across) | bound | set(scope.params) | deferred_captures
    return hoisted & (candidates | set(scope.params))


def bound_at_suspensions(body: list[ir.Node]) -> set[str]:
    """Names that may hold a value at some suspension point (an
    over-approximation: every name mentioned before it in the code, and
    anywhere in a loop around it, whose next iteration follows it)."""
    seen: set[str] = set()
    kept: set[str] = set()

    def mentions(*parts) -> set[str]:
        found: set[str] = set()
        for part in parts:
            if part is not None:
                found |= names_in(part)
        return found

    def block(nodes: list[ir.Node]) -> None:
        for node in nodes:
            visit(node)

    def visit(node: ir.Node) -> None:
        if isinstance(node, (ir.While, ir.For)):
            # Whatever the loop binds may be bound at any await inside it.
            seen.update(*(mentions(*_expressions(inner)) for inner in ir.walk([node])))
        seen.update(mentions(*_expressions(node)))
        if isinstance(node, (ir.Await, ir.Yield)):
            kept.update(seen)
        if isinstance(node, ir.Try):
            block(node.body)
            for handler in node.handlers:
                seen.update(mentions(handler.type))
                if handler.name:
                    seen.add(handler.name)
                block(handler.body)
            block(node.orelse)
            if node.finalbody is not None:
                block(node.finalbody)
            return
        for inner in node.blocks():
            block(inner)

    block(body)
    return kept


def _defined_names(body: list[ir.Node]) -> set[str]:
    """Names `def` and `class` statements bind."""
    return {
        node.statement.name.value
        for node in ir.walk(body)
        if isinstance(node, ir.Code) and isinstance(node.statement, (cst.FunctionDef, cst.ClassDef))
    }


def _expressions(node: ir.Node) -> list:
    """The libcst parts an IR node evaluates or binds itself (not its blocks)."""
    if isinstance(node, ir.Code):
        return [node.statement]
    if isinstance(node, (ir.Await, ir.Yield)):
        return [node.value, node.target]
    if isinstance(node, ir.Return):
        return [node.value]
    if isinstance(node, (ir.If, ir.While)):
        return [node.test]
    if isinstance(node, ir.For):
        return [node.target, node.iter]
    if isinstance(node, ir.With):
        return [node.context, node.target]
    if isinstance(node, ir.Match):
        return [node.subject, *(part for case in node.cases for part in (case.pattern, case.guard))]
    if isinstance(node, ir.Try):
        return [handler.type for handler in node.handlers]
    return []


class _Jumps:
    """Live sets at the targets of break / continue and of exceptions."""

    def __init__(self, on_break: set[str], on_continue: set[str], on_raise: set[str]) -> None:
        self.on_break = on_break
        self.on_continue = on_continue
        self.on_raise = on_raise


class _Liveness:
    def __init__(self, candidates: set[str]) -> None:
        self.candidates = candidates
        self.live_across: set[str] = set()
        self.live_at: dict[int, set[str]] = {}  # id(suspension point) -> live across it

    # Every statement may raise: what its handlers need is live after it too.

    def block(self, nodes: list[ir.Node], live_out: set[str], jumps: _Jumps) -> set[str]:
        live = set(live_out)
        for node in reversed(nodes):
            live = self.node(node, live | jumps.on_raise, jumps)
        return live

    def node(self, node: ir.Node, out: set[str], jumps: _Jumps) -> set[str]:
        if isinstance(node, ir.Code):
            return (out - self.defs(node.statement)) | self.statement_uses(node.statement)
        if isinstance(node, (ir.Await, ir.Yield)):
            after = (out - self.target_defs(node.target)) | self.target_uses(node.target)
            self.live_across |= after
            self.live_at[id(node)] = self.live_at.get(id(node), set()) | after
            return after | self.uses(node.value)
        if isinstance(node, ir.Return):
            return self.uses(node.value) | jumps.on_raise
        if isinstance(node, ir.Break):
            return set(jumps.on_break)
        if isinstance(node, ir.Continue):
            return set(jumps.on_continue)
        if isinstance(node, ir.If):
            return self.uses(node.test) | self.block(node.body, out, jumps) | self.block(node.orelse, out, jumps)
        if isinstance(node, ir.While):
            return self.loop(node, out, jumps, self.uses(node.test), set(), set())
        if isinstance(node, ir.For):
            return self.uses(node.iter) | self.loop(
                node, out, jumps, set(), self.target_defs(node.target), self.target_uses(node.target)
            )
        if isinstance(node, ir.With):
            inner = self.block(node.body, out, jumps)
            return (inner - self.target_defs(node.target)) | self.target_uses(node.target) | self.uses(node.context)
        if isinstance(node, ir.Match):
            live = set(out) | self.uses(node.subject)
            for case in node.cases:
                live |= self.uses(case.pattern) | self.uses(case.guard) | self.block(case.body, out, jumps)
            return live
        if isinstance(node, ir.Try):
            return self.try_(node, out, jumps)
        raise TypeError(f"unknown IR node {node!r}")  # pragma: no cover

    def loop(self, node, out, jumps, head_uses, target_defs, target_uses) -> set[str]:
        orelse = self.block(node.orelse, out, jumps)
        head = set(head_uses) | orelse
        while True:
            inner = _Jumps(out, head, jumps.on_raise)
            body = self.block(node.body, head, inner)
            new_head = head_uses | orelse | (body - target_defs) | target_uses
            if new_head <= head:
                return head
            head |= new_head

    def try_(self, node: ir.Try, out: set[str], jumps: _Jumps) -> set[str]:
        if node.finalbody is not None:
            # The finally block runs on every way out; after it, execution
            # continues where that way led (conservatively: all of them).
            everywhere = out | jumps.on_break | jumps.on_continue | jumps.on_raise
            final = self.block(node.finalbody, everywhere, jumps)
            inner_jumps = _Jumps(jumps.on_break | final, jumps.on_continue | final, jumps.on_raise | final)
            after = final
        else:
            inner_jumps = jumps
            after = out
        handlers_in: set[str] = set()
        for handler in node.handlers:
            live = self.block(handler.body, after, inner_jumps)
            if handler.name:
                live.discard(handler.name)
            handlers_in |= live | self.uses(handler.type)
        orelse = self.block(node.orelse, after, inner_jumps)
        body_jumps = _Jumps(inner_jumps.on_break, inner_jumps.on_continue, inner_jumps.on_raise | handlers_in)
        return self.block(node.body, orelse, body_jumps) | handlers_in

    # -- uses and definitions -----------------------------------------------

    def uses(self, node) -> set[str]:
        """Every candidate mentioned anywhere in `node` (over-approximation)."""
        if node is None:
            return set()
        return names_in(node) & self.candidates

    def statement_uses(self, statement) -> set[str]:
        if isinstance(statement, cst.Assign):
            found = self.uses(statement.value)
            for target in statement.targets:
                found |= self.target_uses(target.target)
            return found
        return self.uses(statement)

    def defs(self, statement) -> set[str]:
        """Variables a statement certainly assigns (under-approximation)."""
        if isinstance(statement, cst.Assign):
            names: set[str] = set()
            for target in statement.targets:
                names |= self.target_defs(target.target)
            return names
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            return {statement.name.value} & self.candidates
        return set()

    def target_defs(self, target) -> set[str]:
        if isinstance(target, cst.Name):
            return {target.value} & self.candidates
        if isinstance(target, (cst.Tuple, cst.List)):
            found: set[str] = set()
            for element in target.elements:
                found |= self.target_defs(element.value)
            return found
        if isinstance(target, cst.StarredElement):
            return self.target_defs(target.value)
        return set()

    def target_uses(self, target) -> set[str]:
        """Variables read while assigning to `target` (objects, keys)."""
        if target is None or isinstance(target, cst.Name):
            return set()
        if isinstance(target, (cst.Tuple, cst.List)):
            found: set[str] = set()
            for element in target.elements:
                found |= self.target_uses(element.value)
            return found
        if isinstance(target, cst.StarredElement):
            return self.target_uses(target.value)
        return self.uses(target)
