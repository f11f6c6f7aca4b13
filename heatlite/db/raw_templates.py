"""Queries on raw_template: a template with its files and environment.

A stack points at one raw template; an update stores a new one and the old
one goes when nothing uses it any more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from heatlite.common import exception
from heatlite.db import models, session

_COLUMNS = frozenset({"template", "files", "environment"})


def _not_found(template_id: int) -> exception.NotFound:
    return exception.NotFound(message="raw template with id %s not found" % template_id)


def create(template: Any, files: Any = None, environment: Any = None) -> int:
    """Store a template; returns its id."""
    row = models.RawTemplate(template=template, files=files, environment=environment)
    with session.writer() as s:
        s.add(row)
        s.flush()
        return row.id


def get(template_id: int) -> models.RawTemplate:
    """The raw template, or NotFound (it is referenced, so missing is an error)."""
    with session.reader() as s:
        row = s.get(models.RawTemplate, template_id)
    if row is None:
        raise _not_found(template_id)
    return row


def update(template_id: int, values: Mapping[str, Any]) -> None:
    """Replace some of template, files and environment."""
    unknown = set(values) - _COLUMNS
    if unknown:
        raise ValueError("not raw_template columns: %s" % sorted(unknown))
    with session.writer() as s:
        result = s.execute(sa.update(models.RawTemplate)
                           .where(models.RawTemplate.id == template_id)
                           .values(**values))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_found(template_id)


def delete(template_id: int) -> None:
    """Remove a template no stack references any more."""
    with session.writer() as s:
        result = s.execute(sa.delete(models.RawTemplate)
                           .where(models.RawTemplate.id == template_id))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _not_found(template_id)
