import asyncio


async def f():
    await asyncio.sleep(0)
    break  # error@5: 'break' outside loop
