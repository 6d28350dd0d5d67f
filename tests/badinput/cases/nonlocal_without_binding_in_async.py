import asyncio


async def bump():
    nonlocal counter  # error@5: no binding for nonlocal 'counter' found
    await asyncio.sleep(0)
    counter += 1
