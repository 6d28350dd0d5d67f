"""Sync generators defined inside coroutines: they close over coroutine
locals (seeing rebinding across suspensions), are iterated partly before and
partly after a suspension, receive send()/throw(), use `yield from`, and have
their own `return` value (StopIteration.value) — none of which must be
confused with the coroutine's own suspension points."""
import asyncio
from tracelib import describe, suspend


async def closure_generator():
    step = 1

    def counter(limit):
        n = 0
        while n < limit:
            yield n
            n += step

    gen = counter(10)
    first = [next(gen), next(gen)]
    await suspend()
    step = 3
    rest = list(gen)
    print("  first", first, "rest after step changed", rest)


async def send_and_throw():
    def accumulator():
        total = 0
        try:
            while True:
                value = yield total
                total += value
        except ValueError as e:
            yield f"caught {e} at total {total}"
        return "finished"

    acc = accumulator()
    next(acc)
    await suspend()
    print("  send", acc.send(5), acc.send(10))
    await suspend()
    print("  throw", acc.throw(ValueError("stop")))
    try:
        next(acc)
    except StopIteration as e:
        print("  return value", e.value)


async def yield_from_and_return():
    def inner():
        yield "a"
        yield "b"
        return "inner result"

    def outer():
        result = yield from inner()
        yield f"outer got {result}"

    items = []
    for item in outer():
        await suspend()
        items.append(item)
    print("  ", items)


async def generator_expression_over_locals():
    base = 10
    gen = (base + i for i in range(3))
    await suspend()
    base = 100
    print("  genexp uses base at iteration time for later items:", list(gen))


async def generator_closed_by_coroutine():
    def resource():
        try:
            yield "open"
            yield "more"
        finally:
            print("  generator finally ran")

    g = resource()
    print("  got", next(g))
    await suspend()
    g.close()
    print("  closed, next gives:", next(g, "exhausted"))


async def main():
    for case in (closure_generator, send_and_throw, yield_from_and_return,
                 generator_expression_over_locals, generator_closed_by_coroutine):
        print(case.__name__)
        await case()


asyncio.run(main())
