async def show(get):
    return f"{await get()!z}"  # error[3.11]@32: f-string: invalid conversion character: expected 's', 'r', or 'a'
# error[3.12+]@2:27: f-string: invalid conversion character 'z': expected 's', 'r', or 'a'
