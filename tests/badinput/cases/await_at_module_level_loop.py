import asyncio

for delay in (0, 0):
    await asyncio.sleep(delay)  # error@5: 'await' outside function
