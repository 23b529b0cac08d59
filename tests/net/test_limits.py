"""Request limits per connection and the wrong-key count, on a clock the test moves."""

from __future__ import annotations

from tabletop.net.limits import TokenBucket, WrongKeys


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_a_burst_then_its_rate():
    clock = Clock()
    bucket = TokenBucket(rate=5, burst=3, clock=clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    assert bucket.wait() == 0.2
    clock.now += 0.2
    assert [bucket.take(), bucket.take()] == [True, False]
    clock.now += 60
    assert sum(bucket.take() for _ in range(10)) == 3  # it never saves up more than the burst


def test_wrong_keys_are_free_at_first_then_slowed_more_and_more():
    keys = WrongKeys(free=3, max_delay=10, clock=Clock())
    delays = []
    for _ in range(10):
        keys.record("10.0.0.5", "csirt_cell")
        delays.append(keys.delay("10.0.0.5", "csirt_cell"))
    assert delays == [0, 0, 0, 0.5, 1, 2, 4, 8, 10, 10]


def test_the_count_is_kept_per_address_and_per_team():
    keys = WrongKeys(free=1, clock=Clock())
    keys.record("10.0.0.5", "mfa_cell")
    keys.record("10.0.0.6", "mfa_cell")
    assert keys.failures("10.0.0.7", "mfa_cell") == 2  # a team guessed at from many addresses
    assert keys.failures("10.0.0.5", "csirt_cell") == 1  # an address guessing at many teams
    assert keys.failures("10.0.0.7", "csirt_cell") == 0


def test_the_count_is_forgotten_only_with_time():
    clock = Clock()
    keys = WrongKeys(free=0, forget_after=600, clock=clock)
    keys.record("10.0.0.5", "mfa_cell")
    clock.now += 599
    assert keys.failures("10.0.0.5", "mfa_cell") == 1
    clock.now += 2
    assert keys.failures("10.0.0.5", "mfa_cell") == 0 and len(keys) == 0


def test_the_count_holds_a_bounded_number_of_addresses_and_teams():
    keys = WrongKeys(capacity=100, clock=Clock())
    for n in range(10_000):
        keys.record(f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", None)
    assert len(keys) == 100
    assert keys.failures("10.0.39.15", None) == 1  # the most recent are kept
    assert keys.failures("10.0.0.1", None) == 0
