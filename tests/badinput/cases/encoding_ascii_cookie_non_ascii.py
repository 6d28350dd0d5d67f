# coding: ascii
# error@1:1: 'ascii' codec can't decode byte 0xe9 in position 153: ordinal not in range(128)
import asyncio


async def f():
    return 'été'
