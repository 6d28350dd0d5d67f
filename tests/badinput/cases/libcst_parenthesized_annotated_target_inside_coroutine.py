# `(name): annotation` is valid Python, but libcst (the parser movenext uses)
# rejects it. Outside a coroutine that does not matter (only coroutines are
# parsed with libcst: see libcst_parenthesized_annotated_target_in_async_module);
# inside one, movenext refuses the function and says so.
import asyncio


async def main():
    (total): int = 0  # error@5: movenext cannot compile this statement: libcst, the parser movenext uses, does not accept it (valid Python)
    print(await asyncio.sleep(0, total))


asyncio.run(main())
