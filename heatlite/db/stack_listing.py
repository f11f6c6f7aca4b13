"""Stack listings and counts: GET /stacks, its filters, paging and count.

The rules are Heat's stack_get_all: live, top-level, not hidden stacks
newest first by default; exact-match filters, ``status`` bare or joined
with its action, the four tag filters; marker paging (see paging.py).

A listing is one query: the page of stacks, each with its tags joined in
one column. Building the SQL (the tag filters' EXISTS subqueries, the
ORDER BY) cost more than running it, so a page's statement is built once
per distinct request shape and kept: the tenant is a bound parameter, the
rest of the request is the cache key. A marker page adds the after-marker
condition to the cached parts.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from heatlite.db import models, paging, session
from heatlite.db.stacks import IN_TENANT, TagValue

Stack = models.Stack
StackTag = models.StackTag
_STACKS: sa.Table = Stack.__table__  # type: ignore[assignment]
_TAGS: sa.Table = StackTag.__table__  # type: ignore[assignment]

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

STATEMENT_CACHE_SIZE = 128
"""Distinct listing shapes whose SQL is kept (a memory bound)."""

_STATUSES = ("IN_PROGRESS", "COMPLETE", "FAILED")


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
    tags: list[TagValue]


_SUMMARY_COLUMNS = tuple(_STACKS.c[f.name] for f in dataclasses.fields(StackSummary)
                         if f.name != "tags")
_MARKER = sa.select(*_SUMMARY_COLUMNS).where(_STACKS.c.id == sa.bindparam("marker"))
_TAG_SEPARATOR = ","
"""Joins a stack's tags in one column; the API splits tags on commas, so no tag has one."""


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(value)
    return value


