"""Queries on a stack's resources.

Resources are rows of their stack only (no tenant check here: the engine
reaches them through a stack it has already scoped). A stack can briefly
hold two rows with one name while a resource is replaced. A row refers to
the raw template it was last written with (``current_template_id``); the
deletes here drop such a template once nothing refers to it any more.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime
import functools
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import events, models, outages, raw_templates, session

Resource = models.Resource
_TABLE: sa.Table = Resource.__table__  # type: ignore[assignment]
_COLUMNS = frozenset(_TABLE.columns.keys())


@functools.lru_cache(maxsize=64)
def _update_statement(columns: frozenset[str]) -> sa.Update:
    # One statement object per column set: SQLAlchemy memoises its cache
    # key on the object, so a reused statement skips rebuilding and
    # re-keying it on every transition.
    return (_TABLE.update().where(_TABLE.c.id == sa.bindparam("_resource_id"))
            .values({name: sa.bindparam(name) for name in sorted(columns)}))


def _execute_update(conn: sa.Connection, resource_id: int,
                    values: Mapping[str, Any]) -> None:
    unknown = set(values) - _COLUMNS
    if unknown:
        raise ValueError("not resource columns: %s" % sorted(unknown))
    result = conn.execute(_update_statement(frozenset(values)),
                          dict(values, _resource_id=resource_id))
    if result.rowcount != 1:
        raise _not_found(resource_id)


def _not_found(resource_id: int) -> exception.NotFound:
    return exception.NotFound(message="resource with id %s not found" % resource_id)


@session.retry_on_deadlock
def create_many(values: Iterable[Mapping[str, Any]]) -> builtins.list[Resource]:
    """Insert resources in one transaction; returned in the given order."""
    rows = [Resource(**item) for item in values]
    try:
        with session.writer() as s:
            s.add_all(rows)
            s.flush()
    except db_exception.DBReferenceError:
        stacks = sorted({row.stack_id for row in rows})
        raise exception.EntityNotFound(entity="Stack", name=", ".join(stacks)) from None
    return rows


@dataclasses.dataclass(slots=True)
class ResourceRow:
    """A resource row as plain values, with ``models.Resource``'s attribute names.

    What the reads below return: resource lists are read on every poll of a
    stack's resources and on every walk, and mapped objects in a session
    cost several times the query.
    """

    id: int
    uuid: str
    stack_id: str
    name: str
    type: str | None
    action: str | None
    status: str | None
    status_reason: str | None
    physical_resource_id: str | None
    properties_data: Any
    attr_data: Any
    rsrc_metadata: Any
    data: Any
    requires: Any
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    current_template_id: int | None


_ROW_COLUMNS = tuple(_TABLE.c[f.name] for f in dataclasses.fields(ResourceRow))
_BY_ID = sa.select(*_ROW_COLUMNS).where(_TABLE.c.id == sa.bindparam("resource_id"))
_OF_STACK = (sa.select(*_ROW_COLUMNS).where(_TABLE.c.stack_id == sa.bindparam("stack_id"))
             .order_by(_TABLE.c.id))
_BY_NAME = (sa.select(*_ROW_COLUMNS)
            .where(_TABLE.c.stack_id == sa.bindparam("stack_id"),
                   _TABLE.c.name == sa.bindparam("name"))
            .order_by(_TABLE.c.id.desc()).limit(1))


def _one(stmt: sa.Select[Any], params: Mapping[str, Any]) -> ResourceRow | None:
    with session.single_read() as conn:
        row = conn.execute(stmt, params).first()
    return ResourceRow(*row) if row is not None else None


def get(resource_id: int) -> ResourceRow | None:
    """The resource by its integer id, or None."""
    return _one(_BY_ID, {"resource_id": resource_id})


def get_all_by_stack(stack_id: str) -> builtins.list[ResourceRow]:
    """Every resource row of the stack, oldest first."""
    with session.single_read() as conn:
        return [ResourceRow(*row) for row in conn.execute(_OF_STACK, {"stack_id": stack_id})]


def get_by_name(stack_id: str, name: str) -> ResourceRow | None:
    """The stack's resource called ``name``; the newest row if two share it."""
    return _one(_BY_NAME, {"stack_id": stack_id, "name": name})


@outages.retry_on_outage
@session.retry_on_deadlock
def update(resource_id: int, values: Mapping[str, Any]) -> None:
    """Change columns of one resource; NotFound if it is gone."""
    with session.writer_connection() as conn:
        _execute_update(conn, resource_id, values)


@outages.retry_on_outage
@session.retry_on_deadlock
def set_physical_id(resource_uuid: str, physical_id: str) -> None:
    """Record a resource's physical id while its action still runs (Heat's
    resource_id_set), so it shows before the action completes; a row gone
    meanwhile is no error (the action's end reports that)."""
    with session.writer_connection() as conn:
        conn.execute(_TABLE.update().where(_TABLE.c.uuid == resource_uuid)
                     .values(physical_resource_id=physical_id))


@outages.retry_on_outage
@session.retry_on_deadlock
def update_with_event(resource_id: int, values: Mapping[str, Any],
                      event: Mapping[str, Any], max_events: int | None = None,
                      purge_batch: int = 200) -> int | None:
    """Change one resource and record its event, in one transaction.

    The engine's hot path: one transaction and two statements per
    transition instead of two transactions. NotFound if the resource is
    gone (and then no event is written); the event's cap as
    ``events.add`` (returns the stack's event count when it was counted).
    """
    try:
        with session.writer_connection() as conn:
            _execute_update(conn, resource_id, values)
            return events.add(conn, event, max_events, purge_batch)
    except db_exception.DBReferenceError:
        raise exception.EntityNotFound(entity="Stack", name=event.get("stack_id")) from None


_TEMPLATE_OF = sa.select(_TABLE.c.current_template_id).where(
    _TABLE.c.id == sa.bindparam("resource_id"))
_TEMPLATES_OF_STACK = sa.select(_TABLE.c.current_template_id).distinct().where(
    _TABLE.c.stack_id == sa.bindparam("stack_id"))


@outages.retry_on_outage
@session.retry_on_deadlock
def delete(resource_id: int) -> None:
    """Remove one resource row (e.g. the old half of a replacement), and its
    raw template when that was the last reference to it."""
    with session.writer_connection() as conn:
        template_id = conn.execute(_TEMPLATE_OF, {"resource_id": resource_id}).scalar()
        result = conn.execute(_TABLE.delete().where(_TABLE.c.id == resource_id))
        if result.rowcount != 1:
            raise _not_found(resource_id)
        raw_templates.drop_unreferenced(conn, [template_id])


def delete_stack_rows(conn: sa.Connection, stack_id: str) -> int:
    """Remove every resource of the stack inside the caller's transaction,
    with the raw templates only those rows referred to; returns how many
    rows went."""
    template_ids = list(conn.execute(_TEMPLATES_OF_STACK, {"stack_id": stack_id}).scalars())
    result = conn.execute(_TABLE.delete().where(_TABLE.c.stack_id == stack_id))
    raw_templates.drop_unreferenced(conn, template_ids)
    return int(result.rowcount)


@session.retry_on_deadlock
def delete_by_stack(stack_id: str) -> int:
    """Remove every resource of the stack (see ``delete_stack_rows``)."""
    with session.writer_connection() as conn:
        return delete_stack_rows(conn, stack_id)
