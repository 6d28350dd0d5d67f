# coding: ascii
# error@7:13: 'ascii' codec can't decode byte 0xe9...
import asyncio


async def f():
    return 'été'
