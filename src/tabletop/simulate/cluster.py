"""Playthroughs on a Dask cluster (`simulate --executor dask://HOST:PORT`).

The scenario (and the point a sweep starts from) is sent to every worker once; each task
plays one batch of numbered runs, exactly as a local process would, and the results come
back in batch order, so a sweep on a cluster equals a local one with the same seed. Every
worker needs tabletop installed (`pip install 'tabletop[dask]'`, the same version).
`distributed` is imported only here, only when a cluster is asked for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from tabletop.errors import TabletopError

if TYPE_CHECKING:
    from tabletop.engine.compiled import CompiledScenario
    from tabletop.simulate.playthrough import RunResult
    from tabletop.simulate.sweep import Batch, Sweep

CONNECT_TIMEOUT = "20s"


class ExecutorUnavailable(TabletopError):
    """The Dask package is missing or the scheduler does not answer."""

    title = "executor"


def map_on_cluster(address: str, sweep: Sweep, batches: Sequence[Batch]) -> Iterator[list[RunResult]]:
    """Each batch's results, in order, played on the cluster whose scheduler is at `address`."""
    try:
        from distributed import Client
    except ImportError:
        raise ExecutorUnavailable(
            "the Dask executor needs the 'distributed' package: pip install 'tabletop[dask]'"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as exc:
        raise ExecutorUnavailable(f"no Dask scheduler answered at {address}: {exc}") from None
    with client:
        token = uuid.uuid4().hex
        [shared] = client.scatter([sweep], broadcast=True)
        futures = client.map(_play_batch, [token] * len(batches), [shared] * len(batches), batches, pure=False)
        for future in futures:
            yield future.result()


_compiled: tuple[str, CompiledScenario] | None = None
"""The scenario compiled by this worker for the sweep it last played (by token)."""


def _play_batch(token: str, sweep: Sweep, batch: Batch) -> list[RunResult]:
    global _compiled
    from tabletop.engine import compile_scenario
    from tabletop.simulate.sweep import play_batch

    if _compiled is None or _compiled[0] != token:
        _compiled = (token, compile_scenario(sweep.loaded.scenario, sweep.loaded.playbooks))
    return play_batch(sweep, _compiled[1], batch)
