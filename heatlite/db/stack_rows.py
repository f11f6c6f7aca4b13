"""Plain reads of one stack for the engine's hot paths (nested stacks).

``stacks.get`` builds an ORM ``Stack`` with its tags joined: right for the
API's documents, but the nested-stack runner reads a stack many times per
child (its parent, its final status, its outputs) and needs neither tags
nor an identity map. These reads are one Core query each and give plain
``StackRow`` values with the same attribute names as ``models.Stack``
(tags excepted), so callers can take either.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import sqlalchemy as sa

from heatlite.db import models, session

_TABLE: sa.Table = models.Stack.__table__  # type: ignore[assignment]
_RAW: sa.Table = models.RawTemplate.__table__  # type: ignore[assignment]


@dataclasses.dataclass(slots=True)
class StackRow:
    """Every column of a stack row but ``deleted_marker``; no tags."""

    id: str
    name: str
    raw_template_id: int
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


@dataclasses.dataclass(slots=True)
class RawTemplateRow:
    """A raw template's columns, as ``models.RawTemplate`` names them."""

    id: int
    template: Any
    files: Any
    environment: Any


_COLUMNS = tuple(_TABLE.c[f.name] for f in dataclasses.fields(StackRow))
_LIVE = sa.select(*_COLUMNS).where(_TABLE.c.id == sa.bindparam("stack_id"),
                                   _TABLE.c.deleted_at.is_(None))
_ANY = sa.select(*_COLUMNS).where(_TABLE.c.id == sa.bindparam("stack_id"))
_RAW_BY_ID = sa.select(_RAW.c.id, _RAW.c.template, _RAW.c.files, _RAW.c.environment).where(
    _RAW.c.id == sa.bindparam("template_id"))


def get(stack_id: str, show_deleted: bool = False) -> StackRow | None:
    """The stack by id (every tenant), or None if missing or deleted."""
    with session.reader_connection() as conn:
        row = conn.execute(_ANY if show_deleted else _LIVE, {"stack_id": stack_id}).first()
    return StackRow(*row) if row is not None else None


def get_raw_template(template_id: int) -> RawTemplateRow | None:
    """The raw template by id, or None."""
    with session.reader_connection() as conn:
        row = conn.execute(_RAW_BY_ID, {"template_id": template_id}).first()
    return RawTemplateRow(*row) if row is not None else None
