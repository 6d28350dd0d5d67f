import asyncio


async def snapshot(url):
    body = await asyncio.sleep(0, "body")
    return {"url": url, **locals()}  # error@27: movenext cannot compile locals() without explicit namespaces in an async function (its local variables live in the state machine)
