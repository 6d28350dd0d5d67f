"""`with ... as TARGET` and `async with ... as TARGET`: the store to the
target happens inside the block (a failing store reaches __exit__), for
names, attributes, subscripts and tuples, with and without awaits around."""

import asyncio

from tracelib import describe


class Manager:
    def __init__(self, value=(1, 2)):
        self.value = value

    def __enter__(self):
        print("  enter")
        return self.value

    def __exit__(self, *exc):
        print("  exit", exc[0].__name__ if exc[0] else None)
        return False

    async def __aenter__(self):
        print("  aenter")
        await asyncio.sleep(0)
        return self.value

    async def __aexit__(self, *exc):
        print("  aexit", exc[0].__name__ if exc[0] else None)
        await asyncio.sleep(0)
        return False


class Holder:
    pass


async def store_fails():
    print("a failing store reaches __exit__")
    for manager in (Manager(), Manager()):
        try:
            with manager as (None).x:
                await asyncio.sleep(0)
        except AttributeError as error:
            print("  caught", describe(error))
    try:
        async with Manager() as (None).x:
            await asyncio.sleep(0)
    except AttributeError as error:
        print("  caught", describe(error))
    try:
        async with Manager((1, 2, 3)) as (a, b):
            print("  never", a, b)
    except ValueError as error:
        print("  caught", describe(error))


async def target_kinds():
    print("names, attributes, subscripts, tuples")
    holder, table = Holder(), {}
    with Manager() as holder.attribute:
        await asyncio.sleep(0)
    async with Manager() as table["key"]:
        await asyncio.sleep(0)
    async with Manager() as (first, second):
        await asyncio.sleep(0)
    with Manager() as [third, *rest]:
        pass
    print("  ", holder.attribute, table, first, second, third, rest)


async def main():
    await store_fails()
    await target_kinds()


asyncio.run(main())
