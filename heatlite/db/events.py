"""Queries on events: the recorded status transitions of a stack.

Events are capped per stack: recording one past ``max_events`` first
deletes the oldest ``purge_batch`` (Heat's max_events_per_stack and
event_purge_batch_size), so a long-lived stack cannot grow without bound.
Heat checks the count only now and then, at random. ``create`` counts
every time, which keeps the cap exact; ``add`` (the engine's hot path, an
event written in the same transaction as the transition it records) counts
only when its caller asks, and the caller (engine/walk/recorder.py) asks when
its running estimate comes near the cap.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import models, outages, paging, session

Event = models.Event
_EVENT_TABLE: sa.Table = Event.__table__  # type: ignore[assignment]
_INSERT = _EVENT_TABLE.insert()  # reused: its cache key is memoised on it

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


def _held(s: sa.orm.Session | sa.Connection, stack_id: str) -> int:
    return int(s.scalar(sa.select(sa.func.count(Event.id))
                        .where(Event.stack_id == stack_id)) or 0)


def _purge_oldest(s: sa.orm.Session | sa.Connection, stack_id: str, batch: int) -> int:
    """Delete the stack's ``batch`` oldest events; returns how many went."""
    # MySQL refuses LIMIT in a DELETE's subquery, so find the newest id of
    # the batch first and delete up to it.
    ids = builtins.list(s.scalars(sa.select(Event.id).where(Event.stack_id == stack_id)
                                  .order_by(Event.id).limit(batch)))
    if not ids:
        return 0
    result = s.execute(sa.delete(_EVENT_TABLE).where(_EVENT_TABLE.c.stack_id == stack_id,
                                                     _EVENT_TABLE.c.id <= ids[-1]))
    return int(result.rowcount)  # type: ignore[attr-defined]


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
                if _held(s, row.stack_id) >= max_events:
                    _purge_oldest(s, row.stack_id, purge_batch)
            s.add(row)
            s.flush()
    except db_exception.DBReferenceError:
        raise exception.EntityNotFound(entity="Stack", name=row.stack_id) from None
    return row


def add(conn: sa.Connection, values: Mapping[str, Any], max_events: int | None = None,
        purge_batch: int = 200) -> int | None:
    """Insert one event inside the caller's ``session.writer_connection()``.

    With ``max_events`` the stack's events are counted first and the oldest
    ``purge_batch`` purged at the cap, as ``create`` does; the count after
    the insert is returned. Without it nothing is counted (None). A
    missing stack surfaces as oslo.db's DBReferenceError: the caller maps
    it, as it knows which row it was writing.
    """
    stack_id = values["stack_id"]
    held = None
    if max_events and purge_batch > 0:
        held = _held(conn, stack_id)
        if held >= max_events:
            held -= _purge_oldest(conn, stack_id, purge_batch)
        held += 1
    conn.execute(_INSERT, dict(values))
    return held


@outages.retry_on_outage
@session.retry_on_deadlock
def record(values: Mapping[str, Any], max_events: int | None = None,
           purge_batch: int = 200) -> int | None:
    """``add`` in a transaction of its own: an event without a transition.

    Unlike ``create`` it returns no row, only the stack's event count when
    ``max_events`` asked for one. EntityNotFound if the stack is missing.
    """
    try:
        with session.writer_connection() as conn:
            return add(conn, values, max_events, purge_batch)
    except db_exception.DBReferenceError:
        raise exception.EntityNotFound(entity="Stack", name=values.get("stack_id")) from None


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
