"""50 trainee clients on loopback: time from an inject being sent to all 50 having it.

A session is served by the real TeamServer (TLS WebSockets); 50 TeamClients join (25 per
team of the canal scenario). For each of several injects, the time from the facilitator's
command until the last addressed client has it in its view is measured; memory is the
server process's peak RSS growth while serving (clients run in a separate process, so
their memory is not counted). The peer, measured in the same run, is the same fan-out
over plain (unencrypted) WebSockets with messages the size of what the server sends a team
for one inject (a delta since views are sent as deltas): the cost of TLS and of computing
team views shows as the ratio.

Bytes per change: canal played to its end with its defaults, every seat's view recomputed
every five scenario minutes; for each change in the last third of the exercise, the whole
view (what was sent before deltas) against what the server sends now (`net.delta.change`).
Run: python -m benchmarks.bench_trainees
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import resource
import statistics
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.asyncio.server import broadcast, serve

from tabletop.engine import commands as c
from tabletop.net import TeamClient, TeamServer, parse_join
from tabletop.net import protocol as p
from tabletop.net.delta import change
from tabletop.net.seats import seat_view
from tabletop.session import Session

CANAL = Path(__file__).resolve().parent.parent / "scenarios" / "canal-ransomware.yaml"
CLIENTS = 50
ROUNDS = 20


def _clients_process(joins: list[str], ready, go, done, rounds: int) -> None:
    async def main():
        clients = [TeamClient(parse_join(j)) for j in joins]
        tasks = [asyncio.create_task(client.run()) for client in clients]
        while not all(client.status == "connected" and client.view for client in clients):
            await asyncio.sleep(0.01)
        ready.set()
        for n in range(rounds):
            title = f"bench inject {n}"
            while not all(any(i["title"] == title for i in client.view.get("inbox", [])) for client in clients):
                await asyncio.sleep(0.0005)
            done.put(time.perf_counter())
        for client in clients:
            await client.stop()
        for task in tasks:
            task.cancel()

    asyncio.run(main())


def measure_tabletop() -> tuple[list[float], float]:
    with tempfile.TemporaryDirectory() as folder:
        session = Session.create(CANAL, Path(folder) / "bench.db")
        session.submit(c.Start())
        context = multiprocessing.get_context("spawn")
        ready, go, done = context.Event(), context.Event(), context.Queue()

        async def main():
            server = TeamServer(session, "127.0.0.1", 0)
            await server.start()
            joins = [server.join_string(("csirt_cell", "mfa_cell")[i % 2]) for i in range(CLIENTS)]
            process = context.Process(target=_clients_process, args=(joins, ready, go, done, ROUNDS))
            process.start()
            while not ready.is_set():
                await asyncio.sleep(0.01)
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            latencies = []
            for n in range(ROUNDS):
                start = time.perf_counter()
                server.submit(c.AdhocInject(to=["csirt_cell", "mfa_cell"], title=f"bench inject {n}", body="x" * 400))
                while done.empty():
                    await asyncio.sleep(0.0005)
                latencies.append(done.get() - start)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            growth = (peak - baseline) / 1024, peak / 1024
            process.join()
            await server.stop()
            return latencies, growth

        result = asyncio.run(main())
        session.close()
        return result


def _plain_clients(port: int, ready, done, rounds: int) -> None:
    async def main():
        seen = [0] * CLIENTS

        async def one(i):
            async with connect(f"ws://127.0.0.1:{port}/", max_size=None) as ws:
                seen[i] = -1
                async for raw in ws:
                    seen[i] = json.loads(raw)["n"] + 1

        tasks = [asyncio.create_task(one(i)) for i in range(CLIENTS)]
        while not all(s == -1 for s in seen):
            await asyncio.sleep(0.01)
        ready.set()
        for n in range(rounds):
            while not all(s >= n + 1 for s in seen):
                await asyncio.sleep(0.0005)
            done.put(time.perf_counter())
        for task in tasks:
            task.cancel()

    asyncio.run(main())


def inject_message_bytes() -> int:
    """Bytes the server sends a team for one of the benchmark's injects (the plain fan-out sends as many)."""
    with tempfile.TemporaryDirectory() as folder:
        session = Session.create(CANAL, Path(folder) / "size.db")
        session.submit(c.Start())
        before = seat_view(session.engine, session.events, "csirt_cell")
        session.submit(c.AdhocInject(to=["csirt_cell", "mfa_cell"], title="bench inject 0", body="x" * 400))
        after = seat_view(session.engine, session.events, "csirt_cell")
        session.close()
    return len(change(before, 1, after, 2).encode())


