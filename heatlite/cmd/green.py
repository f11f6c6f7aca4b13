"""Importing this module green-patches the standard library.

The daemons serve many requests and stack operations on green threads, so
heatlite-api, -engine and -all import it before anything opens a socket.
heatlite-wsgi-api does not: uwsgi and gunicorn bring their own concurrency.

eventlet's green DNS resolver is switched off first (heatlite.cmd.quiet):
heatlite resolves only a few names (its database and broker, at connection
time), so the blocking system resolver costs nothing measurable.

PyMySQL is pure Python and goes green with the socket module; psycopg2 is a
C driver, so ``patch_psycopg2`` gives it a wait callback that parks the green
thread on the hub instead of blocking the whole process on each PostgreSQL
query. It is called only when the database is PostgreSQL, so the SQLite and
MariaDB set-ups do not load the driver.
"""

from __future__ import annotations

from heatlite.cmd import quiet  # noqa: F401,I001  (before eventlet is imported)

import eventlet  # noqa: E402
from eventlet.hubs import trampoline  # noqa: E402
from typing import Any  # noqa: E402

# psycopg2 is patched by patch_psycopg2, only when used.
eventlet.monkey_patch(psycopg=False)


_psycopg2: Any = None
"""The psycopg2 module, once patch_psycopg2 has loaded it."""


def _psycopg2_wait(conn: Any, timeout: float | None = None) -> None:
    extensions = _psycopg2.extensions
    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            trampoline(conn.fileno(), read=True)
        elif state == extensions.POLL_WRITE:
            trampoline(conn.fileno(), write=True)
        else:
            raise _psycopg2.OperationalError("Bad result from poll: %r" % state)


def patch_psycopg2() -> bool:
    """Make psycopg2 green; False when it is not installed.

    The import is deferred to here for memory (~6 MiB): only a process
    whose ``[database] connection`` is PostgreSQL calls this.
    """
    global _psycopg2
    try:
        import psycopg2  # noqa: PLC0415  (deferred for memory, see above)
        from psycopg2 import extensions  # noqa: PLC0415
    except ImportError:
        return False
    _psycopg2 = psycopg2
    extensions.set_wait_callback(_psycopg2_wait)
    return True


def uses_postgresql(connection: str | None) -> bool:
    """Whether a ``[database] connection`` URL names PostgreSQL."""
    scheme = (connection or "").split(":", 1)[0]
    return scheme.split("+", 1)[0] in ("postgresql", "postgres")


def patch_db_driver(connection: str | None) -> None:
    """Green-patch the database driver ``connection`` needs, if any."""
    if uses_postgresql(connection):
        patch_psycopg2()
