"""Lowering: the body of one `async def` (libcst) into the IR of `ir.py`.

One small method per statement kind. Statements that cannot stay as they are
in a state machine are desugared here into simpler ones, always keeping
CPython's semantics (see each method):

* `async for`       -> a `while` loop awaiting `__anext__`, stopping at
                       StopAsyncIteration;
* `async with`      -> `__aenter__` awaited, the body in `try`, `__aexit__`
                       awaited in the handler or the suspending `finally`;
* `with` whose body awaits -> `__enter__`, `try`, `__exit__` in the handler
                       or the `finally` (the native statement would run
                       `__exit__` on every suspension);
* loops whose condition awaits, `elif` conditions that await;
* `match` with awaits in guards or bodies -> matching into a case number,
                       then an if-chain over the bodies;
* `try` whose `finally` awaits, with handlers -> nested `try`s.

Expressions go through `spill.Spiller`, which leaves awaits only as
`ir.Await` statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import copy
import sys

import libcst as cst
from libcst.helpers import parse_template_expression, parse_template_statement

from . import ir
from . import names
from .names import Fresh
from .spill import Spiller, assign, walrus_targets
from .symbols import Scope
from .syntax import PreservingTransformer, Unsupported, contains_await


@dataclass
class LoweredFunction:
    body: list[ir.Node]
    temps: list[str]  # generated local variables (may be hoisted)
    fields: list[str]  # generated fields (always on the machine)


@dataclass
class LoweringContext:
    scope: Scope  # the async function's scope
    runtime: str  # the runtime module alias
    fresh: Fresh
    line_of: dict  # id(cst node) -> source line, for original nodes
    function_line: int
    table: object = None  # symbols.SymbolTable of the function
    captured: set[str] = field(default_factory=set)


#: From 3.12, `a[lo:hi]` compiles to BINARY_SLICE / STORE_SLICE, each of which
#: builds its own slice object.
_SEPARATE_SLICES = sys.version_info >= (3, 12)


class Lowerer:
    def __init__(self, context: LoweringContext) -> None:
        self.context = context
        self.scope = context.scope
        self.runtime = context.runtime
        self.temps: list[str] = []
        self.fields: list[str] = []
        self.captured_temps: set[str] = set()  # temporaries that nested code uses
        # (loop, variable holding its iterator) for loops whose iterator is
        # ours to keep (and to drop when the loop is left, as Python does).
        self.loop_iterators: list[tuple[ir.Node, str]] = []
        self.spiller = Spiller(self)
        self._counters: dict[str, int] = {}
        self._unsafe = self._possibly_unbound_names()
        self._bound: list[set[str]] = [set(self.scope.params) - self._unsafe]
        self._line = context.function_line

    # -- names ------------------------------------------------------------

    def _new_name(self, base: str) -> str:
        """`base_N`, spelled nowhere in the module's text nor in this
        function's code -- which includes the generated code of coroutines
        nested in it: their temporaries must not be mistaken for ours."""
        number = self._counters.get(base, 0)
        spelled = self.context.table.identifiers if self.context.table is not None else ()
        while True:
            number += 1
            candidate = f"{base}_{number}"
            if not self.context.fresh.is_user_name(candidate) and candidate not in spelled:
                break
        self._counters[base] = number
        return candidate

    def temp(self, base: str = "tmp") -> str:
        """A new generated local variable (hoisted only if live across an await)."""
        name = self._new_name(base)
        self.temps.append(name)
        return name

    def field(self, base: str) -> str:
        """A new generated field of the machine."""
        name = self._new_name(base)
        self.fields.append(name)
        return name

    def _possibly_unbound_names(self) -> set[str]:
        """Locals that some path may leave unbound or others may change:
        never treated as stable by the spiller."""
        unsafe = set(self.context.captured)
        unsafe |= self.scope.declared_global | self.scope.declared_nonlocal
        return unsafe | self.scope.unbindable  # found by the symbol analysis

    def is_stable_name(self, name: str) -> bool:
        """Can `name` be read after an await instead of before it? True for a
        local that is certainly bound here and that only this code can change."""
        if name in self.temps:
            return True
        if not self.scope.is_local(name) or name in self._unsafe:
            return False
        return name in self._bound[-1]

    def _mark_bound(self, target: cst.CSTNode) -> None:
        for name in _names_in_target(target):
            if name not in self._unsafe:
                self._bound[-1].add(name)

    # -- errors and lines ---------------------------------------------------

    def unsupported(self, node: cst.CSTNode, what: str) -> Unsupported:
        return Unsupported(node, what)

    def line(self, node: cst.CSTNode) -> int:
        line = self.context.line_of.get(id(node))
        if line:
            self._line = line
        return self._line

    # -- blocks -------------------------------------------------------------

    def function_body(self, body: cst.BaseSuite) -> LoweredFunction:
        nodes = self.block(body)
        _release_iterators_on_unwinding(nodes, self.loop_iterators)
        return LoweredFunction(nodes, self.temps, self.fields)

    def block(self, suite, bound: set[str] | None = None) -> list[ir.Node]:
        statements = suite.body if isinstance(suite, (cst.IndentedBlock, cst.SimpleStatementSuite)) else suite
        self._bound.append(set(self._bound[-1]) | (bound or set()))
        try:
            nodes: list[ir.Node] = []
            for statement in statements:
                nodes.extend(self.statement(statement))
            return nodes
        finally:
            self._bound.pop()

    def statement(self, node: cst.CSTNode) -> list[ir.Node]:
        line = self.line(node)
        if isinstance(node, cst.BaseSmallStatement):  # from a one-line suite: `if x: y`
            return self.small(node, line)
        method = getattr(self, "lower_" + type(node).__name__, None)
        if method is None:
            raise self.unsupported(node, type(node).__name__)
        result = method(node, line)
        return result

    def lower_SimpleStatementLine(self, node: cst.SimpleStatementLine, line: int) -> list[ir.Node]:
        nodes: list[ir.Node] = []
        for small in node.body:
            nodes.extend(self.small(small, line))
        return nodes

    def small(self, node: cst.BaseSmallStatement, line: int) -> list[ir.Node]:
        method = getattr(self, "small_" + type(node).__name__, None)
        if method is None or not contains_await(node):
            if isinstance(node, cst.Break):
                return [ir.Break(line)]
            if isinstance(node, cst.Continue):
                return [ir.Continue(line)]
            if isinstance(node, cst.Return):
                return [ir.Return(line, node.value)]
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    self._mark_bound(target.target)
            return [ir.Code(line, _clean_small(node))]
        first_new_temp = len(self.temps)
        nodes = method(node, line)
        # (Not the temporaries nested code reads: a comprehension's variable,
        # captured by a lambda in it, is a cell that outlives the statement.)
        spilled = [name for name in self.temps[first_new_temp:] if name not in self.captured_temps]
        result = self.context.fresh.clean(names.RESULT)
        nodes, kept = _read_results_in_place(nodes, spilled, result)
        if spilled and not isinstance(node, (cst.Return, cst.Raise)):
            # The statement has used its temporaries (and the await sites'
            # `result`): let go of the values, as the evaluation stack does
            # natively. Kept, a temporary in a field would keep its object
            # alive until the coroutine ends.
            released = [*kept, result]
            targets = [cst.AssignTarget(cst.Name(name)) for name in released]
            nodes.append(ir.Code(line, cst.Assign(targets, cst.Name("None"))))
        return nodes

    # -- simple statements with awaits --------------------------------------

    def small_Expr(self, node: cst.Expr, line: int) -> list[ir.Node]:
        if isinstance(node.value, cst.Yield) and not isinstance(node.value.value, cst.From):
            return self._yield(None, node.value, line)
        if isinstance(node.value, cst.Await):
            prelude, value = self.spiller.expression(node.value.expression, line)
            return prelude + [ir.Await(line, None, value, ir.source(node.value.expression))]
        prelude, value = self.spiller.expression(node.value, line)
        return prelude + [ir.Code(line, cst.Expr(value))]

    def small_Assign(self, node: cst.Assign, line: int) -> list[ir.Node]:
        targets = [t.target for t in node.targets]
        target_awaits = any(contains_await(t) for t in targets)
        if len(targets) == 1 and isinstance(node.value, cst.Yield) and not target_awaits:
            self._mark_bound(targets[0])
            return self._yield(targets[0], node.value, line)
        if len(targets) == 1 and isinstance(node.value, cst.Await) and not target_awaits:
            prelude, value = self.spiller.expression(node.value.expression, line)
            self._mark_bound(targets[0])
            return prelude + [ir.Await(line, targets[0], value, ir.source(node.value.expression))]
        prelude, value = self.spiller.expression(node.value, line)
        if not target_awaits:
            for target in targets:
                self._mark_bound(target)
            return prelude + [ir.Code(line, node.with_changes(value=value))]
        held = self.spiller.temporary(value, prelude, "value")
        for target in targets:
            prelude.extend(self._assign_to(target, held, line))
        return prelude

    def _yield(self, target, node: cst.Yield, line: int) -> list[ir.Node]:
        if node.value is None:
            return [ir.Yield(line, target, None, "")]
        prelude, value = self.spiller.expression(node.value, line)
        return prelude + [ir.Yield(line, target, value, ir.source(node.value))]

    def _assign_to(self, target: cst.BaseExpression, value: cst.BaseExpression, line: int) -> list[ir.Node]:
        """`target = value` where the target's own expressions may await.

        Python unpacks first, then assigns the targets left to right (each
        target's object and key evaluated just before its store)."""
        if isinstance(target, (cst.Tuple, cst.List)):
            if not contains_await(target):
                self._mark_bound(target)
                return [ir.Code(line, cst.Assign([cst.AssignTarget(target)], value))]
            elements, parts = [], []
            for element in target.elements:
                temp = cst.Name(self.temp("unpacked"))
                starred = isinstance(element, cst.StarredElement)
                elements.append(cst.StarredElement(temp) if starred else cst.Element(temp))
                parts.append((element.value, temp))
            nodes: list[ir.Node] = [ir.Code(line, cst.Assign([cst.AssignTarget(cst.Tuple(elements))], value))]
            for part, temp in parts:
                nodes.extend(self._assign_to(part, temp, line))
            return nodes
        prelude, new_target = self._spill_target(target, line)
        self._mark_bound(new_target)
        return prelude + [ir.Code(line, cst.Assign([cst.AssignTarget(new_target)], value))]

    def _spill_target(self, target: cst.BaseExpression, line: int):
        if isinstance(target, cst.Attribute):
            prelude, value = self.spiller.expression(target.value, line)
            return prelude, target.with_changes(value=value)
        if isinstance(target, cst.Subscript):
            return self.spiller.expression(target, line)
        if not contains_await(target):
            return [], target
        raise self.unsupported(target, "'await' inside this assignment target")

    def small_AnnAssign(self, node: cst.AnnAssign, line: int) -> list[ir.Node]:
        # Inside a function Python never evaluates a variable annotation, so
        # an await in one never runs: drop the annotation.
        if node.value is None:
            return [ir.Code(line, cst.Pass())]
        return self.small_Assign(cst.Assign([cst.AssignTarget(node.target)], node.value), line)

    def small_AugAssign(self, node: cst.AugAssign, line: int) -> list[ir.Node]:
        """`t op= value`: Python evaluates t's object and key, reads the old
        value, then evaluates the value, operates in place, and stores."""
        target = node.target
        # A walrus in the value may rebind a name the target reads: read it first.
        rebound = frozenset(walrus_targets(node.value))
        if isinstance(target, cst.Name):
            if self.is_stable_name(target.value) and target.value not in rebound:
                rest, value = self.spiller.expression(node.value, line)
                return rest + [ir.Code(line, node.with_changes(value=value))]
            prelude: list[ir.Node] = []
            store: cst.BaseExpression = target
        elif isinstance(target, cst.Attribute):
            prelude, obj = self.spiller.expression(target.value, line, rebound)
            store = target.with_changes(value=self.spiller.keep(obj, prelude, "object"))
        elif isinstance(target, cst.Subscript):
            prelude, store = self._augmented_subscript(target, line, rebound)
        else:  # pragma: no cover - CPython allows no other augmented target
            raise self.unsupported(target, "this augmented assignment target")
        old = self.spiller.temporary(store, prelude, "old")
        rest, value = self.spiller.expression(node.value, line)
        prelude.extend(rest)
        prelude.append(ir.Code(line, node.with_changes(target=old, value=value)))
        prelude.append(ir.Code(line, cst.Assign([cst.AssignTarget(store)], old)))
        return prelude

    def _augmented_subscript(
        self, target: cst.Subscript, line: int, rebound: frozenset[str]
    ) -> tuple[list[ir.Node], cst.Subscript]:
        """`obj[key] op= value` reads and stores with one key object, built
        once (CPython's BUILD_SLICE / BUILD_TUPLE, then COPY): the object and
        the key are held before the value is evaluated. From 3.12 a plain
        `obj[lo:hi]` is the exception: BINARY_SLICE and STORE_SLICE each
        build their own slice from the held bounds."""
        elements = target.slice
        single = elements[0].slice if len(elements) == 1 else None
        if isinstance(single, cst.Index):
            key_expression = single.value
        elif isinstance(single, cst.Slice) and single.step is None and _SEPARATE_SLICES:
            bounds = [part for part in (single.lower, single.upper) if part is not None]
            prelude, (obj, *held) = self.spiller.expressions([target.value, *bounds], line, rebound)
            obj = self.spiller.keep(obj, prelude, "object")
            held = iter([self.spiller.keep(bound, prelude, "bound") for bound in held])
            bounded = single.with_changes(
                lower=next(held) if single.lower is not None else None,
                upper=next(held) if single.upper is not None else None,
            )
            return prelude, target.with_changes(value=obj, slice=[elements[0].with_changes(slice=bounded)])
        else:
            # The key CPython would build, built by subscripting the runtime's
            # `subscript_key`, whose __getitem__ returns its key.
            key_expression = target.with_changes(value=parse_template_expression(f"{self.runtime}.subscript_key"))
        prelude, (obj, key) = self.spiller.expressions([target.value, key_expression], line, rebound)
        obj = self.spiller.keep(obj, prelude, "object")
        key = self.spiller.keep(key, prelude, "key")
        return prelude, cst.Subscript(obj, [cst.SubscriptElement(cst.Index(key))])

    def small_Return(self, node: cst.Return, line: int) -> list[ir.Node]:
        prelude, value = self.spiller.expression(node.value, line)  # type: ignore[arg-type]
        return prelude + [ir.Return(line, value)]

    def small_Raise(self, node: cst.Raise, line: int) -> list[ir.Node]:
        parts = [node.exc, node.cause.item if node.cause is not None else None]
        prelude, (exc, cause) = self.spiller.expressions(parts, line)  # exc first, then cause
        new = node.with_changes(exc=exc)
        if cause is not None:
            new = new.with_changes(cause=node.cause.with_changes(item=cause))  # type: ignore[union-attr]
        return prelude + [ir.Code(line, new)]

    def small_Assert(self, node: cst.Assert, line: int) -> list[ir.Node]:
        """`assert t, m` whose parts await: `if __debug__:` around the awaits
        and a plain `assert` of what they produced (pytest can still explain
        it); when `m` itself awaits, `if not t: raise AssertionError(m)`, with
        the builtin AssertionError whatever the module calls that name."""
        prelude, test = self.spiller.condition(node.test, line)
        if node.msg is None or not contains_await(node.msg):
            prelude.append(ir.Code(line, node.with_changes(test=test)))
            return [ir.If(line, cst.Name("__debug__"), prelude, [])]
        failure: list[ir.Node] = []
        error = parse_template_expression(f"{self.runtime}.AssertionError")
        if node.msg is not None:
            rest, message = self.spiller.expression(node.msg, line)
            failure.extend(rest)
            error = cst.Call(error, [cst.Arg(message)])
        failure.append(ir.Code(line, cst.Raise(error)))
        prelude.append(ir.If(line, cst.UnaryOperation(cst.Not(), test), failure, []))
        return [ir.If(line, cst.Name("__debug__"), prelude, [])]

    def small_Del(self, node: cst.Del, line: int) -> list[ir.Node]:
        targets = node.target.elements if isinstance(node.target, (cst.Tuple, cst.List)) else [node.target]
        nodes: list[ir.Node] = []
        for target in targets:
            value = target.value if isinstance(target, cst.Element) else target
            prelude, new = self._spill_target(value, line)  # type: ignore[arg-type]
            nodes.extend(prelude)
            nodes.append(ir.Code(line, cst.Del(new)))
        return nodes

    # -- compound statements --------------------------------------------------

    def lower_If(self, node: cst.If, line: int) -> list[ir.Node]:
        prelude, test = self.spiller.condition(node.test, line)
        body = self.block(node.body)
        orelse: list[ir.Node] = []
        if isinstance(node.orelse, cst.If):
            orelse = self.statement(node.orelse)
        elif isinstance(node.orelse, cst.Else):
            orelse = self.block(node.orelse.body)
        return prelude + [ir.If(line, test, body, orelse)]

    def lower_While(self, node: cst.While, line: int) -> list[ir.Node]:
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        if not contains_await(node.test):
            return [ir.While(line, node.test, self.block(node.body), orelse)]
        # `while <awaiting condition>: body else: orelse` becomes
        #     while True:
        #         <condition statements>
        #         if not condition: [finished = True;] break
        #         body
        #     [if finished: orelse]
        prelude, test = self.spiller.condition(node.test, line)
        return self._loop_with_statements(line, prelude, test, self.block(node.body), orelse)

    def _loop_with_statements(self, line, prelude, test, body, orelse) -> list[ir.Node]:
        nodes: list[ir.Node] = []
        stop: list[ir.Node] = []
        finished = ""
        if orelse:
            finished = self.temp("finished")
            nodes.append(ir.Code(line, assign(finished, cst.Name("False"))))
            stop.append(ir.Code(line, assign(finished, cst.Name("True"))))
        stop.append(ir.Break(line))
        loop_body = prelude + [ir.If(line, cst.UnaryOperation(cst.Not(), test), stop, [])] + body
        nodes.append(ir.While(line, cst.Name("True"), loop_body, []))
        if orelse:
            nodes.append(ir.If(line, cst.Name(finished), orelse, []))
        return nodes

    def lower_For(self, node: cst.For, line: int) -> list[ir.Node]:
        if node.asynchronous is not None:
            return self._async_for(node, line)
        prelude, iterable = self.spiller.expression(node.iter, line)
        target, store = node.target, []
        if contains_await(target):
            # `for (await f()).x in xs`: each item goes to a temporary, and
            # the target (evaluated per item, as in Python) is assigned from it.
            item = self.temp("item")
            target, store = cst.Name(item), self._assign_to(node.target, cst.Name(item), line)
        body = store + self.block(node.body, bound=set(_names_in_target(node.target)))
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        return prelude + self._for_loop(line, target, iterable, body, orelse)

    def _for_loop(self, line, target, iterable, body, orelse) -> list[ir.Node]:
        """A `for` whose body suspends keeps its iterator in a field, set up
        by a statement of its own (so that resuming skips it)."""
        if not any(isinstance(n, (ir.Await, ir.Yield)) for n in ir.walk(body)):
            return [ir.For(line, target, iterable, body, orelse)]
        loop = ir.For(line, target, iterable, body, orelse)
        loop.iterator = self.field("iterator")
        loop.item = self.temp("item")
        start = parse_template_expression(f"{self.runtime}.iter({{iterable}})", iterable=iterable)
        # Generated fields are referenced by plain names; `rewrite` makes them `this.<field>`.
        setup = assign(loop.iterator, start)
        self.loop_iterators.append((loop, loop.iterator))
        return [ir.Code(line, setup), loop]

    def _async_for(self, node: cst.For, line: int) -> list[ir.Node]:
        """`async for target in iterable: body else: orelse` (PEP 492):

            iterator = _movenext.async_iterator(iterable)       # __aiter__, checked
            while True:
                try:
                    item = await _movenext.next_awaitable(iterator)   # __anext__
                except StopAsyncIteration:
                    [finished = True;] break
                target = item
                body
            [if finished: orelse]
        """
        return self._async_loop(
            line, node.iter, node.target, lambda: self.block(node.body, bound=set(_names_in_target(node.target))),
            self.block(node.orelse.body) if node.orelse is not None else [],
            text=f"__anext__() of `async for {ir.source(node.target)} in {ir.source(node.iter)}`",
        )

    def _async_loop(self, line, iterable, target, lower_body, orelse, text) -> list[ir.Node]:
        prelude, iterable = self.spiller.expression(iterable, line)
        iterator = self.temp("async_iterator")
        prelude.append(
            ir.Code(
                line,
                assign(iterator, parse_template_expression(
                    f"{self.runtime}.async_iterator({{iterable}})", iterable=iterable
                )),
            )
        )
        item = self.temp("item")
        next_awaitable = parse_template_expression(
            f"{self.runtime}.next_awaitable({{iterator}})", iterator=cst.Name(iterator)
        )
        fetch = ir.Await(line, cst.Name(item), next_awaitable, text, purpose="ANEXT")
        exhausted: list[ir.Node] = []
        finished = ""
        if orelse:
            finished = self.temp("finished")
            prelude.append(ir.Code(line, assign(finished, cst.Name("False"))))
            exhausted.append(ir.Code(line, assign(finished, cst.Name("True"))))
        exhausted.append(ir.Break(line))
        stop = parse_template_expression(f"{self.runtime}.StopAsyncIteration")
        get_next = ir.Try(line, [fetch], [ir.Handler(line, stop, None, exhausted)], [], None)
        body = [get_next, *self._assign_to(target, cst.Name(item), line)]
        body += lower_body()
        loop = ir.While(line, cst.Name("True"), body, [])
        self.loop_iterators.append((loop, iterator))
        # Leaving the loop drops the iterator (Python pops it): an async
        # generator left by `break` is finalized now, not when we finish.
        prelude += [loop, ir.Code(0, assign(iterator, cst.Name("None")))]
        if orelse:
            prelude.append(ir.If(line, cst.Name(finished), orelse, []))
        return prelude

    def lower_With(self, node: cst.With, line: int) -> list[ir.Node]:
        return self._with_items(list(node.items), node, line)

    def _with_items(self, items: list[cst.WithItem], node: cst.With, line: int) -> list[ir.Node]:
        """`with a as x, b as y: body` is `with a as x: with b as y: body`."""
        item, rest = items[0], items[1:]
        target = item.asname.name if item.asname is not None else None
        bound = set(_names_in_target(target)) if target is not None else set()
        if rest:
            lower_body = lambda: self._nested_with(rest, node, line, bound)  # noqa: E731
            body_awaits = any(contains_await(i) for i in rest) or contains_await(node.body)
        else:
            lower_body = lambda: self.block(node.body, bound=bound)  # noqa: E731
            body_awaits = contains_await(node.body)
        body_awaits = body_awaits or (target is not None and contains_await(target))
        if node.asynchronous is not None:
            return self._async_with(item.item, target, lower_body, line)
        prelude, context = self.spiller.expression(item.item, line)
        if not body_awaits:
            return prelude + [ir.With(line, context, target, lower_body())]
        return prelude + self._sync_with(context, target, lower_body, line)

    def _nested_with(self, items, node, line, bound) -> list[ir.Node]:
        self._bound.append(set(self._bound[-1]) | bound)
        try:
            return self._with_items(items, node, line)
        finally:
            self._bound.pop()

    def _sync_with(self, context, target, lower_body, line) -> list[ir.Node]:
        """A `with` whose body can suspend (PEP 343, with the exit guarded):

            exit, value = _movenext.enter_context(manager)   # type lookups, __enter__
            target = value
            try:
                body
            except BaseException:
                exit, call = None, exit
                if not call(*_movenext.exc_info()): raise
            finally:                       # skipped while merely suspending
                if exit is not None:
                    exit, call = None, exit
                    call(None, None, None)
        """
        exit_, value = self.temp("exit"), self.temp("entered")
        enter = parse_template_statement(
            f"{{exit}}, {{value}} = {self.runtime}.enter_context({{manager}})",
            exit=cst.Name(exit_), value=cst.Name(value), manager=context,
        ).body[0]
        nodes: list[ir.Node] = [ir.Code(line, enter)]
        call = self.temp("exit_call")
        take = self._take(exit_, call, line)
        exit_with_error = cst.Call(cst.Name(call), [self._exc_info_arg()])
        on_error = take + [
            ir.If(line, cst.UnaryOperation(cst.Not(), exit_with_error), [ir.Code(line, cst.Raise())], []),
        ]
        on_exit = [ir.If(line, _is_not_none(exit_), take + [ir.Code(line, cst.Expr(_call_none(call)))], [])]
        handler = ir.Handler(line, self._base_exception(), None, on_error)
        # Storing to the target is part of the block: if it fails, __exit__
        # sees the exception (CPython stores after entering the block).
        body = self._store_entered(target, value, line) + lower_body()
        nodes.append(ir.Try(line, [ir.Try(line, body, [handler], [], None)], [], [], on_exit))
        return nodes

    def _store_entered(self, target, value: str, line: int) -> list[ir.Node]:
        """`as target` of a with statement: store what __enter__ (or
        __aenter__) returned; the target's own expressions may await."""
        if target is None:
            return []
        return self._assign_to(target, cst.Name(value), line)

    def _async_with(self, manager, target, lower_body, line) -> list[ir.Node]:
        """`async with` (PEP 492):

            enter, exit = _movenext.async_exit_of(manager)  # type lookups, checked
            target = await enter()
            try:
                body
            except BaseException:
                exit, call = None, exit
                if not await call(*_movenext.exc_info()): raise
            finally:                           # runs on return/break/continue too
                if exit is not None:
                    exit, call = None, exit
                    await call(None, None, None)
        """
        prelude, manager = self.spiller.expression(manager, line)
        enter, exit_ = self.temp("aenter"), self.temp("aexit")
        nodes = prelude + [
            ir.Code(
                line,
                parse_template_statement(
                    f"{{enter}}, {{exit}} = {self.runtime}.async_exit_of({{manager}})",
                    enter=cst.Name(enter), exit=cst.Name(exit_), manager=manager,
                ).body[0],
            )
        ]
        text = f"__aenter__() of `async with {ir.source(manager)}`"
        stored: list[ir.Node] = []
        if target is None or isinstance(target, cst.Name):
            # `as name` (or nothing): the awaited value goes straight there
            # (storing to a name cannot fail).
            nodes.append(ir.Await(line, target, cst.Call(cst.Name(enter)), text, purpose="AENTER"))
        else:
            value = self.temp("entered")
            nodes.append(ir.Await(line, cst.Name(value), cst.Call(cst.Name(enter)), text, purpose="AENTER"))
            stored = self._store_entered(target, value, line)  # inside the block, as in CPython
        call, suppress = self.temp("exit_call"), self.temp("suppress")
        on_error = self._take(exit_, call, line) + [
            ir.Await(
                line,
                cst.Name(suppress),
                cst.Call(cst.Name(call), [self._exc_info_arg()]),
                f"__aexit__(*exc_info) of `async with {ir.source(manager)}`",
                purpose="AEXIT",
            ),
            ir.If(line, cst.UnaryOperation(cst.Not(), cst.Name(suppress)), [ir.Code(line, cst.Raise())], []),
        ]
        on_exit = [
            ir.If(
                line,
                _is_not_none(exit_),
                self._take(exit_, call, line)
                + [
                    ir.Await(
                        line,
                        None,
                        _call_none(call),
                        f"__aexit__(None, None, None) of `async with {ir.source(manager)}`",
                        purpose="AEXIT",
                    )
                ],
                [],
            )
        ]
        handler = ir.Handler(line, self._base_exception(), None, on_error)
        nodes.append(ir.Try(line, [ir.Try(line, stored + lower_body(), [handler], [], None)], [], [], on_exit))
        return nodes

    def _take(self, holder: str, into: str, line: int) -> list[ir.Node]:
        """`holder, into = None, holder`: the exit runs once, whichever path."""
        statement = parse_template_statement(
            "{holder}, {into} = None, {holder}", holder=cst.Name(holder), into=cst.Name(into)
        ).body[0]
        return [ir.Code(line, statement)]

    def _exc_info_arg(self) -> cst.Arg:
        """`*_movenext.exc_info()`: the (type, value, traceback) being handled."""
        return cst.Arg(parse_template_expression(f"{self.runtime}.exc_info()"), star="*")

    def _base_exception(self) -> cst.BaseExpression:
        return parse_template_expression(f"{self.runtime}.BaseException")

    def lower_Try(self, node: cst.Try, line: int) -> list[ir.Node]:
        return self._try(node, line, star=False)

    def lower_TryStar(self, node: cst.TryStar, line: int) -> list[ir.Node]:
        return self._try(node, line, star=True)

    def _try(self, node, line: int, star: bool) -> list[ir.Node]:
        if star and any(contains_await(h) for h in node.handlers):
            return self._star_by_hand(node, line)
        body = self.block(node.body)
        handlers = []
        # (An except* with an await anywhere in a clause went by hand above.)
        awaiting_types = [h for h in node.handlers if h.type is not None and contains_await(h.type)]
        first_awaiting = node.handlers.index(awaiting_types[0]) if awaiting_types else len(node.handlers)
        for handler in node.handlers[:first_awaiting]:
            name = handler.name.name.value if handler.name is not None else None  # type: ignore[union-attr]
            handlers.append(
                ir.Handler(self.line(handler), handler.type, name, self.block(handler.body))
            )
        if awaiting_types:
            handlers.append(self._matching_handler(node.handlers[first_awaiting:], line))
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        finalbody = self.block(node.finalbody.body) if node.finalbody is not None else None
        if finalbody is not None and contains_await(node.finalbody) and (handlers or orelse):
            inner = ir.Try(line, body, handlers, orelse, None, star=star)
            return [ir.Try(line, [inner], [], [], finalbody)]
        return [ir.Try(line, body, handlers, orelse, finalbody, star=star)]

    def _star_by_hand(self, node: cst.TryStar, line: int) -> list[ir.Node]:
        """`try/except*` whose handlers await, spelled out (runtime/exceptgroups.py):

            try:
                body
            except BaseException as group:
                remaining, raised = group, []
                match, remaining = _movenext.star_match(remaining, E1)
                if match is not None:
                    try:
                        try:
                            raise match            # makes `match` the handled exception
                        except BaseException as name:
                            <undo what the raise changed>; handler body
                    except BaseException as error:
                        raised.append(error)
                ...
                raised.append(remaining)
                _movenext.reraise(_movenext.prep_reraise_star(group, raised))
        """
        body = self.block(node.body)
        group, remaining, raised = self.temp("group"), self.temp("remaining"), self.temp("raised")
        rt = self.runtime
        steps: list[ir.Node] = [
            ir.Code(line, assign(remaining, cst.Name(group))),
            ir.Code(line, assign(raised, cst.List([]))),
        ]
        for handler in node.handlers:
            handler_line = self.line(handler)
            prelude, kind = self.spiller.expression(handler.type, handler_line)
            match, saved = self.temp("match"), self.temp("saved")
            steps.extend(prelude)
            steps.append(ir.Code(handler_line, parse_template_statement(
                f"{{match}}, {{remaining}} = {rt}.star_match({{remaining}}, {{kind}})",
                match=cst.Name(match), remaining=cst.Name(remaining), kind=kind,
            ).body[0]))
            name = handler.name.name.value if handler.name is not None else self.temp("matched")  # type: ignore[union-attr]
            enter = [
                ir.Code(handler_line, parse_template_statement(
                    f"{{saved}} = {rt}.before_reentry({{match}})", saved=cst.Name(saved), match=cst.Name(match),
                ).body[0]),
                ir.Code(handler_line, cst.Raise(cst.Name(match))),
            ]
            restore = ir.Code(handler_line, parse_template_statement(
                f"{rt}.after_reentry({{name}}, {{saved}})", name=cst.Name(name), saved=cst.Name(saved)
            ).body[0])
            handled = ir.Try(
                handler_line, enter,
                [ir.Handler(handler_line, self._base_exception(), name, [restore, *self.block(handler.body)])],
                [], None,
            )
            error = self.temp("error")
            collect = ir.Code(handler_line, parse_template_statement(
                "{raised}.append({error})", raised=cst.Name(raised), error=cst.Name(error)
            ).body[0])
            guarded = ir.Try(handler_line, [handled], [ir.Handler(handler_line, self._base_exception(), error, [collect])], [], None)
            steps.append(ir.If(handler_line, _is_not_none(match), [guarded], []))
        steps.append(ir.Code(line, parse_template_statement(
            "{raised}.append({remaining})", raised=cst.Name(raised), remaining=cst.Name(remaining)
        ).body[0]))
        steps.append(ir.Code(line, parse_template_statement(
            f"{rt}.reraise({rt}.prep_reraise_star({{group}}, {{raised}}))", group=cst.Name(group), raised=cst.Name(raised)
        ).body[0]))
        orelse = self.block(node.orelse.body) if node.orelse is not None else []
        statement = ir.Try(line, body, [ir.Handler(line, self._base_exception(), group, steps)], orelse, None)
        if node.finalbody is None:
            return [statement]
        finalbody = self.block(node.finalbody.body)
        if contains_await(node.finalbody):
            return [ir.Try(line, [statement], [], [], finalbody)]
        statement.finalbody = finalbody
        return [statement]

    def _matching_handler(self, handlers, line: int) -> ir.Handler:
        """Except clauses whose exception type awaits, from the first such one
        on: one `except BaseException` that evaluates each type in turn, in
        the handler (as CPython does, with the exception being handled), and
        runs the first matching body; none matching re-raises.

            except BaseException as caught:
                t = await <type>
                if _movenext.exception_matches(caught, t):
                    name = caught; try: body finally: name = None; del name
                else: <the next clause> ... else: raise
        """
        caught = self.temp("caught")
        chain: list[ir.Node] = [ir.Code(line, cst.Raise())]
        for handler in reversed(handlers):
            handler_line = self.line(handler)
            body = self.block(handler.body)
            if handler.name is not None:
                name = handler.name.name
                binding = ir.Code(handler_line, cst.Assign([cst.AssignTarget(name)], cst.Name(caught)))
                unbind = [
                    ir.Code(handler_line, cst.Assign([cst.AssignTarget(name)], cst.Name("None"))),
                    ir.Code(handler_line, cst.Del(name)),
                ]
                body = [binding, ir.Try(handler_line, body, [], [], unbind)]
            if handler.type is None:
                chain = body
                continue
            prelude, kind = self.spiller.expression(handler.type, handler_line)
            test = parse_template_expression(
                f"{self.runtime}.exception_matches({{caught}}, {{kind}})", caught=cst.Name(caught), kind=kind
            )
            chain = prelude + [ir.If(handler_line, test, body, chain)]
        return ir.Handler(line, self._base_exception(), caught, chain)

    def lower_Match(self, node: cst.Match, line: int) -> list[ir.Node]:
        if not contains_await(node):
            cases = [
                ir.Case(self.line(case), case.pattern, case.guard, self.block(case.body))
                for case in node.cases
            ]
            return [ir.Match(line, node.subject, cases)]
        return self._match_with_awaits(node, line)

    def _match_with_awaits(self, node: cst.Match, line: int) -> list[ir.Node]:
        """A `match` whose guards or bodies await. Matching cannot be re-entered,
        so it only selects a case number; the bodies run after it:

            subject = <subject>
            case = 0
            match subject:
                case P1 if g1: case = 1
                case P2: case = 2          # P2's guard awaits: matching stops here
            if case == 2:
                <guard statements>
                if not guard: case = 0     # (names stay bound, as in Python)
            if case == 0:
                match subject: ...         # the remaining cases
            if case == 1: body1
            elif case == 2: body2 ...
        """
        prelude, subject = self.spiller.expression(node.subject, line)
        subject = self.spiller.temporary(subject, prelude, "subject")
        chosen = self.temp("case")
        prelude.append(ir.Code(line, assign(chosen, cst.Integer("0"))))
        block = prelude
        group: list[ir.Case] = []
        numbered = list(enumerate(node.cases, start=1))
        for number, case in numbered:
            case_line = self.line(case)
            select = [ir.Code(case_line, assign(chosen, cst.Integer(str(number))))]
            awaits = case.guard is not None and contains_await(case.guard)
            group.append(ir.Case(case_line, case.pattern, None if awaits else case.guard, select))
            if awaits:
                block.append(ir.Match(line, subject, group))
                guard_prelude, guard = self.spiller.condition(case.guard, case_line)  # type: ignore[arg-type]
                reject = [ir.Code(case_line, assign(chosen, cst.Integer("0")))]
                guard_prelude.append(ir.If(case_line, cst.UnaryOperation(cst.Not(), guard), reject, []))
                block.append(ir.If(case_line, _equals(chosen, number), guard_prelude, []))
                group = []
                if number != len(numbered):
                    rest: list[ir.Node] = []
                    block.append(ir.If(line, _equals(chosen, 0), rest, []))
                    block = rest
        if group:
            block.append(ir.Match(line, subject, group))
        dispatch: list[ir.Node] = []
        for number, case in reversed(numbered):
            body = self.block(case.body, bound=set(_pattern_names(case.pattern)))
            dispatch = [ir.If(self.line(case), _equals(chosen, number), body, dispatch)]
        return prelude + dispatch

    def lower_FunctionDef(self, node: cst.FunctionDef, line: int) -> list[ir.Node]:
        """A nested def evaluates its decorators, defaults, keyword-only
        defaults and annotations, in that order, when it runs."""
        header = node.with_changes(body=cst.IndentedBlock([]))
        if not contains_await(header):
            return [ir.Code(line, node)]
        params = node.params
        positional = [p for p in [*params.posonly_params, *params.params] if p.default is not None]
        keyword = [p for p in params.kwonly_params if p.default is not None]
        annotated = [p for p in Lowerer._all_params(params) if p.annotation is not None]
        slots: list = [d.decorator for d in node.decorators]
        slots += [p.default for p in positional] + [p.default for p in keyword]
        slots += [p.annotation.annotation for p in annotated]
        if node.returns is not None:
            slots.append(node.returns.annotation)
        prelude, values = self.spiller.expressions(slots, line)
        values = [self.spiller.keep(v, prelude, "header") for v in values]
        values_iter = iter(values)
        decorators = [d.with_changes(decorator=next(values_iter)) for d in node.decorators]
        new_defaults = {id(p): next(values_iter) for p in positional + keyword}
        new_annotations = {id(p): next(values_iter) for p in annotated}
        returns = node.returns.with_changes(annotation=next(values_iter)) if node.returns is not None else None

        def param(p: cst.Param) -> cst.Param:
            if id(p) in new_defaults:
                p = p.with_changes(default=new_defaults[id(p)])
            if id(p) in new_annotations:
                p = p.with_changes(annotation=p.annotation.with_changes(annotation=new_annotations[id(p)]))
            return p

        new_params = params.with_changes(
            posonly_params=[param(p) for p in params.posonly_params],
            params=[param(p) for p in params.params],
            kwonly_params=[param(p) for p in params.kwonly_params],
            star_arg=param(params.star_arg) if isinstance(params.star_arg, cst.Param) else params.star_arg,
            star_kwarg=param(params.star_kwarg) if params.star_kwarg is not None else None,
        )
        return prelude + [ir.Code(line, node.with_changes(decorators=decorators, params=new_params, returns=returns))]

    @staticmethod
    def _all_params(params: cst.Parameters) -> list[cst.Param]:
        found = [*params.posonly_params, *params.params]
        if isinstance(params.star_arg, cst.Param):
            found.append(params.star_arg)
        found.extend(params.kwonly_params)
        if params.star_kwarg is not None:
            found.append(params.star_kwarg)
        return found

    def lower_ClassDef(self, node: cst.ClassDef, line: int) -> list[ir.Node]:
        """A nested class evaluates its decorators, then bases and keywords."""
        header = node.with_changes(body=cst.IndentedBlock([]))
        if not contains_await(header):
            return [ir.Code(line, node)]
        arguments = [*node.bases, *node.keywords]
        slots = [d.decorator for d in node.decorators] + [a.value for a in arguments]
        prelude, values = self.spiller.expressions(slots, line)
        values = [self.spiller.keep(v, prelude, "header") for v in values]
        decorators = [d.with_changes(decorator=v) for d, v in zip(node.decorators, values)]
        rest = values[len(node.decorators):]
        bases = [a.with_changes(value=v) for a, v in zip(node.bases, rest)]
        keywords = [a.with_changes(value=v) for a, v in zip(node.keywords, rest[len(node.bases):])]
        return prelude + [ir.Code(line, node.with_changes(decorators=decorators, bases=bases, keywords=keywords))]

    # -- comprehensions ---------------------------------------------------

    def comprehension(self, node, prelude: list[ir.Node], line: int) -> cst.BaseExpression:
        """An eager async comprehension becomes a loop filling a temporary.
        Its own variables are renamed: they are invisible outside it."""
        node = _rename_comprehension_variables(node, self)
        result = self.temp("comprehension")
        if isinstance(node, cst.ListComp):
            empty: cst.BaseExpression = cst.List([])
            add = lambda: cst.Expr(cst.Call(cst.Attribute(cst.Name(result), cst.Name("append")), [cst.Arg(node.elt)]))  # noqa: E731
        elif isinstance(node, cst.SetComp):
            empty = parse_template_expression(f"{self.runtime}.set()")
            add = lambda: cst.Expr(cst.Call(cst.Attribute(cst.Name(result), cst.Name("add")), [cst.Arg(node.elt)]))  # noqa: E731
        else:
            empty = cst.Dict([])
            add = lambda: cst.Assign(  # noqa: E731
                [cst.AssignTarget(cst.Subscript(cst.Name(result), [cst.SubscriptElement(cst.Index(node.key))]))],
                node.value,
            )
        prelude.append(ir.Code(line, assign(result, empty)))
        iterable_prelude, iterable = self.spiller.expression(node.for_in.iter, line)
        prelude.extend(iterable_prelude)
        prelude.extend(self._comprehension_clause(node.for_in, iterable, add, line, node))
        return cst.Name(result)

    def _comprehension_clause(self, clause: cst.CompFor, iterable, add, line, node) -> list[ir.Node]:
        def inner() -> list[ir.Node]:
            nodes: list[ir.Node] = []
            block = nodes
            for condition in clause.ifs:
                test_prelude, test = self.spiller.condition(condition.test, line)
                block.extend(test_prelude)
                nested: list[ir.Node] = []
                block.append(ir.If(line, test, nested, []))
                block = nested
            if clause.inner_for_in is not None:
                next_prelude, next_iterable = self.spiller.expression(clause.inner_for_in.iter, line)
                block.extend(next_prelude)
                block.extend(self._comprehension_clause(clause.inner_for_in, next_iterable, add, line, node))
            else:
                element = add()
                if isinstance(element, cst.Expr):
                    element_prelude, value = self.spiller.expression(element.value, line)
                    block.extend(element_prelude)
                    block.append(ir.Code(line, element.with_changes(value=value)))
                else:
                    block.extend(self._dict_element(element, line))
            return nodes

        if clause.asynchronous is not None:
            return self._async_loop(line, iterable, clause.target, inner, [], text=f"__anext__() of `async for {ir.source(clause.target)} in {ir.source(iterable)}`")
        return self._for_loop(line, clause.target, iterable, inner(), [])

    def _dict_element(self, element: cst.Assign, line: int) -> list[ir.Node]:
        target = element.targets[0].target
        key = target.slice[0].slice.value  # type: ignore[attr-defined]
        prelude, (key, value) = self.spiller.expressions([key, element.value], line)
        new_target = target.with_changes(slice=[target.slice[0].with_changes(slice=cst.Index(key))])  # type: ignore[attr-defined]
        return prelude + [ir.Code(line, cst.Assign([cst.AssignTarget(new_target)], value))]


# -- helpers -------------------------------------------------------------------


def _clean_small(node: cst.BaseSmallStatement) -> cst.BaseSmallStatement:
    """Drop the trailing semicolon a statement had on a shared line."""
    if getattr(node, "semicolon", None) is not None and not isinstance(node.semicolon, cst.MaybeSentinel):
        return node.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return node


def _names_in_target(target) -> list[str]:
    if target is None:
        return []
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _names_in_target(e.value)]
    if isinstance(target, cst.StarredElement):
        return _names_in_target(target.value)
    return []


