"""Database outages: telling them from bugs, and riding short ones out.

An outage is the server being unreachable for a while (restart, failover,
network cut, a proxy in between dropping connections) or refusing work
for a moment (deadlock beyond the query's own retries, lock wait timeout,
pool exhausted while connections hang). It is not a bug: the engine
answers an RPC call that meets one with a 503 DatabaseUnavailable (see
``unavailable``), and the writes on a stack operation's path (a resource's
or stack's transition with its event, the stack lock's release) retry it
for a bounded time (``retry_on_outage``) so an operation running through
a short outage finishes instead of being left IN_PROGRESS.

The retry budget is oslo.db's own ``[database] db_max_retries``,
``db_retry_interval``, ``db_inc_retry_interval`` and
``db_max_retry_interval`` (defaults 20, 1 s, doubling, 10 s: about three
minutes), read when a write fails, so a changed configuration applies
without a restart. Dead pooled connections are replaced by the pool's ping
(session._ping_after_idle) and by SQLAlchemy invalidating the whole pool on
the first disconnect error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from sqlalchemy import exc as sa_exc

from heatlite.common import exception
from heatlite.db import session

_F = TypeVar("_F", bound=Callable[..., Any])

# Driver messages (MySQL/MariaDB, PostgreSQL, SQLite) that mean the server
# or the connection is gone or busy for now, as opposed to a bad statement.
_LOST_CONNECTION = re.compile(
    r"connect|gone away|lost|closed|refused|terminat|timed? ?out|"
    r"shut(ting)? ?down|starting up|in recovery|database is locked|"
    r"no route|reset by peer|broken pipe", re.IGNORECASE)
# Always outages, whatever the message.
_OUTAGE_TYPES: tuple[type[BaseException], ...] = (
    db_exc.DBConnectionError, db_exc.DBDeadlock, sa_exc.DisconnectionError,
    sa_exc.TimeoutError)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the driver error oslo.db wrapped in it, and its causes."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        yield err
        todo += [getattr(err, "inner_exception", None), err.__cause__]


def _is_outage_one(err: BaseException) -> bool:
    if isinstance(err, _OUTAGE_TYPES):
        return True
    if isinstance(err, sa_exc.DBAPIError) and err.connection_invalidated:
        return True
    if isinstance(err, sa_exc.OperationalError):
        return bool(_LOST_CONNECTION.search(str(err.orig)))
    return False


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` comes from the database being unavailable for now."""
    return any(_is_outage_one(err) for err in _causes(exc))


def unavailable(method: str, exc: BaseException) -> exception.DatabaseUnavailable | None:
    """The 503 an RPC call answers for an outage during it; None for others."""
    if not is_outage(exc):
        return None
    return exception.DatabaseUnavailable(method=method)


def _retry_policy() -> tuple[int, float, bool, float]:
    db = session.get_conf().database
    return (db.db_max_retries, db.db_retry_interval, db.db_inc_retry_interval,
            db.db_max_retry_interval)


def retry_on_outage(fn: _F) -> _F:
    """Re-run ``fn`` (one whole transaction) while the database is out.

    For writes that are safe to repeat: each opens its own transaction, and
    one that failed was rolled back (or, when the connection died during
    COMMIT, may have been applied: the row update is then applied again
    with the same values, and an event may be recorded twice).
    """
    by_policy: dict[tuple[int, float, bool, float], Callable[..., Any]] = {}

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        policy = _retry_policy()
        retrying = by_policy.get(policy)
        if retrying is None:
            max_retries, interval, inc, max_interval = policy
            retrying = by_policy[policy] = oslo_db_api.wrap_db_retry(
                max_retries=max_retries, retry_interval=interval,
                inc_retry_interval=inc, max_retry_interval=max_interval,
                retry_on_disconnect=True, retry_on_deadlock=True,
                exception_checker=is_outage)(fn)
        return retrying(*args, **kwargs)

    return call  # type: ignore[return-value]
