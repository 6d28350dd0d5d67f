async def f(url, url):  # error@18: duplicate argument 'url' in function definition
    return url
