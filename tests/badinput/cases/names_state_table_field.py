# expect: runs-identically
import asyncio


async def schedule():
    state_table = {"start": 0}
    await asyncio.sleep(0)
    return state_table


print(asyncio.run(schedule()))