def _pattern_names(pattern) -> list[str]:
    found: list[str] = []

    class Finder(cst.CSTVisitor):
        def visit_MatchAs(self, node: cst.MatchAs) -> None:
            if node.name is not None:
                found.append(node.name.value)

        def visit_MatchStar(self, node: cst.MatchStar) -> None:
            if node.name is not None:
                found.append(node.name.value)

        def visit_MatchMapping(self, node: cst.MatchMapping) -> None:
            if node.rest is not None:
                found.append(node.rest.value)

    pattern.visit(Finder())
    return found


def _equals(name: str, number: int) -> cst.BaseExpression:
    return cst.Comparison(cst.Name(name), [cst.ComparisonTarget(cst.Equal(), cst.Integer(str(number)))])


def _is_not_none(name: str) -> cst.BaseExpression:
    return cst.Comparison(cst.Name(name), [cst.ComparisonTarget(cst.IsNot(), cst.Name("None"))])


def _call_none(name: str) -> cst.Call:
    none = cst.Name("None")
    return cst.Call(cst.Name(name), [cst.Arg(none), cst.Arg(none), cst.Arg(none)])


def _rename_comprehension_variables(node, lowerer: Lowerer):
    """Rename the variables a comprehension binds (its loop targets), wherever
    they are used inside it, to fresh temporaries of the enclosing function."""
    table = lowerer.context.table
    scope = table.scope_of_node[id(node)]
    renames = {name: lowerer.temp(name.strip("_") or "var") for name in sorted(scope.local_names)}
    # A lambda made in the loop must see the variable itself, late-bound.
    lowerer.captured_temps |= {renames[name] for name in scope.deferred_captures()}

    class Renamer(PreservingTransformer):
        def on_leave(self, original, updated):
            result = super().on_leave(original, updated)
            inner = table.scope_of_node.get(id(original))
            if inner is not None and result is not original:
                table.scope_of_node[id(result)] = inner  # a nested comprehension keeps its scope
            return result

        def leave_Name(self, original: cst.Name, updated: cst.Name):
            occurrence = table.occurrences.get(id(original))
            if occurrence is not None and occurrence.scope.resolve(occurrence.name) is scope:
                return updated.with_changes(value=renames[occurrence.name])
            return updated

    outer_iterable = node.for_in.iter
    renamed = node.visit(Renamer())
    # The outermost iterable belongs to the enclosing scope: keep it.
    return renamed.with_changes(for_in=renamed.for_in.with_changes(iter=outer_iterable))


