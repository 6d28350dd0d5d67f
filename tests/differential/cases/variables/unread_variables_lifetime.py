"""A variable's value lives until the variable is rebound or deleted or the
function ends, as natively -- also when nothing reads it after an await
(the machine keeps it in a field all the same). Checked with finalizers:
a value never read again, one rebound after the await, one deleted, the
loop variable of a `for` whose body awaits, a value bound in one branch,
an exception caught and then awaited under, and a coroutine dropped while
it waits (its values die with it, at once)."""
import gc

from tracelib import suspend


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print(f"    freed {self.name}")


async def never_read_again():
    unread = Resource("unread")
    print("  before the await")
    await suspend("a")
    print("  after the await")


async def rebound_after():
    value = Resource("first")
    await suspend("b")
    print("  rebinding")
    value = Resource("second")
    await suspend("c")
    print("  returning")


async def deleted_after():
    value = Resource("deleted")
    await suspend("d")
    print("  deleting")
    del value
    print("  deleted")


async def loop_variable():
    for index in range(3):
        item = Resource(f"item {index}")
        await suspend(f"loop {index}")
        print(f"  iteration {index} done")
    print("  loop done")


async def one_branch(flag):
    if flag:
        chosen = Resource("chosen")
    await suspend("e")
    print("  after the await, flag", flag)


async def caught_exception():
    try:
        raise KeyError(Resource("in the exception"))
    except KeyError as error:
        kept = error
    await suspend("f")
    print("  after the await")
    kept = None
    print("  dropped the exception")


async def dropped_while_waiting():
    held = Resource("held by a dropped coroutine")
    await suspend("g")
    print("  never printed")


def run(coro):
    try:
        while True:
            print("  yielded", coro.send(None))
    except StopIteration:
        pass
    print("  finished")


def main():
    gc.disable()  # lifetimes by reference counting alone
    for make in (never_read_again, rebound_after, deleted_after, loop_variable, caught_exception):
        print(make.__name__)
        run(make())
    for flag in (True, False):
        print("one_branch", flag)
        run(one_branch(flag))
    print("dropped_while_waiting")
    coro = dropped_while_waiting()
    print("  yielded", coro.send(None))
    del coro
    print("  dropped")


main()
