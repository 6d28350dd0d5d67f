# expect: runs-identically
# xfail: a local named `state_table` live across an await becomes a field of that name, which clashes with the generated class attribute `state_table` ("ValueError: 'state_table' in __slots__ conflicts with class variable"): names.MACHINE_ATTRIBUTES does not list the generated class attributes.
import asyncio


async def schedule():
    state_table = {"start": 0}
    await asyncio.sleep(0)
    return state_table


print(asyncio.run(schedule()))
