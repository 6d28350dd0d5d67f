import asyncio


async def fetch(url)  # error@23: expected ':'
    await asyncio.sleep(0)
    return url
