async def f(get):
    type Alias = await get()  # error[3.11]@10: invalid syntax
# error[3.12+]@2:18: await expression cannot be used within a type alias
