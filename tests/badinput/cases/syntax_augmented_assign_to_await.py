async def bump(counter):
    await counter.value() += 1  # error@5: 'await expression' is an illegal expression for augmented assignment
