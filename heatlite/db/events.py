"""Queries on events: the recorded status transitions of a stack.

Events are capped per stack: recording one past ``max_events`` first
deletes the oldest ``purge_batch`` (Heat's max_events_per_stack and
event_purge_batch_size), so a long-lived stack cannot grow without bound.
Heat checks the count only now and then, at random; counting on the
stack_id index is cheap enough to do it every time, which keeps the cap
exact.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import models, paging, session

Event = models.Event

SORT_KEYS = {
    "event_time": Event.created_at, "created_at": Event.created_at,
    "resource_type": Event.resource_type,
}
"""Accepted sort keys (Heat's API names and the column names) -> columns."""

FILTERS = {
    "uuid": "uuid", "id": "uuid", "resource_name": "resource_name",
    "resource_action": "resource_action", "resource_status": "resource_status",
    "resource_type": "resource_type", "physical_resource_id": "physical_resource_id",
}
"""Exact-match filters -> columns (``id`` is the event's public uuid)."""


def _purge_oldest(s: sa.orm.Session, stack_id: str, batch: int) -> None:
    # MySQL refuses LIMIT in a DELETE's subquery, so find the newest id of
    # the batch first and delete up to it.
    ids = builtins.list(s.scalars(sa.select(Event.id).where(Event.stack_id == stack_id)
                                  .order_by(Event.id).limit(batch)))
    if ids:
        s.execute(sa.delete(Event).where(Event.stack_id == stack_id, Event.id <= ids[-1]))


@session.retry_on_deadlock
def create(values: Mapping[str, Any], max_events: int | None = None,
           purge_batch: int = 200) -> Event:
    """Record an event, first purging the oldest if the stack is at its cap.

    ``max_events`` None or 0 keeps every event.
    """
    row = Event(**values)
    try:
        with session.writer() as s:
            if max_events and purge_batch > 0:
                held = s.scalar(sa.select(sa.func.count(Event.id))
                                .where(Event.stack_id == row.stack_id))
                if (held or 0) >= max_events:
                    _purge_oldest(s, row.stack_id, purge_batch)
            s.add(row)
            s.flush()
    except db_exception.DBReferenceError:
        raise exception.EntityNotFound(entity="Stack", name=row.stack_id) from None
    return row


def list(stack_id: str | Sequence[str], filters: Mapping[str, paging.FilterValue] | None = None,
         limit: int | str | None = None, marker: str | None = None,
         sort_keys: str | Sequence[str] | None = None,
         sort_dir: str | None = None) -> builtins.list[Event]:
    """One page of a stack's events (or of several stacks', given a list).

    Heat's order: newest first unless sorted otherwise, ties broken by
    insertion order. The marker is an event uuid; an unknown one is ignored.
    """
    stack_ids = [stack_id] if isinstance(stack_id, str) else builtins.list(stack_id)
    keys = paging.order_keys(paging.sort_columns(sort_keys, SORT_KEYS), sort_dir,
                             Event.created_at, Event.id)
    where = [Event.stack_id.in_(stack_ids), *paging.exact_filters(Event, filters, FILTERS)]
    with session.reader() as s:
        marker_row = (s.scalars(sa.select(Event).where(Event.uuid == marker)).first()
                      if marker else None)
        stmt = paging.apply(sa.select(Event).where(*where), keys, marker_row,
                            paging.parse_limit(limit))
        return builtins.list(s.scalars(stmt))


def get(stack_id: str, event_uuid: str) -> Event | None:
    """The stack's event with that uuid, or None."""
    stmt = sa.select(Event).where(Event.stack_id == stack_id, Event.uuid == event_uuid)
    with session.reader() as s:
        return s.scalars(stmt).first()


def count(stack_id: str) -> int:
    """How many events the stack holds."""
    with session.reader() as s:
        return int(s.scalar(sa.select(sa.func.count(Event.id))
                            .where(Event.stack_id == stack_id)) or 0)
