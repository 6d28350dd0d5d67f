# expect: runs-identically
# The README lists `await` in the type of an except* clause as refused, but
# movenext compiles it (lower._try sends every except* with an await in a
# handler, type included, to _star_by_hand): it must then run like the original.
import asyncio


async def kind():
    await asyncio.sleep(0)
    return ValueError


async def main():
    try:
        raise ExceptionGroup("group", [ValueError(1), KeyError(2)])
    except* (await kind()) as group:
        print("values", group.exceptions)
    except* KeyError as group:
        await asyncio.sleep(0)
        print("keys", group.exceptions)


asyncio.run(main())
