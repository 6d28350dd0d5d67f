async def total(fetch, keys):
    result = 0
    for key in keys:
        result += await fetch(key)
    return result
