"""Importing this module green-patches the standard library and psycopg2.

The daemons serve many requests and stack operations on green threads, so
heatlite-api, -engine and -all import it before anything opens a socket.
heatlite-wsgi-api does not: uwsgi and gunicorn bring their own concurrency.

PyMySQL is pure Python and goes green with the socket module; psycopg2 is a
C driver, so it gets a wait callback that parks the green thread on the
hub instead of blocking the whole process on each PostgreSQL query.
"""

from __future__ import annotations

from typing import Any

import eventlet
from eventlet.hubs import trampoline

eventlet.monkey_patch()

try:
    import psycopg2
    from psycopg2 import extensions as pg_extensions
except ImportError:  # PostgreSQL support not installed
    psycopg2 = None


def _psycopg2_wait(conn: Any, timeout: float | None = None) -> None:
    while True:
        state = conn.poll()
        if state == pg_extensions.POLL_OK:
            return
        if state == pg_extensions.POLL_READ:
            trampoline(conn.fileno(), read=True)
        elif state == pg_extensions.POLL_WRITE:
            trampoline(conn.fileno(), write=True)
        else:
            raise psycopg2.OperationalError("Bad result from poll: %r" % state)


if psycopg2 is not None:
    pg_extensions.set_wait_callback(_psycopg2_wait)
