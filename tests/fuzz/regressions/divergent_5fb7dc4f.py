# Fuzz regression (tests/fuzz): native and compiled traces differ.
# Found on Python 3.11.7, seed 202000608; subprocess: reproduced.
# Fixed: a self-documenting f-string piece `{(y := z)=}` before a piece that
# awaits printed its text twice (and the rewritten code's text: `this.y`).
# Shrinking stopped early (9 runs): the program is large, line `s7` is the one.
#
# --- native
# +++ compiled
# @@ -5,7 +5,7 @@
#  s6 True
#  s5 exc_info=None
#  s6 True
# -s7 12
# +s7 49
#  s8 0
#  a3 aexit None exc_info=None
#  a2 aexit None exc_info=None
# @@ -23,7 +23,7 @@
#  s6 True
#  s5 exc_info=None
#  s6 True
# -s7 12
# +s7 49
#  s8 0
#  a3 aexit None exc_info=None
#  a2 aexit None exc_info=None
# @@ -41,7 +41,7 @@
#  s6 True
#  s5 exc_info=None
#  s6 True
# -s7 12
# +s7 49
#  s8 0
#  a3 aexit None exc_info=None
#  a2 aexit None exc_info=None
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

async def f0(p):
    x = p
    y = 1
    z = 2
    L = [p, 1, 2]
    D = {"a": p}
    print("s1", info())
    async with ACM("a2", 0, False) as y:
        async with ACM("a3", 0, False) as x:
            async for i4 in ARange(2, 0):
                print("s5", info())
                print("s6", (await Aw((p != 4), 2)))
            print("s7", len(f'{(y := z)=}|{(await Aw(0, 1))}'))
            print("s8", (await Aw((1 and 0), 1)))
    try:
        try:
            try:
                L[(await Aw((await Aw((await asyncio.sleep(0, 2)), 1)), 0)) % len(L)] += (x := (await Aw((await Aw(4, 1)), 2)))
            except BaseException as e9:
                raise StopAsyncIteration((sum([3 for j10 in range(3) if (x := j10)]) > ((await Aw(3, 0)) and (await Aw(5, 1)))))
            else:
                assert sum({"k": ((await Aw(3, 0)) - (await Aw(1, 2))), "m": len(f'{(await Aw(3, 0))!r}|{(await Aw(3, 0))!r}|{(await Aw(2, 1)):>3}')}.values()), (await Aw(((await Aw(0, 0)) - (await Aw(5, 0))), 0))
                print("s11", info())
        except E1 as e12:
            async with ACM("a13", 0, False) as y:
                raise await Aw(E1((y := (await Aw((await Aw(2, 1)), 1)))), 0)
            if ((await Aw(KeyError((await Aw(1, 0))), 0)) < (y := (await Aw(5, 0)))):
                print("s14", (await Aw((await Aw((await Aw(1, 1)), 0)), 0)))
            else:
                raise await Aw(KeyError(([(await Aw(5, 0)), (await Aw(1, 1)), x][(await Aw(4, 0)) % 3] >= 4 > (await Aw(3, 1)))), 0)
            try:
                return x
            except ZeroDivisionError as e16:
                await Aw(4, 0)
                print("s17", (await Aw(sum({j18: (await Aw(1, 2)) async for j18 in ARange(1, 1)}.values()), 1)))
                await asyncio.sleep(0)
            else:
                await Aw(RuntimeError((sum({j20: (await Aw(0, 0)) for j20 in range(2)}.values()) + sum([2 async for j19 in ARange(0, 1)]))), 0)
            finally:
                x = sum([(await Aw(y, 0)) async for j21 in ARange(2, 1)])
        except KeyError as e22:
            x *= 2
            print("s23", info())
            return 3
        except:
            async with ACM("a24", 1, True) as y:
                L[(await Aw((await Aw(p, 1)), 0)) % len(L)] += ((await Aw(p, 1)) * 1)
                return sum({"k": p, "m": (1 and x)}.values())
    except E1:
        L.append((await Aw(((await Aw(1, 0)) or (await Aw(3, 0))), 1)))
        n25 = 0
        while n25 < 2 and (await Aw(len(f'{5!r}|{z}|{(await Aw(2, 0))}'), 1)):
            n25 += 1
            L[(await Aw(1, 0)) % len(L)] -= tick("t28", sum([3 for j26 in [2, 4] if (x := (await Aw(3, 1)))]), sum({j27: (await Aw(1, 0)) async for j27 in ARange(3, 0) if (await Aw(5, 2))}.values()))
            z = (x := (await Aw(4, 0)))
            try:
                raise await Aw(ValueError((x := z)), 0)
            except (E1, KeyError):
                raise E2((await asyncio.sleep(0, (z := (await Aw(5, 1))))))
            else:
                print("s29", ((await Aw((await Aw(1, 1)), 0)) <= ((await Aw(1, 1)) // 5)))
                break
            finally:
                y = (lambda q: 2)(p)
                print("s30", (await Aw(len(f'{(await Aw(1, 1)):>3}|{(await Aw(1, 1))!r}'), 1)))
                await Aw(RuntimeError(D.get("c", 2)), 1)
        else:
            print("s31", sum([[(await Aw(1, 1)), (await Aw(4, 0)), 2][(await Aw(0, 2)) % 3] for j32 in [(await Aw(2, 1)), (lambda q: q)((await Aw(0, 1)))]]))
        def h33(q):
            nonlocal x, y, z
            x, y = (4 > z), ((x := z) - z)
            try:
                z *= 1
                print("s34", x)
                print("s35", info())
            except E1 as e36:
                x -= x
                raise
            finally:
                y = (p if x else len(f'{x!r}'))
                z = {"a": 0, "b": (y := q)}["a" if (q and 5) else "b"]
                z = 2
            match sum({j38: 3 for j38 in [(5 + 5), (5 >= q >= 3)]}.values()):
                case m39 if sum([q for j40 in range(1) if 0]):
                    print("s41", info())
            return x
        print("s43", h33(len(f'{tick("t42", (await Aw(2, 1)))}|{p}')))
    finally:
        async with ACM("a44", 1, False) as z, ACM("a45", 0, False):
            match (((lambda q: y)(4) * 0), (await Aw((await Aw(3, 1)), 0))):
                case (0, m47):
                    print("s50", info())
                case (1, m49):
                    print("s51", L[(await Aw(m49, 0)) % len(L)])
                    z = m49
                case _:
                    print("s52", sum([(await Aw(4, 0)) for j53 in [(await Aw(5, 2)), ((await Aw(0, 2)) < (await Aw(5, 0)))]]))
                    y = 3
            match z:
                case 3:
                    print("s54", [(4 * 3), 3, 2][(await Aw((await Aw(1, 1)), 0)) % 3])
                case 3:
                    x = (lambda q: (x and y))(x)
                case _:
                    print("s55", (await Aw((await Aw(RuntimeError(0), 1)), 1)))
            async with ACM("a56", 0, True):
                assert (await Aw(len([(await Aw(5, 2)), *L]), 0))
                print("s57", sum([((await Aw(4, 2)) * 0) async for j58 in ARange(3, 0) if (y := len(f'{(await Aw(1, 0))!r}'))]))
        async for i59 in ARange(2, 1):
            x = (z := z)
            break
        print("s60", p)
    with CM("w61", False) as x:
        try:
            with CM("w62", True) as y:
                print("s63", p)
            n64 = 0
            while n64 < 3:
                n64 += 1
                y = sum([len(f'{0}|{(await Aw(0, 1))=}') for j65 in [5, (p - 0)]])
            async for i66 in ARange(2, 0):
                z += len(f'{5:>3}|{2!r}')
                await Aw((await Aw((await Aw(0, 0)), 0)), 0)
        except AssertionError:
            print("s67", (await Aw((await asyncio.sleep(0, (await Aw(1, 0)))), 0)))
            L[(await Aw(ValueError({"a": (await Aw(1, 0)), "b": p}["a" if y else "b"]), 2)) % len(L)] = len(f'{[(await Aw(1, 0)), 4, (await Aw(0, 0))][(await Aw(5, 0)) % 3]}|{((await Aw(1, 0)) < (await Aw(3, 1)))}|{0}')
            raise RuntimeError(((await Aw((await Aw(5, 0)), 0)) == 4))
        except ZeroDivisionError:
            print("s68", (3 <= 5 < p))
            L[(x := p) % len(L)] *= 2
            async with ACM("a70", 0), CM("w69", True) as x:
                await Aw(ValueError(len([(await Aw(0, 0)), *L])), 1)
        except GeneratorExit:
            async with ACM("a71", 1, True):
                return await Aw((await Aw(4, 0)), 1)
        else:
            for i72 in [(not (lambda q: 1)(5)), (z + (await Aw(2, 0))), (await Aw(1, 0))]:
                L[(z := (await Aw(await Aw(4, 2), 0))) % len(L)] = p
                print("s73", (await Aw((await Aw(z, 0)), 0)))
                return i72
            print("s74", info())
            if len(f'{(await Aw(y, 0)):>3}|{(await Aw((await Aw(3, 0)), 0))}'):
                print("s75", x)
                x, z = (await Aw((await Aw(2, 0)), 1)), ((z if x else 3) in [p, ((await Aw(3, 0)) - (await Aw(4, 1)))])
                L[(((await Aw(0, 1)) or 4) if ((await asyncio.sleep(0, 0)) - 0) else z) % len(L)] = (await Aw(tick("t76", y), 0))
        finally:
            try:
                await Aw((y := (await Aw(2, 0))), 0)
                x = tick("t77", x)
                z += tick("t78", *[3])
            except E2 as e79:
                await Aw([y, (y := 3), (lambda q: 5)((await asyncio.sleep(0, 4)))][(await Aw((await Aw(4, 1)), 0)) % 3], 0)
            except (E1, KeyError) as e80:
                x = (await Aw(z, 1))
            except asyncio.CancelledError:
                print("s81", L[(await Aw((await Aw(0, 0)), 0)) % len(L)])
                print("s82", info())
                print("s83", ((await Aw((await Aw(0, 1)), 1)) + 0))
            finally:
                print("s84", p)
                z += sum({"k": (x := (await Aw(4, 1))), "m": tick("t85", *[5, (await asyncio.sleep(0, 2))])}.values())
                x -= tick("t86", *[len(f'{(await Aw(2, 0))}|{(await Aw(3, 1))!r}'), x])
        async for i87 in ARange(2, 0):
            print("s88", (await Aw(x, 0)))
            try:
                z = (i87 - (await Aw(KeyError((await Aw(0, 0))), 1)))
                continue
            except:
                print("s89", ((0 * 0) * 3))
                raise
            assert y
        y, z = z, sum([j91 for j91 in range(2) if (y := p)])
    print("s92", len(f'{(await Aw(4, 1))}'))
    return ((await Aw(0, 1)) if (await Aw(1, 1)) else 2)


async def main():
    await Report("r93", f0(1))
    await Report("r94", f0(1))
    await Report("r95", f0(2))


run(main)
