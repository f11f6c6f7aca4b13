"""Removing soft-deleted stacks for good (``heatlite-manage purge_deleted``).

A deleted stack keeps its row (listable with show_deleted) until a purge.
The purge goes in batches, one transaction each, so a large backlog never
holds the write lock (SQLite) or a long transaction (MariaDB, PostgreSQL)
while the engines work. Resources, events, locks, tags and snapshots go
with their stack (ON DELETE CASCADE); raw templates go once nothing refers
to them any more.
"""

from __future__ import annotations

import datetime

import sqlalchemy as sa

from heatlite.db import models, raw_templates, session

_STACK: sa.Table = models.Stack.__table__  # type: ignore[assignment]


def _doomed(older_than: datetime.datetime, project_id: str | None,
            limit: int | None) -> sa.Select:
    stmt = (sa.select(_STACK.c.id, _STACK.c.raw_template_id, _STACK.c.prev_raw_template_id)
            .where(_STACK.c.deleted_at.is_not(None), _STACK.c.deleted_at < older_than)
            .order_by(_STACK.c.deleted_at, _STACK.c.id))
    if project_id is not None:
        stmt = stmt.where(_STACK.c.tenant == project_id)
    return stmt.limit(limit) if limit is not None else stmt


@session.retry_on_deadlock
def purge_batch(older_than: datetime.datetime, project_id: str | None = None,
                limit: int | None = None) -> int:
    """Remove up to ``limit`` (None: all) stacks deleted before ``older_than``
    (naive UTC), of ``project_id`` only when given, oldest deletion first.

    Returns how many stacks went.
    """
    with session.writer_connection() as conn:
        doomed = list(conn.execute(_doomed(older_than, project_id, limit)))
        if not doomed:
            return 0
        conn.execute(_STACK.delete().where(_STACK.c.id.in_([row.id for row in doomed])))
        raw_templates.drop_unreferenced(
            conn, [i for row in doomed for i in (row.raw_template_id,
                                                 row.prev_raw_template_id)])
    return len(doomed)


def purge_deleted(older_than: datetime.datetime, project_id: str | None = None,
                  batch_size: int | None = None) -> int:
    """``purge_batch`` repeated until nothing old enough is left; each batch
    of ``batch_size`` stacks (None: all at once) is its own transaction.

    Returns how many stacks went in all.
    """
    if batch_size is not None and batch_size < 1:
        raise ValueError("batch_size must be at least 1, not %d" % batch_size)
    total = 0
    while True:
        gone = purge_batch(older_than, project_id, batch_size)
        total += gone
        if batch_size is None or gone < batch_size:
            return total
