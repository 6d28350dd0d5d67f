import asyncio

handler = async lambda: await asyncio.sleep(0)  # error@11: invalid syntax
