async def pump(items):
    return list((yield item) for item in items)  # error@18: 'yield' inside generator expression
