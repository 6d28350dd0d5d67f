async def relay(source):
    yield from source  # error@5: 'yield from' inside async function
