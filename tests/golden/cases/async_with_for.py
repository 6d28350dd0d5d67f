async def copy(source, sink):
    async with sink.session() as session:
        async for chunk in source:
            await session.write(chunk)
