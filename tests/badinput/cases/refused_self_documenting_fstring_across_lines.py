import asyncio

# `{expr=}` prints the text of `expr`. When its variable lives in the machine,
# movenext writes that text out itself; across lines it cannot know the
# indentation of the continuation line, so it refuses rather than print
# different text. (On one line it compiles: see
# tests/differential/cases/expressions/fstrings_self_documenting.py.)
# error@13:16: movenext cannot compile a self-documenting f-string expression ({expr=}) that spans several lines


async def report(values):
    await asyncio.sleep(0)
    return f"""{values
        =}"""
