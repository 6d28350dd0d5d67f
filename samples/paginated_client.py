"""A paginated API client: one async generator hides pages, tokens and retries.

A fake server holds 11 articles and serves them `page_size` at a time; each
response carries the token of the next page. The network is flaky in a
deterministic way: some requests fail with a transient error the first time
(or the first two times) they are made. `fetch_page()` retries those with a
growing (simulated) backoff; `articles()` is an async generator that yields
one article at a time and fetches the next page only when the consumer asks
for an item beyond the current one.

The consumer side shows four ways to use it:

* `async for` over everything (with an async comprehension on top);
* `anext()` to take just the first item, and `anext(gen, default)` at the
  end of a short stream;
* `contextlib.aclosing()` around a search that stops at the first match: the
  generator's `finally` reports how many pages it needed, and no more pages
  are requested after the match;
* a page that keeps failing: the error escapes the `async for` once the
  retries are used up, and the generator is finished.

What to look at in the compiled state machine:

* `articles()` yields inside `for item in page.items` nested in a `while`
  loop that awaits: the page, the list iterator and the token are fields,
  because a yield suspends the machine just like an await does.
* `fetch_page()` awaits inside an `except` clause (the backoff), in a loop.
* The `finally` in `articles()` runs on three different paths: the end of
  the data, `aclose()` (GeneratorExit thrown in at a yield), and an
  exception raised by an await inside the generator.
"""

import asyncio
import contextlib
from dataclasses import dataclass

ARTICLES = [f"article-{n:02d}" for n in range(1, 12)]
FLAKY = {("page-2", 1), ("page-3", 1), ("page-3", 2)}  # (token, attempt) that fail


class TransientError(Exception):
    """A 503: worth retrying."""


@dataclass
class Page:
    items: list
    next_token: str | None


class FakeServer:
    def __init__(self, page_size, broken=()):
        self.page_size = page_size
        self.broken = set(broken)  # tokens that always fail
        self.attempts = {}  # token -> how many times it was requested
        self.log = []

    async def get(self, token):
        await asyncio.sleep(0)  # the network round trip
        attempt = self.attempts[token] = self.attempts.get(token, 0) + 1
        self.log.append(f"GET {token} #{attempt}")
        if token in self.broken or (token, attempt) in FLAKY:
            raise TransientError(f"503 for {token}")
        index = int(token.split("-")[1]) - 1
        start = index * self.page_size
        items = ARTICLES[start : start + self.page_size]
        more = start + self.page_size < len(ARTICLES)
        return Page(items, f"page-{index + 2}" if more else None)


async def fetch_page(server, token, retries=3):
    for attempt in range(1, retries + 1):
        try:
            return await server.get(token)
        except TransientError as error:
            if attempt == retries:
                raise RuntimeError(f"giving up on {token}") from error
            for _ in range(attempt):  # backoff: wait longer every time
                await asyncio.sleep(0)


async def articles(server, label):
    token, pages = "page-1", 0
    try:
        while token is not None:
            page = await fetch_page(server, token)
            pages += 1
            for item in page.items:
                yield item
            token = page.next_token
    finally:
        print(f"  [{label}] generator done after {pages} page(s)")


async def main():
    print("everything, with async for:")
    server = FakeServer(page_size=4)
    titles = [a async for a in articles(server, "all")]
    print(f"  {len(titles)} articles: {titles[0]} .. {titles[-1]}")
    print(f"  requests: {server.log}")

    print("just the first one, with anext():")
    server = FakeServer(page_size=4)
    stream = articles(server, "first")
    print(f"  first: {await anext(stream)}; requests: {server.log}")
    await stream.aclose()

    print("anext() with a default at the end of the stream:")
    server = FakeServer(page_size=20)
    stream = articles(server, "short")
    seen = 0
    while (item := await anext(stream, None)) is not None:
        seen += 1
    print(f"  {seen} articles, then the default: {item}")

    print("search with aclosing(), stop at the first match:")
    server = FakeServer(page_size=3)
    async with contextlib.aclosing(articles(server, "search")) as stream:
        async for item in stream:
            if item.endswith("5"):
                print(f"  found {item}")
                break
    print(f"  requests: {server.log}")

    print("a page that never recovers:")
    server = FakeServer(page_size=4, broken={"page-2"})
    got = []
    stream = articles(server, "broken")
    try:
        async for item in stream:
            got.append(item)
    except RuntimeError as error:
        print(f"  after {len(got)} articles: {error} (cause: {error.__cause__})")
    print(f"  requests: {server.log}")
    print(f"  generator finished: {await anext(stream, 'yes')}")


if __name__ == "__main__":
    asyncio.run(main())
