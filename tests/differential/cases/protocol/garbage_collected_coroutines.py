"""Suspended coroutines that are garbage collected are closed: their finally
blocks and `except GeneratorExit` handlers run (nested awaits innermost
first), also when the coroutine is part of a reference cycle; a coroutine
that suspends again while being finalized reports "coroutine ignored
GeneratorExit" through sys.unraisablehook (only the exception is printed);
finished and unstarted coroutines run nothing when collected."""
import gc
import sys
from tracelib import describe, suspend


async def holder(name):
    try:
        await suspend(f"{name} suspended")
    except GeneratorExit:
        print(f"  {name}: GeneratorExit while being collected")
        raise
    finally:
        print(f"  {name}: finally")


async def outer(name):
    try:
        await holder(f"{name}/inner")
    finally:
        print(f"  {name}: outer finally")


async def stubborn():
    try:
        await suspend("stubborn")
    finally:
        await suspend("suspends again while finalizing")


def unraisable(hookargs):
    print("  unraisable:", describe(hookargs.exc_value))


def main():
    print("dropping a suspended coroutine")
    coro = holder("simple")
    coro.send(None)
    del coro
    gc.collect()
    print("dropping a nested chain")
    coro = outer("chain")
    coro.send(None)
    del coro
    gc.collect()
    print("collecting a cycle")
    coro = holder("cycle")
    coro.send(None)
    box = [coro]
    box.append(box)
    del coro, box
    gc.collect()
    print("dropping a finished coroutine")
    coro = holder("finished")
    coro.send(None)
    try:
        coro.send(None)
    except StopIteration:
        pass
    del coro
    gc.collect()
    print("dropping an unstarted coroutine (closed first to avoid the warning)")
    coro = holder("unstarted")
    coro.close()
    del coro
    gc.collect()
    print("stubborn coroutine")
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        coro = stubborn()
        coro.send(None)
        del coro
        gc.collect()
    finally:
        sys.unraisablehook = old_hook
    print("done")


main()
