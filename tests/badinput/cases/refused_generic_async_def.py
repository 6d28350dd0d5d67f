import asyncio


async def first[T](items: list[T]) -> T:  # error[3.11]@16: expected '('
    await asyncio.sleep(0)
    return items[0]
# error[3.12+]@4:1: movenext cannot compile generic async function (PEP 695 type parameters)
