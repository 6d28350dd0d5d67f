# -*- coding: latin-1 -*-
# expect: runs-identically
# Non-ASCII identifiers and strings in a latin-1 file.
import asyncio


async def café(crème):
    déjà = await asyncio.sleep(0, crème + " brûlée")
    return f"{déjà} à la carte"


async def main():
    résultat = await café("crème")
    print(ascii(résultat), len(résultat))


asyncio.run(main())
