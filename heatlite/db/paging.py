"""Sorting, marker pagination and exact-match filters for list queries.

The rules are Heat's (its db api over oslo.db's paginate_query), so a
client paging through heatlite sees what it saw with Heat:

- only whitelisted sort keys count; unknown ones are ignored;
- no usable sort key: ``created_at`` with the given direction, else desc;
- the row id is always the last key, so the order is total;
- sort_dir is asc or desc, optionally ``-nullsfirst`` / ``-nullslast``
  (default: NULL sorts lowest); anything else is a 400;
- the marker is the last row of the previous page; an unknown marker is
  ignored and the first page is returned.

NULL placement is spelled out in SQL (an ``IS NULL`` key before the column)
because SQLite/MySQL and PostgreSQL disagree on where NULLs go.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from heatlite.common import exception

_VALID_SORT_DIRS = ("asc-nullsfirst", "asc-nullslast", "desc-nullsfirst", "desc-nullslast")

FilterValue = str | int | bool | None | Sequence[str]


@dataclass(frozen=True)
class _Key:
    """One term of the ORDER BY.

    ``null_flag`` terms order a nullable column's NULLs: 0 for NULL, 1 for
    a value, placed just before the column itself.
    """

    expr: sa.ColumnElement[Any]
    ascending: bool
    column: InstrumentedAttribute[Any]
    null_flag: bool = False

    def marker_value(self, marker: Any) -> Any:
        value = getattr(marker, self.column.key)
        if self.null_flag:
            return 0 if value is None else 1
        return value


def parse_sort_dir(sort_dir: str | None) -> tuple[bool, bool | None]:
    """(ascending, nulls_first or None for the default) from a sort_dir."""
    value = (sort_dir or "asc").strip().lower()
    direction, _, nulls = value.partition("-")
    if direction not in ("asc", "desc") or nulls not in ("", "nullsfirst", "nullslast"):
        raise exception.BadRequest(message="Unknown sort direction, must be one of: %s"
                                   % ", ".join(_VALID_SORT_DIRS))
    return direction == "asc", (None if not nulls else nulls == "nullsfirst")


def sort_columns(sort_keys: str | Iterable[str] | None,
                 key_map: Mapping[str, InstrumentedAttribute[Any]]
                 ) -> list[InstrumentedAttribute[Any]]:
    """The columns for the whitelisted sort keys, in order, unknown ones dropped."""
    if isinstance(sort_keys, str):
        sort_keys = [sort_keys]
    columns: list[InstrumentedAttribute[Any]] = []
    for key in sort_keys or ():
        column = key_map.get(key)
        if column is not None and column not in columns:
            columns.append(column)
    return columns


def order_keys(columns: Sequence[InstrumentedAttribute[Any]], sort_dir: str | None,
               default: InstrumentedAttribute[Any],
               id_column: InstrumentedAttribute[Any]) -> list[_Key]:
    """The full ORDER BY for the given columns, Heat's defaults applied."""
    if not columns:
        columns = [default]
        sort_dir = sort_dir or "desc"
    ascending, nulls_first = parse_sort_dir(sort_dir)
    keys: list[_Key] = []
    for column in [*columns, id_column]:
        if column.property.columns[0].nullable:
            first = ascending if nulls_first is None else nulls_first
            # 0 for NULL, 1 otherwise: ascending on it puts NULLs first.
            is_set = sa.case((column.is_(None), 0), else_=1)
            keys.append(_Key(is_set, first, column, null_flag=True))
        keys.append(_Key(column, ascending, column))
    return keys


def apply(stmt: sa.Select[Any], keys: Sequence[_Key], marker: Any | None = None,
          limit: int | None = None) -> sa.Select[Any]:
    """Add ORDER BY, the after-marker condition and LIMIT to ``stmt``."""
    stmt = stmt.order_by(*(k.expr.asc() if k.ascending else k.expr.desc() for k in keys))
    if marker is not None:
        stmt = stmt.where(_after(keys, marker))
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def _after(keys: Sequence[_Key], marker: Any) -> sa.ColumnElement[bool]:
    """Rows strictly after ``marker`` in the order ``keys`` define."""
    alternatives = []
    equal_so_far: list[sa.ColumnElement[bool]] = []
    marker_null = False
    for key in keys:
        value = key.marker_value(marker)
        if marker_null:
            # The marker's column is NULL: rows tied with it on the null
            # flag are NULL there too, so the column itself decides nothing.
            marker_null = False
            continue
        beyond = key.expr > value if key.ascending else key.expr < value
        alternatives.append(sa.and_(*equal_so_far, beyond))
        equal_so_far.append(key.expr == value)
        marker_null = key.null_flag and value == 0
    return sa.or_(*alternatives)


def parse_limit(limit: int | str | None) -> int | None:
    """The limit as an int (the API hands strings through), or a clear 400."""
    if limit is None:
        return None
    try:
        value = int(limit)
    except (TypeError, ValueError):
        raise exception.BadRequest(
            message="limit must be an integer, got %r" % (limit,)) from None
    if value < 0:
        raise exception.BadRequest(message="limit must not be negative")
    return value


def exact_filters(model: type, filters: Mapping[str, FilterValue] | None,
                  allowed: Mapping[str, str]) -> list[sa.ColumnElement[bool]]:
    """WHERE terms for ``filters``: a list value means any of, else equal.

    ``allowed`` maps accepted filter names to column attribute names; any
    other name is a 400 rather than a silent no-op.
    """
    terms: list[sa.ColumnElement[bool]] = []
    for name, value in (filters or {}).items():
        if name not in allowed:
            raise exception.BadRequest(message="Invalid filter key: %s" % name)
        column = getattr(model, allowed[name])
        if isinstance(value, (list, tuple, set, frozenset)):
            terms.append(column.in_(list(value)))
        elif value is None:
            terms.append(column.is_(None))
        else:
            terms.append(column == value)
    return terms
