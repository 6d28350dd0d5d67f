# Fuzz regression (tests/fuzz): native and compiled traces differ.
# Found on Python 3.11.7, seed 606001819; subprocess: reproduced.
# Was: f1, left suspended by an ignored GeneratorExit, was finalized by the cyclic gc (at exit), not when f2.close() dropped it: its nested function's closure held the machine, and the caught GeneratorExit's traceback held move_next's frame. Fixed: closures reach a Cells holder, frames let go of machines.
#
# --- native
# +++ compiled
# @@ -2,8 +2,5 @@
#  t16 1
#  r97 yield None
#  r97 yield None
# -s44 0
# -s45 1
# -s48 0
#  r97 close raised RuntimeError('coroutine ignored GeneratorExit',)
#  done
import asyncio
import contextlib
import io
import sys


class E1(Exception):
    pass


class E2(E1):
    pass


def describe(exc, depth=0):
    """Type, args, __cause__/__context__ chain; no addresses."""
    if exc is None:
        return "None"
    text = f"{type(exc).__name__}{exc.args!r}"
    if depth > 6:
        return text + " ..."
    if exc.__cause__ is not None:
        text += f" from[{describe(exc.__cause__, depth + 1)}]"
    if exc.__context__ is not None and exc.__context__ is not exc.__cause__:
        hidden = "hidden " if exc.__suppress_context__ else ""
        text += f" {hidden}during[{describe(exc.__context__, depth + 1)}]"
    return text


def info():
    """sys.exc_info() right now."""
    return "exc_info=" + describe(sys.exc_info()[1])


def tick(tag, *args):
    """A traced call: prints its arguments (evaluation order), returns their sum."""
    print(tag, *args)
    return sum(args)


class Aw:
    """Awaitable: suspends `suspends` times (a value sent in replaces the
    result), then returns its value, or raises it if it is an exception."""

    def __init__(self, value, suspends=0):
        self.value = value
        self.suspends = suspends

    def __await__(self):
        value = self.value
        for _ in range(self.suspends):
            sent = yield
            if sent is not None:
                value = sent
        if isinstance(value, BaseException):
            raise value
        return value


class CM:
    def __init__(self, tag, suppress=False):
        self.tag = tag
        self.suppress = suppress

    def __enter__(self):
        print(self.tag, "enter")
        return 1

    def __exit__(self, typ, value, tb):
        print(self.tag, "exit", describe(value), info())
        return self.suppress


class ACM:
    def __init__(self, tag, suspends=0, suppress=False):
        self.tag = tag
        self.suspends = suspends
        self.suppress = suppress

    def __aenter__(self):
        print(self.tag, "aenter")
        return Aw(2, self.suspends)

    def __aexit__(self, typ, value, tb):
        print(self.tag, "aexit", describe(value), info())
        return Aw(self.suppress, self.suspends)


class ARange:
    """Async iterator over range(n); each step suspends `suspends` times."""

    def __init__(self, n, suspends=0):
        self.i = 0
        self.n = n
        self.suspends = suspends

    def __aiter__(self):
        return self

    def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return Aw(self.i - 1, self.suspends)


class Report:
    """Await something and print its result or exception."""

    def __init__(self, label, awaitable):
        self.label = label
        self.awaitable = awaitable

    def __await__(self):
        try:
            value = yield from self.awaitable.__await__()
        except BaseException as exc:
            print(self.label, "raised", describe(exc), info())
            return None
        print(self.label, "->", repr(value), info())
        return value


class CancelAt:
    """Run a coroutine as a task, cancel it after `steps` loop iterations."""

    def __init__(self, label, coro, steps, *message):
        self.label = label
        self.coro = coro
        self.steps = steps
        self.message = message

    def __await__(self):
        task = asyncio.ensure_future(self.coro)
        for _ in range(self.steps):
            yield from asyncio.sleep(0).__await__()
        print(self.label, "cancel", task.cancel(*self.message))
        try:
            value = yield from task.__await__()
        except BaseException as exc:
            print(self.label, "raised", describe(exc), task.cancelled())
            return None
        print(self.label, "->", repr(value), task.cancelled())
        return value


def drive(label, coro, plan):
    """Step a coroutine (or an asend/athrow awaitable) by hand, then close it."""
    keep(coro)
    try:
        print(label, "yield", repr(coro.send(None)))
        for action, argument in plan:
            if action == "send":
                print(label, "yield", repr(coro.send(argument)))
            else:
                print(label, "yield", repr(coro.throw(argument)))
    except StopIteration as stop:
        print(label, "return", repr(stop.value))
    except BaseException as exc:
        print(label, "raised", describe(exc))
    try:
        print(label, "close", repr(coro.close()))
    except BaseException as exc:
        print(label, "close raised", describe(exc))


KEEP = []


def keep(obj):
    """Keep a coroutine or generator alive to the end: if it survives a
    close() (it ignored GeneratorExit), its finalizer must not run mid-trace
    at a moment that depends on garbage collection."""
    KEEP.append(obj)
    return obj


