"""Awaits inside `except*` handlers: raising from a handler (the new error is
combined with unhandled leftovers into a group), bare `raise` in a handler
re-raises that handler's sub-group, sys.exc_info() inside the handler after an
await, and an ExceptionGroup collected from several failing coroutines.
(CPython builds the combined group of handler errors and leftovers with an
empty message.)"""
import asyncio
from tracelib import describe, exc_info, suspend


def show(eg):
    if isinstance(eg, BaseExceptionGroup):
        inner = ", ".join(show(e) for e in eg.exceptions)
        return f"{type(eg).__name__}({eg.message!r}, [{inner}])"
    return f"{type(eg).__name__}({eg})"


async def handler_raises():
    try:
        try:
            raise ExceptionGroup("src", [ValueError("v"), KeyError("k")])
        except* ValueError:
            await suspend()
            raise TypeError("raised in handler")
    except BaseExceptionGroup as eg:
        print("  ", show(eg))
        raised = eg.exceptions[0]
        print("   handler error context:", show(raised.__context__))


async def bare_reraise():
    try:
        try:
            raise ExceptionGroup("src", [ValueError("v"), KeyError("k"), OSError("o")])
        except* ValueError:
            await suspend()
            raise
        except* KeyError:
            await suspend()
            print("   KeyError swallowed")
    except BaseExceptionGroup as eg:
        print("  ", show(eg))


async def exc_info_in_handler():
    try:
        raise ExceptionGroup("info", [IndexError("i")])
    except* IndexError as g:
        await suspend()
        print("   exc_info:", exc_info())
        print("   group is exc_info:", show(g))


async def fail(i):
    await suspend()
    raise ValueError(f"task {i}")


async def gathered_group():
    errors = []
    coros = [fail(i) for i in range(3)]
    for c in coros:
        try:
            await c
        except ValueError as e:
            errors.append(e)
    try:
        raise ExceptionGroup("collected", errors)
    except* ValueError as g:
        await suspend()
        print("   collected:", show(g))


async def main():
    for case in (handler_raises, bare_reraise, exc_info_in_handler, gathered_group):
        print(case.__name__)
        await case()


asyncio.run(main())
