"""sys.exc_info() inside handlers after awaits: it still reports the handled
exception after a suspension, nested handlers report the innermost one and
restore the outer one when they finish, it is cleared after the handler, and
another task running while this one is suspended inside a handler does NOT
see this task's exception (exception state is per coroutine)."""
import asyncio
from tracelib import exc_info, suspend


async def nested_handlers():
    print("nested handlers")
    print("  before:", exc_info())
    try:
        raise ValueError("outer")
    except ValueError:
        await suspend()
        print("  in outer after await:", exc_info())
        try:
            raise KeyError("inner")
        except KeyError:
            await suspend()
            print("  in inner after await:", exc_info())
        await suspend()
        print("  outer again after inner finished:", exc_info())
    await suspend()
    print("  after the try statement:", exc_info())


async def in_finally():
    print("exc_info in finally")
    try:
        try:
            raise OSError("propagating")
        finally:
            await suspend()
            print("  finally while propagating:", exc_info())
    except OSError:
        pass
    try:
        pass
    finally:
        await suspend()
        print("  finally without exception:", exc_info())


async def callee_sees_caller_exception():
    await suspend()
    return exc_info()


async def callee():
    print("a coroutine awaited from a handler sees the handled exception")
    try:
        raise LookupError("caller's")
    except LookupError:
        print("  callee reports:", await callee_sees_caller_exception())
        try:
            raise TypeError("mine")
        except TypeError:
            pass
        print("  restored:", exc_info())


async def suspended_in_handler(ready, go):
    try:
        raise RuntimeError("task A's exception")
    except RuntimeError:
        ready.set()
        await go.wait()
        print("  task A resumed:", exc_info())


async def other_task(ready, go):
    await ready.wait()
    print("  task B while A is suspended in its handler:", exc_info())
    try:
        raise ZeroDivisionError("task B's")
    except ZeroDivisionError:
        go.set()
        await suspend()
        await suspend()
        print("  task B after A resumed:", exc_info())


async def per_task_state():
    print("exception state is per task")
    ready, go = asyncio.Event(), asyncio.Event()
    await asyncio.gather(suspended_in_handler(ready, go), other_task(ready, go))
    print("  main:", exc_info())


async def main():
    await nested_handlers()
    await in_finally()
    await callee()
    await per_task_state()


asyncio.run(main())
