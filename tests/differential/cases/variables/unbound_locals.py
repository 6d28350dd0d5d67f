"""Unbound variables in coroutines: `del x` then reading x (UnboundLocalError
text), reading a local that is assigned only later in the function, a local
assigned only in a branch not taken, deleting twice, and a nested function
reading a coroutine variable that is unbound (NameError "cannot access free
variable ..."), all separated by suspensions."""
import asyncio
from tracelib import describe, suspend


async def deleted_then_read():
    x = "value"
    await suspend()
    del x
    await suspend()
    try:
        return x
    except UnboundLocalError as e:
        return describe(e)


async def read_before_assignment():
    try:
        await suspend()
        print(later)
    except UnboundLocalError as e:
        print("  ", describe(e))
    later = "assigned"
    await suspend()
    return later


async def branch_not_taken(flag):
    if flag:
        maybe = "bound"
    await suspend()
    try:
        return maybe
    except UnboundLocalError as e:
        return describe(e)


async def delete_twice():
    y = 1
    del y
    await suspend()
    try:
        del y
    except UnboundLocalError as e:
        return describe(e)


async def free_variable_unbound():
    def inner():
        return cell_var

    try:
        inner()
    except NameError as e:
        print("   before assignment:", describe(e))
    cell_var = "now bound"
    await suspend()
    print("   after assignment:", inner())
    del cell_var
    await suspend()
    try:
        inner()
    except NameError as e:
        print("   after del:", describe(e))
    try:
        print(cell_var)
    except UnboundLocalError as e:
        print("   coroutine reading its deleted cell:", describe(e))


async def loop_variable_unbound():
    for item in []:
        pass
    await suspend()
    try:
        return item
    except UnboundLocalError as e:
        return describe(e)


async def parameter_deleted(param):
    await suspend()
    del param
    try:
        return param
    except UnboundLocalError as e:
        return describe(e)


async def main():
    print("deleted_then_read:", await deleted_then_read())
    print("read_before_assignment:")
    print("   ->", await read_before_assignment())
    print("branch_not_taken True:", await branch_not_taken(True))
    print("branch_not_taken False:", await branch_not_taken(False))
    print("delete_twice:", await delete_twice())
    print("free_variable_unbound:")
    await free_variable_unbound()
    print("loop_variable_unbound:", await loop_variable_unbound())
    print("parameter_deleted:", await parameter_deleted(1))


asyncio.run(main())
