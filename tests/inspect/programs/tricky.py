r"""Awaits whose text is hard on graph formats: quotes, <, >, #, &, \, braces,
very long expressions, and every kind of construct around them.

Used by test_graph_tools.py (Graphviz and Mermaid must accept and draw every
function's graph) and test_page.py. Not meant to run.
"""

import asyncio


async def quotes_and_markup(client):
    await client.send("<b>bold</b> & \"quoted\" 'single' #hash {braces} [brackets] |pipe|")
    await client.send('a\\b\\n "\\" ;semi; %percent% `tick` $dollar')
    await client.send(f"{client!r:>10} <{len('&amp;')}> &lt; #35; #quot;")
    return await client.get(lambda x: x < 1 and x > -1 or x >> 2 << 3)


async def entities_and_escapes(writer):
    await writer.write(b"line\n")
    await writer.write("&lt;&amp;#35;#quot;\\n\t")
    return await writer.drain()


async def very_long(service):
    return await service.fetch_everything_about_the_thing(first_argument=1, second_argument=[1, 2, 3], third_argument={"k": "v"}, fourth="a very long string indeed, longer than any label should be")


async def multi_line_await(service):
    value = await service.call(
        "spanning",
        "several",
        "lines",
    )
    return value


async def outer(items):
    async def inner(item):
        await asyncio.sleep(0)
        return item

    async def generator():
        for item in items:
            yield await inner(item)

    return [item async for item in generator()]


async def cleanup_in_finally(resource):
    try:
        await resource.use()
    finally:
        await resource.close()
        await asyncio.sleep(0)


async def matching(command, bus):
    match command:
        case {"action": "move", "to": (x, y)}:
            await bus.publish(f"move -> ({x}, {y})")
        case ["say", *words] if len(words) > 0:
            await bus.publish(" ".join(words))
        case str() as text:
            await bus.publish(text)
        case _:
            await bus.publish(None)


async def forever(queue):
    while True:
        item = await queue.get()
        if item is None:
            continue
        try:
            await queue.handle(item)
        except (ValueError, KeyError) as error:
            await queue.report(error)
            break
        except Exception:
            raise
        else:
            await queue.ack(item)


async def numbers_and_streams(source):
    async for chunk in source:
        yield chunk
        async with source.lock() as held:
            yield held
