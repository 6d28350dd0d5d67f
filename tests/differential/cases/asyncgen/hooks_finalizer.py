"""sys.set_asyncgen_hooks(finalizer=...): when an async generator that was
iterated but not finished is garbage collected (`del g; gc.collect()`), the
finalizer hook is called with it (and may close it by driving aclose() by
hand: the generator's finally runs then, awaits included). Not called for a
generator that was never iterated, nor for one that finished or was closed.
The finalizer in force at first iteration is the one used. Without a
finalizer the generator is closed directly (a finally without awaits runs).
Only __name__s and the log are printed."""
import asyncio
import gc
import sys
from tracelib import describe, suspend

log = []


def finalizer(agen):
    log.append(f"finalizer({agen.__name__})")
    aw = agen.aclose()
    try:
        while True:
            aw.send(None)
            log.append("  aclose suspended")
    except StopIteration:
        log.append("  aclose finished")
    except BaseException as e:
        log.append(f"  aclose raised {describe(e)}")


def other_finalizer(agen):
    log.append(f"other_finalizer({agen.__name__})")


def firstiter(agen):
    log.append(f"firstiter({agen.__name__})")


def collect(label):
    gc.collect()
    print(f"  {label}: {log}")
    log.clear()


async def resource(name):
    try:
        yield f"{name}-1"
        yield f"{name}-2"
    finally:
        log.append(f"{name}: finally start")
        await suspend()
        log.append(f"{name}: finally end")


async def sync_cleanup(name):
    try:
        yield name
        yield name
    finally:
        log.append(f"{name}: sync finally")


async def failing():
    yield 1
    raise ValueError("failed")


async def main():
    old = sys.get_asyncgen_hooks()
    try:
        sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
        g = resource("suspended")
        await g.__anext__()
        del g
        collect("unfinished, collected")

        g = resource("unstarted")
        del g
        collect("never iterated")

        g = resource("exhausted")
        print("  ", [v async for v in g])
        del g
        collect("exhausted")

        g = resource("closed")
        await g.__anext__()
        await g.aclose()
        del g
        collect("closed with aclose")

        g = failing()
        try:
            async for v in g:
                pass
        except ValueError as e:
            print("  failing raised", describe(e))
        del g
        collect("finished by an exception")

        g = resource("kept-hooks")
        await g.__anext__()
        sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=other_finalizer)
        del g
        collect("finalizer changed after first iteration")

        sys.set_asyncgen_hooks(firstiter=None, finalizer=None)
        g = sync_cleanup("no-finalizer")
        await g.__anext__()
        del g
        collect("no finalizer, sync finally")

        print("inside a reference cycle")
        sys.set_asyncgen_hooks(firstiter=firstiter, finalizer=finalizer)
        holder = {}
        holder["g"] = resource("cycle")
        holder["self"] = holder
        await holder["g"].__anext__()
        del holder
        collect("cycle collected")
    finally:
        sys.set_asyncgen_hooks(*old)


asyncio.run(main())
