"""BaseExceptions that are not Exceptions inside coroutines: `except
Exception` does not catch KeyboardInterrupt/SystemExit/GeneratorExit-like
custom BaseExceptions, `except BaseException` does, finally blocks still run
(and await), and a custom BaseException subclass propagates through several
awaiting levels."""
import asyncio
from tracelib import describe, suspend


class Abort(BaseException):
    pass


async def raiser(exc):
    await suspend()
    raise exc


async def exception_does_not_catch(exc):
    try:
        try:
            await raiser(exc)
        except Exception:
            print("  wrongly caught by except Exception")
        finally:
            await suspend()
            print("  finally ran")
    except BaseException as e:
        await suspend()
        print("  caught by BaseException handler:", describe(e))


async def keyboard_interrupt_handled():
    try:
        await raiser(KeyboardInterrupt("simulated ^C"))
    except KeyboardInterrupt as e:
        return f"handled {describe(e)}"


async def system_exit_code():
    try:
        await raiser(SystemExit(3))
    except SystemExit as e:
        await suspend()
        return f"SystemExit code {e.code}"


async def main():
    for exc in (Abort("custom"), KeyboardInterrupt("ki"), SystemExit(2)):
        print("raising", describe(exc))
        await exception_does_not_catch(exc)
    print(await keyboard_interrupt_handled())
    print(await system_exit_code())


asyncio.run(main())
