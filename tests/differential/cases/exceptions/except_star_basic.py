"""`except*` with awaits in the try body: the raised group is split by type,
each matching handler runs once with a sub-group, unmatched leaves propagate
as a new group, a naked exception is wrapped in an ExceptionGroup, and the
handlers see the right exceptions after suspensions."""
import asyncio
from tracelib import describe, suspend


def show_group(eg):
    if isinstance(eg, BaseExceptionGroup):
        inner = ", ".join(show_group(e) for e in eg.exceptions)
        return f"{type(eg).__name__}({eg.message!r}, [{inner}])"
    return f"{type(eg).__name__}({eg})"


async def raise_group(eg):
    await suspend()
    raise eg


async def split(eg):
    try:
        await raise_group(eg)
    except* ValueError as group:
        await suspend()
        print("  ValueError handler:", show_group(group))
    except* (KeyError, IndexError) as group:
        await suspend()
        print("  Key/Index handler:", show_group(group))


async def naked():
    error = ValueError("naked")
    try:
        await suspend()
        raise error
    except* ValueError as group:
        await suspend()
        print("  wrapped:", show_group(group))
        print("  leaf is the raised object:", group.exceptions[0] is error)


async def leftovers_propagate():
    try:
        await split(ExceptionGroup("mixed", [ValueError(1), TypeError(2), KeyError(3),
                                             ExceptionGroup("nested", [IndexError(4), OSError(5)])]))
    except* TypeError as g:
        print("  outer TypeError:", show_group(g))
    except* OSError as g:
        print("  outer OSError:", show_group(g))


async def all_handled_continues():
    try:
        await raise_group(ExceptionGroup("all", [ValueError("a"), ValueError("b")]))
    except* ValueError as g:
        await suspend()
        print("  handled", len(g.exceptions), "ValueErrors")
    await suspend()
    return "continued after except*"


async def with_else_finally():
    for fail in (False, True):
        try:
            await suspend()
            if fail:
                raise ExceptionGroup("g", [KeyError("x")])
        except* KeyError:
            print("  except* ran")
        else:
            await suspend()
            print("  else ran")
        finally:
            await suspend()
            print("  finally ran")


async def main():
    print("split into handlers")
    await split(ExceptionGroup("eg", [ValueError("v1"), KeyError("k"), ValueError("v2"),
                                      IndexError("i")]))
    print("naked exception")
    await naked()
    print("leftovers propagate")
    await leftovers_propagate()
    print("all handled")
    print("  ->", await all_handled_continues())
    print("else/finally")
    await with_else_finally()


asyncio.run(main())
