"""The state graph: which state can follow which.

An edge `a -> b` means: after the machine resumes at state `a` (or starts, for
`entry`), control can reach the suspension point of state `b` without passing
another one; `b` may also be `done` (the coroutine returns or raises). The
graph is computed on the lowered IR, the very structure `move_next()` is
printed from, by walking its control flow abstractly:

* both branches of every `if` are possible, every loop may run again or stop
  (`while True` never stops by its condition);
* every statement may raise (but `pass`, `break`, `continue`, a bare
  `return`), and so may a suspension point when it resumes (`throw()`
  delivers an exception, or the awaited operation failed); an exception goes
  to the handlers of the enclosing `try` (all of them may match) and to its
  `finally`;
* every await suspends. One that completes at once (the synchronous fast
  path) simply continues along the edges that leave its state.
* a `finally` block remembers how it was entered (normally, by an exception,
  by `return`/`break`/`continue`) and leaves the same way, as Python does.

Each edge has a kind, the reason the path exists:

    next       plain control flow
    loop       the path goes round a loop (it takes the loop's back edge)
    exception  the path goes through an exception handler or finally block
    finally    the path goes through a finally block on its way out
    return     to `done`: the function returns (or an async generator ends)
    raise      to `done`: an exception escapes the function
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import libcst as cst

from ..compiler import ir

ENTRY = "entry"
DONE = "done"
EDGE_KINDS = ("next", "loop", "exception", "finally", "return", "raise")


@dataclass(frozen=True)
class Edge:
    source: str  # "entry" or a state number
    target: str  # a state number or "done"
    kind: str  # one of EDGE_KINDS


class _At(NamedTuple):
    """About to run `block[index]` (index == len(block): the block's end)."""

    source: str  # the state (or entry) this path started at
    block: list
    index: int
    pending: tuple  # ((id(try), how it was entered), ...) of finally blocks running
    flags: frozenset  # "loop", "exception", "finally" seen on the path


def state_graph(body: list[ir.Node]) -> list[Edge]:
    """Every edge of the machine whose lowered body is `body`, sorted."""
    return sorted(_Walk(body).run(), key=_edge_order)


def _edge_order(edge: Edge):
    def rank(node: str) -> int:
        return -1 if node == ENTRY else 1 << 30 if node == DONE else int(node)

    return rank(edge.source), rank(edge.target), EDGE_KINDS.index(edge.kind)


class _Walk:
    def __init__(self, body: list[ir.Node]) -> None:
        self.top = body
        self.owner: dict[int, tuple] = {id(body): (None, "top")}  # id(block) -> (node, role)
        self.where: dict[int, tuple] = {}  # id(node) -> (block, index)
        self.sites: dict[str, ir.Node] = {}
        self._index(body)
        self.edges: set[Edge] = set()
        self.reached: set[tuple] = set()  # (state, pending finally blocks)
        self.resumed: set[tuple] = set()  # those whose continuations are walked

    def _index(self, block: list) -> None:
        for position, node in enumerate(block):
            self.where[id(node)] = (block, position)
            if isinstance(node, (ir.Await, ir.Yield)):
                self.sites[str(node.state)] = node
            roles: list[tuple[str, list]] = []
            if isinstance(node, (ir.If, ir.While, ir.For)):
                roles = [("body", node.body), ("orelse", node.orelse)]
            elif isinstance(node, ir.Try):
                roles = [("body", node.body), *(("handler", h.body) for h in node.handlers), ("orelse", node.orelse)]
                if node.finalbody is not None:
                    roles.append(("final", node.finalbody))
            elif isinstance(node, ir.With):
                roles = [("body", node.body)]
            elif isinstance(node, ir.Match):
                roles = [("case", case.body) for case in node.cases]
            for role, inner in roles:
                self.owner[id(inner)] = (node, role)
                self._index(inner)

    # -- the walk -------------------------------------------------------------

    def run(self) -> set[Edge]:
        work = [_At(ENTRY, self.top, 0, (), frozenset())]
        seen: set[tuple] = set()
        while work:
            at = work.pop()
            key = (at.source, id(at.block), at.index, at.pending, at.flags)
            if key in seen:
                continue
            seen.add(key)
            work.extend(self.step(at))
            work.extend(self._newly_started())
        return self.edges

    def step(self, at: _At) -> list[_At]:
        if at.index == len(at.block):
            return self.block_end(at)
        node = at.block[at.index]
        if isinstance(node, ir.Yield):
            self.reach(at, str(node.state))
            return []
        # Anything else may raise on its way: a call, a lookup, an operator,
        # the awaitable refusing to be awaited...
        failing = [] if _cannot_raise(node) else self.raise_out(node, at)
        return failing + self.normal_step(node, at)

    def normal_step(self, node: ir.Node, at: _At) -> list[_At]:
        if isinstance(node, ir.Await):
            self.reach(at, str(node.state))
            return []
        if isinstance(node, ir.Code):
            return [] if _is_raise(node.statement) else [at._replace(index=at.index + 1)]
        if isinstance(node, ir.Return):
            return self.unwind(node, at, "return")
        if isinstance(node, ir.Break):
            return self.unwind(node, at, "break")
        if isinstance(node, ir.Continue):
            return self.unwind(node, at, "continue")
        if isinstance(node, ir.If):
            otherwise = self.enter(node.orelse, at) if node.orelse else self.after(node, at)
            return [self.enter(node.body, at), otherwise]
        if isinstance(node, (ir.While, ir.For)):
            return self.loop_head(node, at)
        if isinstance(node, (ir.Try, ir.With)):
            return [self.enter(node.body, at)]
        if isinstance(node, ir.Match):
            return [*(self.enter(case.body, at) for case in node.cases), self.after(node, at)]
        raise TypeError(f"unknown IR node {node!r}")  # pragma: no cover

    def enter(self, block: list, at: _At, **changes) -> _At:
        return at._replace(block=block, index=0, **changes)

    def after(self, node: ir.Node, at: _At, **changes) -> _At:
        block, index = self.where[id(node)]
        return at._replace(block=block, index=index + 1, **changes)

    def block_end(self, at: _At) -> list[_At]:
        owner, role = self.owner[id(at.block)]
        if owner is None:
            self.finish(at, "return")
            return []
        if isinstance(owner, (ir.While, ir.For)) and role == "body":
            return self.loop_head(owner, at._replace(flags=at.flags | {"loop"}))
        if isinstance(owner, ir.Try):
            if role == "body" and owner.orelse:
                return [self.enter(owner.orelse, at)]
            if role == "final":
                return self.finish_finally(owner, at)
            return self.leave_try(owner, at)
        return [self.after(owner, at)]

    def loop_head(self, loop: ir.While | ir.For, at: _At) -> list[_At]:
        paths = [self.enter(loop.body, at)]
        if not (isinstance(loop, ir.While) and _always_true(loop.test)):
            leaving = at._replace(flags=at.flags - {"loop"})
            paths.append(self.enter(loop.orelse, leaving) if loop.orelse else self.after(loop, leaving))
        return paths

    def leave_try(self, node: ir.Try, at: _At) -> list[_At]:
        if node.finalbody is None:
            return [self.after(node, at)]
        return [self.enter(node.finalbody, at, pending=at.pending + ((id(node), "normal"),))]

    def finish_finally(self, node: ir.Try, at: _At) -> list[_At]:
        how = next((mode for key, mode in reversed(at.pending) if key == id(node)), "normal")
        at = at._replace(pending=_drop(at.pending, node))
        if how == "normal":
            return [self.after(node, at)]
        if how == "exception":
            return self.raise_out(node, at)
        return self.unwind(node, at, how)

    def raise_out(self, node: ir.Node, at: _At) -> list[_At]:
        """An exception raised at `node` (or leaving it): where it goes."""
        at = at._replace(flags=at.flags | {"exception"})
        paths = []
        for owner, role in self.ancestors(node):
            if isinstance(owner, ir.Try):
                if role == "body":
                    paths.extend(self.enter(handler.body, at) for handler in owner.handlers)
                    if any(_catches_everything(handler) for handler in owner.handlers):
                        return paths
                if role != "final" and owner.finalbody is not None:
                    pending = _drop(at.pending, owner) + ((id(owner), "exception"),)
                    paths.append(self.enter(owner.finalbody, at, pending=pending))
                    return paths
                at = at._replace(pending=_drop(at.pending, owner))
            elif isinstance(owner, ir.With):
                paths.append(self.after(owner, at))  # its __exit__ may suppress it
        self.finish(at, "raise")
        return paths

    def unwind(self, node: ir.Node, at: _At, how: str) -> list[_At]:
        """`return`, `break` or `continue` at `node`, through finally blocks."""
        for owner, role in self.ancestors(node):
            if isinstance(owner, (ir.While, ir.For)) and role == "body" and how != "return":
                if how == "break":
                    return [self.after(owner, at._replace(flags=at.flags - {"loop"}))]
                return self.loop_head(owner, at._replace(flags=at.flags | {"loop"}))
            if isinstance(owner, ir.Try):
                if role != "final" and owner.finalbody is not None:
                    pending = _drop(at.pending, owner) + ((id(owner), how),)
                    return [self.enter(owner.finalbody, at, pending=pending, flags=at.flags | {"finally"})]
                at = at._replace(pending=_drop(at.pending, owner))
        self.finish(at, "return")
        return []

    def ancestors(self, node: ir.Node):
        """(compound statement, role of the block holding us), innermost first."""
        block, _ = self.where[id(node)]
        while True:
            owner, role = self.owner[id(block)]
            if owner is None:
                return
            yield owner, role
            block, _ = self.where[id(owner)]

    # -- edges ----------------------------------------------------------------

    def reach(self, at: _At, state: str) -> None:
        if "exception" in at.flags:
            kind = "exception"
        elif "finally" in at.flags:
            kind = "finally"
        elif "loop" in at.flags:
            kind = "loop"
        else:
            kind = "next"
        self.edges.add(Edge(at.source, state, kind))
        self.reached.add((state, at.pending))

    def finish(self, at: _At, kind: str) -> None:
        self.edges.add(Edge(at.source, DONE, kind))

    def _newly_started(self) -> list[_At]:
        """Paths from states reached for the first time (with their pending
        finally blocks): the resumption, and an exception at the site."""
        paths: list[_At] = []
        for state, pending in self.reached - self.resumed:
            self.resumed.add((state, pending))
            site = self.sites[state]
            start = _At(state, [], 0, pending, frozenset())
            paths.append(self.after(site, start))
            paths.extend(self.raise_out(site, start))
        return paths


def _drop(pending: tuple, node: ir.Try) -> tuple:
    return tuple(entry for entry in pending if entry[0] != id(node))


def _is_raise(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.Raise)


def _is_literal(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.Name):
        return value.value in ("None", "True", "False")
    return isinstance(value, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString))


def _cannot_raise(node: ir.Node) -> bool:
    """Statements that never raise by themselves (a try is entered, not run)."""
    if isinstance(node, ir.Code):
        return isinstance(node.statement, cst.Pass)
    if isinstance(node, ir.Return):
        return node.value is None or _is_literal(node.value)
    return isinstance(node, (ir.Break, ir.Continue, ir.Try))


def _always_true(test: cst.BaseExpression) -> bool:
    return isinstance(test, cst.Name) and test.value == "True"


def _catches_everything(handler: ir.Handler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    name = kind.attr if isinstance(kind, cst.Attribute) else kind
    return isinstance(name, cst.Name) and name.value == "BaseException"
