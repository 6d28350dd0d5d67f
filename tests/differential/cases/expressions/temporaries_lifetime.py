"""Values an expression holds while it awaits are let go when the statement
is done, as natively (where they live on the evaluation stack): a value
spilled into a temporary -- kept in a field when it must survive a
suspension -- is freed before the next statement runs, not when the
coroutine ends. (Within a statement, the order in which they are freed
depends on how CPython pops its stack and frees containers; the program
prints them sorted.)"""

import asyncio


freed = []


def done(label, *extra):
    print(f"  {label} done, freed: {sorted(freed)}", *extra)
    freed.clear()


class Resource:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        freed.append(self.name)

    def __repr__(self):
        return self.name

    def __add__(self, other):
        return f"{self.name}+{other.name}"


async def make(name, suspend=True):
    if suspend:
        await asyncio.sleep(0)
    return Resource(name)


def show(*values, **named):
    print("   ", values, named)


async def main():
    print("call arguments:")
    show(await make("A"), await make("B"), key=await make("C", suspend=False))
    done("statement")
    print("binary operation:")
    joined = await make("D") + await make("E")
    done("statement", joined)
    print("container display:")
    length = len([await make("F"), (await make("G")).name])
    done("statement", length)
    print("subscript assignment:")
    table = {}
    table[(await make("H")).name] = (await make("I")).name
    done("statement", table)
    await asyncio.sleep(0)
    done("end")


asyncio.run(main())
