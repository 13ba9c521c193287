# Cancel the tasks that are still pending
import asyncio
from talk import now, task

async def job(ms):
    try:
        await asyncio.sleep(ms / 1000)
        return ms
    except asyncio.CancelledError:
        at = now() - t0
        print(f"{ms} ms job: cancelled at {at:.0f} ms")
        raise  # and end as cancelled

t0 = now()
jobs = [task(f"{ms} ms", job(ms))
        for ms in (300, 1200, 2500)]
done, pending = await asyncio.wait(
    jobs, return_when=asyncio.FIRST_COMPLETED)
print("first done:", done.pop().result())
for t in pending:
    t.cancel()  # CancelledError at its await
await asyncio.wait(pending)
ends = ", ".join("cancelled" if t.cancelled() else "done"
                 for t in jobs)
print(f"all ended after {now() - t0:.0f} ms: {ends}")
