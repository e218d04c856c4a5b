"""The lockout rule: consecutive failed logins lock a name for a while.

After ``max_failures`` counted failures in a row the name is locked until the last of them plus
the lockout, and the count starts again from zero. Attempts refused because of a lock are not
counted (so they neither extend the lock nor start a new one). The services keep the running
count in the account's columns, or replay it from the audit log for a name with no account.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

__all__ = ["count_failure", "replay_failures"]


def count_failure(
    count: int, waktu: datetime, max_failures: int, lockout: timedelta
) -> tuple[int, datetime | None]:
    """What one counted failure at ``waktu`` does: the new running count and the lock end.

    ``count`` is the number of consecutive counted failures before this one. Reaching
    ``max_failures`` (anything below 1 is taken as 1: every failure locks) locks until
    ``waktu + lockout`` and restarts the count at 0; otherwise the count grows by one and the
    lock end is None.
    """
    count += 1
    if count >= max(1, max_failures):
        return 0, waktu + lockout
    return count, None


def replay_failures(
    attempts: Iterable[tuple[datetime, bool]], max_failures: int, lockout: timedelta
) -> tuple[int, datetime | None]:
    """Replay failed attempts (time, counted) in order: the running count and the last lock end.

    A fold of :func:`count_failure` over the counted attempts, starting from no failures;
    attempts that were refused by a lock (counted False) are skipped. The lock end is that of
    the last lock the replay reached, or None when none was.
    """
    count, until = 0, None
    for waktu, counted in attempts:
        if counted:
            count, lock = count_failure(count, waktu, max_failures, lockout)
            until = lock if lock is not None else until
    return count, until