def _names(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(values or ())


def _status_terms(value: paging.FilterValue) -> sa.ColumnElement[bool]:
    """``status`` filter: bare (COMPLETE) or combined with an action
    (CREATE_COMPLETE); a list matches any of its values."""
    values = [value] if isinstance(value, str) or value is None else list(value)
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
    return Stack.tags.any(StackTag.tag.in_(list(tags)))


@dataclasses.dataclass(frozen=True)
class ListQuery:
    """One listing request's shape, all but its tenant and marker (hashable)."""

    scoped: bool
    filters: tuple[tuple[str, Any], ...] = ()
    show_deleted: bool = False
    show_nested: bool = False
    show_hidden: bool = False
    tags: tuple[str, ...] = ()
    tags_any: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    not_tags_any: tuple[str, ...] = ()
    hidden_tags: tuple[str, ...] = ()
    sort_keys: tuple[str, ...] = ()
    sort_dir: str | None = None

    @classmethod
    def of(cls, tenant: str | None, filters: Mapping[str, paging.FilterValue] | None = None,
           sort_keys: str | Sequence[str] | None = None, sort_dir: str | None = None,
           show_deleted: bool = False, show_nested: bool = False,
           show_hidden: bool = False, tags: Sequence[str] | None = None,
           tags_any: Sequence[str] | None = None, not_tags: Sequence[str] | None = None,
           not_tags_any: Sequence[str] | None = None) -> ListQuery:
        return cls(
            scoped=tenant is not None,
            filters=tuple((key, _frozen(value)) for key, value in (filters or {}).items()),
            show_deleted=bool(show_deleted), show_nested=bool(show_nested),
            show_hidden=bool(show_hidden), tags=_names(tags), tags_any=_names(tags_any),
            not_tags=_names(not_tags), not_tags_any=_names(not_tags_any),
            hidden_tags=_names(session.get_conf().hidden_stack_tags),
            sort_keys=(sort_keys,) if isinstance(sort_keys, str) else _names(sort_keys),
            sort_dir=sort_dir)

    def where(self) -> list[sa.ColumnElement[bool]]:
        """Every WHERE term, in Heat's meaning; the tenant is ``:tenant``."""
        terms = [IN_TENANT] if self.scoped else []
        if not self.show_deleted:
            terms.append(Stack.deleted_at.is_(None))
        if not self.show_nested:
            terms.append(Stack.owner_id.is_(None))
        filters = dict(self.filters)
        for key in ("status", "stack_status"):
            if key in filters:
                terms.append(_status_terms(filters.pop(key)))
        terms.extend(paging.exact_filters(Stack, filters, FILTERS))
        # tags: all of them; tags_any: at least one; not_tags: not all of
        # them; not_tags_any: none of them.
        terms.extend(_has_tag(tag) for tag in self.tags)
        if self.tags_any:
            terms.append(_has_any_tag(self.tags_any))
        if self.not_tags:
            terms.append(sa.not_(sa.and_(*(_has_tag(tag) for tag in self.not_tags))))
        if self.not_tags_any:
            terms.append(sa.not_(_has_any_tag(self.not_tags_any)))
        if not self.show_hidden and self.hidden_tags:
            terms.append(sa.not_(_has_any_tag(self.hidden_tags)))
        return terms

    def order(self) -> list[Any]:
        return paging.order_keys(paging.sort_columns(self.sort_keys, SORT_KEYS),
                                 self.sort_dir, Stack.created_at, Stack.id)


def _tags_column(dialect: str) -> sa.Label[Any]:
    """A stack's tags joined in creation order, as a correlated subquery.

    One statement for the page and its tags. SQLite before 3.44 takes no
    ORDER BY inside an aggregate, so there it aggregates an ordered
    derived table (which SQLite reads in order); the servers order inside
    the aggregate.
    """
    separator = sa.literal_column("'%s'" % _TAG_SEPARATOR)
    if dialect == "sqlite":
        ordered = (sa.select(_TAGS.c.tag).where(_TAGS.c.stack_id == _STACKS.c.id)
                   .order_by(_TAGS.c.id).correlate(_STACKS).subquery())
        joined = sa.select(sa.func.group_concat(ordered.c.tag, separator))
    else:
        joined = (sa.select(sa.func.aggregate_strings(_TAGS.c.tag, separator)
                            .aggregate_order_by(_TAGS.c.id))
                  .where(_TAGS.c.stack_id == _STACKS.c.id))
    return joined.scalar_subquery().label("tags")


def _page_query(query: ListQuery, dialect: str) -> sa.Select[Any]:
    return sa.select(*_SUMMARY_COLUMNS, _tags_column(dialect)).where(*query.where())


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _first_page(query: ListQuery, limit: int | None, dialect: str) -> sa.Select[Any]:
    return paging.apply(_page_query(query, dialect), query.order(), None, limit)


@functools.lru_cache(maxsize=STATEMENT_CACHE_SIZE)
def _count(query: ListQuery) -> sa.Select[Any]:
    return sa.select(sa.func.count(_STACKS.c.id)).where(*query.where())


def _marker_row(conn: sa.Connection, marker: str | None) -> sa.Row[Any] | None:
    return conn.execute(_MARKER, {"marker": marker}).first() if marker else None


def _marker_page(query: ListQuery, limit: int | None, marker_row: sa.Row[Any],
                 dialect: str) -> sa.Select[Any]:
    return paging.apply(_page_query(query, dialect), query.order(), marker_row, limit)


def _summary(row: sa.Row[Any]) -> StackSummary:
    *columns, joined = row
    tags = [TagValue(tag) for tag in joined.split(_TAG_SEPARATOR)] if joined else []
    return StackSummary(*columns, tags=tags)


def list_summaries(tenant: str | None,
                   filters: Mapping[str, paging.FilterValue] | None = None,
                   limit: int | str | None = None, marker: str | None = None,
                   sort_keys: str | Sequence[str] | None = None,
                   sort_dir: str | None = None, show_deleted: bool = False,
                   show_nested: bool = False, show_hidden: bool = False,
                   tags: Sequence[str] | None = None, tags_any: Sequence[str] | None = None,
                   not_tags: Sequence[str] | None = None,
                   not_tags_any: Sequence[str] | None = None) -> list[StackSummary]:
    """One page of stacks, as Heat's stack_get_all lists them.

    A ``tenant`` of None lists every tenant. The marker is the id of the
    previous page's last stack; an unknown one is ignored, as in Heat.
    Unknown sort keys are ignored; a bad sort_dir, limit or filter name is
    a BadRequest.
    """
    query = ListQuery.of(tenant, filters, sort_keys, sort_dir, show_deleted, show_nested,
                         show_hidden, tags, tags_any, not_tags, not_tags_any)
    page_size = paging.parse_limit(limit)
    with session.single_read() as conn:
        dialect = conn.dialect.name
        marker_row = _marker_row(conn, marker)
        if marker_row is None:
            stmt = _first_page(query, page_size, dialect)
        else:
            stmt = _marker_page(query, page_size, marker_row, dialect)
        return [_summary(row) for row in conn.execute(stmt, {"tenant": tenant})]


def count(tenant: str | None, filters: Mapping[str, paging.FilterValue] | None = None,
          show_deleted: bool = False, show_nested: bool = False,
          show_hidden: bool = False, tags: Sequence[str] | None = None,
          tags_any: Sequence[str] | None = None, not_tags: Sequence[str] | None = None,
          not_tags_any: Sequence[str] | None = None) -> int:
    """How many stacks ``list_summaries`` would return without paging."""
    query = ListQuery.of(tenant, filters, None, None, show_deleted, show_nested,
                         show_hidden, tags, tags_any, not_tags, not_tags_any)
    with session.single_read() as conn:
        return int(conn.execute(_count(query), {"tenant": tenant}).scalar() or 0)


def count_live(tenant: str) -> int:
    """Live top-level stacks of the tenant, hidden ones excluded.

    What Heat compares with max_stacks_per_tenant (its count_all defaults).
    """
    return count(tenant)
