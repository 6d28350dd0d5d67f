# expect: runs-identically
import asyncio


async def f():
    return await asyncio.sleep(0, 'no newline at the end')


print(asyncio.run(f()))