"""Plain reads of one stack without its tags, for the engine's hot paths.

The nested-stack runner reads a stack many times per child (its parent,
its final status, its outputs) and needs no tags; ``stacks.get`` joins
them in. Each read here is one Core query giving a ``StackRow``: the same
attribute names as ``models.Stack`` (tags excepted), and the base of
``stacks.StackRecord``, so callers can take either.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import sqlalchemy as sa

from heatlite.db import models, session

_TABLE: sa.Table = models.Stack.__table__  # type: ignore[assignment]


@dataclasses.dataclass(slots=True)
class StackRow:
    """Every column of a stack row but ``deleted_marker``; no tags."""

    id: str
    name: str
    raw_template_id: int
    prev_raw_template_id: int | None
    tenant: str
    username: str | None
    user_id: str | None
    action: str | None
    status: str | None
    status_reason: str | None
    timeout: int | None
    disable_rollback: bool
    owner_id: str | None
    nested_depth: int
    parent_resource_name: str | None
    stack_user_project_id: str | None
    outputs: Any
    created_at: datetime.datetime
    updated_at: datetime.datetime | None
    deleted_at: datetime.datetime | None


COLUMNS = tuple(_TABLE.c[f.name] for f in dataclasses.fields(StackRow))
"""The columns of a StackRow, in its field order (``StackRow(*row)``)."""
_LIVE = sa.select(*COLUMNS).where(_TABLE.c.id == sa.bindparam("stack_id"),
                                   _TABLE.c.deleted_at.is_(None))
_ANY = sa.select(*COLUMNS).where(_TABLE.c.id == sa.bindparam("stack_id"))
_CHILDREN = (sa.select(*COLUMNS)
             .where(_TABLE.c.owner_id == sa.bindparam("stack_id"), _TABLE.c.deleted_at.is_(None))
             .order_by(_TABLE.c.created_at, _TABLE.c.id))


def get(stack_id: str, show_deleted: bool = False) -> StackRow | None:
    """The stack by id (every tenant), or None if missing or deleted."""
    with session.single_read() as conn:
        row = conn.execute(_ANY if show_deleted else _LIVE, {"stack_id": stack_id}).first()
    return StackRow(*row) if row is not None else None


def children(stack_id: str) -> list[StackRow]:
    """The live stacks nested directly in ``stack_id``, oldest first."""
    with session.single_read() as conn:
        return [StackRow(*row) for row in conn.execute(_CHILDREN, {"stack_id": stack_id})]
