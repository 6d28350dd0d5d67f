# expect: unchanged
def declare():
    (total): int = 0
    return total


print(declare())
