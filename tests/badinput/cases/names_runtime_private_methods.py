# expect: runs-identically
import asyncio


async def finish():
    _finish = "finished"
    _release = "released"
    await asyncio.sleep(0)
    return _finish, _release


async def stream():
    _step = 1
    resume_yield = 2
    _init_hooks = 3
    _running_async = 4
    await asyncio.sleep(0)
    yield _step, resume_yield, _init_hooks, _running_async
    yield "end"


async def main():
    print(await finish())
    print([item async for item in stream()])


asyncio.run(main())
