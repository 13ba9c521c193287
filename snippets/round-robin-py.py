# A toy event loop: generators take turns
from collections import deque
from talk import burn, task

def cook(dish, steps):
    for i in range(1, steps + 1):
        burn(30)                 # a step of work
        yield f"{dish} {i}"

def breakfast():
    yield from cook("tea", 2)    # delegate
    yield from cook("toast", 2)

ready = deque([                  # the run queue
    task("rice", cook("rice", 3)),
    task("breakfast", breakfast()),
    task("soup", cook("soup", 2)),
])
while ready:
    job = ready.popleft()
    try:
        print(next(job))         # up to its next yield
    except StopIteration:
        continue                 # finished: drop it
    ready.append(job)            # back of the queue
