import asyncio
from __future__ import annotations  # error@1: from __future__ imports must occur at the beginning of the file


async def f() -> None:
    await asyncio.sleep(0)
