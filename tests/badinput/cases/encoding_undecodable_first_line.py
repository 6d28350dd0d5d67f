label = 'ÿ'  # error@10: 'utf-8' codec can't decode byte 0xff...
# cpython-differs: compile() of the bytes says "(unicode error) 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte" at the string; `python FILE` says "Non-UTF-8 code starting with '\xff' in file FILE on line 1, but no encoding declared"
import asyncio


async def f():
    await asyncio.sleep(0)
