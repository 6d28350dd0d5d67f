# error@7:1: 'utf-8' codec can't decode byte 0xe9...
# xfail: an undecodable byte is reported at 1:1 whatever its line (cli.read_source puts every decoding error at line 1, column 1); CPython (`python FILE`) names line 7
# cpython-differs: CPython says "Non-UTF-8 code starting with '\xe9' in file FILE on line 7, but no encoding declared"
import asyncio


# café (latin-1, in a file without a cookie)
async def f():
    await asyncio.sleep(0)
