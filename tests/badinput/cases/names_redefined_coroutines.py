# expect: runs-identically
# The same qualified name for several coroutines: a redefinition, the two
# branches of an `if`, and a method defined twice.
import asyncio
import sys


async def fetch():
    return "first"


first = fetch


async def fetch():
    await asyncio.sleep(0)
    return "second"


if sys.maxsize > 2:
    async def pick():
        await asyncio.sleep(0)
        return "big"
else:
    async def pick():
        await asyncio.sleep(0)
        return "small"


class Client:
    async def get(self):
        return "old"

    async def get(self):
        await asyncio.sleep(0)
        return "new"


async def main():
    print(await first(), await fetch(), await pick(), await Client().get())


asyncio.run(main())
