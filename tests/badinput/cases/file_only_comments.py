#!/usr/bin/env python3
# expect: unchanged
#
# Nothing but comments: not even an async def.
#   async def commented_out():
#       await nothing
