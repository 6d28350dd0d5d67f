async def outer(lock):
    def inner():
        async with lock:  # error@9: 'async with' outside async function
            pass

    return inner
