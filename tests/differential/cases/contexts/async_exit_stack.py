"""contextlib.AsyncExitStack driving compiled coroutines: async context
managers entered in a loop are exited in reverse order, push_async_callback
callbacks (compiled `async def`s) run LIFO with their arguments, an exception
in the body is seen by every exit, a suppressing exit stops propagation, and
pop_all() transfers the callbacks to a new stack."""
import asyncio
import contextlib
from tracelib import describe, suspend


class Resource:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress

    async def __aenter__(self):
        await suspend()
        print(f"  open {self.name}")
        return self.name

    async def __aexit__(self, typ, val, tb):
        await suspend()
        print(f"  close {self.name} (exc={val!r})")
        return self.suppress


async def callback(tag, *, extra=None):
    await suspend()
    print(f"  callback {tag} extra={extra}")


async def loop_enter():
    async with contextlib.AsyncExitStack() as stack:
        names = [await stack.enter_async_context(Resource(f"r{i}")) for i in range(3)]
        stack.push_async_callback(callback, "cb", extra=len(names))
        print("  body with", names)


async def exception_through_stack():
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(Resource("outer"))
        await stack.enter_async_context(Resource("suppressor", suppress=True))
        await stack.enter_async_context(Resource("inner"))
        await suspend()
        raise ValueError("body failed")
    print("  suppressed by the middle resource")


async def pop_all_transfer():
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(Resource("moved"))
        stack.push_async_callback(callback, "moved-cb")
        later = stack.pop_all()
        print("  stack emptied; leaving the first block")
    print("  closing the transferred stack")
    await later.aclose()


async def exit_raises():
    async def failing(tag):
        await suspend()
        raise KeyError(tag)

    try:
        async with contextlib.AsyncExitStack() as stack:
            stack.push_async_callback(callback, "runs last")
            stack.push_async_callback(failing, "first failure")
            await suspend()
    except KeyError as e:
        print("  caught", describe(e))


async def main():
    for case in (loop_enter, exception_through_stack, pop_all_transfer, exit_raises):
        print(case.__name__)
        await case()


asyncio.run(main())
