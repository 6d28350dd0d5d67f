"""Can a hoisted variable be read before it is assigned?

A hoisted variable is a `__slots__` field; reading it unassigned finds the
slot unset, and must raise UnboundLocalError (NameError in a nested
function) as natively. The machine class does that with a `__getattr__`
(runtime `variables.unassigned_read`) -- which costs every field read on
CPython 3.11, whose specializing interpreter gives up on attribute loads
from classes with `__getattr__`. So only classes that may need it get it.

This is a forward "definitely assigned" analysis over the IR: at each read
of a hoisted user variable, is it assigned on every path that gets there?
Parameters start assigned. It under-approximates what is assigned (only
plain assignments, `for` and `with` targets, `def`/`class`, await targets
and pattern captures count; `del` and the end of `except ... as name`
unassign) and over-approximates reads (every mention is a read), so a
class it calls safe is safe; anything it is unsure of keeps the hook.
Variables that nested functions use always keep it (they may run at any
time).
"""

from __future__ import annotations

import libcst as cst

from . import ir
from .syntax import names_in

# `None` as a set of assigned variables: unreachable (after return, break,
# continue): every variable counts as assigned, the identity of `_meet`.
_ALL = None


def may_read_unassigned(body: list[ir.Node], variables: set[str], params: set[str]) -> bool:
    """Whether some read of one of `variables` may find it unassigned."""
    if not variables:
        return False
    if variables <= params and not _unbinds_anything(body):
        return False  # only parameters, never deleted: always assigned
    analysis = _Analysis(variables)
    analysis.block(body, frozenset(params & variables))
    return analysis.unsafe


def _meet(*states):
    result = _ALL
    for state in states:
        if state is _ALL:
            continue
        result = state if result is _ALL else result & state
    return result


class _Loop:
    def __init__(self) -> None:
        self.breaks = _ALL
        self.continues = _ALL


