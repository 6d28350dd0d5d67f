async def outer(futures):
    def inner():
        return {await f for f in futures}  # error@16: asynchronous comprehension outside of an asynchronous function

    return inner
