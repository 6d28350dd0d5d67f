async def classify(get):
    match await get():
        case value:  # error@14: name capture 'value' makes remaining patterns unreachable
            return value
        case 0:
            return 0
