"""Spilling: move every `await` out of its expression, keeping Python's order.

`Spiller.expression(e)` returns statements to run first and an await-free
expression that finishes the job. Each await becomes an `ir.Await` statement
assigning a temporary. Everything Python would evaluate *before* that await
(an earlier operand, the callee, a bound method, an f-string piece...) is
computed first and kept in a temporary, because a global, an attribute or a
cell may change while the coroutine is suspended; Python would have used the
value from before. Names that cannot change (locals nobody else can see, that
are certainly bound) and constants are left in place so the output stays
readable.

The order rules, checked on CPython 3.11-3.13 by the differential tests:

* callee (and bound-method lookup) before arguments; positional and `*`
  arguments before keyword and `**` arguments, each group left to right;
* left before right for binary operators and displays; key before value;
* `a < b < c` evaluates `b` once and stops at the first false comparison;
* `and`/`or` evaluate the right operand only if needed (an `if` statement);
* `x if c else y` evaluates one branch (an `if` statement);
* each f-string piece is formatted where it stands;
* a walrus assigns where it stands.

Comprehensions that contain `await` or `async for` become loops (their own
variables renamed to temporaries, as they are invisible outside).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Callable, Sequence

import libcst as cst

from . import ir
from .syntax import contains_await, is_constant, keep_lines_legal, self_documenting_parts

if TYPE_CHECKING:  # pragma: no cover
    from .lower import Lowerer

Prelude = list  # list[ir.Node]
# (3.13 compiles the conversion as its own instruction, CONVERT_VALUE; up to
# 3.12, FORMAT_VALUE converts when it formats, after the specification.)
_CONVERSION_BEFORE_SPEC = sys.version_info >= (3, 13)


class Spiller:
    def __init__(self, lowerer: Lowerer) -> None:
        self.lowerer = lowerer
        self.line = 0
        self._walrus_targets: set[str] = set()
        # False only to show the desugared IR before spilling (inspect --stage).
        self.enabled = True

    # -- entry points ---------------------------------------------------

    def expression(
        self, node: cst.BaseExpression, line: int, rebound: frozenset[str] = frozenset()
    ) -> tuple[Prelude, cst.BaseExpression]:
        """(statements, expression) with no await left in the expression.
        `rebound`: names that code evaluated after it (in the same statement)
        may rebind, so a value read from them is held, not read late."""
        if not self.enabled:
            return [], node
        self.line = line
        prelude: Prelude = []
        self._walrus_targets = walrus_targets(node) | rebound
        result = self.spill(node, prelude)
        return prelude, keep_lines_legal(result)

    def condition(self, node: cst.BaseExpression, line: int) -> tuple[Prelude, cst.BaseExpression]:
        """Like `expression`, for a value whose truth is tested (`if`, `while`,
        `assert`, a guard): `and`/`or` become branches on flags so that, as in
        Python, `__bool__` runs exactly once per tested operand."""
        if not self.enabled:
            return [], node
        self.line = line
        prelude: Prelude = []
        self._walrus_targets = walrus_targets(node)
        return prelude, keep_lines_legal(self._condition(node, prelude))

    def _condition(self, node: cst.BaseExpression, prelude: Prelude) -> cst.BaseExpression:
        if isinstance(node, cst.BooleanOperation) and contains_await(node.right):
            flag = self.lowerer.temp("condition")
            prelude.append(ir.Code(self.line, assign(flag, cst.Name("False"))))
            left = self._condition(node.left, prelude)
            right_side: Prelude = []
            right = self._condition(node.right, right_side)
            right_side.append(ir.If(self.line, right, [ir.Code(self.line, assign(flag, cst.Name("True")))], []))
            if isinstance(node.operator, cst.And):
                prelude.append(ir.If(self.line, left, right_side, []))
            else:
                set_flag = [ir.Code(self.line, assign(flag, cst.Name("True")))]
                prelude.append(ir.If(self.line, left, set_flag, right_side))
            return cst.Name(flag)
        if (
            isinstance(node, cst.UnaryOperation)
            and isinstance(node.operator, cst.Not)
            and contains_await(node.expression)
        ):
            return node.with_changes(expression=self._condition(node.expression, prelude))
        return self.spill(node, prelude)

    def expressions(
        self, nodes: Sequence[cst.BaseExpression], line: int, rebound: frozenset[str] = frozenset()
    ) -> tuple[Prelude, list[cst.BaseExpression]]:
        """Spill several expressions evaluated left to right (`rebound` as
        for `expression`)."""
        if not self.enabled:
            return [], list(nodes)
        self.line = line
        prelude: Prelude = []
        self._walrus_targets = set(rebound).union(*(walrus_targets(n) for n in nodes if n is not None))
        return prelude, [keep_lines_legal(n) for n in self.ordered(list(nodes), prelude)]

    # -- the recursive core ---------------------------------------------

    def spill(self, node: cst.BaseExpression, prelude: Prelude) -> cst.BaseExpression:
        if not contains_await(node):
            return node
        method: Callable | None = getattr(self, "spill_" + type(node).__name__, None)
        if method is None:
            raise self.lowerer.unsupported(node, f"'await' inside {type(node).__name__}")
        return method(node, prelude)

    def ordered(self, nodes: list, prelude: Prelude) -> list:
        """Spill sibling expressions evaluated in this order: everything before
        the last one containing an await is evaluated first and kept.

        An item may be a `_Collected` (a `*x` or `**x` piece): kept, it becomes
        `[*x]` or `{**x}`, because Python unpacks it where it stands."""
        last = max(
            (i for i, n in enumerate(nodes) if n is not None and contains_await(_expression(n))),
            default=-1,
        )
        result = []
        for i, node in enumerate(nodes):
            if node is None or i > last:
                result.append(_expression(node) if node is not None else None)
                continue
            value = self.spill(_expression(node), prelude)
            if i < last:
                if isinstance(node, _Collected):
                    value = self.temporary(node.unpacked(value), prelude, "unpacked")
                else:
                    value = self.keep(value, prelude)
            result.append(value)
        return result

    def keep(self, node: cst.BaseExpression, prelude: Prelude, base: str = "tmp") -> cst.BaseExpression:
        """Evaluate `node` now and hold the value, unless it cannot change."""
        if self.is_stable(node):
            return node
        return self.temporary(node, prelude, base)

    def temporary(self, node: cst.BaseExpression, prelude: Prelude, base: str = "tmp") -> cst.Name:
        name = self.lowerer.temp(base)
        prelude.append(ir.Code(self.line, assign(name, node)))
        return cst.Name(name)

    def is_stable(self, node: cst.BaseExpression) -> bool:
        if is_constant(node):
            return True
        return (
            isinstance(node, cst.Name)
            and node.value not in self._walrus_targets
            and self.lowerer.is_stable_name(node.value)
        )

    # -- leaves with awaits ---------------------------------------------

    def spill_Await(self, node: cst.Await, prelude: Prelude) -> cst.BaseExpression:
        value = self.spill(node.expression, prelude)
        name = self.lowerer.temp("awaited")
        prelude.append(ir.Await(self.line, cst.Name(name), value, ir.source(node.expression)))
        return cst.Name(name)

    def spill_Yield(self, node: cst.Yield, prelude: Prelude) -> cst.BaseExpression:
        if isinstance(node.value, cst.From):  # pragma: no cover - CPython rejects it
            raise self.lowerer.unsupported(node, "'yield from' inside an async function")
        value = self.spill(node.value, prelude) if node.value is not None else None
        name = self.lowerer.temp("received")
        prelude.append(ir.Yield(self.line, cst.Name(name), value, _yield_text(node)))
        return cst.Name(name)

    # -- structural nodes -----------------------------------------------

    def spill_Attribute(self, node: cst.Attribute, prelude: Prelude) -> cst.BaseExpression:
        return node.with_changes(value=self.spill(node.value, prelude))

    def spill_UnaryOperation(self, node: cst.UnaryOperation, prelude: Prelude):
        return node.with_changes(expression=self.spill(node.expression, prelude))

    def spill_BinaryOperation(self, node: cst.BinaryOperation, prelude: Prelude):
        left, right = self.ordered([node.left, node.right], prelude)
        return node.with_changes(left=left, right=right)

    def spill_Subscript(self, node: cst.Subscript, prelude: Prelude):
        parts: list = [node.value]
        for element in node.slice:
            inner = element.slice
            if isinstance(inner, cst.Index):
                parts.append(inner.value)
            else:
                parts.extend([inner.lower, inner.upper, inner.step])
        spilled = iter(self.ordered(parts, prelude))
        value = next(spilled)
        elements = []
        for element in node.slice:
            inner = element.slice
            if isinstance(inner, cst.Index):
                inner = inner.with_changes(value=next(spilled))
            else:
                inner = inner.with_changes(lower=next(spilled), upper=next(spilled), step=next(spilled))
            elements.append(element.with_changes(slice=inner))
        return node.with_changes(value=value, slice=elements)

    def spill_Call(self, node: cst.Call, prelude: Prelude):
        positional = [a for a in node.args if a.keyword is None and a.star != "**"]
        keywords = [a for a in node.args if a.keyword is not None or a.star == "**"]
        # A lone `*args` is iterated only when the call happens; several
        # positional pieces are collected into a list where they stand.
        lone_star = len(positional) == 1 and positional[0].star == "*"
        order = positional + keywords
        values = self.ordered([node.func] + [self._argument_value(a, lone_star) for a in order], prelude)
        func, new_values = values[0], values[1:]
        rebuilt = {id(arg): self._rebuild_argument(arg, value) for arg, value in zip(order, new_values)}
        return node.with_changes(func=func, args=[rebuilt[id(a)] for a in node.args])

    @staticmethod
    def _argument_value(arg: cst.Arg, lone_star: bool):
        if arg.star == "*" and not lone_star:
            return _Collected(arg.value, "list")
        if arg.star == "**":
            return _Collected(arg.value, "dict")
        return arg.value

    @staticmethod
    def _rebuild_argument(arg: cst.Arg, value) -> cst.Arg:
        return arg.with_changes(value=value)

    def spill_Tuple(self, node: cst.Tuple, prelude: Prelude):
        return node.with_changes(elements=self._elements(node.elements, prelude))

    def spill_List(self, node: cst.List, prelude: Prelude):
        return node.with_changes(elements=self._elements(node.elements, prelude))

    def spill_Set(self, node: cst.Set, prelude: Prelude):
        return node.with_changes(elements=self._elements(node.elements, prelude))

    def _elements(self, elements, prelude: Prelude):
        values = [
            _Collected(e.value, "list") if isinstance(e, cst.StarredElement) else e.value
            for e in elements
        ]
        return [e.with_changes(value=v) for e, v in zip(elements, self.ordered(values, prelude))]

    def spill_Dict(self, node: cst.Dict, prelude: Prelude):
        values: list = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                values.append(_Collected(element.value, "dict"))
            else:
                values.extend([element.key, element.value])
        spilled = iter(self.ordered(values, prelude))
        elements = []
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                elements.append(element.with_changes(value=next(spilled)))
            else:
                elements.append(element.with_changes(key=next(spilled), value=next(spilled)))
        return node.with_changes(elements=elements)

    def spill_FormattedString(self, node: cst.FormattedString, prelude: Prelude):
        pieces = [p for p in node.parts if isinstance(p, cst.FormattedStringExpression)]
        last = max(i for i, p in enumerate(pieces) if contains_await(p))
        replaced = {}
        for i, piece in enumerate(pieces):
            if i < last:
                # Format the piece now, as Python does, and keep the text
                # (with the `expr=` label of a self-documenting piece).
                parts = self_documenting_parts(node, piece, self._spill_piece(piece, prelude))
                single = node.with_changes(parts=parts)
                replaced[id(piece)] = [cst.FormattedStringExpression(self.temporary(single, prelude, "text"))]
            elif i == last:
                replaced[id(piece)] = self_documenting_parts(node, piece, self._spill_piece(piece, prelude))
        parts = []
        for part in node.parts:
            parts.extend(replaced.get(id(part), [part]))
        return node.with_changes(parts=parts)

    def _spill_piece(self, piece: cst.FormattedStringExpression, prelude: Prelude):
        """One `{value!r:spec}`: the value, then the expressions of the
        specification, in order; formatting happens when the string is built."""
        spec_pieces = [p for p in (piece.format_spec or []) if isinstance(p, cst.FormattedStringExpression)]
        if _CONVERSION_BEFORE_SPEC and piece.conversion and any(contains_await(p) for p in spec_pieces):
            # 3.13+ converts (!r/!s/!a) right after the value, before the
            # specification is evaluated: keep the converted text.
            value = self.spill(piece.expression, prelude)
            converted = cst.FormattedString([cst.FormattedStringExpression(value, conversion=piece.conversion)])
            piece = piece.with_changes(expression=self.temporary(converted, prelude, "text"), conversion=None)
        values = self.ordered([piece.expression] + [p.expression for p in spec_pieces], prelude)
        replaced = {id(p): p.with_changes(expression=v) for p, v in zip(spec_pieces, values[1:])}
        spec = [replaced.get(id(p), p) for p in piece.format_spec] if piece.format_spec else piece.format_spec
        return piece.with_changes(expression=values[0], format_spec=spec)

    def spill_ConcatenatedString(self, node: cst.ConcatenatedString, prelude: Prelude):
        # "a" f"{await b}": the parts are strings made in order; once a part
        # is held in a temporary, `+` joins them with the same result.
        left, right = self.ordered([node.left, node.right], prelude)
        if isinstance(left, cst.BaseString) and isinstance(right, cst.BaseString):
            return node.with_changes(left=left, right=right)
        return cst.BinaryOperation(left, cst.Add(), right, lpar=[cst.LeftParen()], rpar=[cst.RightParen()])

    def spill_NamedExpr(self, node: cst.NamedExpr, prelude: Prelude):
        value = self.spill(node.value, prelude)
        held = self.temporary(value, prelude, "value")
        prelude.append(ir.Code(self.line, assign(node.target.value, held)))  # type: ignore[attr-defined]
        return held

    # -- short-circuit nodes become statements --------------------------

    def spill_BooleanOperation(self, node: cst.BooleanOperation, prelude: Prelude):
        left = self.spill(node.left, prelude)
        if not contains_await(node.right):
            return node.with_changes(left=left)
        result = self.temporary(left, prelude, "operand")
        branch: Prelude = []
        right = self.spill(node.right, branch)
        branch.append(ir.Code(self.line, assign(result.value, right)))
        test = result if isinstance(node.operator, cst.And) else _not(result)
        prelude.append(ir.If(self.line, test, branch, []))
        return result

    def spill_IfExp(self, node: cst.IfExp, prelude: Prelude):
        test = self._condition(node.test, prelude)
        if not (contains_await(node.body) or contains_await(node.orelse)):
            return node.with_changes(test=test)
        name = self.lowerer.temp("choice")
        body: Prelude = []
        body.append(ir.Code(self.line, assign(name, self.spill(node.body, body))))
        orelse: Prelude = []
        orelse.append(ir.Code(self.line, assign(name, self.spill(node.orelse, orelse))))
        prelude.append(ir.If(self.line, test, body, orelse))
        return cst.Name(name)

    def spill_Comparison(self, node: cst.Comparison, prelude: Prelude):
        operands = [node.left] + [c.comparator for c in node.comparisons]
        first_late = next(
            (i for i, o in enumerate(operands) if i >= 2 and contains_await(o)), None
        )
        if first_late is None:
            spilled = self.ordered(operands, prelude)
            return node.with_changes(
                left=spilled[0],
                comparisons=[
                    c.with_changes(comparator=v) for c, v in zip(node.comparisons, spilled[1:])
                ],
            )
        # An await after the first comparison: `a < b < await c` runs the
        # later comparisons only while the earlier ones hold.
        left = self.keep(self.spill(operands[0], prelude), prelude)
        right = self.temporary(self.spill(operands[1], prelude), prelude, "operand")
        result = self.temporary(
            _parenthesized(cst.Comparison(left, [node.comparisons[0].with_changes(comparator=right)])),
            prelude,
            "comparison",
        )
        block = prelude
        for target, comparison in zip(operands[2:], node.comparisons[1:]):
            inner: Prelude = []
            block.append(ir.If(self.line, result, inner, []))
            block = inner
            previous = right
            right = self.temporary(self.spill(target, block), block, "operand")
            block.append(
                ir.Code(
                    self.line,
                    assign(
                        result.value,
                        _parenthesized(cst.Comparison(previous, [comparison.with_changes(comparator=right)])),
                    ),
                )
            )
        return result

    def spill_Lambda(self, node: cst.Lambda, prelude: Prelude):
        """Awaits can only be in the defaults, evaluated when the lambda is made."""
        params = node.params
        defaults = [p for p in [*params.params, *params.kwonly_params] if p.default is not None]
        values = self.ordered([p.default for p in defaults], prelude)
        replaced = {id(p): p.with_changes(default=v) for p, v in zip(defaults, values)}
        new_params = params.with_changes(
            params=[replaced.get(id(p), p) for p in params.params],
            kwonly_params=[replaced.get(id(p), p) for p in params.kwonly_params],
        )
        return node.with_changes(params=new_params)

    # -- comprehensions -------------------------------------------------

    def spill_ListComp(self, node: cst.ListComp, prelude: Prelude):
        return self.lowerer.comprehension(node, prelude, self.line)

    spill_SetComp = spill_ListComp
    spill_DictComp = spill_ListComp

    def spill_GeneratorExp(self, node: cst.GeneratorExp, prelude: Prelude):
        # Only the outermost iterable awaits (async ones were turned into
        # nested async generators by genexps.py): it is evaluated here, and
        # the generator expression stays an ordinary generator.
        iterable = self.spill(node.for_in.iter, prelude)
        return node.with_changes(for_in=node.for_in.with_changes(iter=iterable))


class _Collected:
    """A `*x` or `**x` piece that Python unpacks where it stands: kept as
    `[*x]` or `{**x}` when something later awaits."""

    def __init__(self, value: cst.BaseExpression, kind: str) -> None:
        self.value = value
        self.kind = kind

    def unpacked(self, value: cst.BaseExpression) -> cst.BaseExpression:
        if self.kind == "list":
            return cst.List([cst.StarredElement(value)])
        return cst.Dict([cst.StarredDictElement(value)])


def _expression(item) -> cst.BaseExpression:
    return item.value if isinstance(item, _Collected) else item


def _yield_text(node: cst.Yield) -> str:
    return ir.source(node.value) if node.value is not None else ""


def walrus_targets(node: cst.CSTNode) -> set[str]:
    """Names a walrus anywhere in `node` binds in this scope (comprehensions
    included: their walrus binds the enclosing function's name)."""
    found: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_NamedExpr(self, named: cst.NamedExpr) -> None:
            if isinstance(named.target, cst.Name):
                found.add(named.target.value)

        def visit_Lambda(self, _node) -> bool:
            return False

    node.visit(Finder())
    return found


def _parenthesized(node):
    """Parentheses keep line breaks that came from the user's code legal."""
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _not(node: cst.BaseExpression) -> cst.BaseExpression:
    return cst.UnaryOperation(cst.Not(), node)


def assign(name: str, value: cst.BaseExpression) -> cst.Assign:
    return cst.Assign([cst.AssignTarget(cst.Name(name))], keep_lines_legal(value))
