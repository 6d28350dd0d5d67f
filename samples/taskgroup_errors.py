"""Error handling across an asyncio.TaskGroup, with ExceptionGroup and except*.

When one task in a `TaskGroup` fails, the group cancels its siblings, waits
for them to run their `finally` blocks, and raises an `ExceptionGroup` with
every error that was not a cancellation. `except*` picks the errors it wants
out of the group and lets the rest propagate.

The group cancels its siblings in no particular order (it keeps them in a
set), so the cleanup log is sorted before printing.

What to look at in the compiled state machine:

* `worker()` awaits inside `try/except CancelledError/finally`: cancellation
  arrives as an exception thrown into `move_next()` at the state of the
  pending await; the `except` clause re-raises it, and the `finally` clause
  runs with that exception pending.
* `stubborn_worker()` raises a *new* exception while handling the
  cancellation: its `__context__` is the CancelledError, kept across states.
* `main()` has `try/except*` blocks wrapping `async with TaskGroup()`: the
  machine calls the group's `__aexit__` (which itself awaits the siblings) and
  then runs the `except*` clauses on whatever it raised.
"""

import asyncio


def show(group, indent="    "):
    """Print an exception group as a tree, without addresses or tracebacks."""
    print(f"{indent}{type(group).__name__}({group.message!r}) with {len(group.exceptions)}:")
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            show(exc, indent + "    ")
        else:
            during = exc.__context__  # set when raised while handling another error
            note = f" (raised while handling {type(during).__name__})" if during else ""
            print(f"{indent}    {type(exc).__name__}: {exc}{note}")


async def worker(name, steps, log, fail_with=None):
    try:
        for _ in range(steps):
            await asyncio.sleep(0)
        if fail_with is not None:
            raise fail_with
        log.append(f"{name}: done")
        return name.upper()
    except asyncio.CancelledError:
        log.append(f"{name}: cancelled")
        raise  # swallowing a cancellation would break the group
    finally:
        log.append(f"{name}: finally")


async def stubborn_worker(name, log):
    try:
        await asyncio.Event().wait()  # waits until cancelled
    except asyncio.CancelledError:
        log.append(f"{name}: cancelled, but cleanup fails")
        raise ConnectionError(f"{name} could not close its socket")


async def scenario(title, body):
    print(f"== {title}")
    log = []
    try:
        await body(log)
    except* ValueError as group:
        print("  except* ValueError caught:")
        show(group)
    except* (ConnectionError, KeyError) as group:
        print("  except* (ConnectionError, KeyError) caught:")
        show(group)
    for line in sorted(log):
        print("  log:", line)


async def all_succeed(log):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(worker(f"t{i}", i, log), name=f"t{i}") for i in range(3)]
    # Leaving the block waited for every task, so .result() never blocks here.
    print("  results:", [t.result() for t in tasks])


async def one_fails(log):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker("fast", 1, log))
        tg.create_task(worker("broken", 2, log, fail_with=ValueError("bad input")))
        slow = tg.create_task(worker("slow", 50, log))
        tg.create_task(worker("slower", 100, log))
    print("  never printed")  # the group raised, so we never get here
    print(slow.result())


async def cleanup_fails_too(log):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(stubborn_worker("stubborn", log))
        tg.create_task(worker("broken", 1, log, fail_with=ValueError("first failure")))


async def nested_groups(log):
    async with asyncio.TaskGroup() as outer:
        outer.create_task(worker("outer-slow", 100, log))

        async def inner_job():
            async with asyncio.TaskGroup() as inner:
                inner.create_task(worker("inner-a", 1, log, fail_with=KeyError("missing")))
                inner.create_task(worker("inner-b", 100, log))

        outer.create_task(inner_job())


async def body_raises(log):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(worker("background", 100, log))
        await asyncio.sleep(0)
        raise ValueError("the body of the async with failed")


async def main():
    await scenario("all tasks succeed", all_succeed)
    await scenario("one task fails, siblings are cancelled", one_fails)
    await scenario("cleanup during cancellation fails too", cleanup_fails_too)
    await scenario("nested task groups", nested_groups)
    await scenario("the async with body itself raises", body_raises)

    print("== an error nobody handles with except* propagates")
    try:
        await scenario("unhandled", lambda log: worker("typo", 0, log, fail_with=TypeError("x")))
    except TypeError as error:
        # A bare exception is wrapped in a group only for matching; when no
        # except* clause matches, the original exception propagates unchanged.
        print(f"  caught plain {type(error).__name__}: {error}")


if __name__ == "__main__":
    asyncio.run(main())
