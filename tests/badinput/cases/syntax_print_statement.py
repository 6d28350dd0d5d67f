async def greet(name):
    print "hello", name  # error@5: Missing parentheses in call to 'print'. Did you mean print(...)?
