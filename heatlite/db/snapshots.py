"""Queries on stack snapshots.

Tenant scoping as Heat's: a snapshot is visible only to the project that
took it (``tenant`` None skips the check, for the engine's own use).
Listing is oldest first, Heat's order.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, session

Snapshot = models.Snapshot

_UPDATABLE = frozenset({"name", "data", "action", "status", "status_reason"})


def not_found(snapshot_id: str) -> exception.NotFound:
    """Heat's 404 for a snapshot missing or of another stack."""
    return exception.NotFound(message="Snapshot with id %s not found" % snapshot_id)


@session.retry_on_deadlock
def create(values: Mapping[str, Any]) -> Snapshot:
    """Insert a snapshot (id generated unless given)."""
    row = Snapshot(**values)
    with session.writer() as s:
        s.add(row)
        s.flush()
    return row


def _scope(tenant: str | None) -> sa.ColumnElement[bool]:
    return sa.true() if tenant is None else Snapshot.tenant == tenant


def get(snapshot_id: str, tenant: str | None = None) -> Snapshot:
    """The snapshot, or NotFound if missing or of another tenant."""
    stmt = sa.select(Snapshot).where(Snapshot.id == snapshot_id, _scope(tenant))
    with session.reader() as s:
        row = s.scalars(stmt).first()
    if row is None:
        raise not_found(snapshot_id)
    return row


def list_by_stack(stack_id: str, tenant: str | None = None) -> builtins.list[Snapshot]:
    """Every snapshot of a stack the tenant took, oldest first."""
    stmt = (sa.select(Snapshot).where(Snapshot.stack_id == stack_id, _scope(tenant))
            .order_by(Snapshot.created_at, Snapshot.id))
    with session.reader() as s:
        return builtins.list(s.scalars(stmt))


def count_by_stack(stack_id: str) -> int:
    stmt = sa.select(sa.func.count()).select_from(Snapshot).where(
        Snapshot.stack_id == stack_id)
    with session.reader() as s:
        return int(s.scalar(stmt) or 0)


@session.retry_on_deadlock
def update(snapshot_id: str, values: Mapping[str, Any]) -> None:
    """Set columns name, data, action, status, status_reason (others: ValueError)."""
    unknown = set(values) - _UPDATABLE
    if unknown:
        raise ValueError("snapshot columns not updatable: %s" % sorted(unknown))
    with session.writer() as s:
        row = s.get(Snapshot, snapshot_id)
        if row is None:
            raise not_found(snapshot_id)
        for key, value in values.items():
            setattr(row, key, value)
        row.updated_at = models.utcnow()


@session.retry_on_deadlock
def delete(snapshot_id: str) -> None:
    """Remove a snapshot row (NotFound if already gone)."""
    with session.writer() as s:
        row = s.get(Snapshot, snapshot_id)
        if row is None:
            raise not_found(snapshot_id)
        s.delete(row)


@session.retry_on_deadlock
def delete_all_by_stack(stack_id: str) -> int:
    """Remove every snapshot of a stack; how many went."""
    with session.writer() as s:
        result = s.execute(sa.delete(Snapshot).where(Snapshot.stack_id == stack_id))
        return int(getattr(result, "rowcount", 0) or 0)
