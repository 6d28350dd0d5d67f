# -*- coding: utf-8 -*-
# expect: runs-identically
import asyncio


async def greet():
    await asyncio.sleep(0)
    return 'grüß dich ☃'


print(ascii(asyncio.run(greet())))
