# error@7:5: unterminated triple-quoted string literal (detected at line 9)
import asyncio


async def describe():
    await asyncio.sleep(0)
    """The docstring that never ends.

    return 1
