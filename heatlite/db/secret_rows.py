"""Re-keying the secrets already stored: heatlite-manage update_params.

Heat's ``heat-manage update_params encrypt|decrypt [previous key]``: every
stored secret is opened with the previous key (the configured one when
none is given) and written again with the configured key. ``encrypt``
also encrypts what encrypt_parameters_and_properties governs (hidden
parameters, properties, deployments' values) whatever the option says;
``decrypt`` stores those in clear. Columns encrypted always (doc/source/secrets.rst)
stay encrypted either way, with the configured key. Rows are read and
written as stored (plain ``Json``), a batch per transaction; the engines
must be stopped, as heat-manage asks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa

from heatlite.db import secrets, session, types

BATCH = 200

# (table, primary key, columns encrypted always, columns the option governs)
_SEALED_COLUMNS = (
    ("resource", "id", ("attr_data", "data"), ("properties_data",)),
    ("event", "id", ("resource_properties",), ()),
    ("stack", "id", ("outputs",), ()),
    ("snapshot", "id", ("data",), ()),
    ("software_deployment", "id", (), ("input_values", "output_values")),
)


@dataclasses.dataclass
class Rekeyed:
    """How many rows each table had rewritten."""

    rows: dict[str, int] = dataclasses.field(default_factory=dict)


def _table(name: str, key: str, columns: tuple[str, ...]) -> sa.TableClause:
    return sa.table(name, sa.column(key), *(sa.column(c, types.Json) for c in columns))


def _batches(table: sa.TableClause, key: str) -> Iterator[list[Any]]:
    after: Any = None
    pk = table.c[key]
    while True:
        stmt = sa.select(table).order_by(pk).limit(BATCH)
        if after is not None:
            stmt = stmt.where(pk > after)
        with session.single_read() as conn:
            rows = list(conn.execute(stmt))
        if not rows:
            return
        yield rows
        after = getattr(rows[-1], key)


def _rewrite(table: sa.TableClause, key: str,
             change: Callable[[Any], dict[str, Any]]) -> int:
    written = 0
    for rows in _batches(table, key):
        updates = [(getattr(row, key), change(row)) for row in rows]
        updates = [(ident, values) for ident, values in updates if values]
        if not updates:
            continue
        with session.writer_connection() as conn:
            for ident, values in updates:
                conn.execute(table.update().where(table.c[key] == ident).values(**values))
        written += len(updates)
    return written


def rekey(encrypt: bool, key: str, previous_key: str | None = None) -> Rekeyed:
    """Rewrite every stored secret (see the module docstring); ``key`` is
    the configured key, ``previous_key`` the one the rows were written with."""
    old = previous_key or key
    done = Rekeyed()

    def environment(row: Any) -> dict[str, Any]:
        opened = secrets.open_environment(row.environment, old)
        value = secrets.seal_environment(opened, row.template, key, encrypt=encrypt)
        return {"environment": value} if value != row.environment else {}

    table = _table("raw_template", "id", ("template", "environment"))
    done.rows["raw_template"] = _rewrite(table, "id", environment)
    for name, pk, always, governed in _SEALED_COLUMNS:

        def change(row: Any, always: tuple[str, ...] = always,
                   governed: tuple[str, ...] = governed) -> dict[str, Any]:
            values = {}
            for column in always + governed:
                stored = getattr(row, column)
                if not stored:
                    continue
                clear = secrets.unseal(stored, old)
                sealed = column in always or encrypt
                values[column] = (secrets.seal(clear, always=True, key=key)
                                  if sealed else clear)
            return values

        done.rows[name] = _rewrite(_table(name, pk, always + governed), pk, change)
    return done
