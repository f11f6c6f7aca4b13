"""Read-modify-write of one resource's metadata under a row lock.

Signals to a wait condition handle arrive concurrently (several servers,
several API workers, several engines) and each adds one entry to the
handle's metadata; the merge runs inside one locked transaction so no
signal overwrites another. Everything else about resource rows is in
resources.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, outages, session

Resource = models.Resource


@outages.retry_on_outage
@session.retry_on_deadlock
def merge(resource_uuid: str, merge_fn: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """Replace the metadata with ``merge_fn(current)``; returns the new value.

    ``merge_fn`` runs inside the transaction and may raise to abort it.
    NotFound when the row is gone.
    """
    stmt = sa.select(Resource).where(Resource.uuid == resource_uuid).with_for_update()
    with session.writer() as s:
        row = s.scalars(stmt).first()
        if row is None:
            raise exception.NotFound(message="resource %s not found" % resource_uuid)
        current = row.rsrc_metadata if isinstance(row.rsrc_metadata, dict) else {}
        new = merge_fn(dict(current))
        row.rsrc_metadata = new
        return new


def get(resource_uuid: str) -> dict[str, Any]:
    """The metadata of one resource ({} when none or the row is gone)."""
    stmt = sa.select(Resource.rsrc_metadata).where(Resource.uuid == resource_uuid)
    with session.reader_connection() as conn:
        value = conn.execute(stmt).scalar()
    return dict(value) if isinstance(value, dict) else {}
