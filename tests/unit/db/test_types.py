"""heatlite.db.types: JSON as text, None as NULL, MySQL variants."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql, sqlite

from heatlite.db import types


def _ddl(type_, dialect):
    return type_.compile(dialect=dialect)


def test_json_round_trip_and_null():
    engine = sa.create_engine("sqlite://")
    table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("doc", types.Json))
    table.metadata.create_all(engine)
    values = [{"a": [1, 2.5, None, True]}, ["ü", {}], "text", 0, None]
    with engine.begin() as conn:
        for i, value in enumerate(values):
            conn.execute(table.insert().values(id=i, doc=value))
        stored = conn.execute(sa.text("SELECT doc FROM t ORDER BY id")).scalars().all()
        loaded = conn.execute(sa.select(table.c.doc).order_by(table.c.id)).scalars().all()
    assert loaded == values
    # None is SQL NULL, not the JSON text 'null'.
    assert stored[-1] is None
    assert stored[0] == '{"a":[1,2.5,null,true]}'


def test_mysql_gets_longtext_and_microseconds():
    assert _ddl(types.Json(), mysql.dialect()) == "LONGTEXT"
    assert _ddl(types.LongText, mysql.dialect()) == "LONGTEXT"
    assert _ddl(types.DateTime, mysql.dialect()) == "DATETIME(6)"
    assert _ddl(types.Json(), postgresql.dialect()) == "TEXT"
    assert _ddl(types.DateTime, postgresql.dialect()) == "TIMESTAMP WITHOUT TIME ZONE"
    assert _ddl(types.Json(), sqlite.dialect()) == "TEXT"
