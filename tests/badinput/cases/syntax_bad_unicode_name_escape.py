async def sign():
    return "\N{NO SUCH CHARACTER}"  # error[3.11]@37: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-20: unknown Unicode character name
# error[3.12+]@2:12: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-20: unknown Unicode character name
