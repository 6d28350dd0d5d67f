import asyncio


async def f():
    try:
        await asyncio.sleep(0)
    except* ValueError:
        return await asyncio.sleep(0)  # error@9: 'break', 'continue' and 'return' cannot appear in an except* block
