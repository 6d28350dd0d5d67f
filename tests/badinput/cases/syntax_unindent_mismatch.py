import asyncio


async def f():
    if True:
        await asyncio.sleep(0)
      return 1  # error@80: unindent does not match any outer indentation level
