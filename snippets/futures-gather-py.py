# gather: start all, await all. Who finishes first?
import asyncio
from talk import now, request, task

t0 = now()
latency = {"/a": 700, "/b": 300, "/c": 900,
           "/d": 200, "/e": 500}

async def fetch_one(url):
    res = await request(url, latency=latency[url])
    print(f"finished {url} at {now() - t0:.0f} ms")
    return f"{url} {res.status}"

tasks = [task(u, fetch_one(u)) for u in latency]
results = await asyncio.gather(*tasks)
print("in start order:", ", ".join(results))
