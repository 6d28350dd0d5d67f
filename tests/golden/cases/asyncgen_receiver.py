async def accumulate(source):
    total = 0
    try:
        async for value in source:
            received = yield total
            total += value * (received or 1)
    finally:
        await source.aclose()
