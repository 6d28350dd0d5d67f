"""sys.set_asyncgen_hooks(firstiter=...): the hook is called with the
generator the first time __anext__, asend, athrow or aclose is *called*
(creating the awaitable is enough; awaiting it is not needed), exactly once
per generator, never for generators that are only created; the hooks in
force at first iteration are the ones used (changing them later does not
re-run firstiter). The old hooks (asyncio's) are saved with
sys.get_asyncgen_hooks() and restored. Only the generators' __name__ are
printed."""
import asyncio
import sys
from tracelib import describe, suspend

calls = []


def firstiter(agen):
    calls.append(f"firstiter({agen.__name__})")


def other_firstiter(agen):
    calls.append(f"other_firstiter({agen.__name__})")


def report(label):
    print(f"  {label}: {calls}")
    calls.clear()


async def gen_a():
    yield 1
    await suspend()
    yield 2


async def gen_b():
    yield "b"


async def gen_c():
    yield "c"


async def gen_d():
    yield "d"


async def main():
    old = sys.get_asyncgen_hooks()
    print("asyncio installed hooks:", old.firstiter is not None, old.finalizer is not None)
    sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=None)
    try:
        hooks = sys.get_asyncgen_hooks()
        print("our firstiter installed:", hooks.firstiter is firstiter, "| finalizer:", hooks.finalizer)
        g = gen_a()
        report("created only")
        aw = g.__anext__()
        report("__anext__() called, not awaited")
        print("  ->", await aw)
        print("  ->", await g.__anext__())
        report("after two more awaits")
        print("  rest", [v async for v in g])
        report("after async for")

        g = gen_b()
        print("  asend ->", await g.asend(None))
        report("asend first")
        g = gen_c()
        try:
            await g.athrow(ValueError("first contact"))
        except ValueError as e:
            print("  athrow raised", describe(e))
        report("athrow first")
        g = gen_d()
        print("  aclose ->", await g.aclose())
        report("aclose first")
        g = gen_a()
        print("  async for:", [v async for v in g])
        report("async for first")
        print("  anext:", await anext(gen_b()))
        report("anext() builtin")

        print("changing hooks after first iteration")
        g = gen_a()
        await g.__anext__()
        sys.set_asyncgen_hooks(firstiter=other_firstiter)
        await g.__anext__()
        await anext(gen_b())
        report("after change")

        print("firstiter that raises")

        def bad_firstiter(agen):
            calls.append(f"bad_firstiter({agen.__name__})")
            raise KeyError("hook failed")

        sys.set_asyncgen_hooks(firstiter=bad_firstiter)
        g = gen_b()
        try:
            g.__anext__()
            print("  no error?!")
        except KeyError as e:
            print("  __anext__() raised", describe(e))
        report("bad hook")
        try:
            print("  second try ->", await g.__anext__())
        except KeyError as e:
            print("  second try raised", describe(e))
        report("bad hook again")

        print("invalid hooks")
        for kwargs in ({"firstiter": 5}, {"finalizer": "x"}):
            try:
                sys.set_asyncgen_hooks(**kwargs)
            except TypeError as e:
                print("  TypeError:", describe(e))
    finally:
        sys.set_asyncgen_hooks(*old)
    print("restored:", sys.get_asyncgen_hooks() == old)


asyncio.run(main())
