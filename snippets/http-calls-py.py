# 4 slow "HTTP calls": one after another, then one loop
import asyncio
from talk import compare, request, task

urls = [f"/{i}" for i in range(4)]

def get(url):  # a task per call: its own lane
    return task(url, request(url, latency=500))

async def sequential():  # requests.get in a for loop
    for url in urls:
        await get(url)

async def one_loop():  # httpx.AsyncClient + gather
    await asyncio.gather(*map(get, urls))

await compare({"sequential": sequential,
               "one loop": one_loop})
