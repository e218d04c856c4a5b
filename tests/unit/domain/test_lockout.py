"""The lockout rule: what one counted failure does, and the replay of many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakip.domain.lockout import count_failure, replay_failures

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
LOCKOUT = timedelta(minutes=15)
MINUTE = timedelta(minutes=1)


def test_a_failure_below_the_limit_grows_the_count_and_does_not_lock() -> None:
    assert count_failure(0, T0, 3, LOCKOUT) == (1, None)
    assert count_failure(1, T0, 3, LOCKOUT) == (2, None)


def test_reaching_the_limit_locks_from_that_failure_and_restarts_the_count() -> None:
    assert count_failure(2, T0, 3, LOCKOUT) == (0, T0 + LOCKOUT)


def test_with_max_failures_one_every_failure_locks() -> None:
    assert count_failure(0, T0, 1, LOCKOUT) == (0, T0 + LOCKOUT)


@pytest.mark.parametrize("max_failures", [0, -1, -100])
def test_max_failures_zero_or_negative_is_taken_as_one(max_failures: int) -> None:
    assert count_failure(0, T0, max_failures, LOCKOUT) == count_failure(0, T0, 1, LOCKOUT)
    attempts = [(T0, True), (T0 + MINUTE, True)]
    assert replay_failures(attempts, max_failures, LOCKOUT) == (0, T0 + MINUTE + LOCKOUT)


def test_a_count_already_past_the_limit_locks_at_once() -> None:
    # e.g. the limit was lowered while an account had more failures than the new one
    assert count_failure(7, T0, 3, LOCKOUT) == (0, T0 + LOCKOUT)


def test_replaying_nothing_is_no_failures_and_no_lock() -> None:
    assert replay_failures([], 3, LOCKOUT) == (0, None)


def test_the_count_starts_again_after_a_lock() -> None:
    times = [T0 + n * MINUTE for n in range(6)]
    attempts = [(t, True) for t in times]
    assert replay_failures(attempts[:3], 3, LOCKOUT) == (0, times[2] + LOCKOUT)
    # two more after the lock: counted from zero, the last lock end is still known
    assert replay_failures(attempts[:5], 3, LOCKOUT) == (2, times[2] + LOCKOUT)
    assert replay_failures(attempts, 3, LOCKOUT) == (0, times[5] + LOCKOUT)


def test_an_attempt_refused_by_a_lock_does_not_count() -> None:
    counted = [(T0, True), (T0 + MINUTE, True), (T0 + 3 * MINUTE, True)]
    with_refused = [*counted[:2], (T0 + 2 * MINUTE, False), counted[2]]
    assert replay_failures(with_refused[:3], 3, LOCKOUT) == (2, None)
    assert replay_failures(with_refused, 3, LOCKOUT) == replay_failures(counted, 3, LOCKOUT)
    assert replay_failures(with_refused, 3, LOCKOUT) == (0, T0 + 3 * MINUTE + LOCKOUT)


def test_refused_attempts_alone_never_lock() -> None:
    attempts = [(T0 + n * MINUTE, False) for n in range(10)]
    assert replay_failures(attempts, 1, LOCKOUT) == (0, None)


times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
attempt_lists = st.lists(st.tuples(times, st.booleans()), max_size=30)
limits = st.integers(min_value=-3, max_value=8)
lockouts = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=2))


@given(attempt_lists, limits, lockouts)
def test_replaying_attempts_one_by_one_equals_the_fold(
    attempts: list[tuple[datetime, bool]], max_failures: int, lockout: timedelta
) -> None:
    count, until = 0, None
    for k, (waktu, counted) in enumerate(attempts):
        if counted:
            count, lock = count_failure(count, waktu, max_failures, lockout)
            until = lock if lock is not None else until
        assert replay_failures(attempts[: k + 1], max_failures, lockout) == (count, until)


@given(attempt_lists, limits, lockouts)
def test_the_running_count_stays_below_the_limit(
    attempts: list[tuple[datetime, bool]], max_failures: int, lockout: timedelta
) -> None:
    count, _ = replay_failures(attempts, max_failures, lockout)
    assert 0 <= count < max(1, max_failures)
    counted = sum(1 for _, c in attempts if c)
    assert count == counted % max(1, max_failures)
