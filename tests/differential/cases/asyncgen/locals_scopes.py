"""Local state of async generators across yields: a local deleted with
`del` before a yield is unbound after it (UnboundLocalError, caught), a
walrus target assigned in a condition and used after the yield, `global`
and `nonlocal` rebinding visible to the consumer between items, a loop
variable that outlives its loop, comprehensions (sync and async) inside the
generator that do not leak their variables, a lambda capturing a generator
local, and two instances of the same generator keeping separate state."""
import asyncio
from tracelib import describe, suspend

counter = 0


async def with_del():
    temp = "temporary"
    yield temp
    del temp
    await suspend()
    try:
        yield temp
    except UnboundLocalError as e:
        yield f"UnboundLocalError: {describe(e)}"


async def with_walrus(items):
    for item in items:
        if (n := len(item)) > 1:
            yield f"{item} has {n}"
            await suspend()
            yield f"still {n}"
    yield f"last n {n}"


async def with_global():
    global counter
    for _ in range(3):
        counter += 1
        yield counter


def outer():
    state = []

    async def gen():
        nonlocal state
        state = state + ["first"]
        yield list(state)
        await suspend()
        state = state + ["second"]
        yield list(state)

    return gen, lambda: state


async def numbers(n):
    for i in range(n):
        await suspend()
        yield i


async def loop_var():
    for i in range(3):
        await suspend()
    yield f"loop var after loop: {i}"
    x = "outer x"
    squares = [x * x for x in range(3)]
    yield f"list comp: {squares}, x still {x!r}"
    halves = [x / 2 async for x in numbers(3)]
    yield f"async comp: {halves}, x still {x!r}"
    getters = [lambda: x]
    x = "rebound x"
    yield f"lambda sees {getters[0]()!r}"


async def independent(name):
    total = 0
    while True:
        value = yield f"{name}:{total}"
        total += value


async def main():
    print("del:", [v async for v in with_del()])
    print("walrus:", [v async for v in with_walrus(["a", "bb", "ccc"])])
    g = with_global()
    async for v in g:
        print(f"global: yielded {v}, module sees {counter}")
    gen, get_state = outer()
    g = gen()
    print("nonlocal:", await anext(g), get_state())
    print("nonlocal:", await anext(g), get_state())
    print("scopes:")
    async for v in loop_var():
        print("  ", v)
    a, b = independent("a"), independent("b")
    await a.asend(None)
    await b.asend(None)
    print("independent:", await a.asend(1), await b.asend(10), await a.asend(2), await b.asend(20))


asyncio.run(main())
