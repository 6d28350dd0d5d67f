# expect: runs-identically
# Locals and parameters spelled like the names movenext generates (this, resume,
# sent, thrown, result, the fields, numbered temporaries), a global _movenext
# and a user class named like the machine class of `fetch`.
import asyncio

_movenext = "user's _movenext"
_movenext_ = "user's _movenext_"


class _fetch_StateMachine:
    """A user class with the name the machine of `fetch` would get."""

    def describe(self):
        return "user class"


async def tick(value):
    await asyncio.sleep(0)
    return value


async def fetch(this, resume, sent=None, thrown=None):
    result = await tick(this + resume)
    state = await tick("state")
    awaiter = await tick("awaiter")
    yielded = await tick("yielded")
    iterator_1 = [await tick(i) for i in range(3)]
    awaited_1 = await tick(len(iterator_1))
    item_1 = 0
    for item_2 in iterator_1:
        item_1 += await tick(item_2)
    try:
        raise ValueError(await tick("boom"))
    except ValueError as error_1:
        caught_1 = str(error_1)
    return (this, resume, sent, thrown, result, state, awaiter, yielded, iterator_1,
            awaited_1, item_1, caught_1, _movenext, _movenext_, _fetch_StateMachine().describe())


async def main():
    print(await fetch(1, 2))
    print(await fetch(this=10, resume=20, sent="s", thrown="t"))
    print(fetch.__name__, fetch.__qualname__)


asyncio.run(main())
