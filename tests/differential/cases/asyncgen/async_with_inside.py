"""`yield` inside `async with` in an async generator, with compiled
`__aenter__`/`__aexit__` methods that suspend: the manager stays entered
across yields, the generator suspends inside __aexit__ during aclose()
(awaits are allowed while closing), athrow() reaches __aexit__ which may
suppress or replace the exception, and two managers in one `async with`
where the inner one suppresses what athrow() delivered."""
import asyncio
from tracelib import describe, suspend


class Resource:
    def __init__(self, name, suppress=()):
        self.name, self.suppress = name, suppress

    async def __aenter__(self):
        print(f"  {self.name}: aenter start")
        await suspend()
        print(f"  {self.name}: aenter done")
        return self

    async def __aexit__(self, kind, value, tb):
        print(f"  {self.name}: aexit({describe(value)})")
        await asyncio.sleep(0)
        print(f"  {self.name}: aexit resumed")
        if isinstance(value, KeyError):
            raise LookupError("replaced") from value
        return isinstance(value, self.suppress)


async def reader(name, count, suppress=()):
    async with Resource(name, suppress) as res:
        for i in range(count):
            value = yield f"{res.name}[{i}]"
            if value:
                print(f"  {name}: received {value!r}")
            await suspend()
    print(f"  {name}: after async with")
    yield f"{name} closed"


async def two_managers():
    async with Resource("A") as a, Resource("B", suppress=(ValueError,)) as b:
        yield a.name + b.name
        yield "second"
    yield "after both"


async def main():
    print("full iteration")
    async for v in reader("r1", 2):
        print(f"  got {v!r}")
    print("early exit and aclose")
    g = reader("r2", 5)
    print("  got", await g.__anext__())
    print("  got", await g.asend("hello"))
    print("  aclose ->", await g.aclose())
    print("athrow suppressed")
    g = reader("r3", 3, suppress=(ValueError,))
    await g.__anext__()
    print("  athrow ->", await g.athrow(ValueError("v")))
    print("athrow replaced in __aexit__")
    g = reader("r4", 3)
    await g.__anext__()
    try:
        await g.athrow(KeyError("k"))
    except LookupError as e:
        print(f"  raised {describe(e)}")
    print("two managers, athrow into the inner one")
    g = two_managers()
    print("  got", await g.__anext__())
    print("  athrow ->", await g.athrow(ValueError("inner suppresses")))
    print("  rest:", [v async for v in g])


asyncio.run(main())
