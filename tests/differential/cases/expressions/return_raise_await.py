"""`return await`, `raise await`, `raise X from await y`, and raising
non-exceptions obtained by await (TypeError messages), including the implicit
__context__ when raising inside a handler and `from None`."""
import asyncio
from tracelib import describe, suspend


async def get(value, tag=None):
    print("  eval", tag if tag is not None else repr(value))
    await suspend()
    return value


async def returns():
    return await get("returned")


async def return_in_expression():
    return (await get(1)) + (await get(2)), await get("tuple")


async def return_await():
    print("return await")
    print("  ->", await returns())
    print("  ->", await return_in_expression())


async def raise_await():
    print("raise await")
    try:
        raise await get(ValueError("from await"), "exc")
    except ValueError as e:
        print("  caught", describe(e))
    try:
        raise await get(KeyError, "class")
    except KeyError as e:
        print("  caught class instance", describe(e))


async def raise_from_await():
    print("raise X from await y")
    try:
        raise ValueError("outer") from await get(OSError("cause"), "cause")
    except ValueError as e:
        print("  caught", describe(e), "suppress", e.__suppress_context__)
    print("raise await x from await y: exception evaluated first")
    try:
        raise await get(RuntimeError("x"), "exc") from await get(TypeError("y"), "cause")
    except RuntimeError as e:
        print("  caught", describe(e))
    print("from await None inside a handler")
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise ValueError("replacement") from await get(None, "None")
    except ValueError as e:
        print("  caught", describe(e), "suppress", e.__suppress_context__)


async def raise_in_handler():
    print("raise await inside handler gets __context__")
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            raise await get(LookupError("while handling"), "exc")
    except LookupError as e:
        print("  caught", describe(e))


async def bad_raise():
    print("raising non-exceptions")
    try:
        raise await get(42, "int")
    except TypeError as e:
        print("  caught", describe(e))
    try:
        raise ValueError("v") from await get("text", "str cause")
    except TypeError as e:
        print("  caught", describe(e))
    try:
        raise await get(int, "class int")
    except TypeError as e:
        print("  caught", describe(e))


async def main():
    for case in (return_await, raise_await, raise_from_await, raise_in_handler,
                 bad_raise):
        await case()


asyncio.run(main())
