def drain(stream):
    async for chunk in stream:  # error@5: 'async for' outside async function
        print(chunk)
