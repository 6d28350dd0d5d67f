import asyncio


async def main():
    def helper():
        return await asyncio.sleep(0)  # error@16: 'await' outside async function

    return helper
