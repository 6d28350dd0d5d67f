"""break/continue/return inside `async for`: `break` skips `else` and does NOT
close the iterator (no aclose/athrow call; the same iterator can be resumed
by a second loop), `continue` fetches the next item, `return` from the body
leaves the iterator as is, and try/finally inside the loop body runs on each
jump."""
import asyncio
from tracelib import suspend


class Source:
    def __init__(self, n):
        self.n, self.i = n, 0

    def __aiter__(self):
        print("  __aiter__")
        return self

    async def __anext__(self):
        await suspend()
        if self.i >= self.n:
            print("  __anext__ -> StopAsyncIteration")
            raise StopAsyncIteration
        self.i += 1
        print("  __anext__ ->", self.i)
        return self.i

    async def aclose(self):
        print("  aclose (must not be called)")


async def break_then_resume():
    src = Source(5)
    async for v in src:
        if v == 2:
            print("  break at", v)
            break
    else:
        print("  else (wrong)")
    print("  resuming the same iterator")
    async for v in src:
        print("  second loop", v)
    else:
        print("  else of second loop")


async def continue_skips():
    seen = []
    async for v in Source(4):
        if v % 2:
            await suspend()
            continue
        seen.append(v)
    else:
        seen.append("else")
    return seen


async def return_from_body():
    src = Source(10)
    async for v in src:
        await suspend()
        if v == 3:
            return f"returned {v}, iterator at {src.i}"


async def finally_on_jumps():
    async for v in Source(3):
        try:
            if v == 1:
                continue
            if v == 2:
                break
        finally:
            await suspend()
            print("  finally for", v)


async def nested_async_fors():
    pairs = []
    async for a in Source(2):
        async for b in Source(3):
            if b == 2:
                break
            pairs.append((a, b))
    return pairs


async def main():
    for case in (break_then_resume, continue_skips, return_from_body, finally_on_jumps,
                 nested_async_fors):
        print(case.__name__)
        r = await case()
        if r is not None:
            print("  ->", r)


asyncio.run(main())
