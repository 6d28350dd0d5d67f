"""for/else over sync iterables with awaits in the body: lists mutated during
iteration, generators whose side effects interleave with the body, custom
iterators that raise, and the loop variable keeping its last value (or
staying unbound for an empty loop) across suspensions."""
import asyncio
from tracelib import describe, suspend


def gen(n):
    for i in range(n):
        print(f"  gen produces {i}")
        yield i
    print("  gen exhausted")


class Exploding:
    def __init__(self, fail_at):
        self.i, self.fail_at = 0, fail_at

    def __iter__(self):
        print("  __iter__")
        return self

    def __next__(self):
        self.i += 1
        if self.i == self.fail_at:
            print("  __next__ raising")
            raise ValueError(f"failed at {self.i}")
        print("  __next__", self.i)
        return self.i


async def over_generator():
    print("generator side effects interleave with the body")
    for x in gen(3):
        print("  body before await", x)
        await suspend()
        print("  body after await", x)
    else:
        print("  else")


async def mutated_list():
    print("list appended during iteration")
    items = [1, 2]
    for x in items:
        await suspend()
        if x < 4:
            items.append(x + 2)
        print("  saw", x)
    print("  items", items)


async def iterator_raises():
    print("iterator raising mid-loop")
    try:
        for x in Exploding(3):
            await suspend()
            print("  body", x)
        else:
            print("  else (wrong)")
    except ValueError as e:
        print("  caught", describe(e), "x is", x)


async def break_and_else():
    print("break in for skips else")
    for x in range(10):
        await suspend()
        if x == 2:
            break
    else:
        print("  else (wrong)")
    print("  x after break", x)
    for y in []:
        pass
    else:
        await suspend()
        print("  else of empty loop")
    try:
        print(y)
    except UnboundLocalError as e:
        print("  caught", describe(e))


async def iterable_evaluated_once():
    print("iterable expression evaluated once")

    def source():
        print("  source() called")
        return [1, 2, 3]

    total = 0
    for v in source():
        total += v
        await suspend()
    print("  total", total)


async def unpacking_targets():
    print("unpacking loop targets")
    for i, (a, *rest) in enumerate([(1, 2, 3), (4,)]):
        await suspend()
        print("  ", i, a, rest)
    try:
        for a, b in [(1, 2), (3,)]:
            await suspend()
            print("  ", a, b)
    except ValueError as e:
        print("  caught", describe(e))


class Obj:
    pass


async def attribute_targets():
    print("attribute / subscript loop targets")
    o = Obj()
    d = {}
    for o.value in "ab":
        await suspend()
        print("  o.value", o.value)
    for d["k"] in range(2):
        await suspend()
    print("  d", d, "o.value", o.value)


async def dict_changed():
    print("dict changed size during iteration")
    d = {"a": 1}
    try:
        for k in d:
            await suspend()
            d["b"] = 2
    except RuntimeError as e:
        print("  caught", describe(e))


async def awaits_only_in_else():
    print("only the else clause awaits (resuming there must not loop again)")

    def items(n):
        print("  iterable evaluated")
        return range(n)

    for i in items(2):
        print("  body", i)
    else:
        print("  else", await asyncio.sleep(0, "a"))
        await suspend()
        print("  else again", await asyncio.sleep(0, "b"))
    for i in 1, 2:
        print("  tuple body", i)
    else:
        await suspend()
        print("  tuple else")
    n = 0
    while n < 2:
        n += 1
        print("  while body", n)
    else:
        await suspend()
        print("  while else", n)


async def main():
    for case in (over_generator, mutated_list, iterator_raises, break_and_else,
                 iterable_evaluated_once, unpacking_targets, attribute_targets,
                 dict_changed, awaits_only_in_else):
        await case()


asyncio.run(main())
