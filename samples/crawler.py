"""A fake web crawler: an asyncio.Queue, N worker tasks and a Semaphore.

The "web" is a dict from URL to the links on that page. `fetch()` pretends to
do network I/O by awaiting `asyncio.sleep(0)` a number of times that depends
only on the URL, so every run interleaves the workers the same way. Workers
pull URLs from a shared queue, a Semaphore caps how many fetches are in flight
at once, and `queue.join()` tells the crawler when the frontier is exhausted.

What to look at in the compiled state machine:

* `worker()` is a `while True:` loop with three awaits in it (`queue.get()`,
  `fetch()`, `queue.put()`). Each await is a numbered state; the loop becomes a
  loop inside `move_next()` that jumps back in at the right state on resume.
* `url`, `depth` and `links` live across awaits, so they are hoisted into
  fields of the machine; `link` in the inner `for` is too, and so is the
  iterator of that `for` loop, because `await queue.put(...)` suspends in the
  middle of the iteration.
* `fetch()` awaits inside a `try/finally` inside `async with limiter:`. The
  semaphore's `__aexit__` is itself awaited on every way out of the block,
  including the `raise FetchError` after the awaits, and the caller's
  `except FetchError` / `else` / `finally` then pick up from there.
"""

import asyncio
from dataclasses import dataclass

WEB = {
    "/": ["/about", "/blog", "/shop"],
    "/about": ["/", "/team"],
    "/team": ["/about", "/careers"],
    "/careers": ["/team", "/careers/apply"],
    "/blog": ["/blog/intro", "/blog/async", "/blog/old", "/about"],
    "/blog/intro": ["/blog/async", "/blog/missing"],
    "/blog/async": ["/blog/intro", "/shop/cart"],
    "/shop": ["/shop/cart", "/shop/item/1", "/shop/item/2"],
    "/shop/cart": ["/shop"],
    "/shop/item/1": ["/shop", "/shop/item/2"],
    "/shop/item/2": ["/shop", "/shop/item/3"],
}
MAX_DEPTH = 2


class FetchError(Exception):
    """Raised by the fake network for pages that do not exist."""


@dataclass
class Stats:
    in_flight: int = 0
    peak: int = 0
    fetches: int = 0


@dataclass(frozen=True)
class Page:
    url: str
    depth: int
    status: int
    links: tuple


def latency(url):
    # A deterministic "network delay": the number of event-loop turns a fetch takes.
    return len(url) % 4 + 1


async def fetch(url, limiter, stats):
    async with limiter:  # at most `concurrency` fetches get past this line
        stats.in_flight += 1
        stats.peak = max(stats.peak, stats.in_flight)
        stats.fetches += 1
        try:
            for _ in range(latency(url)):
                await asyncio.sleep(0)  # yield to the other workers
        finally:
            stats.in_flight -= 1  # runs whether the fetch succeeds or not
        if url not in WEB:
            raise FetchError(f"404 Not Found: {url}")
        return WEB[url]


async def worker(queue, seen, results, limiter, stats):
    while True:  # runs until crawl() cancels it
        url, depth = await queue.get()
        try:
            links = await fetch(url, limiter, stats)
        except FetchError:
            results[url] = Page(url, depth, 404, ())
        else:
            results[url] = Page(url, depth, 200, tuple(links))
            if depth < MAX_DEPTH:
                for link in links:  # the iterator survives the await below
                    if link not in seen:
                        seen.add(link)
                        await queue.put((link, depth + 1))
        finally:
            queue.task_done()  # even if fetch() raised


async def crawl(start, workers, concurrency):
    queue = asyncio.Queue()
    limiter = asyncio.Semaphore(concurrency)
    seen = {start}
    results = {}
    stats = Stats()
    await queue.put((start, 0))
    tasks = [
        asyncio.create_task(worker(queue, seen, results, limiter, stats), name=f"worker-{i}")
        for i in range(workers)
    ]
    await queue.join()  # every queued URL has been processed
    for task in tasks:
        task.cancel()  # the workers are parked in queue.get(): stop them
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    cancelled = sum(isinstance(o, asyncio.CancelledError) for o in outcomes)
    print(f"stopped {cancelled} of {len(tasks)} workers")
    return results, stats


async def main():
    results, stats = await crawl("/", workers=4, concurrency=2)
    print(f"fetched {stats.fetches} pages, peak concurrency {stats.peak} (limit 2)")
    print(f"{'depth':>5} {'status':>6}  url")
    # Sort so the report does not depend on which worker finished first.
    for page in sorted(results.values(), key=lambda p: (p.depth, p.url)):
        print(f"{page.depth:>5} {page.status:>6}  {page.url}  -> {len(page.links)} links")
    broken = sorted(url for url, page in results.items() if page.status != 200)
    print("broken links:", ", ".join(broken))
    unreached = sorted(set(WEB) - set(results))
    print(f"known pages not reached within depth {MAX_DEPTH}:", ", ".join(unreached))


if __name__ == "__main__":
    asyncio.run(main())
