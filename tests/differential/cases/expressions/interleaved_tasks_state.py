"""Two asyncio tasks interleave at every `await suspend()` and mutate shared
globals, a shared dict and a shared list. Each expression's reads that happen
before an await must see the value from before the other task ran; reads
after the await see the other task's writes."""
import asyncio
from tracelib import suspend

shared = 0
log = []
table = {"n": 0}


async def tick(tag):
    log.append(tag)
    await suspend()
    return 1


async def writer():
    global shared
    for i in range(1, 7):
        shared = i * 100
        table["n"] = i
        log.append(f"writer set {shared}")
        await suspend()


async def reader():
    global shared
    a = shared + await tick("r1")           # shared read before the switch
    b = await tick("r2") + shared           # shared read after the switch
    c = [table["n"], await tick("r3"), table["n"]]
    d = f"{shared}-{await tick('r4')}-{shared}"
    shared += await tick("r5")              # old value read before the switch
    log.append(f"reader stored {shared}")
    return a, b, c, d


async def main():
    t1 = asyncio.create_task(reader())
    t2 = asyncio.create_task(writer())
    result = await t1
    await t2
    print("results", result)
    print("shared", shared)
    for line in log:
        print(" ", line)


asyncio.run(main())
