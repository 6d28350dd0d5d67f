async def drop(cache):
    del (await cache.entry())  # error@10: cannot delete await expression
