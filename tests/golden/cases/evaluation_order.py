async def combine(left, right, log):
    log(left(), await right(), sep=await right())
