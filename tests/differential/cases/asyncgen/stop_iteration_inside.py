"""PEP 479/525 inside async generators: StopIteration or StopAsyncIteration
raised in the body (directly, from an awaited coroutine, from next() on an
exhausted iterator, or a subclass) becomes RuntimeError("async generator
raised StopIteration" / "... StopAsyncIteration") with the original as
__cause__; the generator is finished afterwards. Caught inside, they are
ordinary exceptions. athrow(StopAsyncIteration) / athrow(StopIteration)
that the generator does not catch are converted the same way."""
import asyncio
from tracelib import describe, suspend


class MyStop(StopIteration):
    pass


async def raise_stop_iteration():
    yield 1
    await suspend()
    raise StopIteration("explicit")


async def raise_stop_async_iteration():
    yield 1
    raise StopAsyncIteration("explicit async")


async def from_next():
    it = iter([1])
    yield next(it)
    await asyncio.sleep(0)
    yield next(it)


async def helper():
    await suspend()
    raise StopAsyncIteration("from helper")


async def from_awaited():
    yield "before"
    await helper()


async def subclass():
    yield 1
    raise MyStop("sub")


async def caught_inside():
    try:
        await suspend()
        raise StopAsyncIteration("caught")
    except StopAsyncIteration as e:
        yield f"caught {describe(e)}"
    try:
        next(iter(()))
    except StopIteration:
        yield "caught StopIteration"


async def waiting():
    yield 1
    yield 2


async def consume(g):
    got = []
    try:
        async for v in g:
            got.append(v)
        print(f"  finished normally with {got}")
    except BaseException as e:
        print(f"  got {got}, then {describe(e)}")
    print(f"  afterwards: {await anext(g, 'exhausted')}")


async def main():
    for gen_fn in (raise_stop_iteration, raise_stop_async_iteration, from_next, from_awaited,
                   subclass, caught_inside):
        print(gen_fn.__name__)
        await consume(gen_fn())
    for exc in (StopAsyncIteration("thrown"), StopIteration("thrown"), StopAsyncIteration):
        print(f"athrow({exc!r})")
        g = waiting()
        await g.__anext__()
        try:
            print("  ->", await g.athrow(exc))
        except BaseException as e:
            print(f"  raised {describe(e)}")


asyncio.run(main())
