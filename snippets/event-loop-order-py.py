# Guess the order of the letters, then press Run
import asyncio

loop = asyncio.get_running_loop()

async def job():
    print("E  coroutine, first step")
    await asyncio.sleep(0)
    print("F  coroutine, after await")

print("A  top-level code")
loop.call_later(0.1, print, "B  timer, 100 ms")
loop.call_soon(print, "C  call_soon")
asyncio.create_task(job())
loop.call_soon(print, "D  call_soon, queued last")
print("G  top-level code, last line")
await asyncio.sleep(0.2)  # main awaits: the loop runs
