async def counter(tick):
    count = 0

    def bump():
        nonlocal count
        count += 1

    await tick(bump)
    return count
