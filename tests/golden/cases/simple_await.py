import asyncio


async def add(a, b):
    """Add after a nap."""
    await asyncio.sleep(0)
    return a + b
