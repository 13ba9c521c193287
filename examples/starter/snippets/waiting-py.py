# Three waits of 300 ms: one after another, then all at once
import asyncio
from talk import compare, task

async def wait(name):
    await asyncio.sleep(0.3)

async def one_by_one():
    for name in "abc":
        await task(name, wait(name))

async def together():
    await asyncio.gather(*(task(name, wait(name)) for name in "abc"))

await compare({"one by one": one_by_one, "together": together})
