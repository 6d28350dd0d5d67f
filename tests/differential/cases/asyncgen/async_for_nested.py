"""`async for` inside async generators, over native async generators (made
with exec so they stay native after compilation), over compiled ones, and
over a class-based async iterator: re-yielding each item (a hand-written
`yield from`), filtering with `continue`, stopping with `break` (the inner
generator is left suspended and closed explicitly), `async for ... else`,
and a chain of three generators where athrow() and aclose() on the outermost
travel down by hand."""
import asyncio
from tracelib import describe, suspend

NATIVE_SOURCE = '''
async def native_count(n, label):
    try:
        for i in range(n):
            await suspend()
            print(f"  {label}: native yields {i}")
            yield i
    finally:
        print(f"  {label}: native finally")
'''


def load_native():
    namespace = {"suspend": suspend}
    exec(NATIVE_SOURCE, namespace)
    return namespace["native_count"]


native_count = load_native()


async def compiled_count(n, label):
    try:
        for i in range(n):
            await asyncio.sleep(0)
            print(f"  {label}: compiled yields {i}")
            yield i
    finally:
        print(f"  {label}: compiled finally")


class Ticker:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        print("  Ticker.__aiter__")
        return self

    async def __anext__(self):
        await suspend()
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return 100 + self.n


async def relay(source):
    async for item in source:
        if item == 1:
            print("  relay: skipping 1")
            continue
        yield item * 10
        await suspend()
    else:
        print("  relay: source exhausted")
        yield "relay end"


async def first_two(source):
    count = 0
    async for item in source:
        yield item
        count += 1
        if count == 2:
            print("  first_two: break")
            break
    else:
        yield "never: else after break"
    print("  first_two: after loop")
    await source.aclose()
    print("  first_two: closed source")


async def forward(source, name):
    """A hand-written `yield from` for async generators: asend/athrow go down."""
    try:
        value = await source.__anext__()
        while True:
            try:
                sent = yield value
            except GeneratorExit:
                print(f"  {name}: GeneratorExit, closing source")
                await source.aclose()
                raise
            except BaseException as e:
                print(f"  {name}: forwarding {describe(e)}")
                value = await source.athrow(e)
            else:
                value = await source.asend(sent)
    except StopAsyncIteration:
        print(f"  {name}: source finished")


async def echo():
    received = None
    while True:
        try:
            received = yield f"echo {received!r}"
        except ValueError as e:
            received = f"caught {e}"
        finally:
            await suspend()


async def main():
    print("relay over native")
    print("  ", [v async for v in relay(native_count(3, "n1"))])
    print("relay over compiled")
    print("  ", [v async for v in relay(compiled_count(3, "c1"))])
    print("relay over Ticker")
    print("  ", [v async for v in relay(Ticker(2))])
    print("first_two over native and compiled")
    print("  ", [v async for v in first_two(native_count(5, "n2"))])
    print("  ", [v async for v in first_two(compiled_count(5, "c2"))])
    print("forward chain")
    g = forward(forward(echo(), "inner"), "outer")
    print("  ", await g.__anext__())
    print("  ", await g.asend("one"))
    print("  ", await g.athrow(ValueError("two")))
    print("  ", await g.asend("three"))
    print("  aclose ->", await g.aclose())
    print("forward over a finite generator")
    print("  ", [v async for v in forward(compiled_count(2, "c3"), "fwd")])


asyncio.run(main())
