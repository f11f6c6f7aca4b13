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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import models, paging, session

Stack = models.Stack
StackTag = models.StackTag

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
    stmt = sa.select(Stack).where(Stack.id == stack_id, _scope(tenant))
    if not show_deleted:
        stmt = stmt.where(Stack.deleted_at.is_(None))
    with session.reader() as s:
        return s.scalars(stmt).first()


def get_by_name(tenant: str, name: str) -> Stack | None:
    """The live stack called ``name`` in the tenant, or None.

    A stack of the tenant's own project wins over one it only reaches as
    stack-user project.
    """
    stmt = (sa.select(Stack)
            .where(Stack.name == name, _scope(tenant), Stack.deleted_at.is_(None))
            .order_by(sa.case((Stack.tenant == tenant, 0), else_=1)))
    with session.reader() as s:
        return s.scalars(stmt).first()


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
                raise exception.NotFound(
                    message="Attempt to update a stack with id: %s that does "
                            "not exist" % stack_id)
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


@session.retry_on_deadlock
def soft_delete(stack_id: str) -> None:
    """Mark the stack deleted: free its name, drop its tags and resources."""
    with session.writer() as s:
        stack = s.get(Stack, stack_id)
        if stack is None or stack.deleted_at is not None:
            raise exception.NotFound(
                message="Attempt to delete a stack with id: %s that does not "
                        "exist" % stack_id)
        stack.deleted_at = models.utcnow()
        stack.deleted_marker = stack.id
        stack.tags = []
        s.execute(sa.delete(models.Resource).where(models.Resource.stack_id == stack_id))


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
