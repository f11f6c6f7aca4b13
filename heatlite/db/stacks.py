"""Queries on stacks and their tags.

A stack's name is unique among the live stacks of its tenant, and the
database enforces it (see models.Stack), so two engines racing to create
the same name cannot both win. Deleting a stack is soft: the row stays for
show_deleted listings, its name is freed, its tags and resources go.

Tenant scoping: a ``tenant`` argument of None means every tenant (the
engine's admin view); otherwise a stack belongs to a tenant when it is its
project or its stack-user project, as in Heat.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa
from oslo_db import exception as db_exception
from sqlalchemy import orm

from heatlite.common import exception
from heatlite.db import events, models, paging, session

Stack = models.Stack
StackTag = models.StackTag
_TABLE: sa.Table = Stack.__table__  # type: ignore[assignment]

SORT_KEYS = {
    "created_at": Stack.created_at, "creation_time": Stack.created_at,
    "updated_at": Stack.updated_at, "updated_time": Stack.updated_at,
    "name": Stack.name, "stack_name": Stack.name,
    "status": Stack.status, "stack_status": Stack.status,
}
"""Accepted sort keys (Heat's API names and the column names) -> columns."""

FILTERS = {
    "id": "id", "name": "name", "stack_name": "name", "action": "action",
    "stack_action": "action", "tenant": "tenant", "username": "username",
    "owner_id": "owner_id",
}
"""Exact-match filters -> columns; ``status`` is handled on its own."""

_STATUSES = ("IN_PROGRESS", "COMPLETE", "FAILED")


def _scope(tenant: str | None) -> sa.ColumnElement[bool]:
    if tenant is None:
        return sa.true()
    return sa.or_(Stack.tenant == tenant, Stack.stack_user_project_id == tenant)


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


def get(stack_id: str, tenant: str | None = None,
        show_deleted: bool = False) -> Stack | None:
    """The stack by id, or None if missing, deleted or of another tenant."""
    # One query with the tags joined: the default (selectin) loading would
    # be a second round trip, which suits lists but not a single row.
    stmt = (sa.select(Stack).options(orm.joinedload(Stack.tags))
            .where(Stack.id == stack_id, _scope(tenant)))
    if not show_deleted:
        stmt = stmt.where(Stack.deleted_at.is_(None))
    with session.reader() as s:
        return s.scalars(stmt).unique().first()


def get_by_name(tenant: str, name: str) -> Stack | None:
    """The live stack called ``name`` in the tenant, or None.

    A stack of the tenant's own project wins over one it only reaches as
    stack-user project.
    """
    stmt = (sa.select(Stack).options(orm.joinedload(Stack.tags))
            .where(Stack.name == name, _scope(tenant), Stack.deleted_at.is_(None))
            .order_by(sa.case((Stack.tenant == tenant, 0), else_=1)))
    with session.reader() as s:
        return s.scalars(stmt).unique().first()


def _status_terms(value: paging.FilterValue) -> sa.ColumnElement[bool]:
    """``status`` filter: bare (COMPLETE) or combined with an action
    (CREATE_COMPLETE); a list matches any of its values."""
    values = [value] if isinstance(value, str) or value is None else builtins.list(value)
    terms = []
    for item in values:
        for status in _STATUSES:
            if item is not None and item.endswith("_" + status):
                action = item[:-len(status) - 1]
                terms.append(sa.and_(Stack.action == action, Stack.status == status))
                break
        else:
            terms.append(Stack.status == item)
    return sa.or_(*terms) if terms else sa.false()


def _has_tag(tag: str) -> sa.ColumnElement[bool]:
    return Stack.tags.any(StackTag.tag == tag)


def _has_any_tag(tags: Sequence[str]) -> sa.ColumnElement[bool]:
    return Stack.tags.any(StackTag.tag.in_(builtins.list(tags)))


def _where(tenant: str | None, filters: Mapping[str, paging.FilterValue] | None,
           show_deleted: bool, show_nested: bool, show_hidden: bool,
           tags: Sequence[str] | None, tags_any: Sequence[str] | None,
           not_tags: Sequence[str] | None,
           not_tags_any: Sequence[str] | None) -> builtins.list[sa.ColumnElement[bool]]:
    """Every WHERE term of a stack listing, in Heat's meaning."""
    terms = [_scope(tenant)]
    if not show_deleted:
        terms.append(Stack.deleted_at.is_(None))
    if not show_nested:
        terms.append(Stack.owner_id.is_(None))
    filters = dict(filters or {})
    for key in ("status", "stack_status"):
        if key in filters:
            terms.append(_status_terms(filters.pop(key)))
    terms.extend(paging.exact_filters(Stack, filters, FILTERS))
    # tags: all of them; tags_any: at least one; not_tags: not all of them;
    # not_tags_any: none of them.
    if tags:
        terms.extend(_has_tag(tag) for tag in tags)
    if tags_any:
        terms.append(_has_any_tag(tags_any))
    if not_tags:
        terms.append(sa.not_(sa.and_(*(_has_tag(tag) for tag in not_tags))))
    if not_tags_any:
        terms.append(sa.not_(_has_any_tag(not_tags_any)))
    hidden = session.get_conf().hidden_stack_tags
    if not show_hidden and hidden:
        terms.append(sa.not_(_has_any_tag(hidden)))
    return terms


def list(tenant: str | None, filters: Mapping[str, paging.FilterValue] | None = None,
         limit: int | str | None = None, marker: str | None = None,
         sort_keys: str | Sequence[str] | None = None, sort_dir: str | None = None,
         show_deleted: bool = False, show_nested: bool = False,
         show_hidden: bool = False, tags: Sequence[str] | None = None,
         tags_any: Sequence[str] | None = None, not_tags: Sequence[str] | None = None,
         not_tags_any: Sequence[str] | None = None) -> builtins.list[Stack]:
    """One page of stacks, as Heat's stack_get_all lists them.

    Defaults: live, top-level, not hidden, newest first. The marker is the
    id of the previous page's last stack; an unknown one is ignored, as in
    Heat. Unknown sort keys are ignored; a bad sort_dir or filter name is a
    BadRequest.
    """
    keys = paging.order_keys(paging.sort_columns(sort_keys, SORT_KEYS), sort_dir,
                             Stack.created_at, Stack.id)
    where = _where(tenant, filters, show_deleted, show_nested, show_hidden,
                   tags, tags_any, not_tags, not_tags_any)
    with session.reader() as s:
        marker_row = s.get(Stack, marker) if marker else None
        stmt = paging.apply(sa.select(Stack).where(*where), keys, marker_row,
                            paging.parse_limit(limit))
        return builtins.list(s.scalars(stmt))


class TagValue(NamedTuple):
    """A tag of a StackSummary, read as ``.tag`` like a StackTag row."""

    tag: str


@dataclasses.dataclass(slots=True)
class StackSummary:
    """The columns of a stack a listing shows, with its tags.

    Plain values, not an ORM object: building 500 mapped Stack objects (and
    decoding their stored outputs) cost more than the query itself.
    """

    id: str
    name: str
    tenant: str
    username: str | None
    action: str | None
    status: str | None
    status_reason: str | None
    owner_id: str | None
    stack_user_project_id: str | None
    nested_depth: int
    timeout: int | None
    disable_rollback: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    deleted_at: datetime.datetime | None
    tags: builtins.list[TagValue]


_IN_CHUNK = 500
"""Ids per IN list: old SQLite builds allow 999 bound parameters a statement."""

_SUMMARY_COLUMNS = tuple(getattr(Stack, f.name) for f in dataclasses.fields(StackSummary)
                         if f.name != "tags")


def list_summaries(tenant: str | None,
                   filters: Mapping[str, paging.FilterValue] | None = None,
                   limit: int | str | None = None, marker: str | None = None,
                   sort_keys: str | Sequence[str] | None = None,
                   sort_dir: str | None = None, show_deleted: bool = False,
                   show_nested: bool = False, show_hidden: bool = False,
                   tags: Sequence[str] | None = None, tags_any: Sequence[str] | None = None,
                   not_tags: Sequence[str] | None = None,
                   not_tags_any: Sequence[str] | None = None) -> builtins.list[StackSummary]:
    """``list`` (same arguments, rows and order) as StackSummary values.

    Two queries: the page of stacks, then the tags of the stacks on it.
    """
    keys = paging.order_keys(paging.sort_columns(sort_keys, SORT_KEYS), sort_dir,
                             Stack.created_at, Stack.id)
    where = _where(tenant, filters, show_deleted, show_nested, show_hidden,
                   tags, tags_any, not_tags, not_tags_any)
    with session.reader() as s:
        marker_row = (s.execute(sa.select(*_SUMMARY_COLUMNS).where(Stack.id == marker)).first()
                      if marker else None)
        stmt = paging.apply(sa.select(*_SUMMARY_COLUMNS).where(*where), keys, marker_row,
                            paging.parse_limit(limit))
        rows = builtins.list(s.execute(stmt))
        by_stack: dict[str, builtins.list[TagValue]] = {row.id: [] for row in rows}
        ids = builtins.list(by_stack)
        for start in range(0, len(ids), _IN_CHUNK):
            tag_rows = s.execute(sa.select(StackTag.stack_id, StackTag.tag)
                                 .where(StackTag.stack_id.in_(ids[start:start + _IN_CHUNK]))
                                 .order_by(StackTag.id))
            for stack_id, tag in tag_rows:
                by_stack[stack_id].append(TagValue(tag))
    return [StackSummary(*row, tags=by_stack[row.id]) for row in rows]


def count(tenant: str | None, filters: Mapping[str, paging.FilterValue] | None = None,
          show_deleted: bool = False, show_nested: bool = False,
          show_hidden: bool = False, tags: Sequence[str] | None = None,
          tags_any: Sequence[str] | None = None, not_tags: Sequence[str] | None = None,
          not_tags_any: Sequence[str] | None = None) -> int:
    """How many stacks ``list`` would return without paging."""
    where = _where(tenant, filters, show_deleted, show_nested, show_hidden,
                   tags, tags_any, not_tags, not_tags_any)
    with session.reader() as s:
        return int(s.scalar(sa.select(sa.func.count(Stack.id)).where(*where)) or 0)


def count_live(tenant: str) -> int:
    """Live top-level stacks of the tenant, hidden ones excluded.

    What Heat compares with max_stacks_per_tenant (its count_all defaults).
    """
    return count(tenant)


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


@session.retry_on_deadlock
def soft_delete(stack_id: str) -> None:
    """Mark the stack deleted: free its name, drop its tags and resources."""
    tags: sa.Table = StackTag.__table__  # type: ignore[assignment]
    rsrcs: sa.Table = models.Resource.__table__  # type: ignore[assignment]
    with session.writer_connection() as conn:
        result = conn.execute(_TABLE.update()
                              .where(_TABLE.c.id == stack_id, _TABLE.c.deleted_at.is_(None))
                              .values(deleted_at=models.utcnow(), deleted_marker=stack_id))
        if result.rowcount != 1:
            raise exception.NotFound(
                message="Attempt to delete a stack with id: %s that does not "
                        "exist" % stack_id)
        conn.execute(tags.delete().where(tags.c.stack_id == stack_id))
        conn.execute(rsrcs.delete().where(rsrcs.c.stack_id == stack_id))


def children(stack_id: str) -> builtins.list[Stack]:
    """The live stacks nested directly in ``stack_id``, oldest first."""
    stmt = (sa.select(Stack)
            .where(Stack.owner_id == stack_id, Stack.deleted_at.is_(None))
            .order_by(Stack.created_at, Stack.id))
    with session.reader() as s:
        return builtins.list(s.scalars(stmt))


@session.retry_on_deadlock
def purge_deleted(older_than: Any) -> int:
    """Remove stacks deleted before ``older_than`` (a naive UTC datetime),
    with their events, locks and the raw templates only they used.

    Returns how many stacks went.
    """
    with session.writer() as s:
        doomed = builtins.list(s.execute(
            sa.select(Stack.id, Stack.raw_template_id)
            .where(Stack.deleted_at.is_not(None), Stack.deleted_at < older_than)))
        if not doomed:
            return 0
        ids = [row.id for row in doomed]
        templates = {row.raw_template_id for row in doomed}
        s.execute(sa.delete(Stack).where(Stack.id.in_(ids)))
        still_used = set(s.scalars(sa.select(Stack.raw_template_id)
                                   .where(Stack.raw_template_id.in_(templates))))
        unused = templates - still_used
        if unused:
            s.execute(sa.delete(models.RawTemplate)
                      .where(models.RawTemplate.id.in_(unused)))
        return len(ids)
