# expect: runs-identically
# xfail: libcst cannot parse `(name): annotation`, so the whole module is refused with 'cannot parse' (and at 8:14, the line after the construct: module.py reports ParserSyntaxError.raw_line/raw_column, not the 7:13 named in libcst's message) although it is valid Python and the construct is not even in the coroutine
import asyncio


def declare():
    (total): int = 0
    return total


async def main():
    print(await asyncio.sleep(0, declare()))


asyncio.run(main())