def measure_plain(payload: int) -> list[float]:
    context = multiprocessing.get_context("spawn")
    ready, done = context.Event(), context.Queue()
    connections = set()

    async def handler(ws):
        connections.add(ws)
        try:
            await ws.wait_closed()
        finally:
            connections.discard(ws)

    async def main():
        async with serve(handler, "127.0.0.1", 0) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            process = context.Process(target=_plain_clients, args=(port, ready, done, ROUNDS))
            process.start()
            while not ready.is_set():
                await asyncio.sleep(0.01)
            latencies = []
            for n in range(ROUNDS):
                start = time.perf_counter()
                broadcast(connections, json.dumps({"n": n, "pad": "x" * payload}))
                while done.empty():
                    await asyncio.sleep(0.0005)
                latencies.append(done.get() - start)
            process.join()
            return latencies

    return asyncio.run(main())


def measure_change_bytes(
    seats: tuple[str, ...] = ("csirt_cell", "room", "observer"),
) -> dict[str, tuple[int, int, int]]:
    """Seat → (changes in the last third of canal, mean bytes of the whole view, mean bytes sent)."""
    changes: dict[str, list[tuple[int, int, int]]] = {seat: [] for seat in seats}
    """Seat → (scenario minute, bytes of the whole view, bytes sent) per change."""
    with tempfile.TemporaryDirectory() as folder:
        session = Session.create(CANAL, Path(folder) / "bytes.db", seed=1)
        session.submit(c.Start())
        sent = {seat: seat_view(session.engine, session.events, seat) for seat in seats}
        minute = 0
        while not session.engine.ended:
            minute += 5
            session.submit(c.Advance(to=minute * 60))
            for seat in seats:
                view = seat_view(session.engine, session.events, seat)
                if view != sent[seat]:
                    whole = p.dump(p.View(view=view, version=minute))
                    changes[seat].append(
                        (minute, len(whole.encode()), len(change(sent[seat], 0, view, minute).encode()))
                    )
                    sent[seat] = view
        session.close()
    late = {seat: [(whole, sent) for at, whole, sent in seen if at > minute * 2 / 3] for seat, seen in changes.items()}
    return {
        seat: (len(seen), round(statistics.mean(w for w, _ in seen)), round(statistics.mean(s for _, s in seen)))
        for seat, seen in late.items()
    }


def main() -> dict[str, float]:
    ours, growth = measure_tabletop()
    payload = inject_message_bytes()
    plain = measure_plain(payload)
    per_change = measure_change_bytes()
    median_ours, median_plain = statistics.median(ours) * 1000, statistics.median(plain) * 1000
    print(f"{CLIENTS} trainee clients (2 teams), {ROUNDS} injects, loopback TLS:")
    print(f"  inject sent -> all {CLIENTS} clients have it: median {median_ours:.1f} ms, max {max(ours) * 1000:.1f} ms")
    print(f"  server process peak RSS: {growth[1]:.0f} MB; growth during the {ROUNDS} injects: {growth[0]:.1f} MB")
    print(f"  plain-WebSocket fan-out of a same-size message ({payload} bytes): median {median_plain:.1f} ms")
    print(f"ratio tabletop / plain fan-out: {median_ours / median_plain:.2f}x")
    for seat, (changes, whole, sent) in per_change.items():
        print(
            f"  bytes per change in the last third of canal ({seat}, {changes} changes): "
            f"whole view {whole:,}, sent {sent:,} ({whole / sent:.1f}x less)"
        )
    return {
        "median_ms": median_ours,
        "plain_ms": median_plain,
        "peak_rss_mb": growth[1],
        **{f"{seat}_bytes_per_change": sent for seat, (_, _, sent) in per_change.items()},
    }


if __name__ == "__main__":
    main()
