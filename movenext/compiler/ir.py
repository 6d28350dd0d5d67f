"""The lowered form of one async function's body.

`lower` turns the libcst body of an `async def` into a tree of these nodes;
`states` numbers the await sites; `hoist` decides which variables become
fields; `emit` prints the tree as the body of `move_next()`.

The tree keeps Python's own structure (if / while / for / try / match): the
generated code resumes by descending into that structure, so handlers stay
real `except` blocks (see `emit`). Invariants after `lower`:

* every suspension point is an `Await` node at statement level: no await is
  left inside an expression of any other node (the spill pass guarantees it);
* `async with`, `async for`, a `with` or `match` containing an await, a loop
  whose condition awaits, and a `try` whose `finally` awaits are gone, expressed
  with the nodes below and runtime helpers;
* user expressions are libcst nodes with the user's variable names; the
  emitter rewrites hoisted ones to fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

_EMPTY = cst.Module([])


def source(node: cst.CSTNode) -> str:
    """The code of a libcst node, on one line where it fits."""
    return _EMPTY.code_for_node(node)


@dataclass(eq=False)
class Node:
    line: int  # source line it came from; 0 for purely generated code
    first_state: int = field(default=0, init=False)  # states inside: first..last
    last_state: int = field(default=-1, init=False)

    @property
    def has_states(self) -> bool:
        return self.first_state <= self.last_state

    def blocks(self) -> list[list[Node]]:
        """The statement lists directly inside this node, in source order."""
        return []


@dataclass(eq=False)
class Code(Node):
    """A statement without suspension points, emitted as it is (after the
    hoisted variables in it are rewritten to fields)."""

    statement: cst.CSTNode  # a small statement, or a def / class


@dataclass(eq=False)
class Await(Node):
    """`target = await value` (target may be None): one suspension point."""

    target: cst.BaseAssignTargetExpression | None
    value: cst.BaseExpression
    text: str  # the awaited expression as the user wrote it, for comments
    purpose: str = "AWAIT"  # runtime constant naming the construct for errors
    state: int = 0


@dataclass(eq=False)
class Yield(Node):
    """`target = yield value` in an async generator: a suspension point that
    hands `value` to the consumer and resumes with what asend() delivers."""

    target: cst.BaseAssignTargetExpression | None
    value: cst.BaseExpression | None
    text: str
    state: int = 0


@dataclass(eq=False)
class Return(Node):
    value: cst.BaseExpression | None


@dataclass(eq=False)
class Break(Node):
    pass


@dataclass(eq=False)
class Continue(Node):
    pass


@dataclass(eq=False)
class If(Node):
    test: cst.BaseExpression
    body: list[Node]
    orelse: list[Node]

    def blocks(self):
        return [self.body, self.orelse]


@dataclass(eq=False)
class While(Node):
    test: cst.BaseExpression
    body: list[Node]
    orelse: list[Node]

    def blocks(self):
        return [self.body, self.orelse]


@dataclass(eq=False)
class For(Node):
    """A `for` over a synchronous iterable. When its body can suspend, the
    iterator lives in the field `iterator` so the loop can be re-entered."""

    target: cst.BaseAssignTargetExpression
    iter: cst.BaseExpression
    body: list[Node]
    orelse: list[Node]
    iterator: str = ""  # field name, set by lower when the body has awaits
    item: str = ""  # temporary holding the next item

    def blocks(self):
        return [self.body, self.orelse]


@dataclass(eq=False)
class Handler:
    line: int
    type: cst.BaseExpression | None
    name: str | None  # the `as` name
    body: list[Node]
    caught: str = ""  # temporary/field holding the exception, if it can suspend
    first_state: int = field(default=0, init=False)
    last_state: int = field(default=-1, init=False)

    @property
    def has_states(self) -> bool:
        return self.first_state <= self.last_state


@dataclass(eq=False)
class Try(Node):
    """try / except / else / finally. `lower` guarantees that a finally block
    containing states has no handlers or else beside it (it nests them)."""

    body: list[Node]
    handlers: list[Handler]
    orelse: list[Node]
    finalbody: list[Node] | None
    star: bool = False  # except*
    pending: str = ""  # field recording the exit through a suspending finally

    def blocks(self):
        blocks = [self.body, *(h.body for h in self.handlers), self.orelse]
        if self.finalbody is not None:
            blocks.append(self.finalbody)
        return blocks


@dataclass(eq=False)
class With(Node):
    """A synchronous `with` whose body cannot suspend (one item per node)."""

    context: cst.BaseExpression
    target: cst.BaseAssignTargetExpression | None
    body: list[Node]

    def blocks(self):
        return [self.body]


@dataclass(eq=False)
class Case:
    line: int
    pattern: cst.MatchPattern
    guard: cst.BaseExpression | None
    body: list[Node]


@dataclass(eq=False)
class Match(Node):
    """A `match` whose cases cannot suspend (otherwise `lower` rewrote it)."""

    subject: cst.BaseExpression
    cases: list[Case]

    def blocks(self):
        return [case.body for case in self.cases]


def walk(nodes: list[Node]):
    """Every node in the tree, preorder."""
    for node in nodes:
        yield node
        for block in node.blocks():
            yield from walk(block)


def dump(nodes: list[Node], indent: str = "", states: bool = True) -> str:
    """A readable text form of the tree, for `inspect --stage` and tests;
    `states`: show state numbers (once `states.number_states` has run)."""
    lines: list[str] = []
    _dump(nodes, indent, lines, states)
    return "\n".join(lines)


def _dump(nodes: list[Node], indent: str, lines: list[str], numbered: bool = True) -> None:
    for node in nodes:
        states = f"  [states {node.first_state}..{node.last_state}]" if node.has_states and numbered else ""
        where = f"{node.line:>4}" if node.line else "   -"
        prefix = f"{where} {indent}"
        if isinstance(node, Code):
            for i, line in enumerate(source(node.statement).strip().splitlines()):
                lines.append((prefix if i == 0 else "     " + indent) + line)
        elif isinstance(node, Await):
            target = f"{source(node.target)} = " if node.target is not None else ""
            number = f"  [state {node.state}]" if numbered else ""
            lines.append(f"{prefix}{target}await {source(node.value)}{number}")
        elif isinstance(node, Yield):
            target = f"{source(node.target)} = " if node.target is not None else ""
            value = f" {source(node.value)}" if node.value is not None else ""
            number = f"  [state {node.state}]" if numbered else ""
            lines.append(f"{prefix}{target}yield{value}{number}")
        elif isinstance(node, Return):
            value = f" {source(node.value)}" if node.value is not None else ""
            lines.append(f"{prefix}return{value}")
        elif isinstance(node, Break):
            lines.append(f"{prefix}break")
        elif isinstance(node, Continue):
            lines.append(f"{prefix}continue")
        elif isinstance(node, If):
            lines.append(f"{prefix}if {source(node.test)}:{states}")
            _dump(node.body, indent + "    ", lines, numbered)
            if node.orelse:
                lines.append(f"     {indent}else:")
                _dump(node.orelse, indent + "    ", lines, numbered)
        elif isinstance(node, While):
            lines.append(f"{prefix}while {source(node.test)}:{states}")
            _dump(node.body, indent + "    ", lines, numbered)
            if node.orelse:
                lines.append(f"     {indent}else:")
                _dump(node.orelse, indent + "    ", lines, numbered)
        elif isinstance(node, For):
            via = f"  [iterator field {node.iterator}]" if node.iterator else ""
            lines.append(f"{prefix}for {source(node.target)} in {source(node.iter)}:{states}{via}")
            _dump(node.body, indent + "    ", lines, numbered)
            if node.orelse:
                lines.append(f"     {indent}else:")
                _dump(node.orelse, indent + "    ", lines, numbered)
        elif isinstance(node, Try):
            lines.append(f"{prefix}try:{states}")
            _dump(node.body, indent + "    ", lines, numbered)
            for handler in node.handlers:
                star = "*" if node.star else ""
                kind = f" {source(handler.type)}" if handler.type is not None else ""
                name = f" as {handler.name}" if handler.name else ""
                lines.append(f"{handler.line:>4} {indent}except{star}{kind}{name}:")
                _dump(handler.body, indent + "    ", lines, numbered)
            if node.orelse:
                lines.append(f"     {indent}else:")
                _dump(node.orelse, indent + "    ", lines, numbered)
            if node.finalbody is not None:
                pending = f"  [pending exit field {node.pending}]" if node.pending else ""
                lines.append(f"     {indent}finally:{pending}")
                _dump(node.finalbody, indent + "    ", lines, numbered)
        elif isinstance(node, With):
            target = f" as {source(node.target)}" if node.target is not None else ""
            lines.append(f"{prefix}with {source(node.context)}{target}:")
            _dump(node.body, indent + "    ", lines, numbered)
        elif isinstance(node, Match):
            lines.append(f"{prefix}match {source(node.subject)}:")
            for case in node.cases:
                guard = f" if {source(case.guard)}" if case.guard is not None else ""
                lines.append(f"{case.line:>4} {indent}    case {source(case.pattern)}{guard}:")
                _dump(case.body, indent + "        ", lines, numbered)
        else:  # pragma: no cover
            raise TypeError(f"unknown IR node {node!r}")
