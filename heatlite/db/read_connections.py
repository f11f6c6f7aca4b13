"""Connections kept for single reads on an SQLite file, outside the pool.

An API read is one or two small SELECTs, and on SQLite checking a
connection out of SQLAlchemy's pool and back in (a queue behind green
locks, a reset, weak-reference bookkeeping) cost as much as the query.
Single reads on SQLite run with no BEGIN (see session.single_read), so
a connection that served one holds no transaction and nothing to reset;
it can serve the next one as it is. A few such connections are kept here
and lent out one reader at a time.

Only for SQLite files: a server database's connections go back to the
pool, where idle ones are pinged and dropped ones replaced. A connection
whose read failed is closed, not kept; after a fork the kept ones belong
to the parent and are left alone.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

KEPT_READ_CONNECTIONS = 4
"""Connections kept for single reads, beyond which they go back to the pool."""


class ReadConnections:
    """Lends Core connections for single reads, keeping a few for reuse."""

    def __init__(self, engine: sa.Engine, options: dict[str, object],
                 kept: int = KEPT_READ_CONNECTIONS) -> None:
        self._engine = engine
        self._options = options
        self._kept = kept
        self._free: list[sa.Connection] = []
        self._pid = os.getpid()

    def take(self) -> sa.Connection:
        if self._pid != os.getpid():
            self._free = []  # the parent's: never closed or used here
            self._pid = os.getpid()
        if self._free:
            return self._free.pop()
        conn = self._engine.connect()
        conn.execution_options(**self._options)
        return conn

    def give_back(self, conn: sa.Connection, healthy: bool) -> None:
        """Keep ``conn`` for the next read if it is sound and holds no
        transaction (a BEGIN would pin an old snapshot); else close it."""
        if (healthy and not conn.invalidated and len(self._free) < self._kept
                and not conn.connection.dbapi_connection.in_transaction):
            self._free.append(conn)
        else:
            conn.close()

    def close(self) -> None:
        free, self._free = self._free, []
        for conn in free:
            conn.close()
