import asyncio


async def f(delay=await asyncio.sleep(0, 1)):  # error@19: 'await' outside function
    return delay
