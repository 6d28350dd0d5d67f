def collect(futures):
    return [await f for f in futures]  # error@12: asynchronous comprehension outside of an asynchronous function
