# error@6:6: 'utf-8' codec can't decode byte 0xe9...
# cpython-differs: CPython says "Non-UTF-8 code starting with '\xe9' in file FILE on line 6, but no encoding declared"
import asyncio


# café (latin-1, in a file without a cookie)
async def f():
    await asyncio.sleep(0)
