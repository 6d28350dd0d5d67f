"""A module that rebinds many builtins at module level (iter, next, set,
getattr, setattr, hasattr, isinstance, type, len, StopIteration,
StopAsyncIteration, BaseException, AssertionError, GeneratorExit, object,
callable, super is left alone) to poisoned objects, and coroutines whose
locals and parameters use names a compiler might want for itself (this, self,
state, sent, thrown, awaiter, yielded, result, machine, coro, _movenext).
Language constructs (for, async for, with, async with, assert, raise,
try/except, comprehensions, await) never look these globals up, so every case
must behave normally."""
import asyncio
import io
from tracelib import describe, suspend


class Poison:
    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        raise AssertionErrorOriginal(f"poisoned builtin {self.name} was called")

    def __getattr__(self, attr):
        raise AssertionErrorOriginal(f"poisoned builtin {self.name}.{attr} was used")

    def __mro_entries__(self, bases):
        raise AssertionErrorOriginal(f"poisoned builtin {self.name} used as a base")


AssertionErrorOriginal = AssertionError
_module_globals = globals()
_real_exceptions = (StopIteration, StopAsyncIteration, BaseException, GeneratorExit)
for _name in ("iter", "next", "set", "getattr", "setattr", "hasattr", "isinstance", "type",
              "len", "StopIteration", "StopAsyncIteration", "BaseException",
              "AssertionError", "GeneratorExit", "object", "callable", "delattr", "id",
              "hash", "issubclass", "vars", "locals", "globals"):
    _module_globals[_name] = Poison(_name)
del _name


class ACM:
    async def __aenter__(this):
        await suspend()
        return "entered"

    async def __aexit__(this, typ, val, tb):
        await suspend()
        return typ is not None and typ.__name__ == "KeyError"


class AIter:
    def __init__(self, n):
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        await suspend()
        if self.n == 0:
            raise _real_exceptions[1]
        self.n -= 1
        return self.n


async def reserved_locals(this, state, sent=None, *thrown, **awaiter):
    yielded = [this, state]
    await suspend()
    machine = "machine-local"
    result = f"{this}/{state}/{sent}/{thrown}/{sorted(awaiter)}"
    await suspend()
    coro = yielded + [machine]
    self = "not a method"
    return result, coro, self


async def constructs():
    out = []
    for i in [1, 2]:
        await suspend()
        out.append(i)
    async for j in AIter(2):
        out.append(j)
    async with ACM() as entered:
        out.append(entered)
    async with ACM():
        await suspend()
        raise KeyError("suppressed")
    with io.StringIO("abc") as f:
        out.append(f.read(2))
    try:
        assert out, "non-empty"
        assert not out, "assert message"
    except AssertionErrorOriginal as e:
        out.append(describe(e))
    out.append([k async for k in AIter(2)])
    out.append({x for x in "aab"} == {"a", "b"})
    try:
        await suspend()
        raise ValueError("plain")
    except ValueError as e:
        out.append(f"caught {e}")
    finally:
        out.append("finally")
    return out


async def stop_iteration_conversion():
    await suspend()
    raise _real_exceptions[0]("still converted")


async def _movenext_named(_movenext=1):
    await suspend()
    return _movenext + 1


async def main():
    print(await reserved_locals("T", "S", "sent", "x", "y", a=1, b=2))
    print(await constructs())
    try:
        await stop_iteration_conversion()
    except RuntimeError as e:
        print("converted:", describe(e))
    print("_movenext parameter:", await _movenext_named(41))


asyncio.run(main())
