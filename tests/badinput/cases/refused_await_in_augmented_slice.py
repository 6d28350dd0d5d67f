import asyncio


async def extend(items):
    items[1:2] += await asyncio.sleep(0, [9])  # error@5: movenext cannot compile 'await' in an augmented assignment to a slice
    return items