def run(main):
    try:
        asyncio.run(main())
    except BaseException as exc:
        print("main raised", describe(exc))
    print("done")
    # Finalizers that run at interpreter exit are not part of the trace.
    sys.stdout.flush()
    sys.stdout = io.StringIO()

async def g0(p):
    x = p
    y = 1
    z = 2
    L = [p, 1, 2]
    D = {"a": p}
    assert 0
    async with ACM("a1", 0, False) as x:
        if 0:
            async for i2 in ARange(0, 0):
                yield 0
                print("s3", info())
                print("s4", 0)
        raise E1(0)
    D["a"] = 0
    with CM("w5", False):
        x = (await Aw(0, 0))
        try:
            try:
                assert (await Aw((await Aw(0, 0)), 0))
                x = 0
            finally:
                raise KeyError((await Aw((await asyncio.sleep(0, (await Aw(1, 0)))), 1))) from None
        except KeyError as e8:
            print("s9", tick("t10", (await Aw((await Aw(5, 0)), 1))))
            try:
                raise await Aw(RuntimeError((5 + (3 > x))), 0)
            except KeyError as e11:
                assert ((await asyncio.sleep(0, (await Aw(1, 1)))) if (await asyncio.sleep(0, 5)) else (await Aw(p, 1)))
        finally:
            raise ValueError(((await Aw(5, 0)) % (await Aw(y, 1))))
        def h12(q):
            nonlocal z
            print("s13", info())
            return z
        print("s14", h12((x := 1)))
    print("s15", L.pop(((await Aw(5, 2)) != (await Aw(3, 1))) % len(L)) if len(L) > 1 else L)


