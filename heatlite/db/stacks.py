"""Queries on stacks and their tags.

A stack's name is unique among the live stacks of its tenant, and the
database enforces it (see models.Stack), so two engines racing to create
the same name cannot both win. Deleting a stack is soft: the row stays for
show_deleted listings, its name is freed, its tags and resources go.

Tenant scoping: a ``tenant`` argument of None means every tenant (the
engine's admin view); otherwise a stack belongs to a tenant when it is its
project or its stack-user project, as in Heat. Listings and counts are
in stack_listing.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import events, models, outages, purge, resources, session, stack_rows

Stack = models.Stack
StackTag = models.StackTag
_TABLE: sa.Table = Stack.__table__  # type: ignore[assignment]

def _is_name_clash(exc: db_exception.DBDuplicateEntry) -> bool:
    # oslo.db names the columns (SQLite, PostgreSQL) or the unique key
    # (MySQL: uq_stack_tenant_name_deleted_marker); a primary key clash
    # names only "id" or "PRIMARY".
    return any("name" in column for column in exc.columns or ())


@session.retry_on_deadlock
def create(values: Mapping[str, Any], tags: Iterable[str] = ()) -> Stack:
    """Insert a stack (and its tags); StackExists if the name is taken."""
    stack = Stack(**values)
    stack.tags = [StackTag(tag=tag) for tag in tags]
    try:
        with session.writer() as s:
            s.add(stack)
            s.flush()
    except db_exception.DBDuplicateEntry as exc:
        if not _is_name_clash(exc):
            raise
        raise exception.StackExists(stack_name=stack.name) from None
    return stack


class TagValue(NamedTuple):
    """A tag of a stack record, read as ``.tag`` like a StackTag row."""

    tag: str


@dataclasses.dataclass(slots=True)
class StackRecord(stack_rows.StackRow):
    """A whole stack row with its tags, as plain values (no ORM object).

    What ``get`` and ``get_by_name`` return: the API's reads look stacks up
    on every call, and a mapped Stack with its tags joined cost three times
    the query.
    """

    tags: list[TagValue] = dataclasses.field(default_factory=list)


_TAGS: sa.Table = StackTag.__table__  # type: ignore[assignment]
_WITH_TAGS = _TABLE.outerjoin(_TAGS, _TAGS.c.stack_id == _TABLE.c.id)


def _record_query(*where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    return (sa.select(*stack_rows.COLUMNS, _TAGS.c.tag).select_from(_WITH_TAGS).where(*where)
            .order_by(_TAGS.c.id))


IN_TENANT = sa.or_(_TABLE.c.tenant == sa.bindparam("tenant"),
                   _TABLE.c.stack_user_project_id == sa.bindparam("tenant"))
"""A stack of the ``:tenant`` bound parameter: its project or its stack-user project."""
_LIVE = _TABLE.c.deleted_at.is_(None)
_BY_ID = _TABLE.c.id == sa.bindparam("stack_id")
# (tenant scoped, live only) -> statement; built once, so compiled once.
_GET = {(False, False): _record_query(_BY_ID), (False, True): _record_query(_BY_ID, _LIVE),
        (True, False): _record_query(_BY_ID, IN_TENANT),
        (True, True): _record_query(_BY_ID, IN_TENANT, _LIVE)}
# The tenant's own stack first, then one it reaches as stack-user project.
_GET_BY_NAME = (sa.select(*stack_rows.COLUMNS, _TAGS.c.tag).select_from(_WITH_TAGS)
                .where(_TABLE.c.name == sa.bindparam("name"), IN_TENANT, _LIVE)
                .order_by(sa.case((_TABLE.c.tenant == sa.bindparam("tenant"), 0), else_=1),
                          _TABLE.c.id, _TAGS.c.id))


def _first_record(rows: Iterable[sa.Row[Any]]) -> StackRecord | None:
    """The first stack of joined (stack, tag) rows, with its tags."""
    record = None
    for row in rows:
        if record is None:
            record = StackRecord(*row[:-1])
        elif row.id != record.id:
            break
        if row.tag is not None:
            record.tags.append(TagValue(row.tag))
    return record


def get(stack_id: str, tenant: str | None = None,
        show_deleted: bool = False) -> StackRecord | None:
    """The stack by id, or None if missing, deleted or of another tenant."""
    stmt = _GET[(tenant is not None, not show_deleted)]
    with session.single_read() as conn:
        rows = conn.execute(stmt, {"stack_id": stack_id, "tenant": tenant}).all()
    return _first_record(rows)


def get_by_name(tenant: str, name: str) -> StackRecord | None:
    """The live stack called ``name`` in the tenant, or None.

    A stack of the tenant's own project wins over one it only reaches as
    stack-user project.
    """
    with session.single_read() as conn:
        rows = conn.execute(_GET_BY_NAME, {"name": name, "tenant": tenant}).all()
    return _first_record(rows)


@outages.retry_on_outage
@session.retry_on_deadlock
def update(stack_id: str, values: Mapping[str, Any],
           tags: Iterable[str] | None = None) -> None:
    """Change columns of a live stack; ``tags`` (if given) replaces its tags.

    Renaming onto a taken name is StackExists; a missing or deleted stack
    is NotFound, with Heat's message.
    """
    try:
        with session.writer() as s:
            stack = s.get(Stack, stack_id)
            if stack is None or stack.deleted_at is not None:
                raise _update_missing(stack_id)
            for key, value in values.items():
                if key not in Stack.__mapper__.columns:
                    raise ValueError("not a stack column: %s" % key)
                setattr(stack, key, value)
            if tags is not None:
                stack.tags = [StackTag(tag=tag) for tag in tags]
            s.flush()
    except db_exception.DBDuplicateEntry as exc:
        if not _is_name_clash(exc):
            raise
        raise exception.StackExists(stack_name=values.get("name")) from None


def _update_missing(stack_id: str) -> exception.NotFound:
    return exception.NotFound(message="Attempt to update a stack with id: %s that does "
                                      "not exist" % stack_id)


@outages.retry_on_outage
@session.retry_on_deadlock
def update_with_event(stack_id: str, values: Mapping[str, Any], event: Mapping[str, Any],
                      max_events: int | None = None, purge_batch: int = 200) -> int | None:
    """``update`` (without tags) and the event of that transition, in one
    transaction; the event's cap as ``events.add`` (returns the stack's
    event count when it was counted)."""
    unknown = set(values) - set(_TABLE.columns.keys())
    if unknown:
        raise ValueError("not a stack column: %s" % sorted(unknown)[0])
    try:
        with session.writer_connection() as conn:
            result = conn.execute(_TABLE.update()
                                  .where(_TABLE.c.id == stack_id, _TABLE.c.deleted_at.is_(None))
                                  .values(**values))
            if result.rowcount != 1:
                raise _update_missing(stack_id)
            return events.add(conn, dict(event, stack_id=stack_id), max_events, purge_batch)
    except db_exception.DBDuplicateEntry as exc:
        if not _is_name_clash(exc):
            raise
        raise exception.StackExists(stack_name=values.get("name")) from None


@outages.retry_on_outage
@session.retry_on_deadlock
def soft_delete(stack_id: str) -> None:
    """Mark the stack deleted: free its name, drop its tags and resources
    (and the raw templates only those resources referred to)."""
    tags: sa.Table = StackTag.__table__  # type: ignore[assignment]
    with session.writer_connection() as conn:
        result = conn.execute(_TABLE.update()
                              .where(_TABLE.c.id == stack_id, _TABLE.c.deleted_at.is_(None))
                              .values(deleted_at=models.utcnow(), deleted_marker=stack_id))
        if result.rowcount != 1:
            raise exception.NotFound(
                message="Attempt to delete a stack with id: %s that does not "
                        "exist" % stack_id)
        conn.execute(tags.delete().where(tags.c.stack_id == stack_id))
        resources.delete_stack_rows(conn, stack_id)


def purge_deleted(older_than: Any) -> int:
    """Remove stacks deleted before ``older_than`` (a naive UTC datetime),
    with their events, locks and the raw templates only they used.

    Returns how many stacks went (heatlite.db.purge has the batched form).
    """
    return purge.purge_batch(older_than)
