async def transaction(connection, statement):
    await connection.begin()
    try:
        return await connection.execute(statement)
    finally:
        await connection.release()
