"""Watching coroutines while they run: `movenext.runtime.describe()`.

Run it compiled (`movenext run samples/live_state.py`). Three workers crawl a
tiny fake web; every few ticks a monitor task prints where each worker stands:
the state it is suspended in, the source line and the expression it waits
for, the values of the variables live there, and the chain of coroutines it is
awaiting, down to the asyncio future at the bottom. Pages arrive through an
async generator (`download()`), which shows up in that chain with its own
state; the monitor's clock is an async generator too, described directly
while it is suspended at its `yield`.

A native coroutine keeps all of that inside `cr_frame`, a C-level frame. A
compiled one keeps it in plain fields of its state-machine object, so it can
be read (and, one day, saved and restored) at any suspension point.

Natively, `describe()` still works for the compiled-free parts (it reads
native frames), but there are no state numbers: run it compiled.
"""

import asyncio

from movenext.runtime import describe

WEB = {
    "/": ["/a", "/b"],
    "/a": ["/a/1", "/a/2"],
    "/b": ["/b/1"],
    "/a/1": [],
    "/a/2": ["/"],
    "/b/1": [],
}


async def download(url):
    """Pretend network I/O: a few event-loop turns per page, then its links
    one by one (an async generator: each await and each yield is a state)."""
    for _ in range(len(url)):
        await asyncio.sleep(0)
    for link in WEB.get(url, []):
        yield link


async def fetch(url):
    links = []
    async for link in download(url):
        if link.startswith(url.rstrip("/")):
            links.append(link)
    return links


async def worker(name, queue, seen):
    while True:
        url = await queue.get()
        try:
            links = await fetch(url)
            for link in links:
                if link not in seen:
                    seen.add(link)
                    await queue.put(link)
        finally:
            queue.task_done()


async def clock(every, rounds):
    """Yields the number of event-loop turns so far, every `every` turns."""
    turns = 0
    for _ in range(rounds):
        for _ in range(every):
            await asyncio.sleep(0)
            turns += 1
        yield turns


async def monitor(workers, every=4, rounds=3):
    ticks = clock(every, rounds)
    async for turns in ticks:
        print(f"--- after {turns} event-loop turns ---")
        print("[clock]")
        print(describe(ticks))  # an async generator, suspended at its yield
        for task in workers:
            print(f"[{task.get_name()}]")
            print(describe(task))


async def main():
    queue = asyncio.Queue()
    seen = {"/"}
    await queue.put("/")
    workers = [asyncio.create_task(worker(f"w{i}", queue, seen), name=f"w{i}") for i in range(3)]
    await monitor(workers)
    await queue.join()
    for task in workers:
        task.cancel()
    await asyncio.gather(*workers, return_exceptions=True)
    print("crawled:", sorted(seen))


asyncio.run(main())
