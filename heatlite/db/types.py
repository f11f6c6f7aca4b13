"""Column types that behave the same on SQLite, MariaDB/MySQL and PostgreSQL.

JSON is stored as text we serialise ourselves rather than with each
backend's native JSON type: the stored bytes are then identical everywhere,
Python ``None`` always means SQL NULL (the native types store a JSON
``null`` unless told otherwise), and MySQL gets LONGTEXT so a large
template is never cut at 64 KiB. MySQL's DATETIME keeps no fraction of a
second unless asked, so timestamps ask for microseconds there.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

from heatlite.db import secrets

_MYSQL = ("mysql", "mariadb")

LongText: TypeEngine[str] = sa.Text().with_variant(mysql.LONGTEXT(), *_MYSQL)
"""Unbounded text: TEXT, except LONGTEXT on MySQL."""

DateTime: TypeEngine[Any] = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
"""Naive UTC timestamp with microseconds on every backend."""


class Json(sa.types.TypeDecorator[Any]):
    """Any JSON-serialisable value, stored as text; None is SQL NULL."""

    impl = sa.Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in _MYSQL:
            return dialect.type_descriptor(mysql.LONGTEXT())
        # Not type_descriptor(Text()): PostgreSQL's adaptation would make it
        # a VARCHAR.
        return self.impl_instance

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, separators=(",", ":"), sort_keys=False)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return json.loads(value)


class SecretJson(Json):
    """``Json`` whose value is encrypted on write (doc/source/secrets.rst): always,
    or (``always`` False) only with encrypt_parameters_and_properties.
    Sealed values are opened on read whatever the option says now."""

    cache_ok = True

    def __init__(self, always: bool) -> None:
        super().__init__()
        self.always = always

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return super().process_bind_param(secrets.seal(value, self.always), dialect)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return secrets.unseal(super().process_result_value(value, dialect))
