import asyncio


async def f():
    try:
        await asyncio.sleep(0)
    except* ValueError:
        pass
    except KeyError:  # error@5: cannot have both 'except' and 'except*' on the same 'try'
        pass
