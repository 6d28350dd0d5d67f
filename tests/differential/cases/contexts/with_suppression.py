"""Sync context managers that suppress exceptions raised after a suspension:
a truthy __exit__ return swallows the exception and execution continues after
the with statement; a falsy one (including a truthy-looking object whose
__bool__ says False) lets it propagate; suppression inside loops and nested
with statements; contextlib.suppress."""
import asyncio
import contextlib
from tracelib import describe, exc_info, suspend


class Verdict:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        print(f"  __exit__ result bool -> {self.value}")
        return self.value


class CM:
    def __init__(self, name, result):
        self.name, self.result = name, result

    def __enter__(self):
        print(f"  {self.name}.__enter__")
        return self

    def __exit__(self, typ, val, tb):
        print(f"  {self.name}.__exit__({getattr(typ, '__name__', None)}, {val!r})")
        return self.result


async def suppressed(result):
    with CM("cm", result):
        await suspend()
        raise KeyError("swallowed?")
    await suspend()
    print("  after with:", exc_info())
    return "completed"


async def nested_inner_suppresses():
    with CM("outer", False):
        with CM("inner", True):
            await suspend()
            raise ValueError("inner handles")
        print("  between: inner swallowed it")
        await suspend()
    return "ok"


async def outer_suppresses_inner_error():
    with CM("outer", True):
        with CM("inner", False):
            await suspend()
            raise ValueError("outer handles")
        print("  never")
    return "outer swallowed"


async def in_loop():
    done = []
    for i in range(3):
        with CM(f"loop{i}", True):
            await suspend()
            if i < 2:
                raise IndexError(i)
            done.append(i)
        done.append(f"after {i}")
    return done


async def with_contextlib_suppress():
    with contextlib.suppress(ZeroDivisionError):
        await suspend()
        1 / 0
    with contextlib.suppress(KeyError):
        await suspend()
        try:
            raise IndexError("not suppressed")
        except IndexError as e:
            print("  handled inside", describe(e))
    return "contextlib.suppress ok"


async def main():
    for result in (True, Verdict(True), None, 0, Verdict(False)):
        print("suppressed", result if not isinstance(result, Verdict) else f"Verdict({result.value})")
        try:
            print("  ->", await suppressed(result))
        except KeyError as e:
            print("  propagated", describe(e))
    for case in (nested_inner_suppresses, in_loop, with_contextlib_suppress):
        print(case.__name__)
        print("  ->", await case())
    print("outer_suppresses_inner_error")
    print("  ->", await outer_suppresses_inner_error())


asyncio.run(main())
