"""A pooled connection the server dropped is recovered (heatlite.db.session).

The pool pings only connections idle for ``database_ping_after_idle``
seconds. These tests kill the server side of our pooled connection (what a
MariaDB/PostgreSQL restart or an idle timeout does to it) and check both
paths: an idle connection is pinged and replaced, so the next transaction
works; a recently used one is handed out unpinged, its first statement
fails with a disconnect error, and the pool replaces it for the next one.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import psycopg2
import pymysql
import pytest
import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.db import session
from tests.functional import services
from tests.unit.db import fixtures

_BACKEND_ID = {"mysql": "SELECT CONNECTION_ID()", "postgresql": "SELECT pg_backend_pid()"}


def _backend_id() -> int:
    name = "postgresql" if session.get_engine().dialect.name == "postgresql" else "mysql"
    with session.reader_connection() as conn:
        return int(conn.execute(sa.text(_BACKEND_ID[name])).scalar())


def _kill(url: str, backend_id: int) -> None:
    """Drop the server side of one connection, from another connection."""
    if url.startswith("mysql"):
        conn = pymysql.connect(host=services.HOST, port=services.MARIADB_PORT, user="root",
                               password="")
        try:
            with conn.cursor() as cur:
                cur.execute("KILL %d" % backend_id)
        finally:
            conn.close()
    else:
        conn = psycopg2.connect(host=services.HOST, port=services.POSTGRESQL_PORT,
                                user="postgres", dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute("SELECT pg_terminate_backend(%s)", (backend_id,))
        finally:
            conn.close()


@pytest.fixture
def configure(server_url: str) -> Iterator:
    def build(ping_after_idle: float) -> None:
        conf = fixtures.make_conf(connection=server_url)
        conf.set_override("database_ping_after_idle", ping_after_idle)
        conf.set_override("max_pool_size", 1, group="database")
        session.configure(conf)
    yield build
    session.dispose()


def test_idle_connection_is_pinged_and_replaced(server_url, configure):
    configure(0.05)
    first = _backend_id()
    assert _backend_id() == first  # pooled: the same server connection
    _kill(server_url, first)
    time.sleep(0.2)  # idle longer than database_ping_after_idle
    second = _backend_id()
    assert second != first


def test_recent_connection_fails_once_then_pool_recovers(server_url, configure):
    configure(3600)
    first = _backend_id()
    _kill(server_url, first)
    with pytest.raises(db_exception.DBConnectionError):
        _backend_id()
    assert _backend_id() != first


def test_zero_pings_every_checkout(server_url, configure):
    configure(0)
    first = _backend_id()
    _kill(server_url, first)
    assert _backend_id() != first