def _release_iterators_on_unwinding(body: list[ir.Node], loop_iterators: list[tuple[ir.Node, str]]) -> None:
    """An exception leaving a loop drops the loop's iterator before any
    handler or `finally` block runs (CPython unwinds its value stack), and so
    do `return`, `break` and `continue` passing through a `finally`. For the
    loops whose iterator we keep in a variable, each handler of a `try`
    around them (and its `finally`) starts by dropping it. (An exception that
    leaves `move_next` altogether finishes the machine, which drops them all.)"""
    if not loop_iterators:
        return
    for node in ir.walk(body):
        if not isinstance(node, ir.Try):
            continue
        in_body = _iterators_within(node.body, loop_iterators)
        for handler in node.handlers:
            handler.body[:0] = _drop(in_body)
        if node.finalbody is not None:
            around = [node.body, node.orelse, *(handler.body for handler in node.handlers)]
            node.finalbody[:0] = _drop([name for block in around for name in _iterators_within(block, loop_iterators)])


def _iterators_within(block: list[ir.Node], loop_iterators: list[tuple[ir.Node, str]]) -> list[str]:
    inside = {id(node) for node in ir.walk(block)}
    return [name for loop, name in loop_iterators if id(loop) in inside]


def _drop(names: list[str]) -> list[ir.Node]:
    return [ir.Code(0, assign(name, cst.Name("None"))) for name in dict.fromkeys(names)]


