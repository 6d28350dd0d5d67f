import asyncio


async def evaluate(expression):
    value = await asyncio.sleep(0, 2)
    return eval(expression)  # error@12: movenext cannot compile eval() without explicit namespaces in an async function (its local variables live in the state machine)


async def run(statement):
    scope = {}
    exec(statement, scope)
    for _ in range(2):
        await asyncio.sleep(0)
        exec(statement)  # error@9: movenext cannot compile exec() without explicit namespaces in an async function (its local variables live in the state machine)
    return scope
