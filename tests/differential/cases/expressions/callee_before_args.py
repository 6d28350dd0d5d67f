"""The callee (a global name, an attribute, a bound method) is looked up before
the arguments are evaluated. Rebinding it while the coroutine is suspended in
an argument's await must not change which function is called."""
import asyncio
from tracelib import describe, suspend


def target(*args):
    print("  OLD target", args)
    return "old"


def new_target(*args):
    print("  NEW target", args)
    return "new"


async def rebind_global(value):
    global target
    await suspend()
    print("  rebinding global target")
    target = new_target
    return value


async def global_callee():
    print("global callee")
    r = target(1, await rebind_global(2))
    print("  result", r)
    r = target(await suspend() or 3)
    print("  second call uses", r)


class Box:
    def method(self, *args):
        print("  OLD method", args)
        return "old-method"


def replacement(self, *args):
    print("  NEW method", args)
    return "new-method"


async def swap_method(box, value):
    await suspend()
    print("  patching class and instance")
    Box.method = replacement
    box.method = lambda *a: print("  INSTANCE lambda", a)
    return value


async def bound_method():
    print("bound method")
    box = Box()
    r = box.method(await swap_method(box, "arg"))
    print("  result", r)
    box.method("again")
    del Box.method


class Holder:
    pass


async def swap_attr(holder, value):
    await suspend()
    holder.fn = new_target
    print("  attribute swapped")
    return value


async def attribute_callee():
    print("attribute callee")
    h = Holder()
    h.fn = target
    r = h.fn(await swap_attr(h, "a"), await swap_attr(h, "b"))
    print("  result", r)


class Logged:
    def __getattr__(self, name):
        print("  getattr", name)
        return lambda *a: print("  called", name, a)


async def arg(tag):
    print("  arg", tag)
    await suspend()
    return tag


async def lookup_order():
    print("lookup order of chained calls")
    obj = Logged()
    obj.first(await arg(1)).__class__
    obj.second(await arg(2), obj.third(await arg(3)))


async def subscript_callee():
    print("subscript callee")
    table = {"f": target}

    async def swap():
        await suspend()
        table["f"] = new_target
        print("  table swapped")
        return "v"

    r = table["f"](await swap())
    print("  result", r)
    print("  next", table["f"]("again"))


async def callee_is_awaited():
    print("callee produced by await")

    async def pick():
        print("  picking")
        await suspend()
        return target

    r = (await pick())(await arg("x"))
    print("  result", r)


async def not_callable():
    print("not callable, args still evaluated")
    thing = 5
    try:
        thing(await arg("evaluated"))
    except TypeError as e:
        print("  caught", describe(e))


async def main():
    global target
    for case in (global_callee, bound_method, attribute_callee, lookup_order,
                 subscript_callee, callee_is_awaited, not_callable):
        target = _original_target
        await case()


_original_target = target
asyncio.run(main())
