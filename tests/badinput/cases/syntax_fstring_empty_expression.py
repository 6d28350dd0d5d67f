async def show():
    return f"{}"  # error[3.11]@19: f-string: empty expression not allowed
# error[3.12+]@2:15: f-string: valid expression required before '}'
