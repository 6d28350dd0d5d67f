# coding: latin-1
# error@1:1: encoding problem: iso-8859-1 with BOM
import asyncio


async def f():
    await asyncio.sleep(0)
