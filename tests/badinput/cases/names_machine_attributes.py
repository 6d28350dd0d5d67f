# expect: runs-identically
# Variables live across awaits named like the attributes of the machine base
# classes: their fields must not shadow the runtime's methods.
import asyncio


async def tick(value):
    await asyncio.sleep(0)
    return value


async def coroutine():
    send = await tick("send")
    throw = await tick("throw")
    close = await tick("close")
    move_next = await tick("move_next")
    start_await = await tick("start_await")
    resume_await = await tick("resume_await")
    function = await tick("function")
    local_variables = await tick("local_variables")
    cr_await = await tick("cr_await")
    cr_frame = await tick("cr_frame")
    mro = await tick("mro")
    return_value = await tick("return_value")
    __slots__ = await tick("__slots__")
    __init__ = await tick("__init__")
    await tick(None)
    return [send, throw, close, move_next, start_await, resume_await, function,
            local_variables, cr_await, cr_frame, mro, return_value, __slots__, __init__]


async def generator():
    asend = await tick("asend")
    athrow = await tick("athrow")
    aclose = await tick("aclose")
    ag_await = await tick("ag_await")
    ag_running = await tick("ag_running")
    yield [asend, athrow, aclose, ag_await, ag_running]
    yield "done"


async def main():
    print(await coroutine())
    print([item async for item in generator()])


asyncio.run(main())
