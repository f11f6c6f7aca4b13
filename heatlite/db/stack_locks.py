"""Queries on stack_lock: which engine owns a stack's current operation.

The row's primary key is the stack id, so the database decides who wins
when two engines try to lock at once. The engine's stack_lock module builds
the context manager, the liveness checks and the takeover on top of these.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import models, outages, session

StackLock = models.StackLock
Service = models.Service
Stack = models.Stack

_ATTEMPTS = 5


def _holder(stack_id: str) -> str | None:
    with session.reader() as s:
        return s.scalar(sa.select(StackLock.engine_id).where(StackLock.stack_id == stack_id))


@session.retry_on_deadlock
def create(stack_id: str, engine_id: str) -> str | None:
    """Take the lock: None when acquired, else the engine id holding it.

    A lock released between our failed insert and the look-up is retried,
    so the answer is always either "yours" or a real holder.
    """
    for _ in range(_ATTEMPTS):
        try:
            with session.writer() as s:
                s.add(StackLock(stack_id=stack_id, engine_id=engine_id))
                s.flush()
            return None
        except db_exception.DBReferenceError:
            raise exception.EntityNotFound(entity="Stack", name=stack_id) from None
        except db_exception.DBDuplicateEntry:
            holder = _holder(stack_id)
            if holder is not None:
                return holder
    raise RuntimeError("stack lock on %s changed hands %d times while acquiring it"
                       % (stack_id, _ATTEMPTS))


@session.retry_on_deadlock
def steal(stack_id: str, old_engine_id: str, new_engine_id: str) -> bool:
    """Move the lock from a dead engine to us; False if it is not old's any more."""
    with session.writer() as s:
        result = s.execute(sa.update(StackLock)
                           .where(StackLock.stack_id == stack_id,
                                  StackLock.engine_id == old_engine_id)
                           .values(engine_id=new_engine_id, created_at=models.utcnow()))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


@outages.retry_on_outage
@session.retry_on_deadlock
def release(stack_id: str, engine_id: str) -> bool:
    """Drop our lock; False if ``engine_id`` did not hold it."""
    with session.writer() as s:
        result = s.execute(sa.delete(StackLock)
                           .where(StackLock.stack_id == stack_id,
                                  StackLock.engine_id == engine_id))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def get_engine_id(stack_id: str) -> str | None:
    """The engine holding the stack's lock, or None."""
    return _holder(stack_id)


class UnbeatLock(NamedTuple):
    """A lock whose holder has not beaten lately, with the stack's parent."""

    stack_id: str
    engine_id: str
    owner_id: str | None
    parent_status: str | None


def held_without_beat(since: datetime.datetime) -> list[UnbeatLock]:
    """Locks whose holder has no live services row stamped at or after ``since``.

    One query for the sweep: whether each holder is really dead is asked
    afterwards, once per holder; the parent's status tells roots of dead
    work from children their parent's takeover resumes.
    """
    beating = (sa.select(Service.id)
               .where(Service.engine_id == StackLock.engine_id,
                      Service.deleted_at.is_(None),
                      sa.func.coalesce(Service.updated_at, Service.created_at) >= since)
               .exists())
    parent = sa.orm.aliased(Stack)
    stmt = (sa.select(StackLock.stack_id, StackLock.engine_id, Stack.owner_id,
                      parent.status)
            .join(Stack, Stack.id == StackLock.stack_id)
            .outerjoin(parent, parent.id == Stack.owner_id)
            .where(~beating)
            .order_by(StackLock.created_at, StackLock.stack_id))
    with session.reader() as s:
        return [UnbeatLock(*row) for row in s.execute(stmt)]
