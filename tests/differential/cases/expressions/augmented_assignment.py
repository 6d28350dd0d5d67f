"""Augmented assignment with awaits on the right. For `x += await f()` the old
value of `x` (and for `o.a += ...`/`o[k] += ...` the object, key and old
value) is read *before* the right side is evaluated, so rebinding the target
while suspended is overwritten. In-place dunders (__iadd__) are preferred and
their result is stored back."""
import asyncio
from tracelib import describe, suspend

COUNTER = 0


async def bump_global(amount):
    global COUNTER
    await suspend()
    COUNTER = 1000
    print("  COUNTER rebound to 1000 while suspended")
    return amount


async def global_target():
    global COUNTER
    print("global augmented assignment")
    COUNTER = 1
    COUNTER += await bump_global(5)
    print("  COUNTER", COUNTER)


async def local_target():
    print("local rebound by a closure while suspended")
    total = 10

    async def meddle():
        nonlocal total
        await suspend()
        total = -1
        return 1

    total += await meddle()
    print("  total", total)


class Logged:
    def __init__(self):
        self.__dict__["value"] = 1

    def __getattribute__(self, name):
        if name == "value":
            print("  read .value")
        return object.__getattribute__(self, name)

    def __setattr__(self, name, v):
        print(f"  write .{name} = {v}")
        object.__setattr__(self, name, v)


class Mapping:
    def __init__(self):
        self.data = {"k": 1}

    def __getitem__(self, key):
        print(f"  read [{key!r}]")
        return self.data[key]

    def __setitem__(self, key, value):
        print(f"  write [{key!r}] = {value!r}")
        self.data[key] = value


async def get(v, tag=None):
    print("  eval", tag if tag is not None else v)
    await suspend()
    return v


async def attribute_and_subscript():
    print("attribute target: read, then await, then write")
    o = Logged()

    async def change():
        await suspend()
        object.__setattr__(o, "value", 500)
        print("  value changed to 500 while suspended")
        return 2

    o.value *= await change()
    print("  final", o.value)
    print("subscript target: key evaluated once, before the await")
    m = Mapping()
    m[await get("k", "key")] += await get(10, "rhs")
    print("  data", m.data)


class InPlace:
    def __init__(self, items):
        self.items = items

    def __iadd__(self, other):
        print("  __iadd__", other)
        self.items.extend(other)
        return self

    def __add__(self, other):
        print("  __add__ (should not be used)")
        return NotImplemented


async def inplace_dunder():
    print("__iadd__ used for +=")
    x = InPlace([1])
    alias = x
    x += await get([2, 3])
    print("  same object", x is alias, x.items)
    lst = [0]
    alias = lst
    lst += await get((1, 2))
    print("  list extended in place", alias)
    t = (0,)
    t += await get((1,))
    print("  tuple rebound", t)


async def all_operators():
    print("every augmented operator")
    v = 100
    for op in ("+=", "-=", "*=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^="):
        n = 3
        if op == "+=": v += await get(n)
        elif op == "-=": v -= await get(n)
        elif op == "*=": v *= await get(n)
        elif op == "//=": v //= await get(n)
        elif op == "%=": v %= await get(n * 10)
        elif op == "**=": v **= await get(2)
        elif op == "<<=": v <<= await get(n)
        elif op == ">>=": v >>= await get(1)
        elif op == "&=": v &= await get(0xFF)
        elif op == "|=": v |= await get(0x100)
        elif op == "^=": v ^= await get(0x1)
        print("  ", op, v)
    f = 1.0
    f /= await get(4)
    print("   /=", f)


async def errors():
    print("augmented assignment errors")
    try:
        missing += await get(1)  # noqa: F821
    except UnboundLocalError as e:
        print("  caught", describe(e))
    d = {}
    try:
        d[await get("absent")] += 1
    except KeyError as e:
        print("  caught", describe(e))
    s = "text"
    try:
        s -= await get(1)
    except TypeError as e:
        print("  caught", describe(e))


class Keys(list):
    """Records the key objects of each read and store."""

    def __getitem__(self, key):
        print("  get", key)
        self.last = key
        return list.__getitem__(self, key) if not isinstance(key, tuple) else 10

    def __setitem__(self, key, value):
        print("  set", key, value, "same key object:", key is self.last)
        if not isinstance(key, tuple):
            list.__setitem__(self, key, value)


def arg(x):
    print("  eval", x)
    return x


async def slices_and_tuple_keys():
    print("slices and tuple keys: one key built once, read and stored with")
    items = Keys([1, 2, 3, 4])
    items[arg(1):arg(2)] += await get([9])
    items[arg(0):arg(4):arg(2)] += await get([])
    items[:arg(1)] += await get([7])
    items[arg(1), arg(2)] += await get(5)
    items[arg(1):arg(2), ...] += await get(5)
    print("  ->", list(items))


class Box:
    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return f"Box({self.value})"


async def value_rebinds_the_target():
    print("the value rebinds a name the target reads (walrus): read first")
    z = 2
    z += sum([0 for _ in [0, 0] if (z := await get(0))])
    print("  comprehension walrus:", z)
    w = 2
    w += (w := await get(7))
    print("  walrus:", w)
    items = [1]
    old = items
    items[0] += (items := [10, 20]) and await get(3)
    print("  subscript:", old, items)
    box = Box(1)
    first = box
    box.value += (box := Box(100)).value + await get(1)
    print("  attribute:", first, box)
    keys = [0, 1]
    key = 0
    keys[key] += (key := 1) + await get(5)
    print("  key:", keys, key)


async def main():
    for case in (global_target, local_target, attribute_and_subscript,
                 inplace_dunder, all_operators, errors, slices_and_tuple_keys,
                 value_rebinds_the_target):
        await case()


asyncio.run(main())
