import asyncio


async def make():
    class Config:
        delay = await asyncio.sleep(0, 1)  # error@17: 'await' outside function

    return Config
