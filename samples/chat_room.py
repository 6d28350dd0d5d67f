"""A chat room in trio: nurseries, memory channels, cancel scopes, virtual time.

The room owns one memory channel that every member writes into (each member
holds a `clone()` of its send side) and broadcasts each line to the members'
own channels. People follow a script of absolute times; a lurker gives up
waiting with `trio.fail_after`; a bot answers "ping" until the main task
cancels it. When every send handle of the room's channel is closed, the
room's `async for` loop ends on its own: that is how it shuts down.

trio deliberately shuffles tasks that wake up at the same moment, so the
program runs on `trio.testing.MockClock(autojump_threshold=0)`: time is
virtual, jumps ahead whenever everyone is asleep, and every scripted event
happens at its own instant. Only the room task prints while running; what
each member received is printed at the end.

Requires trio (installed in the project's .venv).

What to look at in the compiled state machine:

* `ChatRoom.run()` is an `async for` over a trio channel with a `match`
  statement in the body: the channel's iterator is a field of the machine and
  each `__anext__()` is awaited at one state.
* `person()` nests `async with outbox:` and `async with trio.open_nursery()`
  around a `for` loop of awaits: on exit the nursery's `__aexit__` waits for
  the reader task, then the channel's `__aexit__` closes the handle.
* `lurker()` has `async for` inside `with trio.fail_after(...)` inside
  `try/except trio.TooSlowError`: a *synchronous* `with` whose body suspends.
"""

import trio
import trio.testing

PEOPLE = {  # name: (join time, [(time, message), ...], leave time)
    "alice": (0.1, [(1.0, "hi everyone"), (3.0, "ping"), (5.0, "dave, is the build green?")], 6.0),
    "bob": (0.5, [(1.5, "/me waves"), (3.5, "carol, did you fix the tests?")], 7.0),
    "carol": (2.0, [(2.5, "morning!"), (4.0, "yes, all green")], 4.5),
}


class ChatRoom:
    def __init__(self):
        self.members = {}  # name -> send side of that member's personal channel
        self.inbox, self._incoming = trio.open_memory_channel(100)

    def join(self, name):
        send, receive = trio.open_memory_channel(100)
        self.members[name] = send
        return receive, self.inbox.clone()  # (what I read, where I write)

    def leave(self, name):
        self.members.pop(name).close()  # the member's reader drains and stops

    async def run(self, task_status=trio.TASK_STATUS_IGNORED):
        task_status.started()  # nursery.start() returns once we get here
        async with self._incoming:
            async for sender, text in self._incoming:
                match text.split(maxsplit=1):
                    case ["/join"]:
                        line = f"*** {sender} joined"
                    case ["/leave"]:
                        line = f"*** {sender} left"
                    case ["/me", action]:
                        line = f"* {sender} {action}"
                    case _:
                        line = f"<{sender}> {text}"
                print(f"[{trio.current_time():5.2f}] {line}")
                for name, channel in self.members.items():
                    if name != sender:
                        channel.send_nowait(line)  # no await: broadcast is atomic
        print(f"[{trio.current_time():5.2f}] room closed: every handle was closed")


async def read_all(inbox, transcript):
    async with inbox:
        async for line in inbox:
            transcript.append(line)


async def person(room, name, transcripts):
    join_at, script, leave_at = PEOPLE[name]
    await trio.sleep_until(join_at)
    inbox, outbox = room.join(name)
    async with outbox:
        await outbox.send((name, "/join"))
        async with trio.open_nursery() as nursery:
            nursery.start_soon(read_all, inbox, transcripts[name])
            for when, message in script:
                await trio.sleep_until(when)
                await outbox.send((name, message))
            await trio.sleep_until(leave_at)
            room.leave(name)
            await outbox.send((name, "/leave"))


async def lurker(room, name, transcripts, patience):
    await trio.sleep_until(0.25)
    inbox, outbox = room.join(name)
    async with inbox, outbox:
        await outbox.send((name, "/join"))
        try:
            with trio.fail_after(patience):  # raises TooSlowError when time is up
                async for line in inbox:
                    transcripts[name].append(line)
                    if name in line and not line.startswith("***"):
                        break  # never happens before the deadline
        except trio.TooSlowError:
            await outbox.send((name, f"nobody mentioned me in {patience:.0f}s, bye"))
        room.leave(name)
        await outbox.send((name, "/leave"))


async def ping_bot(room, stats, task_status=trio.TASK_STATUS_IGNORED):
    inbox, outbox = room.join("bot")
    task_status.started()
    try:
        async with inbox, outbox:
            async for line in inbox:
                if line.endswith("> ping"):
                    stats["pongs"] += 1
                    await outbox.send(("bot", "pong"))
    finally:
        stats["stopped at"] = trio.current_time()  # runs when the bot is cancelled


async def main():
    room = ChatRoom()
    transcripts = {name: [] for name in [*PEOPLE, "dave"]}
    stats = {"pongs": 0}
    async with trio.open_nursery() as nursery:
        await nursery.start(room.run)
        async with room.inbox:  # main's own handle on the room's channel
            async with trio.open_nursery() as bots:
                await bots.start(ping_bot, room, stats)
                async with trio.open_nursery() as humans:
                    for name in PEOPLE:
                        humans.start_soon(person, room, name, transcripts)
                    humans.start_soon(lurker, room, "dave", transcripts, 3.0)
                bots.cancel_scope.cancel()  # everyone left: stop the bot
    print(f"bot answered {stats['pongs']} ping(s), stopped at t={stats['stopped at']:.2f}")
    for name in sorted(transcripts):
        print(f"{name} saw {len(transcripts[name])} lines:")
        for line in transcripts[name]:
            print(f"    {line}")


if __name__ == "__main__":
    trio.run(main, clock=trio.testing.MockClock(autojump_threshold=0))
