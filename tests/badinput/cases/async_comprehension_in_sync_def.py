def gather(stream):
    return [item async for item in stream]  # error@12: asynchronous comprehension outside of an asynchronous function
