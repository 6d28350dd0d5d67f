async def deep(items):
    for i0 in items:
        for i1 in items:
            for i2 in items:
                for i3 in items:
                    for i4 in items:
                        for i5 in items:
                            for i6 in items:
                                for i7 in items:
                                    for i8 in items:
                                        for i9 in items:
                                            for i10 in items:
                                                for i11 in items:
                                                    for i12 in items:
                                                        for i13 in items:
                                                            for i14 in items:
                                                                for i15 in items:
                                                                    for i16 in items:
                                                                        for i17 in items:
                                                                            for i18 in items:
                                                                                for i19 in items:
                                                                                    for i20 in items:  # error@85: too many statically nested blocks
                                                                                        await items.pop()
