import asyncio


async def main():
    later = lambda: await asyncio.sleep(0)  # error@21: 'await' outside async function
    return later
