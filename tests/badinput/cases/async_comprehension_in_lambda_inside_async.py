async def main(stream):
    collect = lambda: [x async for x in stream]  # error@23: asynchronous comprehension outside of an asynchronous function
    return collect
