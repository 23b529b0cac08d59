"""50 trainee clients on loopback: time from an inject being sent to all 50 having it.

A session is served by the real TeamServer (TLS WebSockets); 50 TeamClients join (25 per
team of the canal scenario). For each of several injects, the time from the facilitator's
command until the last addressed client has it in its view is measured; memory is the
server process's peak RSS growth while serving (clients run in a separate process, so
their memory is not counted). The peer, measured in the same run, is the same fan-out
over plain (unencrypted) WebSockets with the same payloads: the cost of TLS and of
computing team views shows as the ratio.
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


def main() -> dict[str, float]:
    ours, growth = measure_tabletop()
    plain = measure_plain(payload=6000)
    median_ours, median_plain = statistics.median(ours) * 1000, statistics.median(plain) * 1000
    print(f"{CLIENTS} trainee clients (2 teams), {ROUNDS} injects, loopback TLS:")
    print(f"  inject sent -> all {CLIENTS} clients have it: median {median_ours:.1f} ms, max {max(ours) * 1000:.1f} ms")
    print(f"  server process peak RSS: {growth[1]:.0f} MB; growth during the {ROUNDS} injects: {growth[0]:.1f} MB")
    print(f"  plain-WebSocket fan-out of a same-size message: median {median_plain:.1f} ms")
    print(f"ratio tabletop / plain fan-out: {median_ours / median_plain:.2f}x")
    return {"median_ms": median_ours, "plain_ms": median_plain, "peak_rss_mb": growth[1]}


if __name__ == "__main__":
    main()
