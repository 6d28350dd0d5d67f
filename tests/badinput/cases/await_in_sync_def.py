import asyncio


def wait():
    await asyncio.sleep(0)  # error@5: 'await' outside async function
