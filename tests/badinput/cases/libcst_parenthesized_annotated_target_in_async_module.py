# expect: runs-identically
import asyncio


def declare():
    (total): int = 0
    return total


async def main():
    print(await asyncio.sleep(0, declare()))


asyncio.run(main())