def _read_results_in_place(nodes: list[ir.Node], spilled: list[str], result: str):
    """`awaited_1 = <await>` followed by the one statement that reads
    `awaited_1`, once: let that statement read the await site's `result`
    instead (`total += result`, not `awaited_1 = result; total += awaited_1`).
    The temporary then never exists: one store and one load less per await,
    and one name less to read. Only when nothing else in the statement's
    lowering mentions the temporary and the reading statement defines no
    nested scope. Returns the nodes and the temporaries still used."""
    if not spilled:
        return nodes, spilled
    uses = _NameUses(set(spilled))
    for node in nodes:
        for part in _cst_parts(node):
            part.visit(uses)
    nodes = list(nodes)
    kept = list(spilled)
    for index, (site, reader) in enumerate(zip(nodes, nodes[1:])):
        if not (isinstance(site, ir.Await) and isinstance(site.target, cst.Name) and isinstance(reader, ir.Code)):
            continue
        temp = site.target.value
        if temp not in kept or uses.counts.get(temp) != 2 or uses.in_nested_scope.get(temp):
            continue  # (2: the await's target and the one read)
        in_reader = _NameUses({temp})
        reader.statement.visit(in_reader)
        if in_reader.counts.get(temp) != 1:
            continue  # read later, not by the next statement
        nodes[index] = copy.copy(site)
        nodes[index].target = None
        nodes[index + 1] = copy.copy(reader)
        nodes[index + 1].statement = reader.statement.visit(_Renamer(temp, result))
        kept.remove(temp)
    return nodes, kept


