"""`yield` as an expression in async generators, receiving asend() values:
`x = yield v`, `print((yield))`, yields as call arguments mixed with awaits
(`f((yield a), await b)` -- left to right), in list/dict/tuple displays, in
f-strings, in conditional and boolean expressions, as an augmented
assignment operand, in subscripts, and chained (`yield (yield x)`)."""
import asyncio
from tracelib import suspend


async def value(v):
    print(f"  await value({v!r})")
    await suspend()
    return v


def f(*args, **kwargs):
    print(f"  f{args} {kwargs}")
    return len(args)


async def expressions():
    x = yield "plain"
    print(f"  x = {x!r}")
    print((yield))
    r = f((yield "arg1"), await value("b"), (yield "arg3"), key=(yield "kw"))
    print(f"  f returned {r}")
    items = [(yield "list0"), await value("list1"), (yield "list2")]
    print(f"  items {items}")
    mapping = {(yield "key"): (yield "val"), "k2": await value("v2")}
    print(f"  mapping {mapping}")
    text = f"<{(yield 'fs1')}|{await value('fs2')}|{(yield 'fs3')!r}>"
    print(f"  text {text}")
    choice = (yield "cond-true") if (yield "cond-test") else (yield "cond-false")
    print(f"  choice {choice!r}")
    both = (yield "and-left") and (yield "and-right")
    print(f"  both {both!r}")
    total = 10
    total += yield "augmented"
    print(f"  total {total}")
    table = {"a": 1, "b": 2}
    print(f"  lookup {table[(yield 'subscript')]}")
    nested = yield (yield "inner")
    print(f"  nested {nested!r}")
    tail = await value((yield "await arg"))
    print(f"  tail {tail!r}")


async def main():
    g = expressions()
    step = 0
    sends = iter([None, "X", "printed", "A1", "A3", "KW", "L0", "L2", "K", "V", "F1", "F3",
                  True, "T", "L", "R", 5, "b", "I", "N", "W", "unused"])
    sent = next(sends)
    while True:
        try:
            got = await g.asend(sent)
        except StopAsyncIteration:
            print("finished")
            break
        sent = next(sends)
        print(f"yielded {got!r}, sending {sent!r}")
        step += 1
    print("steps", step)


asyncio.run(main())
