import asyncio


class Report:
    async def render(self):
        await asyncio.sleep(0)
        return locals()  # error@16: movenext cannot compile locals() without explicit namespaces in an async function (its local variables live in the state machine)

    async def fine(self):
        await asyncio.sleep(0)
        return super().__repr__()


def factory():
    async def inner(template):
        await asyncio.sleep(0)
        return eval(template)  # error@16: movenext cannot compile eval() without explicit namespaces in an async function (its local variables live in the state machine)

    return inner
