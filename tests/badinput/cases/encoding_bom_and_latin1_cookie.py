# coding: latin-1
# error@1:1: encoding problem: iso-8859-1 with BOM
# xfail: a UTF-8 BOM with a conflicting cookie is reported as "encoding problem: utf-8" (tokenize.detect_encoding's words), where CPython says "encoding problem: iso-8859-1 with BOM"
import asyncio


async def f():
    await asyncio.sleep(0)
