"""A small tour for the inspect page tests: every kind of state in one file.

The strings below are deliberately hostile to a web page: "</script>",
"<!--", "a < b && c > d" and non-ASCII text (café, 状態, 🚀) must show up as
written, never as markup.
"""

import asyncio

BANNER = "</script><script>alert('no')</script> <!-- a < b && c > d -->"


async def ticks(count):
    """An async generator: each yield is a state, and so is the await."""
    for tick in range(count):
        await asyncio.sleep(0)
        yield f"tick {tick} · café 状態 🚀"


async def careful(delays):
    total = 0
    for delay in delays:
        try:
            total += await asyncio.wait_for(asyncio.sleep(delay, delay), 1)
        except TimeoutError:
            await asyncio.sleep(0)  # an await in the handler: its own state
            total -= 1
    return total


async def outer(words):
    async def shout(word):
        await asyncio.sleep(0)
        return word.upper() + "</script>"

    return [await shout(word) async for word in ticks(len(words))] + [BANNER]


async def introspective():
    await asyncio.sleep(0)
    return sorted(locals())  # movenext refuses: locals live in the machine


async def main():
    print(await careful([0, 0.5]), await outer(["a", "b"]))
    print(await introspective())


if __name__ == "__main__":
    asyncio.run(main())
