"""`yield` and `await` inside a synchronous `with` in an async generator: the
context manager stays entered while the generator is suspended at a yield,
`__exit__` sees exceptions thrown in with athrow() (and can suppress them),
an early `break` by the consumer followed by aclose() runs `__exit__` with
GeneratorExit, and several managers in one `with` exit in reverse order."""
import asyncio
from tracelib import describe, suspend


class Tracked:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress

    def __enter__(self):
        print(f"  enter {self.name}")
        return self.name.upper()

    def __exit__(self, kind, value, tb):
        print(f"  exit {self.name}: {describe(value)}")
        return self.suppress


async def inside_with(n):
    with Tracked("res") as handle:
        for i in range(n):
            await suspend()
            yield f"{handle}-{i}"
            print(f"  gen resumed after {i}")
    print("  after with")
    yield "after with"


async def suppressing():
    with Tracked("outer"), Tracked("inner", suppress=True) as name:
        yield f"inside {name}"
        await asyncio.sleep(0)
        yield "never reached if thrown into"
    print("  after suppressed with")
    yield "after suppressed with"


async def main():
    print("full iteration")
    async for v in inside_with(2):
        print(f"  consumer got {v!r}")
    print("break then aclose")
    g = inside_with(5)
    async for v in g:
        print(f"  consumer got {v!r}")
        if v.endswith("1"):
            break
    print("  consumer broke out")
    await g.aclose()
    print("  aclose returned")
    print("athrow suppressed by inner manager")
    g = suppressing()
    print("  first:", await g.__anext__())
    print("  athrow ->", await g.athrow(ValueError("thrown")))
    try:
        await g.__anext__()
    except StopAsyncIteration:
        print("  exhausted")
    print("athrow not suppressed")
    g = inside_with(3)
    await g.__anext__()
    try:
        await g.athrow(KeyError("boom"))
    except KeyError as e:
        print(f"  athrow raised {describe(e)}")


asyncio.run(main())
