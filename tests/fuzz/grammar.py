"""Hypothesis strategies for random, valid, deterministic async programs.

`programs(size)` draws a whole program: the prelude (tests/fuzz/prelude.py),
then a few module-level functions `f<i>` (coroutines) and `g<i>` (async
generators) built from a grammar of the constructs movenext compiles, then a
`main()` that drives them in every way a caller can (await, manual send/throw/
close, task cancellation at a suspension point, asend/athrow/aclose), printing
every result and exception.

Every choice is a hypothesis draw, so a failing program shrinks: block sizes
and weighted choices shrink towards the first (simplest) option, and every
statement and expression is its own composite draw (a span the shrinker can
delete or simplify as a unit).

Validity rules the grammar keeps (checked by CPython's compiler anyway):
break/continue only inside a loop of the same function; `return value` and
`await` only where allowed (no await in nested sync defs, lambdas); `yield`
only in async generators, never inside comprehensions; walrus never in a
comprehension's iterable nor rebinding its variables; nonlocal only for the
enclosing function's locals; all string literals use double quotes and
f-strings single quotes (no nesting: valid on 3.11).

Determinism and termination: loops run at most 3 times (a `while` increments
its own counter as its first statement), functions only call functions
defined before them (no recursion), values are small ints, lists and dicts
(insertion ordered; no sets, no ids, no time). Every coroutine main creates is
awaited, closed or cancelled explicitly, and every async generator it starts
is aclose()d, so nothing depends on garbage-collection timing.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from hypothesis import strategies as st

from .prelude import PRELUDE

INT_NAMES = ("x", "y", "z")
CONTAINER_NAMES = ("L", "D")
EXCEPTIONS = ("E1", "E2", "ValueError", "KeyError", "RuntimeError")
HANDLER_TYPES = (
    "E1",
    "Exception",
    "ValueError",
    "E2",
    "KeyError",
    "(E1, KeyError)",
    "ZeroDivisionError",
    "BaseException",
    "RuntimeError",
    "AssertionError",
    "asyncio.CancelledError",
    "(ValueError, ZeroDivisionError)",
    "StopAsyncIteration",
    "GeneratorExit",
)


@dataclass(frozen=True)
class Size:
    functions: int = 3  # module-level async functions
    block: int = 3  # statements per block
    depth: int = 3  # compound statement nesting
    expr: int = 2  # expression nesting
    ops: int = 4  # main's driver operations

    @classmethod
    def named(cls, name: str) -> "Size":
        return {"ci": CI, "default": DEFAULT, "large": LARGE}[name]


CI = Size(functions=2, block=2, depth=2, expr=2, ops=2)
DEFAULT = Size()
LARGE = Size(functions=4, block=4, depth=4, expr=3, ops=6)


@dataclass
class Fn:
    name: str
    kind: str  # "coro" | "agen"


@dataclass(frozen=True)
class Ctx:
    kind: str  # "coro", "agen" or "sync" (a nested def / lambda body)
    can_await: bool = True
    can_yield: bool = False
    loop: bool = False
    handler: str | None = None  # bound name ("" when unnamed) of the innermost handler
    in_finally: bool = False
    depth: int = 0
    names: tuple = INT_NAMES + ("p",)  # int-valued names readable here
    assignable: tuple = INT_NAMES
    coros: tuple = ()  # coroutine functions awaitable from here
    gens: tuple = ()  # async generator functions iterable from here
    walrus: bool = True
    in_fstring: bool = False
    nested: int = 0  # nested function level

    def but(self, **changes) -> "Ctx":
        return dataclasses.replace(self, **changes)


@dataclass
class Builder:
    """Mutable per-program state: fresh names and labels."""

    size: Size
    counter: int = 0
    allow_refused: bool = False
    features: set = field(default_factory=set)

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"


def weighted(draw, options):
    """Choose among (weight, value) pairs; shrinks towards the first option."""
    options = [(w, v) for w, v in options if w > 0]
    total = sum(w for w, _ in options)
    pick = draw(st.integers(0, total - 1))
    for w, value in options:
        if pick < w:
            return value
        pick -= w
    raise AssertionError("unreachable")


def indent(lines, by="    "):
    return [by + line for line in lines]


def suspends(draw):
    """How often an awaitable suspends: 0 (completes at once) is the commonest."""
    return weighted(draw, [(5, 0), (4, 1), (1, 2)])


def small(draw, low=0, high=3):
    return draw(st.integers(low, high))


# ----------------------------------------------------------------------
# Expressions (int-valued, except where noted)


@st.composite
def expression(draw, b: Builder, ctx: Ctx, d: int) -> str:
    return _expression(draw, b, ctx, d)


def _expression(draw, b, ctx, d):
    aw = ctx.can_await
    hot = ctx.handler is not None or ctx.in_finally  # weight awaits up where it is tricky
    top = d >= b.size.expr
    leaf = [
        (4, "literal"),
        (4, "name"),
        (5 + 4 * hot if aw else 0, "await_aw"),
        (3 + 2 * hot if aw and ctx.coros else 0, "await_call"),
        (1 if aw else 0, "await_sleep"),
    ]
    inner = [
        (3, "binop"),
        (2, "compare"),
        (2, "boolop"),
        (1, "ifexp"),
        (3, "tick"),
        (2, "subscript"),
        (1 if not ctx.in_fstring else 0, "fstring"),
        (2 if ctx.walrus and ctx.assignable else 0, "walrus"),
        (2, "comprehension"),
        (1 if aw else 0, "await_raising"),
        (1, "lambda"),
        (1, "container"),
        (1 if ctx.can_yield else 0, "yield"),
        (1 if aw and not top else 0, "await_nested"),
    ]
    # First leaf or not (fewer composites deeper down), then which one.
    composite = d > 0 and weighted(draw, [(2 if top else 3, False), (3 if top else 2, True)])
    kind = weighted(draw, inner if composite else leaf)
    sub = lambda c=ctx: draw(expression(b, c, d - 1))  # noqa: E731
    b.features.add("expr:" + kind)
    if kind == "literal":
        return str(draw(st.integers(0, 5)))
    if kind == "name":
        return draw(st.sampled_from(ctx.names))
    if kind == "await_aw":
        value = sub() if d > 0 else str(draw(st.integers(0, 5)))
        return f"(await Aw({value}, {suspends(draw)}))"
    if kind == "await_call":
        callee = draw(st.sampled_from(ctx.coros))
        argument = sub() if d > 0 else str(draw(st.integers(0, 3)))
        return f"(await {callee}({argument}))"
    if kind == "await_sleep":
        value = sub() if d > 0 else str(draw(st.integers(0, 5)))
        return f"(await asyncio.sleep(0, {value}))"
    if kind == "await_nested":
        return f"(await Aw(await Aw({sub()}, {suspends(draw)}), {suspends(draw)}))"
    if kind == "binop":
        op = weighted(draw, [(4, "+"), (3, "-"), (2, "*"), (1, "//"), (1, "%")])
        right = sub()
        if op == "*":  # keep numbers small-ish: multiply by a literal
            right = str(draw(st.integers(0, 3)))
        return f"({sub()} {op} {right})"
    if kind == "compare":
        ops = ["<", "<=", "==", "!=", ">", ">="]
        n = weighted(draw, [(4, 1), (2, 2), (1, 0)])
        if n == 0:
            return f"({sub()} in [{sub()}, {sub()}])"
        parts = [sub()]
        for _ in range(n):
            parts.append(draw(st.sampled_from(ops)))
            parts.append(sub())
        return "(" + " ".join(parts) + ")"
    if kind == "boolop":
        form = weighted(draw, [(3, "and"), (3, "or"), (1, "not")])
        if form == "not":
            return f"(not {sub()})"
        return f"({sub()} {form} {sub()})"
    if kind == "ifexp":
        return f"({sub()} if {sub()} else {sub()})"
    if kind == "tick":
        n = weighted(draw, [(3, 2), (2, 1), (1, 3)])
        args = ", ".join(sub() for _ in range(n))
        if draw(st.integers(0, 4)) == 0:
            args = f"*[{args}]"
        return f'tick("{b.fresh("t")}", {args})'
    if kind == "subscript":
        form = weighted(draw, [(3, "list"), (2, "L"), (2, "dict"), (1, "D")])
        if form == "list":
            return f"[{sub()}, {sub()}, {sub()}][{sub()} % 3]"
        if form == "L":
            return f"L[{sub()} % len(L)]"
        if form == "dict":
            return f'{{"a": {sub()}, "b": {sub()}}}["a" if {sub()} else "b"]'
        return f'D.get("{draw(st.sampled_from("abc"))}", {sub()})'
    if kind == "fstring":
        c = ctx.but(in_fstring=True)
        pieces = []
        for _ in range(weighted(draw, [(3, 1), (2, 2), (1, 3)])):
            spec = weighted(draw, [(4, ""), (2, "!r"), (1, ":>3"), (1, "=")])
            text = sub(c)
            if text.startswith("{"):  # "{{" would be an escaped brace
                text = f"({text})"
            pieces.append("{" + text + spec + "}")
        return "len(f'" + "|".join(pieces) + "')"
    if kind == "walrus":
        target = draw(st.sampled_from(ctx.assignable))
        return f"({target} := {sub()})"
    if kind == "comprehension":
        return _comprehension(draw, b, ctx, d)
    if kind == "await_raising":
        exc = draw(st.sampled_from(EXCEPTIONS))
        return f"(await Aw({exc}({sub()}), {suspends(draw)}))"
    if kind == "lambda":
        c = ctx.but(can_await=False, can_yield=False, walrus=False, names=ctx.names + ("q",), assignable=())
        return f"(lambda q: {sub(c)})({sub()})"
    if kind == "container":
        form = weighted(draw, [(2, "len"), (1, "sum")])
        if form == "len":
            return f"len([{sub()}, *L])"
        return f'sum({{"k": {sub()}, "m": {sub()}}}.values())'
    if kind == "yield":
        b.features.add("yield-expression")
        return f"((yield {sub()}) or 0)"
    raise AssertionError(kind)


def _comprehension(draw, b, ctx, d):
    var = b.fresh("j")
    is_async = ctx.can_await and draw(st.integers(0, 2)) == 0
    n = draw(st.integers(0, 3))
    # The first iterable is evaluated outside the comprehension's scope; it
    # may not contain a walrus (SyntaxError) in any case.
    if is_async:
        iterable = f"ARange({n}, {suspends(draw)})"
        loop = f"async for {var} in {iterable}"
    else:
        iterable = weighted(draw, [(3, f"range({n})"), (1, "__display__")])
        if iterable == "__display__":
            c = ctx.but(walrus=False)
            iterable = "[" + ", ".join(draw(expression(b, c, d - 1)) for _ in range(2)) + "]"
        loop = f"for {var} in {iterable}"
    inner = ctx.but(can_yield=False, names=ctx.names + (var,))
    element = draw(expression(b, inner, d - 1))
    condition = ""
    if draw(st.integers(0, 1)):
        if ctx.walrus and ctx.assignable and draw(st.integers(0, 1)):
            target = draw(st.sampled_from(ctx.assignable))
            b.features.add("walrus-in-comprehension-condition")
            condition = f" if ({target} := {draw(expression(b, inner, d - 1))})"
        else:
            condition = f" if {draw(expression(b, inner, d - 1))}"
    b.features.add("comprehension-async" if is_async else "comprehension")
    form = weighted(draw, [(3, "list"), (1, "dict")])
    if form == "list":
        return f"sum([{element} {loop}{condition}])"
    return f"sum({{{var}: {element} {loop}{condition}}}.values())"


# ----------------------------------------------------------------------
# Statements (each returns a list of source lines, unindented)


@st.composite
def statement(draw, b: Builder, ctx: Ctx) -> list:
    return _statement(draw, b, ctx)


JUMP = re.compile(r"(raise|return|break|continue)\b")


def block(draw, b, ctx, low=1, high=None):
    high = b.size.block if high is None else high
    items = draw(st.lists(statement(b, ctx), min_size=low, max_size=high))
    lines = []
    for item in items:
        lines += item
        if len(item) == 1 and JUMP.match(item[0]):
            break  # what follows would be dead code
    return lines or ["pass"]


def _statement(draw, b, ctx):
    e = lambda c=ctx, d=None: draw(expression(b, c, b.size.expr if d is None else d))  # noqa: E731
    hot = ctx.handler is not None or ctx.in_finally
    compound = ctx.depth < b.size.depth
    aw = ctx.can_await
    options = [
        (6, "print"),
        (5, "assign"),
        (3, "augassign"),
        (2, "container"),
        (3 + 4 * hot if aw else 0, "await"),
        (3 + 2 * hot, "info"),
        (5 if compound else 0, "if"),
        (3 if compound else 0, "for"),
        (2 if compound else 0, "while"),
        (2 if compound and aw else 0, "async_for"),
        (2 if compound and aw and ctx.gens else 0, "async_for_gen"),
        (7 if compound else 0, "try"),
        (2 if compound else 0, "with"),
        (3 if compound and aw else 0, "async_with"),
        (2 if compound else 0, "match"),
        (1.5 + 3 * hot, "raise"),
        (1, "assert"),
        (1 + 2 * hot if ctx.kind != "agen" else 0.5 + hot, "return"),
        (2 + 3 * hot if ctx.loop else 0, "break_continue"),
        (5 if ctx.can_yield else 0, "yield"),
        (2 if ctx.nested == 0 and compound else 0, "closure"),
        (1 if ctx.nested == 0 and compound and aw else 0, "async_closure"),
        (1 if aw and compound and b.allow_refused else 0, "refused"),
    ]
    # Integer weights only: scale up.
    options = [(int(w * 4), kind) for w, kind in options]
    kind = weighted(draw, options)
    b.features.add("stmt:" + kind)
    if hot:
        b.features.add(("handler:" if ctx.handler is not None else "finally:") + kind)
    inner = ctx.but(depth=ctx.depth + 1)

    if kind == "print":
        return [f'print("{b.fresh("s")}", {e()})']
    if kind == "info":
        return [f'print("{b.fresh("s")}", info())']
    if kind == "assign":
        if ctx.assignable:
            form = weighted(draw, [(5, "simple"), (1, "tuple"), (1, "subscript")])
            if form == "simple":
                return [f"{draw(st.sampled_from(ctx.assignable))} = {e()}"]
            if form == "tuple":
                return [f"{draw(st.sampled_from(ctx.assignable))}, {draw(st.sampled_from(ctx.assignable))} = {e()}, {e()}"]
        return [f"L[{e()} % len(L)] = {e()}"]
    if kind == "augassign":
        op = weighted(draw, [(3, "+="), (2, "-="), (1, "*=")])
        value = e() if op != "*=" else str(draw(st.integers(0, 3)))
        if ctx.assignable and draw(st.integers(0, 2)):
            return [f"{draw(st.sampled_from(ctx.assignable))} {op} {value}"]
        b.features.add("augassign-subscript")
        return [f"L[{e()} % len(L)] {op} {value}"]
    if kind == "container":
        form = weighted(draw, [(2, "append"), (2, "dict"), (1, "pop")])
        if form == "append":
            return [f"L.append({e()})"]
        if form == "dict":
            return [f'D["{draw(st.sampled_from("abc"))}"] = {e()}']
        return [f'print("{b.fresh("s")}", L.pop({e()} % len(L)) if len(L) > 1 else L)']
    if kind == "await":
        form = weighted(draw, [(3, "aw"), (3 if ctx.coros else 0, "call"), (1, "sleep"), (1, "raising")])
        if form == "aw":
            return [f"await Aw({e()}, {suspends(draw)})"]
        if form == "call":
            return [f'print("{b.fresh("s")}", await {draw(st.sampled_from(ctx.coros))}({e()}))']
        if form == "sleep":
            return ["await asyncio.sleep(0)"]
        return [f"await Aw({draw(st.sampled_from(EXCEPTIONS))}({e()}), {suspends(draw)})"]
    if kind == "if":
        lines = [f"if {e()}:"] + indent(block(draw, b, inner))
        for _ in range(weighted(draw, [(3, 0), (1, 1)])):
            lines += [f"elif {e()}:"] + indent(block(draw, b, inner))
        if draw(st.integers(0, 1)):
            lines += ["else:"] + indent(block(draw, b, inner))
        return lines
    if kind in ("for", "while", "async_for", "async_for_gen"):
        return _loop(draw, b, ctx, kind, e)
    if kind == "try":
        return _try(draw, b, ctx, e)
    if kind == "with":
        tag = b.fresh("w")
        suppress = draw(st.sampled_from(["False", "True"]))
        target = weighted(draw, [(2, ""), (1, " as " + draw(st.sampled_from(ctx.assignable)) if ctx.assignable else "")])
        return [f'with CM("{tag}", {suppress}){target}:'] + indent(block(draw, b, inner))
    if kind == "async_with":
        items = []
        for _ in range(weighted(draw, [(4, 1), (1, 2)])):
            if draw(st.integers(0, 3)):
                items.append(f'ACM("{b.fresh("a")}", {suspends(draw)}, {draw(st.sampled_from(["False", "True"]))})')
            else:
                items.append(f'CM("{b.fresh("w")}", {draw(st.sampled_from(["False", "True"]))})')
        if ctx.assignable and draw(st.integers(0, 1)):
            items[0] += " as " + draw(st.sampled_from(ctx.assignable))
        head = "async with " + ", ".join(items) + ":"
        if not items[0].startswith("ACM"):
            head = "async with " + ", ".join([f'ACM("{b.fresh("a")}", {suspends(draw)})'] + items) + ":"
        return [head] + indent(block(draw, b, inner))
    if kind == "match":
        return _match(draw, b, ctx, e)
    if kind == "raise":
        return [_raise(draw, b, ctx, e)]
    if kind == "assert":
        if draw(st.integers(0, 1)):
            return [f"assert {e()}, {e()}"]
        return [f"assert {e()}"]
    if kind == "return":
        if ctx.kind == "agen":
            return ["return"]
        form = weighted(draw, [(3, "value"), (2 if aw else 0, "await"), (1, "bare")])
        if form == "bare":
            return ["return"]
        if form == "await":
            b.features.add("return-await")
            if ctx.coros and draw(st.integers(0, 1)):
                return [f"return await {draw(st.sampled_from(ctx.coros))}({e()})"]
            return [f"return await Aw({e()}, {suspends(draw)})"]
        return [f"return {e()}"]
    if kind == "break_continue":
        return [draw(st.sampled_from(["break", "continue"]))]
    if kind == "yield":
        form = weighted(draw, [(3, "plain"), (2, "print")])
        if form == "plain":
            return [f"yield {e()}"]
        return [f'print("{b.fresh("s")}", (yield {e()}))']
    if kind == "closure":
        return _closure(draw, b, ctx, e, is_async=False)
    if kind == "async_closure":
        return _closure(draw, b, ctx, e, is_async=True)
    if kind == "refused":
        # `await` in a for target: movenext refuses it cleanly (counted).
        b.features.add("refused")
        return [f"for L[await Aw(0)] in range(1):", "    pass"]
    raise AssertionError(kind)


def _loop(draw, b, ctx, kind, e):
    body_ctx = ctx.but(depth=ctx.depth + 1, loop=True)
    lines = []
    if kind == "for":
        var = b.fresh("i")
        form = weighted(draw, [(3, "range"), (2, "display"), (1 if ctx.can_await else 0, "await")])
        if form == "range":
            iterable = f"range({weighted(draw, [(1, 0), (3, 1), (4, 2), (2, 3)])})"
        elif form == "display":
            iterable = "[" + ", ".join(e() for _ in range(draw(st.integers(0, 3)))) + "]"
        else:
            iterable = f"(await Aw([{e()}, {e()}], {suspends(draw)}))"
        body_ctx = body_ctx.but(names=body_ctx.names + (var,))
        lines = [f"for {var} in {iterable}:"] + indent(block(draw, b, body_ctx))
    elif kind == "while":
        counter = b.fresh("n")
        limit = weighted(draw, [(1, 1), (3, 2), (1, 3)])
        condition = f"{counter} < {limit}"
        if draw(st.integers(0, 1)):
            condition += f" and {e()}"
        lines = [f"{counter} = 0", f"while {condition}:"]
        lines += indent([f"{counter} += 1"] + block(draw, b, body_ctx))
    elif kind == "async_for":
        var = b.fresh("i")
        body_ctx = body_ctx.but(names=body_ctx.names + (var,))
        n = weighted(draw, [(1, 0), (3, 1), (4, 2), (1, 3)])
        lines = [f"async for {var} in ARange({n}, {suspends(draw)}):"] + indent(block(draw, b, body_ctx))
    else:  # async_for_gen: aclosing() so an early exit closes the generator now
        var = b.fresh("i")
        it = b.fresh("it")
        body_ctx = body_ctx.but(names=body_ctx.names + (var,), depth=body_ctx.depth + 1)
        gen = draw(st.sampled_from(ctx.gens))
        inner = [f"async for {var} in {it}:"] + indent(block(draw, b, body_ctx))
        if draw(st.integers(0, 2)) == 0:
            inner += ["else:"] + indent(block(draw, b, ctx.but(depth=ctx.depth + 2)))
        return [f"async with contextlib.aclosing({gen}({e()})) as {it}:"] + indent(inner)
    if draw(st.integers(0, 3)) == 0:
        lines += ["else:"] + indent(block(draw, b, ctx.but(depth=ctx.depth + 1)))
    return lines


def _try(draw, b, ctx, e):
    inner = ctx.but(depth=ctx.depth + 1)
    lines = ["try:"] + indent(block(draw, b, inner))
    form = weighted(draw, [(4, "except"), (3, "except_finally"), (2, "finally")])
    handlers = 0
    if form != "finally":
        handlers = weighted(draw, [(4, 1), (2, 2), (1, 3)])
        types = []
        for i in range(handlers):
            bare = i == handlers - 1 and draw(st.integers(0, 5)) == 0
            if bare:
                lines.append("except:")
                c = inner.but(handler="")
            else:
                typ = weighted(draw, [(12 - min(k, 11), t) for k, t in enumerate(HANDLER_TYPES)])
                types.append(typ)
                if draw(st.integers(0, 2)):
                    name = b.fresh("e")
                    lines.append(f"except {typ} as {name}:")
                    c = inner.but(handler=name)
                else:
                    lines.append(f"except {typ}:")
                    c = inner.but(handler="")
            lines += indent(block(draw, b, c))
            if bare:
                break
        if draw(st.integers(0, 3)) == 0:
            b.features.add("try-else")
            lines += ["else:"] + indent(block(draw, b, inner))
    if form != "except":
        lines += ["finally:"] + indent(block(draw, b, inner.but(in_finally=True)))
    return lines


def _raise(draw, b, ctx, e):
    handler = ctx.handler
    options = [
        (5, "plain"),
        (2, "from"),
        (1, "from_none"),
        (3 if handler is not None else 0, "bare"),
        (2 if handler else 0, "name"),
        (2 if handler else 0, "from_name"),
        (2 if ctx.can_await else 0, "await"),
        (1, "stop"),
    ]
    form = weighted(draw, options)
    b.features.add("raise:" + form)
    exc = draw(st.sampled_from(EXCEPTIONS))
    if form == "plain":
        return f"raise {exc}({e()})"
    if form == "from":
        return f"raise {exc}({e()}) from {draw(st.sampled_from(EXCEPTIONS))}({e()})"
    if form == "from_none":
        return f"raise {exc}({e()}) from None"
    if form == "bare":
        return "raise"
    if form == "name":
        return f"raise {handler}"
    if form == "from_name":
        return f"raise {exc}({e()}) from {handler}"
    if form == "await":
        return f"raise await Aw({exc}({e()}), {suspends(draw)})"
    # StopIteration/StopAsyncIteration raised in the body: PEP 479 turns
    # them into RuntimeError (StopAsyncIteration only in async generators).
    return f"raise {draw(st.sampled_from(['StopIteration', 'StopAsyncIteration']))}({e()})"


def _match(draw, b, ctx, e):
    inner = ctx.but(depth=ctx.depth + 1)
    cases = []
    if draw(st.integers(0, 2)):
        subject = e()
        for _ in range(weighted(draw, [(2, 1), (3, 2), (1, 3)])):
            form = weighted(draw, [(3, "literal"), (2, "or"), (2, "guard"), (1, "class")])
            if form == "literal":
                cases.append((f"case {draw(st.integers(0, 3))}:", inner))
            elif form == "or":
                cases.append((f"case {draw(st.integers(0, 2))} | {draw(st.integers(3, 5))}:", inner))
            else:
                name = b.fresh("m")
                c = inner.but(names=inner.names + (name,))
                pattern = name if form == "guard" else f"int({name})"
                cases.append((f"case {pattern} if {draw(expression(b, c, 1))}:", c))
    else:
        subject = f"({e()}, {e()})"
        for _ in range(weighted(draw, [(2, 1), (3, 2)])):
            form = weighted(draw, [(2, "literal"), (2, "guard"), (1, "list")])
            m1, m2 = b.fresh("m"), b.fresh("m")
            c = inner.but(names=inner.names + (m1, m2))
            if form == "literal":
                cases.append((f"case ({draw(st.integers(0, 2))}, {m2}):", inner.but(names=inner.names + (m2,))))
            elif form == "guard":
                cases.append((f"case ({m1}, {m2}) if {draw(expression(b, c, 1))}:", c))
            else:
                cases.append((f"case [{m1}, _]:", inner.but(names=inner.names + (m1,))))
    lines = [f"match {subject}:"]
    for head, c in cases:
        lines += indent([head] + indent(block(draw, b, c, high=2)))
    if draw(st.integers(0, 1)):
        lines += indent(["case _:"] + indent(block(draw, b, inner, high=2)))
    return lines


def _closure(draw, b, ctx, e, is_async):
    """A nested function using nonlocal, defined and then called."""
    name = b.fresh("h")
    body_ctx = Ctx(
        kind="coro" if is_async else "sync",
        can_await=is_async,
        depth=ctx.depth + 1,
        names=INT_NAMES + ("p", "q"),
        assignable=INT_NAMES,
        coros=ctx.coros if is_async else (),
        gens=ctx.gens if is_async else (),
        nested=ctx.nested + 1,
    )
    body = block(draw, b, body_ctx, high=3)
    body.append(f"return {draw(expression(b, body_ctx, 1))}")
    used = [n for n in INT_NAMES + CONTAINER_NAMES if re.search(rf"\b{n}\b", "\n".join(body))]
    head = [f"nonlocal {', '.join(used)}"] if used else []
    b.features.add("async-closure" if is_async else "closure")
    definition = [f"{'async def' if is_async else 'def'} {name}(q):"] + indent(head + body)
    call = f"await {name}({e()})" if is_async else f"{name}({e()})"
    calls = [f'print("{b.fresh("s")}", {call})']
    if draw(st.integers(0, 2)) == 0:
        calls.append(f'print("{b.fresh("s")}", {call})')
    return definition + calls


# ----------------------------------------------------------------------
# Functions and the program


def function_source(draw, b, fn: Fn, earlier: list) -> list:
    ctx = Ctx(
        kind=fn.kind,
        can_yield=fn.kind == "agen",
        coros=tuple(f.name for f in earlier if f.kind == "coro"),
        gens=tuple(f.name for f in earlier if f.kind == "agen"),
    )
    body = block(draw, b, ctx, low=2, high=b.size.block + 2)
    if fn.kind == "coro" and draw(st.integers(0, 1)):
        body.append(f"return {draw(expression(b, ctx, 1))}")
    if fn.kind == "agen" and not any(re.search(r"\byield\b", line) for line in body):
        body.append(f"yield {draw(expression(b, ctx, 1))}")
    text = "\n".join(body)
    init = []
    for name, value in (("x", "p"), ("y", "1"), ("z", "2"), ("L", "[p, 1, 2]"), ("D", '{"a": p}')):
        if re.search(rf"\b{name}\b", text):
            init.append(f"{name} = {value}")
    return [f"async def {fn.name}(p):"] + indent(init + body)


def main_source(draw, b, functions: list) -> list:
    lines = ["async def main():"]
    body = []
    for _ in range(draw(st.integers(1, b.size.ops))):
        fn = draw(st.sampled_from(functions[::-1]))  # shrinks towards the last (outermost) function
        arg = draw(st.integers(0, 3))
        label = b.fresh("r")
        if fn.kind == "coro":
            form = weighted(draw, [(5, "await"), (3, "drive"), (3, "cancel")])
            b.features.add("main:" + form)
            if form == "await":
                body.append(f'await Report("{label}", {fn.name}({arg}))')
            elif form == "drive":
                body.append(f'drive("{label}", {fn.name}({arg}), {_plan(draw)})')
            else:
                steps = weighted(draw, [(1, 0), (3, 1), (2, 2), (1, 3)])
                message = ', "stop"' if draw(st.integers(0, 3)) == 0 else ""
                body.append(f'await CancelAt("{label}", {fn.name}({arg}), {steps}{message})')
        else:
            b.features.add("main:agen")
            body.append(f"{label} = keep({fn.name}({arg}))")
            for _ in range(draw(st.integers(1, 4))):
                op = weighted(
                    draw,
                    [(4, "anext"), (3, "asend"), (3, "athrow"), (1, "athrow_class"), (1, "aclose"), (2, "drive"), (1, "cancel")],
                )
                b.features.add("agen:" + op)
                tag = f'"{label}.{op}"'
                if op == "anext":
                    call = draw(st.sampled_from([f"{label}.__anext__()", f"anext({label})"]))
                    body.append(f"await Report({tag}, {call})")
                elif op == "asend":
                    body.append(f"await Report({tag}, {label}.asend({draw(st.integers(0, 9))}))")
                elif op == "athrow":
                    exc = draw(st.sampled_from(EXCEPTIONS + ("GeneratorExit",)))
                    body.append(f"await Report({tag}, {label}.athrow({exc}({draw(st.integers(0, 9))})))")
                elif op == "athrow_class":
                    body.append(f"await Report({tag}, {label}.athrow({draw(st.sampled_from(EXCEPTIONS))}))")
                elif op == "aclose":
                    body.append(f"await Report({tag}, {label}.aclose())")
                elif op == "drive":
                    what = draw(st.sampled_from([f"{label}.asend(None)", f"{label}.athrow(E1(7))"]))
                    body.append(f"drive({tag}, {what}, {_plan(draw)})")
                else:
                    body.append(f"await CancelAt({tag}, anext({label}), {draw(st.integers(0, 2))})")
            body.append(f'await Report("{label}.final-aclose", {label}.aclose())')
    return lines + indent(body)


def _plan(draw) -> str:
    steps = []
    for _ in range(weighted(draw, [(1, 0), (3, 1), (3, 2), (2, 3), (1, 5)])):
        if draw(st.integers(0, 1)):
            steps.append(f'("send", {draw(st.integers(1, 9)) * 10})')
        else:
            exc = draw(st.sampled_from(("E1", "KeyError", "ValueError", "E2", "GeneratorExit", "asyncio.CancelledError")))
            steps.append(f'("throw", {exc}({draw(st.integers(0, 9))}))')
    return "[" + ", ".join(steps) + "]"


@dataclass
class Program:
    source: str  # the whole program: prelude + body
    body: str  # the generated part
    features: frozenset

    def __repr__(self) -> str:  # hypothesis prints this for a falsifying example
        return "Program(\n" + self.body + "\n)"


@st.composite
def programs(draw, size: Size = DEFAULT) -> Program:
    b = Builder(size)
    # Rarely, a construct movenext refuses (a clean CompileError, counted).
    b.allow_refused = draw(st.integers(0, 99)) == 0
    count = draw(st.integers(1, size.functions))
    functions = []
    for i in range(count):
        kind = weighted(draw, [(3, "coro"), (2, "agen")]) if i < count - 1 else weighted(draw, [(3, "coro"), (1, "agen")])
        functions.append(Fn(("f" if kind == "coro" else "g") + str(i), kind))
    lines = []
    for i, fn in enumerate(functions):
        lines += function_source(draw, b, fn, functions[:i]) + ["", ""]
    lines += main_source(draw, b, functions) + ["", "", "run(main)"]
    body = "\n".join(lines) + "\n"
    return Program(PRELUDE + body, body, frozenset(b.features))
