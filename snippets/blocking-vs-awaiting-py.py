# Three pots, one second each: in turn vs gather
import asyncio
import time
from talk import compare, task

pots = ["rice", "soup", "tea"]

async def boil_blocking(pot):
    time.sleep(1)           # the thread stops here

async def boil(pot):
    await asyncio.sleep(1)  # others run meanwhile

async def in_turn():        # time.sleep, pot by pot
    for pot in pots:
        await task(pot, boil_blocking(pot))

async def gather():         # await asyncio.sleep + gather
    await asyncio.gather(*(task(p, boil(p)) for p in pots))

await compare({"in turn": in_turn, "gather": gather})
