def table(streams):
    return {name: [x async for x in stream] for name, stream in streams}  # error@12: asynchronous comprehension outside of an asynchronous function
