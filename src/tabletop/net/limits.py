"""How much the team server takes from one connection, and from someone guessing keys.

A `TokenBucket` limits requests per connection: `burst` at once, then `rate` a second.
`WrongKeys` counts failed logins per address and per team; the counts fade only with time
(a valid login does not clear them), and it remembers at most `capacity` of them, dropping
the least recently failed first, so a guesser cannot make it grow without bound.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

Clock = Callable[[], float]


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock: Clock = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = burst
        self.updated = clock()

    def take(self) -> bool:
        """Spend one token if there is one; False means over the limit."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def wait(self) -> float:
        """Seconds until the next token."""
        return max(0.0, (1 - self.tokens) / self.rate)


class WrongKeys:
    """Failed logins per address and per team; each count is forgotten `forget_after` s after its last failure."""

    def __init__(
        self,
        free: int = 3,
        max_delay: float = 10.0,
        forget_after: float = 600.0,
        capacity: int = 4096,
        clock: Clock = time.monotonic,
    ) -> None:
        self.free, self.max_delay, self.forget_after, self.capacity = free, max_delay, forget_after, capacity
        self.clock = clock
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
        """Key ('address:…' or 'team:…') → (failures, time of the last one), least recent first."""

    def __len__(self) -> int:
        return len(self._failures)

    def failures(self, address: str, team: str | None) -> int:
        """The larger of the address's and the team's recent failures."""
        return max((self._count(key) for key in _keys(address, team)), default=0)

    def delay(self, address: str, team: str | None) -> float:
        """How long to hold back the answer to a wrong key from this address for this team."""
        over = self.failures(address, team) - self.free
        return 0.0 if over <= 0 else min(0.25 * 2**over, self.max_delay)

    def record(self, address: str, team: str | None) -> None:
        """One more wrong key from `address` (for `team` when it names a real team)."""
        now = self.clock()
        for key in _keys(address, team):
            self._failures[key] = (self._count(key) + 1, now)
            self._failures.move_to_end(key)
        while len(self._failures) > self.capacity:
            self._failures.popitem(last=False)

    def _count(self, key: str) -> int:
        count, last = self._failures.get(key, (0, 0.0))
        if count and self.clock() - last > self.forget_after:
            del self._failures[key]
            return 0
        return count


def _keys(address: str, team: str | None) -> list[str]:
    return [f"address:{address}", *([f"team:{team}"] if team else [])]
