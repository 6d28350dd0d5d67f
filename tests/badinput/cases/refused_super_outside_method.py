import asyncio


def make_handler():
    async def handle(self):  # error@5: movenext cannot compile super() or __class__ in an async function that is not a method
        await asyncio.sleep(0)
        return super().handle()

    return handle
