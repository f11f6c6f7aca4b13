"""Queries on raw_template: a template with its files and environment.

A stack points at one raw template, and so does each resource row (the
one it was last created or updated with); an update stores a new one and
keeps the one it leaves as the stack's prev_raw_template_id until it ends,
and a template goes once neither a stack nor a resource row refers to it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, secrets, session

_COLUMNS = frozenset({"template", "files", "environment"})
_TABLE: sa.Table = models.RawTemplate.__table__  # type: ignore[assignment]
_STACK: sa.Table = models.Stack.__table__  # type: ignore[assignment]
_RESOURCE: sa.Table = models.Resource.__table__  # type: ignore[assignment]


@dataclasses.dataclass(slots=True)
class RawTemplateRow:
    """A raw template's columns, as ``models.RawTemplate`` names them."""

    id: int
    template: Any
    files: Any
    environment: Any


_BY_ID = sa.select(_TABLE.c.id, _TABLE.c.template, _TABLE.c.files,
                   _TABLE.c.environment).where(_TABLE.c.id == sa.bindparam("template_id"))


def _not_found(template_id: int) -> exception.NotFound:
    return exception.NotFound(message="raw template with id %s not found" % template_id)


def create(template: Any, files: Any = None, environment: Any = None) -> int:
    """Store a template; returns its id."""
    row = models.RawTemplate(template=template, files=files,
                             environment=secrets.seal_environment(environment, template))
    with session.writer() as s:
        s.add(row)
        s.flush()
        return row.id


def get(template_id: int) -> RawTemplateRow:
    """The raw template, or NotFound (it is referenced, so missing is an error).

    Plain values from one Core query: every stack show reads one, and an
    ORM session around it cost three times the query.
    """
    with session.single_read() as conn:
        row = conn.execute(_BY_ID, {"template_id": template_id}).first()
    if row is None:
        raise _not_found(template_id)
    # Hidden parameters are opened here, for the engine: the only reader.
    return RawTemplateRow(row.id, row.template, row.files,
                          secrets.open_environment(row.environment))


def update(template_id: int, values: Mapping[str, Any]) -> None:
    """Replace some of template, files and environment."""
    unknown = set(values) - _COLUMNS
    if unknown:
        raise ValueError("not raw_template columns: %s" % sorted(unknown))
    if "environment" in values:
        values = dict(values, environment=_sealed(template_id, values))
    with session.writer() as s:
        result = s.execute(sa.update(models.RawTemplate)
                           .where(models.RawTemplate.id == template_id)
                           .values(**values))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_found(template_id)


def _sealed(template_id: int, values: Mapping[str, Any]) -> Any:
    # Which parameters are hidden is the template's to say: the one given,
    # else the stored one.
    template = values["template"] if "template" in values else get(template_id).template
    return secrets.seal_environment(values["environment"], template)


def delete(template_id: int) -> None:
    """Remove a template no stack references any more."""
    with session.writer() as s:
        result = s.execute(sa.delete(models.RawTemplate)
                           .where(models.RawTemplate.id == template_id))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_found(template_id)


def drop_unreferenced(conn: sa.Connection, template_ids: Iterable[int | None]) -> int:
    """Delete those of ``template_ids`` no stack (deleted ones included) and
    no resource row refers to, inside the caller's transaction; returns how
    many went. Nones are skipped (rows written before the column existed).
    """
    ids = sorted({i for i in template_ids if i is not None})
    if not ids:
        return 0
    # The templates asked about are one stack's, whose writers hold its
    # lock; the foreign key still keeps any row from pointing at nothing.
    unreferenced = _TABLE.delete().where(
        _TABLE.c.id.in_(ids),
        ~sa.exists().where(_STACK.c.raw_template_id == _TABLE.c.id),
        ~sa.exists().where(_STACK.c.prev_raw_template_id == _TABLE.c.id),
        ~sa.exists().where(_RESOURCE.c.current_template_id == _TABLE.c.id))
    return int(conn.execute(unreferenced).rowcount)


@session.retry_on_deadlock
def delete_unreferenced(template_ids: Iterable[int | None]) -> int:
    """``drop_unreferenced`` in its own transaction."""
    with session.writer_connection() as conn:
        return drop_unreferenced(conn, template_ids)
