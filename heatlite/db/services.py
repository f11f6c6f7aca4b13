"""Queries on the service table: one row per running engine process.

Engines heartbeat by updating their row; a row whose updated_at is older
than a few heartbeat intervals may belong to a dead engine, whose stack
locks are then taken over (heatlite.engine.walk.liveness decides).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, session

Service = models.Service


def _not_found(service_id: str) -> exception.EntityNotFound:
    return exception.EntityNotFound(entity="Service", name=service_id)


@session.retry_on_deadlock
def create(values: Mapping[str, Any]) -> Service:
    """Register a service; ``id`` is generated unless given."""
    row = Service(**values)
    with session.writer() as s:
        s.add(row)
        s.flush()
    return row


@session.retry_on_deadlock
def update(service_id: str, values: Mapping[str, Any]) -> Service:
    """Change a live service; ``updated_at`` is now unless given (a heartbeat)."""
    with session.writer() as s:
        row = s.get(Service, service_id)
        if row is None or row.deleted_at is not None:
            raise _not_found(service_id)
        for key, value in values.items():
            if key not in Service.__mapper__.columns:
                raise ValueError("not a service column: %s" % key)
            setattr(row, key, value)
        if "updated_at" not in values:
            row.updated_at = models.utcnow()
    return row


def get(service_id: str) -> Service | None:
    """The live service by id, or None."""
    with session.reader() as s:
        row = s.get(Service, service_id)
    return row if row is not None and row.deleted_at is None else None


def get_all() -> list[Service]:
    """Every live service, oldest first."""
    stmt = (sa.select(Service).where(Service.deleted_at.is_(None))
            .order_by(Service.created_at, Service.id))
    with session.reader() as s:
        return list(s.scalars(stmt))


def get_all_by_args(host: str, binary: str, hostname: str) -> list[Service]:
    """Live services of one (host, binary, hostname), to reuse on restart."""
    stmt = (sa.select(Service)
            .where(Service.deleted_at.is_(None), Service.host == host,
                   Service.binary == binary, Service.hostname == hostname)
            .order_by(Service.created_at, Service.id))
    with session.reader() as s:
        return list(s.scalars(stmt))


def last_beat(engine_id: str) -> datetime.datetime | None:
    """When ``engine_id`` last beat (its live rows' newest stamp); None when
    it has no live row: retired, purged or never registered."""
    stamp = sa.func.coalesce(Service.updated_at, Service.created_at)
    stmt = (sa.select(sa.func.max(stamp))
            .where(Service.engine_id == engine_id, Service.deleted_at.is_(None)))
    with session.reader() as s:
        beat: datetime.datetime | None = s.scalar(stmt)
    return beat


@session.retry_on_deadlock
def delete(service_id: str, soft_delete: bool = True) -> None:
    """Retire a service: marked deleted (default, as Heat) or removed."""
    with session.writer() as s:
        row = s.get(Service, service_id)
        if row is None:
            raise _not_found(service_id)
        if soft_delete:
            row.deleted_at = models.utcnow()
        else:
            s.delete(row)
