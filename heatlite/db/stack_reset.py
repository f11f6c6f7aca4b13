"""Forcing a stuck stack out of IN_PROGRESS (``heatlite-manage reset_stack_status``).

For an operator's recovery after a crash that left a stack IN_PROGRESS with
no engine to finish it, as Heat's command does: the stack and its nested
stacks, where IN_PROGRESS, become FAILED in their current action and lose
their lock, and their IN_PROGRESS resources become FAILED too. Nothing is
resumed; a later update or delete from the client takes it from there.
Meant to be run with the engines stopped: a live engine still working on
the stack would keep writing over the reset.
"""

from __future__ import annotations

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, session

IN_PROGRESS = "IN_PROGRESS"
FAILED = "FAILED"
STACK_REASON = "Stack status manually reset"
RESOURCE_REASON = "Resource status manually reset"

_STACK: sa.Table = models.Stack.__table__  # type: ignore[assignment]
_RESOURCE: sa.Table = models.Resource.__table__  # type: ignore[assignment]
_LOCK: sa.Table = models.StackLock.__table__  # type: ignore[assignment]


def _reset_one(conn: sa.Connection, stack_id: str) -> bool:
    """Reset one stack's row, lock and resources; True if the stack was IN_PROGRESS."""
    stuck = conn.execute(
        _STACK.update().where(_STACK.c.id == stack_id, _STACK.c.status == IN_PROGRESS)
        .values(status=FAILED, status_reason=STACK_REASON,
                updated_at=models.utcnow())).rowcount == 1
    if stuck:
        conn.execute(_LOCK.delete().where(_LOCK.c.stack_id == stack_id))
    conn.execute(
        _RESOURCE.update()
        .where(_RESOURCE.c.stack_id == stack_id, _RESOURCE.c.status == IN_PROGRESS)
        .values(status=FAILED, status_reason=RESOURCE_REASON,
                updated_at=models.utcnow()))
    return stuck


def _children(conn: sa.Connection, stack_id: str) -> list[str]:
    return list(conn.scalars(sa.select(_STACK.c.id).where(
        _STACK.c.owner_id == stack_id, _STACK.c.deleted_at.is_(None))))


@session.retry_on_deadlock
def reset_stack_status(stack_id: str) -> list[str]:
    """Reset the live stack ``stack_id`` and every stack nested in it, in one
    transaction; returns the ids of the stacks that were IN_PROGRESS.

    Raises EntityNotFound for an unknown or deleted stack.
    """
    with session.writer_connection() as conn:
        found = conn.scalar(sa.select(_STACK.c.id).where(
            _STACK.c.id == stack_id, _STACK.c.deleted_at.is_(None)))
        if found is None:
            raise exception.EntityNotFound(entity="Stack", name=stack_id)
        reset: list[str] = []
        pending = [stack_id]
        while pending:
            current = pending.pop()
            if _reset_one(conn, current):
                reset.append(current)
            pending.extend(_children(conn, current))
    return reset
