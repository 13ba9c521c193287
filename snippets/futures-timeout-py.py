# wait_for: give up on a slow job after 500 ms
import asyncio
from talk import now, task

async def job(ms):
    await asyncio.sleep(ms / 1000)
    return ms

for ms in (300, 2000):
    t0 = now()
    slow = task(f"{ms} ms", job(ms))
    try:
        await asyncio.wait_for(slow, timeout=0.5)
        outcome = "finished"
    except TimeoutError:  # and the job was cancelled
        outcome = "TimeoutError"
    took = now() - t0
    print(f"{ms} ms job: {outcome} after {took:.0f} ms")
