"""Small algorithms written as coroutines with suspensions in the hot paths:
recursive async quicksort, breadth-first search over a graph, a tokenizer
state machine, and a Collatz search. A compiled state machine must keep all
locals (lists, indices, partially built results) correct across thousands of
suspensions."""
import asyncio
from tracelib import suspend


async def value(v):
    await suspend()
    return v


async def quicksort(items):
    if len(items) <= 1:
        return list(items)
    pivot = await value(items[len(items) // 2])
    less, equal, more = [], [], []
    for x in items:
        if await value(x < pivot):
            less.append(x)
        elif x == pivot:
            equal.append(x)
        else:
            more.append(x)
    return await quicksort(less) + equal + await quicksort(more)


async def bfs(graph, start, goal):
    frontier = [start]
    parents = {start: None}
    while frontier:
        node = frontier.pop(0)
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = await value(parents[node])
            return path[::-1]
        for nxt in await value(graph.get(node, [])):
            if nxt not in parents:
                parents[nxt] = node
                frontier.append(nxt)
    return None


async def tokenize(text):
    tokens, current, kind = [], "", None
    for ch in text:
        await suspend()
        new_kind = "num" if ch.isdigit() else "word" if ch.isalpha() else "sym"
        if ch == " ":
            new_kind = None
        if new_kind != kind or kind == "sym":
            if current:
                tokens.append((kind, current))
            current, kind = "", new_kind
        if new_kind is not None:
            current += ch
    if current:
        tokens.append((kind, current))
    return tokens


async def collatz_longest(limit):
    best, best_n = 0, 0
    for n in range(1, limit):
        steps, x = 0, n
        while x != 1:
            x = await value(x // 2 if x % 2 == 0 else 3 * x + 1)
            steps += 1
        if steps > best:
            best, best_n = steps, n
    return best_n, best


async def main():
    data = [5, 3, 9, 1, 5, 8, 2, 7, 3, 0, -4, 12]
    print("quicksort", await quicksort(data))
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["f"], "e": ["f"], "f": []}
    print("bfs a->f", await bfs(graph, "a", "f"))
    print("bfs a->z", await bfs(graph, "a", "z"))
    print("tokens", await tokenize("x1 = foo(42)+bar  - 7"))
    print("collatz", await collatz_longest(30))


asyncio.run(main())
