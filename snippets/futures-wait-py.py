# asyncio.wait: return_when says when it returns
import asyncio
from asyncio import FIRST_COMPLETED, FIRST_EXCEPTION
from asyncio import ALL_COMPLETED
from talk import now, request, task

URLS = [("/fast", 300), ("/bad", 600), ("/slow", 900)]

async def get(url, latency):
    await request(url, latency=latency)
    if url == "/bad":
        raise ValueError("/bad failed")
    return url

def outcome(t):
    error = t.exception()
    what = type(error).__name__ if error else "ok"
    return f"{t.get_name()} {what}"

for when in (FIRST_COMPLETED, FIRST_EXCEPTION,
             ALL_COMPLETED):
    t0 = now()
    jobs = [task(url, get(url, ms)) for url, ms in URLS]
    done, pending = await asyncio.wait(
        jobs, return_when=when)
    got = ", ".join(outcome(t) for t in jobs if t in done)
    print(f"{when} after {now() - t0:.0f} ms:")
    print(f"  {got}")
    for t in pending:
        t.cancel()  # not needed any more
