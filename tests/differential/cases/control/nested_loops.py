"""Deeply nested for/while loops with awaits at every level, labelled
break/continue emulation via flags and for/else, and a loop-driven search
whose intermediate state (several loop variables and accumulators) must
survive many suspensions."""
import asyncio
from tracelib import suspend


async def yield_value(v):
    await suspend()
    return v


async def grid_search(target):
    found = None
    for i in range(4):
        for j in range(4):
            v = await yield_value(i * j)
            if v == target:
                found = (i, j)
                break
        else:
            continue
        break
    else:
        return "not found"
    return found


async def triangle(n):
    rows = []
    i = 0
    while i < n:
        row = []
        for j in range(i + 1):
            if j and j < i:
                row.append(await yield_value(rows[i - 1][j - 1] + rows[i - 1][j]))
            else:
                row.append(await yield_value(1))
        rows.append(row)
        i += 1
    return rows


async def skip_pattern():
    out = []
    for a in "abc":
        n = 0
        while n < 3:
            n += 1
            if (await yield_value(n)) == 2:
                continue
            for b in range(n):
                if b == 1:
                    break
                out.append(f"{a}{n}{b}")
                await suspend()
    return out


async def accumulate():
    total, count, product = 0, 0, 1
    for x in range(1, 4):
        for y in range(1, 4):
            while y > 0:
                total += await yield_value(x * y)
                count += 1
                y -= 2
            product *= await yield_value(x)
    return total, count, product


async def main():
    for target in (6, 4, 5, 0):
        print("grid_search", target, "->", await grid_search(target))
    for row in await triangle(6):
        print("triangle", row)
    print("skip_pattern", await skip_pattern())
    print("accumulate", await accumulate())


asyncio.run(main())
