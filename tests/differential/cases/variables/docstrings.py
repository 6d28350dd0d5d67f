"""Docstrings of compiled functions, and of code inside them, are values the
program can read: indentation, trailing spaces and escapes must survive
compilation (and formatting of the generated code) exactly."""

import asyncio


class Store:
    async def put(self, key):
        """Put.

        More text.   
          Indented more.\tTabbed."""
        await asyncio.sleep(0)

        def helper():
            """Helper doc
                    deeper"""

        class Inner:
            '''Inner class
      less indented'''

        return helper.__doc__, Inner.__doc__

    async def stream(self):
        r"""Raw \n docstring
            of an async generator"""
        yield 1


async def top():
    """Top
    level  """
    return 1


async def single():
    'single quotes'
    return 2


async def main():
    print(repr(Store.put.__doc__))
    print(repr(await Store().put(1)))
    print(repr(Store.stream.__doc__))
    print(repr(top.__doc__), repr(single.__doc__))
    print(await top(), await single())


asyncio.run(main())
