async def pump(items):
    return [(yield item) for item in items]  # error@14: 'yield' inside list comprehension
