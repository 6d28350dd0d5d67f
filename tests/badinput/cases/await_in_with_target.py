# expect: runs-identically
# `await` inside a with-statement target (once refused): stored after
# __enter__, inside the block, so __exit__ sees a failing store.
import asyncio
import contextlib


async def holder(store):
    await asyncio.sleep(0)
    return store


class Manager:
    def __enter__(self):
        print("enter")
        return 1

    def __exit__(self, *exc):
        print("exit", exc[0].__name__ if exc[0] else None)

    async def __aenter__(self):
        print("aenter")
        return 2

    async def __aexit__(self, *exc):
        print("aexit", exc[0].__name__ if exc[0] else None)


async def use():
    store = {}
    with contextlib.nullcontext(1) as (await holder(store))["value"]:
        pass
    with Manager() as (await holder(store))["sync"]:
        print("in block", store)
    async with Manager() as (await holder(store))["async"]:
        print("in block", store)
    try:
        with Manager() as (await holder(None))["fails"]:
            print("never")
    except TypeError as error:
        print("caught", error)
    try:
        async with Manager() as (await holder(None))["fails"]:
            print("never")
    except TypeError as error:
        print("caught", error)
    return store


print(asyncio.run(use()))
