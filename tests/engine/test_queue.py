"""The event queue: whatever mix of planned and pushed entries, they leave in (time, priority, order scheduled)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tabletop.engine.queue import LAST, NORMAL, EventQueue

times = st.integers(min_value=0, max_value=20)


@given(
    planned=st.lists(times, max_size=30),
    pushed=st.lists(st.tuples(times, st.sampled_from([NORMAL, LAST])), max_size=30),
    untils=st.lists(times, min_size=1, max_size=8),
)
def test_entries_leave_by_time_then_priority_then_the_order_they_were_scheduled(planned, pushed, untils):
    queue = EventQueue()
    queue.extend([(time, print, ("planned", i)) for i, time in enumerate(planned)])
    for i, (time, priority) in enumerate(pushed):
        queue.push(time, print, ("pushed", i), priority)
    expected = sorted(
        [(time, NORMAL, 0, i, ("planned", i)) for i, time in enumerate(planned)]
        + [(time, priority, 1, i, ("pushed", i)) for i, (time, priority) in enumerate(pushed)]
    )
    taken = []
    for until in [*sorted(untils), 20]:
        assert queue.peek_time() == (expected[len(taken)][0] if len(taken) < len(expected) else None)
        while (entry := queue.pop_due(until)) is not None:
            taken.append(entry[4])
        assert len(queue) == len(expected) - len(taken)
    assert taken == [subject for *_, subject in expected]