async def f1(p):
    x = p
    y = 1
    z = 2
    L = [p, 1, 2]
    for L[await Aw(0)] in range(1):
        pass
    try:
        if tick("t16", *[y]):
            print("s17", sum([(await Aw((await Aw(3, 2)), 0)) for j18 in [p, (await Aw(x, 1))] if (await Aw(z, 0))]))
            with CM("w19", False):
                print("s20", 2)
                print("s21", info())
                print("s22", ((await Aw((await Aw(4, 1)), 2)) if z else (await Aw(z, 1))))
            x = 3
        else:
            L[p % len(L)] = tick("t23", (p or z), (y := (await Aw(3, 1))), (x if 4 else (await asyncio.sleep(0, 4))))
            print("s24", 1)
    except BaseException as e25:
        try:
            try:
                await Aw((z := z), 1)
                raise E1((5 if (await Aw(3, 0)) else (await Aw(await Aw(z, 0), 2))))
            except E2:
                L[sum({j26: 1 for j26 in range(1) if (await Aw(z, 0))}.values()) % len(L)] = (await Aw((await Aw(E2((await Aw(1, 1))), 2)), 1))
                print("s27", info())
                await Aw({"a": (await Aw(z, 1)), "b": (await Aw((await Aw(3, 0)), 1))}["a" if (await Aw((await Aw(3, 0)), 1)) else "b"], 1)
            except Exception:
                print("s28", (await Aw((await Aw(1, 0)), 1)))
                x = ((await asyncio.sleep(0, (await asyncio.sleep(0, 1)))) // (await asyncio.sleep(0, (await Aw(4, 0)))))
                return
            except (ValueError, ZeroDivisionError) as e29:
                x = [(await Aw(await Aw((await Aw(2, 0)), 1), 1)), p, (await Aw((await Aw(2, 1)), 1))][p % 3]
            else:
                print("s30", (await Aw((await Aw((await Aw(5, 1)), 0)), 0)))
            finally:
                raise e25
            print("s32", (await Aw((not p), 0)))
        except E1 as e33:
            x = p
            if (x := (await Aw((await Aw(4, 1)), 0))):
                return await Aw((await Aw((await Aw(p, 1)), 1)), 0)
            elif sum([x async for j34 in ARange(2, 1) if (y := (await Aw((await Aw(0, 0)), 0)))]):
                print("s35", (sum([(await asyncio.sleep(0, 5)) async for j36 in ARange(2, 1)]) >= (await Aw((await Aw(0, 0)), 1))))
                raise RuntimeError(((await Aw(y, 1)) + (x := 4))) from KeyError(((await Aw(1, 1)) < z))
        except ValueError as e37:
            return
        finally:
            def h43(q):
                nonlocal x, z
                x, z = z, 0
                return (z := p)
            print("s44", h43(0))
            if 1:
                print("s45", (x := y))
            elif len(f'{(await Aw((await Aw(3, 0)), 0))!r}'):
                print("s46", info())
                L[len(f'{(await Aw((await Aw(5, 0)), 2))}|{(await Aw((await asyncio.sleep(0, 5)), 2))=}|{p:>3}') % len(L)] -= ((not 3) if (z if (await Aw(0, 1)) else p) else (lambda q: 3)((await asyncio.sleep(0, 3))))
                print("s47", info())
            else:
                x -= y
            try:
                z += (await Aw(3, 0))
                print("s48", (await Aw(p, 0)))
                await Aw((await Aw(x, 1)), 2)
            except KeyError as e49:
                await asyncio.sleep(0)
                raise await Aw(RuntimeError((x := sum({j50: 5 async for j50 in ARange(3, 0)}.values()))), 0)
            finally:
                raise RuntimeError(((await Aw(x, 0)) + len(f'{(await Aw(0, 0))}|{3}')))
        raise ValueError(p)
    except E2:
        if (0 <= (await Aw(4, 2))):
            print("s51", (tick("t52", *[1, (await Aw(4, 0))]) % (z := (await Aw(0, 1)))))
            await asyncio.sleep(0)
            for i53 in range(2):
                x = [5, (z := i53), (await Aw((await Aw(0, 2)), 0))][((await Aw(5, 1)) or 1) % 3]
                print("s54", info())
                print("s55", info())
        elif ((5 + (await Aw(3, 1))) and z):
            async with ACM("a56", 0, False) as z, CM("w57", False):
                y = x
            def h58(q):
                raise ValueError(p)
                return 2
            print("s59", h58(((await Aw(3, 1)) or (await Aw(z, 1)))))
            print("s60", h58(((await Aw(3, 1)) or (await Aw(z, 1)))))
            match 4:
                case 1:
                    x = 3
                    print("s61", info())
                case _:
                    await Aw(3, 0)
        else:
            x = (z and (await Aw((await Aw(2, 0)), 1)))
            print("s62", (await Aw(ValueError((await Aw((await Aw(0, 1)), 1))), 1)))
    finally:
        y = (await Aw(RuntimeError((await asyncio.sleep(0, p))), 1))
    def h63(q):
        nonlocal x, y, z
        y = 3
        with CM("w64", True):
            try:
                x = 5
            except E1 as e65:
                raise E1(len(f'{(3 if 1 else q)}')) from KeyError(tick("t66", *[x, 0]))
            assert (lambda q: (3 if 2 else 5))(z), p
            try:
                y -= (4 and (0 and z))
            except KeyError as e67:
                print("s68", info())
            else:
                y = z
                print("s69", (lambda q: 2)(sum([3 for j70 in range(0)])))
            finally:
                print("s71", sum({"k": x, "m": 4}.values()))
                y += 3
        return (1 if 4 else y)
    print("s73", h63((tick("t72", 3) and ((await Aw(1, 0)) // (await Aw(5, 1))))))
    print("s74", h63((tick("t72", 3) and ((await Aw(1, 0)) // (await Aw(5, 1))))))
    return (await asyncio.sleep(0, 1))


async def f2(p):
    x = p
    y = 1
    z = 2
    L = [p, 1, 2]
    D = {"a": p}
    print("s75", info())
    await Aw((await f1((await f1((await f1(0)))))), 2)
    L.append(p)
    n76 = 0
    while n76 < 2:
        n76 += 1
        for i77 in range(2):
            print("s78", {"a": 1, "b": (await Aw(y, 1))}["a" if sum([(await Aw(1, 2)) for j79 in [0, (await Aw(0, 0))] if (await f1(1))]) else "b"])
            if (not i77):
                await Aw(sum([(x := (await Aw(2, 1))) for j80 in [(await Aw((await Aw(4, 1)), 1)), (await f1(0))] if D.get("c", (await f1(0)))]), 0)
                break
            else:
                raise await Aw(E2(sum({j81: (await asyncio.sleep(0, (await Aw(0, 1)))) async for j81 in ARange(3, 1) if (z := 4)}.values())), 1)
        else:
            with CM("w83", True) as x:
                D["c"] = (await asyncio.sleep(0, (await asyncio.sleep(0, (await Aw(1, 1))))))
                y = ((await f1((await f1(3)))) - (await asyncio.sleep(0, z)))
                print("s84", (4 or [(await Aw(2, 0)), (await asyncio.sleep(0, 0)), (await Aw(4, 1))][3 % 3]))
        print("s85", 1)
    else:
        async with ACM("a86", 1, True) as x:
            try:
                await Aw((await Aw(((await Aw(5, 2)) and z), 0)), 1)
            except BaseException as e87:
                print("s88", ((await f1(x)) + (await Aw(y, 1))))
            finally:
                y -= D.get("b", len([p, *L]))
            async for i89 in ARange(3, 0):
                L[(await Aw(len(f'{(await Aw(4, 1))}|{x!r}|{z}'), 0)) % len(L)] -= {"a": (await f1(3)), "b": 5}["a" if tick("t90", *[1, y]) else "b"]
            try:
                return await f1((p + 2))
            finally:
                print("s91", info())
        print("s92", (await Aw(3, 0)))
        try:
            await Aw((await asyncio.sleep(0, tick("t93", *[y]))), 0)
        finally:
            try:
                await Aw(RuntimeError(3), 1)
            except:
                y += tick("t94", (0 != (await Aw(0, 0)) == x), 4)
                L[(await Aw((await f1(p)), 0)) % len(L)] += (await Aw((await Aw((await f1(3)), 0)), 0))
                y, x = z, (await Aw(((await f1(3)) and 5), 2))
    async for i95 in ARange(2, 0):
        print("s96", ((p + 1) and len([y, *L])))
    return (await Aw((await f1(0)), 1))


async def main():
    drive("r97", f2(0), [("send", 30)])


run(main)