class _Analysis:
    def __init__(self, variables: set[str]) -> None:
        self.variables = variables
        self.unsafe = False
        self.loops: list[_Loop] = []
        self._mentions: dict[int, set[str]] = {}  # id(node) -> mentions (loops revisit)

    # -- reads and writes ---------------------------------------------------

    def read(self, node, state) -> None:
        if node is None or state is _ALL or self.unsafe:
            return
        if not self.mentions(node) <= state:
            self.unsafe = True

    def mentions(self, node) -> set[str]:
        known = self._mentions.get(id(node))
        if known is not None:
            return known
        found = names_in(node) & self.variables
        self._mentions[id(node)] = found
        return found

    def unbound_by(self, node) -> set[str]:
        """Variables a statement may leave unassigned: `del` targets and
        `except ... as` names anywhere in it."""
        found: set[str] = set()
        variables = self.variables
        mentions = self.mentions

        class Finder(cst.CSTVisitor):
            def visit_Del(self, node: cst.Del) -> None:
                found.update(mentions(node.target))

            def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
                if node.name is not None:
                    found.update(mentions(node.name.name))

            def visit_ExceptStarHandler(self, node) -> None:
                if node.name is not None:
                    found.update(mentions(node.name.name))

        node.visit(Finder())
        return found & variables

    def targets(self, target) -> set[str]:
        """Variables an assignment to `target` certainly binds."""
        if isinstance(target, cst.Name):
            return {target.value} & self.variables
        if isinstance(target, (cst.Tuple, cst.List)):
            found: set[str] = set()
            for element in target.elements:
                found |= self.targets(element.value)
            return found
        if isinstance(target, cst.StarredElement):
            return self.targets(target.value)
        return set()

    def target_reads(self, target, state) -> None:
        """An assignment target reads the objects and keys it stores into."""
        if target is None or isinstance(target, cst.Name):
            return
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.target_reads(element.value, state)
        elif isinstance(target, cst.StarredElement):
            self.target_reads(target.value, state)
        else:
            self.read(target, state)

    def statement(self, statement, state):
        """A statement of user code (simple or compound), which cannot suspend."""
        if state is _ALL:
            return _ALL
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                state = self.statement(small, state)
            return state
        if isinstance(statement, cst.Assign):
            self.read(statement.value, state)
            assigned: set[str] = set()
            for target in statement.targets:
                self.target_reads(target.target, state)
                assigned |= self.targets(target.target)
            return state | assigned
        if isinstance(statement, cst.AnnAssign):
            self.read(statement.annotation, state)
            if statement.value is None:
                return state
            self.read(statement.value, state)
            self.target_reads(statement.target, state)
            return state | self.targets(statement.target)
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            # What runs now: decorators, defaults, bases. (A body that uses a
            # hoisted variable makes it a closure field, which keeps the hook.)
            for decorator in statement.decorators:
                self.read(decorator, state)
            if isinstance(statement, cst.FunctionDef):
                self.read(statement.params, state)
            else:
                for argument in (*statement.bases, *statement.keywords):
                    self.read(argument, state)
            return state | ({statement.name.value} & self.variables)
        if isinstance(statement, cst.If):
            self.read(statement.test, state)
            body = self.suite(statement.body, state)
            orelse = state
            if isinstance(statement.orelse, cst.If):
                orelse = self.statement(statement.orelse, state)
            elif statement.orelse is not None:
                orelse = self.suite(statement.orelse.body, state)
            return _meet(body, orelse)
        if isinstance(statement, cst.For):
            self.read(statement.iter, state)
            self.target_reads(statement.target, state)
            self.suite(statement.body, state | self.targets(statement.target))
            if statement.orelse is not None:
                self.suite(statement.orelse.body, state)
            return state - self.unbound_by(statement)
        if isinstance(statement, cst.While):
            self.read(statement.test, state)
            self.suite(statement.body, state)
            if statement.orelse is not None:
                self.suite(statement.orelse.body, state)
            return state - self.unbound_by(statement)
        if isinstance(statement, cst.With):
            assigned = set()
            for item in statement.items:
                self.read(item.item, state)
                if item.asname is not None:
                    self.target_reads(item.asname.name, state)
                    assigned |= self.targets(item.asname.name)
            return self.suite(statement.body, state | assigned)
        if isinstance(statement, (cst.Try, cst.TryStar)):
            body = self.suite(statement.body, state)
            if statement.orelse is not None:
                body = self.suite(statement.orelse.body, body)
            outs = [body]
            for handler in statement.handlers:
                self.read(handler.type, state)
                name = self.targets(handler.name.name) if handler.name is not None else set()
                out = self.suite(handler.body, state | name)
                outs.append(out if out is _ALL else out - name)
            normal = _meet(*outs)
            if statement.finalbody is not None:
                self.suite(statement.finalbody.body, state)
                normal = self.suite(statement.finalbody.body, normal)
            return normal
        self.read(statement, state)
        return state - self.unbound_by(statement)

    def suite(self, suite, state):
        """The statements of an indented block (or of `if x: y` on one line)."""
        body = suite.body
        if isinstance(suite, cst.SimpleStatementSuite):
            body = [cst.SimpleStatementLine(list(body))]
        for statement in body:
            if state is _ALL:
                return _ALL
            if isinstance(statement, (cst.SimpleStatementLine,)) and any(
                isinstance(small, (cst.Return, cst.Raise, cst.Break, cst.Continue)) for small in statement.body
            ):
                # The code after it in this block does not run (a `break`
                # or `continue` leaves the state as it was: conservative).
                self.statement(statement, state)
                return _ALL
            state = self.statement(statement, state)
        return state

    # -- statements ------------------------------------------------------------

    def block(self, nodes: list[ir.Node], state):
        for node in nodes:
            if state is _ALL:
                return _ALL
            state = self.node(node, state)
        return state

    def node(self, node: ir.Node, state):
        if isinstance(node, ir.Code):
            if self.loops and _jumps_out(node.statement):
                # A break/continue in it leaves an enclosing loop of the IR
                # with (at least) what was assigned before the statement.
                loop = self.loops[-1]
                loop.breaks = _meet(loop.breaks, state)
                loop.continues = _meet(loop.continues, state)
            return self.statement(node.statement, state)
        if isinstance(node, (ir.Await, ir.Yield)):
            self.read(node.value, state)
            self.target_reads(node.target, state)
            return state | self.targets(node.target) if node.target is not None else state
        if isinstance(node, ir.Return):
            self.read(node.value, state)
            return _ALL
        if isinstance(node, ir.Break):
            loop = self.loops[-1] if self.loops else None
            if loop is not None:
                loop.breaks = _meet(loop.breaks, state)
            return _ALL
        if isinstance(node, ir.Continue):
            loop = self.loops[-1] if self.loops else None
            if loop is not None:
                loop.continues = _meet(loop.continues, state)
            return _ALL
        if isinstance(node, ir.If):
            self.read(node.test, state)
            return _meet(self.block(node.body, state), self.block(node.orelse, state))
        if isinstance(node, ir.While):
            return self.loop(node, state, node.test, None)
        if isinstance(node, ir.For):
            self.read(node.iter, state)
            return self.loop(node, state, None, node.target)
        if isinstance(node, ir.With):
            self.read(node.context, state)
            self.target_reads(node.target, state)
            inner = state | self.targets(node.target) if node.target is not None else state
            return self.block(node.body, inner)
        if isinstance(node, ir.Match):
            self.read(node.subject, state)
            outs = [state]  # no case matched
            for case in node.cases:
                captured = state | (self.mentions(case.pattern) & self.variables)
                self.read(case.guard, captured)
                outs.append(self.block(case.body, captured))
            return _meet(*outs)
        if isinstance(node, ir.Try):
            return self.try_(node, state)
        self.unsafe = True  # pragma: no cover - an IR node this does not know
        return state

    def loop(self, node, state, test, target):
        head = state
        while True:
            loop = _Loop()
            self.loops.append(loop)
            self.read(test, head)
            self.target_reads(target, head)
            body_in = head | self.targets(target) if target is not None else head
            body_out = self.block(node.body, body_in)
            self.loops.pop()
            new_head = _meet(state, body_out, loop.continues)
            if new_head == head:
                break
            head = new_head
        return _meet(self.block(node.orelse, head), loop.breaks)

    def try_(self, node: ir.Try, state):
        body_out = self.block(node.body, state)
        outs = [self.block(node.orelse, body_out)]
        for handler in node.handlers:
            self.read(handler.type, state)
            name = {handler.name} & self.variables if handler.name else set()
            out = self.block(handler.body, state | name)
            outs.append(out if out is _ALL else out - name)
        normal = _meet(*outs)
        if node.finalbody is None:
            return normal
        self.block(node.finalbody, state)  # reached by an exception from anywhere
        return self.block(node.finalbody, normal) if normal is not _ALL else _ALL


