import asyncio


@(await asyncio.sleep(0, staticmethod))  # error@3: 'await' outside function
async def f():
    pass
