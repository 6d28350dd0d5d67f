"""`global` declarations in coroutines: assignments go to module globals and
are visible to other coroutines/tasks after suspensions, a global deleted
while the coroutine is suspended gives NameError, globals shadowing builtins,
and `global` in an inner function of a coroutine."""
import asyncio
from tracelib import describe, suspend

counter = 0
name = "module"


async def increment(times):
    global counter
    for _ in range(times):
        value = counter
        await suspend()
        counter = value + 1


async def lost_updates():
    global counter
    counter = 0
    await asyncio.gather(increment(3), increment(3))
    print("  counter after racy increments:", counter)


async def sees_other_writes():
    global name
    name = "set by coroutine"
    await suspend()
    other()
    print("  after other() ran:", name)


def other():
    global name
    name = "set by plain function"


async def deleted_global():
    global temp
    temp = "exists"
    await suspend()
    del temp
    await suspend()
    try:
        print(temp)
    except NameError as e:
        print("  caught", describe(e))


async def shadow_builtin():
    global len
    len = lambda x: "shadowed len"  # noqa: E731
    await suspend()
    print("  len([1, 2]) ->", len([1, 2]))
    del len
    await suspend()
    print("  after del ->", len([1, 2]))


async def inner_function_global():
    counter_local = "local"

    def bump():
        global counter
        counter = 999

    await suspend()
    bump()
    print("  counter", counter, "local untouched", counter_local)


async def global_created_in_coroutine():
    global brand_new
    await suspend()
    brand_new = "created after suspension"
    print("  in globals():", "brand_new" in globals(), brand_new)


async def main():
    for case in (lost_updates, sees_other_writes, deleted_global, shadow_builtin,
                 inner_function_global, global_created_in_coroutine):
        print(case.__name__)
        await case()


asyncio.run(main())