def _jumps_out(statement) -> bool:
    """Whether a break or continue in `statement` leaves it (is not inside a
    loop or function nested in it)."""
    found = []

    class Finder(cst.CSTVisitor):
        def visit_Break(self, node) -> None:
            found.append(node)

        def visit_Continue(self, node) -> None:
            found.append(node)

        def visit_For(self, node) -> bool:
            if node.orelse is not None:  # its `else` belongs to the outer loop
                node.orelse.visit(self)
            return False

        def visit_While(self, node) -> bool:
            if node.orelse is not None:
                node.orelse.visit(self)
            return False

        def visit_FunctionDef(self, node) -> bool:
            return False

        def visit_ClassDef(self, node) -> bool:
            return False

    if isinstance(statement, (cst.For, cst.While)):
        return False
    statement.visit(Finder())
    return bool(found)


def _unbinds_anything(body: list[ir.Node]) -> bool:
    """Whether a `del` statement or an `except ... as name` occurs anywhere
    in the function (the only ways a parameter becomes unassigned)."""
    found = []

    class Finder(cst.CSTVisitor):
        def visit_Del(self, node) -> None:
            found.append(node)

        def visit_ExceptHandler(self, node) -> None:
            if node.name is not None:
                found.append(node)

        def visit_ExceptStarHandler(self, node) -> None:
            if node.name is not None:
                found.append(node)

    for node in ir.walk(body):
        if isinstance(node, ir.Try) and any(handler.name for handler in node.handlers):
            return True
        for child in _expressions(node):
            child.visit(Finder())
            if found:
                return True
    return False


def _expressions(node: ir.Node):
    """The libcst nodes an IR node holds directly."""
    for name in ("statement", "value", "target", "test", "iter", "context", "subject"):
        value = getattr(node, name, None)
        if isinstance(value, cst.CSTNode):
            yield value