def _cst_parts(node: ir.Node):
    if isinstance(node, ir.Code):
        return [node.statement]
    if isinstance(node, (ir.Await, ir.Yield)):
        return [part for part in (node.target, node.value) if part is not None]
    if isinstance(node, ir.Return):
        return [node.value] if node.value is not None else []
    return [_OPAQUE]  # anything else: its uses are not counted, so keep every temporary


_OPAQUE = cst.Name("_")


class _NameUses(cst.CSTVisitor):
    """Counts the occurrences of some names, and notes those inside a nested
    scope (lambda, comprehension, def, class)."""

    _SCOPES = (cst.Lambda, cst.FunctionDef, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)

    def __init__(self, wanted: set[str]) -> None:
        super().__init__()
        self.wanted = wanted
        self.counts: dict[str, int] = {}
        self.in_nested_scope: dict[str, bool] = {}
        self.depth = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, self._SCOPES):
            self.depth += 1
        if node is _OPAQUE:
            for name in self.wanted:
                self.counts[name] = self.counts.get(name, 0) + 100
        elif isinstance(node, cst.Name) and node.value in self.wanted:
            self.counts[node.value] = self.counts.get(node.value, 0) + 1
            if self.depth:
                self.in_nested_scope[node.value] = True
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, self._SCOPES):
            self.depth -= 1
        super().on_leave(original_node)


class _Renamer(PreservingTransformer):
    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.old, self.new = old, new

    def leave_Name(self, original: cst.Name, updated: cst.Name):
        return updated.with_changes(value=self.new) if updated.value == self.old else updated
