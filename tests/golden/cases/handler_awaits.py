async def guarded(operation, log):
    try:
        return await operation()
    except (KeyError, ValueError) as error:
        await log(error)
        raise
