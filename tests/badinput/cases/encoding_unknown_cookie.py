#!/usr/bin/env python3
# -*- coding: klingon -*-
# error@1:1: unknown encoding: klingon
import asyncio


async def f():
    await asyncio.sleep(0)
