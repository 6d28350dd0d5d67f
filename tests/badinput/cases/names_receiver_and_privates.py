# expect: runs-identically
# A method whose receiver is called `this`, private (mangled) names, and a
# zero-argument super() in an async method of a nested class.
import asyncio


class Base:
    async def greet(this, name):
        await asyncio.sleep(0)
        return f"base greets {name}"


def build():
    class Child(Base):
        __secret = "mangled"

        async def greet(this, name):
            __local = await super().greet(name)
            await asyncio.sleep(0)
            return __local + " / " + this.__secret + " / " + type(this).__name__

    return Child


async def main():
    print(await build()().greet("ada"))


asyncio.run(main())
