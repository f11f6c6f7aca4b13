"""Queries on a stack's resources.

Resources are rows of their stack only (no tenant check here: the engine
reaches them through a stack it has already scoped). A stack can briefly
hold two rows with one name while a resource is replaced.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.common import exception
from heatlite.db import models, session

Resource = models.Resource


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


def get(resource_id: int) -> Resource | None:
    """The resource by its integer id, or None."""
    with session.reader() as s:
        return s.get(Resource, resource_id)


def get_all_by_stack(stack_id: str) -> builtins.list[Resource]:
    """Every resource row of the stack, oldest first."""
    stmt = sa.select(Resource).where(Resource.stack_id == stack_id).order_by(Resource.id)
    with session.reader() as s:
        return builtins.list(s.scalars(stmt))


def get_by_name(stack_id: str, name: str) -> Resource | None:
    """The stack's resource called ``name``; the newest row if two share it."""
    stmt = (sa.select(Resource)
            .where(Resource.stack_id == stack_id, Resource.name == name)
            .order_by(Resource.id.desc()).limit(1))
    with session.reader() as s:
        return s.scalars(stmt).first()


@session.retry_on_deadlock
def update(resource_id: int, values: Mapping[str, Any]) -> None:
    """Change columns of one resource; NotFound if it is gone."""
    unknown = set(values) - set(Resource.__mapper__.columns.keys())
    if unknown:
        raise ValueError("not resource columns: %s" % sorted(unknown))
    with session.writer() as s:
        result = s.execute(sa.update(Resource).where(Resource.id == resource_id)
                           .values(**values))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_found(resource_id)


@session.retry_on_deadlock
def delete(resource_id: int) -> None:
    """Remove one resource row (e.g. the old half of a replacement)."""
    with session.writer() as s:
        result = s.execute(sa.delete(Resource).where(Resource.id == resource_id))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_found(resource_id)


@session.retry_on_deadlock
def delete_by_stack(stack_id: str) -> int:
    """Remove every resource of the stack; returns how many went."""
    with session.writer() as s:
        result = s.execute(sa.delete(Resource).where(Resource.stack_id == stack_id))
        return int(result.rowcount)  # type: ignore[attr-defined]
