"""Native and compiled code iterating each other. Native coroutines and
async generators are built with exec from a source string (exec'd code is
not compiled), so after compilation this program has: a native coroutine
iterating a compiled generator, a compiled coroutine iterating a native
generator, a native generator relaying a compiled one (and the reverse),
asend/athrow/aclose crossing the boundary in both directions, and a native
async comprehension over a compiled genexp."""
import asyncio
from tracelib import describe, suspend

NATIVE_SOURCE = '''
async def native_consume(agen):
    got = []
    async for v in agen:
        got.append(v)
        await suspend()
    return got


async def native_gen(n):
    try:
        for i in range(n):
            received = yield f"native {i}"
            await asyncio.sleep(0)
            if received is not None:
                log.append(f"native received {received!r}")
    except ValueError as e:
        log.append(f"native caught {describe(e)}")
        yield "native handled"
    finally:
        await suspend()
        log.append("native finally")


async def native_relay(agen):
    async for v in agen:
        yield f"[{v}]"


async def native_drive(agen):
    steps = [await agen.__anext__(), await agen.asend("from native")]
    steps.append(await agen.athrow(ValueError("native throws")))
    await agen.aclose()
    return steps


async def native_listcomp(genexp):
    return [v async for v in genexp]
'''

log = []


def load_native():
    namespace = {"suspend": suspend, "asyncio": asyncio, "log": log, "describe": describe}
    exec(NATIVE_SOURCE, namespace)
    return namespace


native = load_native()


async def compiled_gen(n):
    try:
        for i in range(n):
            received = yield f"compiled {i}"
            await suspend()
            if received is not None:
                log.append(f"compiled received {received!r}")
    except ValueError as e:
        log.append(f"compiled caught {describe(e)}")
        yield "compiled handled"
    finally:
        await asyncio.sleep(0)
        log.append("compiled finally")


async def compiled_relay(agen):
    async for v in agen:
        yield f"({v})"


async def compiled_consume(agen):
    got = []
    async for v in agen:
        got.append(v)
    return got


async def compiled_drive(agen):
    steps = [await agen.__anext__(), await agen.asend("from compiled")]
    steps.append(await agen.athrow(ValueError("compiled throws")))
    await agen.aclose()
    return steps


def flush(label, result):
    print(f"  {label}: {result}")
    print(f"    log {log}")
    log.clear()


async def main():
    flush("native consumes compiled", await native["native_consume"](compiled_gen(2)))
    flush("compiled consumes native", await compiled_consume(native["native_gen"](2)))
    flush("native relays compiled", await compiled_consume(native["native_relay"](compiled_gen(2))))
    flush("compiled relays native", await native["native_consume"](compiled_relay(native["native_gen"](2))))
    flush("native drives compiled", await native["native_drive"](compiled_gen(5)))
    flush("compiled drives native", await compiled_drive(native["native_gen"](5)))
    flush("native comprehension over a compiled genexp",
          await native["native_listcomp"](await asyncio.sleep(0, x * 2) for x in range(3)))
    print("types:", type(native["native_gen"](1)).__name__, type(compiled_gen(1)).__name__)


asyncio.run(main())
