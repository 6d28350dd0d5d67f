import asyncio

lock = asyncio.Lock()
async with lock:  # error@1: 'async with' outside async function
    pass
