"""The database engine and the ways to open a transaction.

Engine creation, per backend:

- MariaDB/MySQL and PostgreSQL go through ``oslo_db.sqlalchemy.engines
  .create_engine``. It is what every OpenStack service runs in production
  against these servers: TRADITIONAL sql_mode on MySQL, recycle and a
  ping of connections idle for ``database_ping_after_idle`` seconds (not of
  every checkout: see ``_ping_after_idle``) so a restarted server or an
  idle-killed connection is replaced instead of failing a request,
  connection retries at start-up, fork guards,
  and oslo.db's error translation (duplicate key -> ``DBDuplicateEntry``,
  deadlock -> ``DBDeadlock``) that lets the query modules tell a name clash
  from a bug the same way on every backend. MySQL connections use utf8mb4
  unless the URL names a charset.
- SQLite is built with plain SQLAlchemy, because oslo.db's SQLite set-up
  forces NullPool and emits a bare ``BEGIN`` for every transaction, which
  leaves no room for ``BEGIN IMMEDIATE``. The same error translation is
  registered on it. Each connection gets WAL (readers never wait for the
  writer), foreign keys, a busy timeout and synchronous=NORMAL (safe with
  WAL; a power cut may lose the last commits, never the file). Writer
  transactions open with ``BEGIN IMMEDIATE`` (SQLAlchemy's pysqlite recipe:
  the driver's own BEGIN is switched off and the ``begin`` event emits ours),
  so a second writer waits for the lock up front instead of failing with
  "database is locked" when it tries to upgrade a read lock.

SQLite and green threads: the pool is a QueuePool with
``check_same_thread=False``. A pooled connection serves one checkout at a
time, so no two green threads ever use it at once, and reusing connections
avoids reopening the file and a WAL checkpoint on every transaction (the
price of NullPool). Because sqlite's busy wait sleeps inside C, where
eventlet cannot switch, two green threads of one process must never contend
for the file lock: writers of a process therefore first take a
process-wide lock (``threading.Lock``, green once eventlet has patched the
process — ``configure`` must run after monkey patching), and only writers
of *other* processes meet the busy timeout. Nested ``writer()`` blocks in
one thread would wait on themselves and are refused at once.

Functions of the query modules open their own transaction; callers never
share a session across calls, and get back detached objects
(``expire_on_commit=False``) whose columns and eager relationships stay
readable. The hot write paths of the engine (a resource or stack
transition with its event) use ``writer_connection()`` instead: a Core
connection in the same kind of transaction, without the ORM's unit of work,
which costs more than the SQL itself for one-row updates.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from oslo_config import cfg
from oslo_db import api as oslo_db_api
from oslo_db.sqlalchemy import engines as oslo_engines
from oslo_db.sqlalchemy import exc_filters
from sqlalchemy import event, exc, pool
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from heatlite.db import options
from heatlite.db import read_connections
from heatlite.db import secrets

_BEGIN_OPTION = "heatlite_sqlite_begin"
WRITER_EXECUTION_OPTIONS = {_BEGIN_OPTION: "IMMEDIATE"}
"""Execution options that make an SQLite transaction take the write lock first."""
_SINGLE_READ_OPTIONS: dict[str, object] = {_BEGIN_OPTION: None}
"""SQLite: no BEGIN, each statement is its own transaction."""
SQLITE_BUSY_TIMEOUT_MS = 30000
SQLITE_POOL_SIZE = 5
SQLITE_POOL_OVERFLOW = 50
"""SQLite's pool, whatever ``[database] max_pool_size``/``max_overflow`` say
(their heatlite defaults are for server databases): writers of a process
take turns anyway, a connection opens in a fraction of a millisecond, and
each pooled one keeps its own page cache (up to 2 MiB) in memory."""
_CHECKED_IN = "heatlite_checked_in"  # connection record info: monotonic checkin time

_F = TypeVar("_F", bound=Callable[..., Any])


@dataclass
class _Database:
    conf: cfg.ConfigOpts
    engine: Engine
    # The engine with the writer execution options (BEGIN IMMEDIATE).
    writer_engine: Engine
    writer_factory: sessionmaker[Session]
    reader_factory: sessionmaker[Session]
    # Serialises this process's SQLite writers (None on server databases).
    write_lock: Any
    # Serialises every transaction on an in-memory SQLite database, whose
    # one shared connection cannot run two transactions at once.
    memory_lock: Any
    local: threading.local
    # SQLite files: connections kept for single reads (None elsewhere).
    read_connections: read_connections.ReadConnections | None = None


_db: _Database | None = None


def _is_sqlite(url: sa.URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _is_memory(url: sa.URL) -> bool:
    return url.database in (None, "", ":memory:")


def _sqlite_on_connect(dbapi_conn: Any, record: Any) -> None:
    # The driver must not emit its own BEGIN: _sqlite_on_begin does.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    try:
        # busy_timeout first: switching to WAL may itself wait for a lock.
        cursor.execute("PRAGMA busy_timeout = %d" % SQLITE_BUSY_TIMEOUT_MS)
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()
    record.info["pid"] = os.getpid()


def _sqlite_on_checkout(dbapi_conn: Any, record: Any, proxy: Any) -> None:
    # A connection inherited over fork() must not be shared with the parent.
    if record.info.get("pid") != os.getpid():
        raise exc.DisconnectionError("connection belongs to pid %s, not %s"
                                     % (record.info.get("pid"), os.getpid()))


def _sqlite_on_begin(conn: sa.Connection) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    if mode:
        conn.exec_driver_sql("BEGIN " + mode)


def _sqlite_engine(conf: cfg.ConfigOpts, url: sa.URL) -> Engine:
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if _is_memory(url):
        kwargs["poolclass"] = pool.StaticPool
    else:
        os.makedirs(os.path.dirname(os.path.abspath(url.database or "")), exist_ok=True)
        kwargs.update(poolclass=pool.QueuePool,
                      pool_size=SQLITE_POOL_SIZE,
                      max_overflow=SQLITE_POOL_OVERFLOW,
                      pool_timeout=conf.database.pool_timeout or 30)
    engine = sa.create_engine(url, echo=conf.database.connection_debug >= 100, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "checkout", _sqlite_on_checkout)
    event.listen(engine, "begin", _sqlite_on_begin)
    exc_filters.register_engine(engine)
    return engine


def _ping_after_idle(engine: Engine, idle_secs: float) -> None:
    """Replace the pool's ping on every checkout by one after ``idle_secs``.

    oslo.db turns on SQLAlchemy's pool_pre_ping: a round trip to the server
    before every transaction, ~6% of a busy engine. A connection checked in
    less than ``idle_secs`` ago is handed out unpinged: for it to be dead
    the server must have gone away and come back within that time, and
    even then its first statement fails with a disconnect error, which
    makes SQLAlchemy invalidate it and every older pooled connection. A
    longer-idle one is pinged, and replaced (DisconnectionError: the pool
    retries with a new connection) when the ping finds it dead.
    """
    pool_ = engine.pool
    if idle_secs <= 0 or not hasattr(pool_, "_pre_ping"):
        return  # keep pinging on every checkout
    pool_._pre_ping = False
    dialect = engine.dialect

    def checkout(dbapi_conn: Any, record: Any, proxy: Any) -> None:
        last = record.info.get(_CHECKED_IN)
        if last is not None and time.monotonic() - last < idle_secs:
            return
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as err:
            if isinstance(err, dialect.loaded_dbapi.Error) and \
                    dialect.is_disconnect(err, dbapi_conn, None):
                raise exc.DisconnectionError(str(err)) from err
            raise

    def checkin(dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info[_CHECKED_IN] = time.monotonic()

    event.listen(pool_, "checkout", checkout)
    event.listen(pool_, "checkin", checkin)


def _server_engine(conf: cfg.ConfigOpts, url: sa.URL) -> Engine:
    db = conf.database
    params = db.connection_parameters or ""
    if url.get_backend_name() in ("mysql", "mariadb") and "charset" not in url.query:
        params = "&".join(p for p in (params, "charset=utf8mb4") if p)
    engine = oslo_engines.create_engine(
        url.render_as_string(hide_password=False),
        mysql_sql_mode=db.mysql_sql_mode,
        mysql_wsrep_sync_wait=db.mysql_wsrep_sync_wait,
        connection_recycle_time=db.connection_recycle_time,
        connection_debug=db.connection_debug,
        max_pool_size=db.max_pool_size,
        max_overflow=db.max_overflow,
        pool_timeout=db.pool_timeout,
        connection_trace=db.connection_trace,
        max_retries=db.max_retries,
        retry_interval=db.retry_interval,
        connection_parameters=params or None)
    _ping_after_idle(engine, conf.database_ping_after_idle)
    return engine


def display_url(connection: str) -> str:
    """A database URL with its password hidden, for logs."""
    return make_url(connection).render_as_string(hide_password=True)


def create_engine(conf: cfg.ConfigOpts) -> Engine:
    """A new engine for ``[database] connection``; the caller disposes it.

    Used by ``configure`` and by the migration commands, which must not
    depend on the service's global engine.
    """
    options.register_opts(conf)
    url = make_url(conf.database.connection)
    if _is_sqlite(url):
        return _sqlite_engine(conf, url)
    return _server_engine(conf, url)


def configure(conf: cfg.ConfigOpts) -> None:
    """Build the process's engine from ``conf``; replaces an earlier one."""
    global _db
    secrets.configure(conf)
    engine = create_engine(conf)
    sqlite = _is_sqlite(engine.url)
    memory = sqlite and _is_memory(engine.url)
    writer_bind = engine.execution_options(**WRITER_EXECUTION_OPTIONS)
    dispose()
    _db = _Database(
        conf=conf,
        engine=engine,
        writer_engine=writer_bind,
        writer_factory=sessionmaker(bind=writer_bind, expire_on_commit=False),
        reader_factory=sessionmaker(bind=engine, expire_on_commit=False),
        write_lock=threading.Lock() if sqlite and not memory else None,
        memory_lock=threading.RLock() if memory else None,
        local=threading.local(),
        read_connections=(read_connections.ReadConnections(engine, _SINGLE_READ_OPTIONS)
                          if sqlite and not memory else None),
    )


def _current() -> _Database:
    if _db is None:
        raise RuntimeError("heatlite.db.session.configure(conf) was not called")
    return _db


def get_engine() -> Engine:
    """The configured engine (for migrations and diagnostics)."""
    return _current().engine


def get_conf() -> cfg.ConfigOpts:
    """The configuration the engine was built from (e.g. hidden_stack_tags)."""
    return _current().conf


def is_configured() -> bool:
    return _db is not None


@contextlib.contextmanager
def _write_turn() -> Iterator[_Database]:
    """This thread's turn to write: refuses nesting, holds the write lock."""
    db = _current()
    if getattr(db.local, "writing", False):
        raise RuntimeError("nested heatlite.db.session.writer() transaction")
    with db.write_lock or db.memory_lock or contextlib.nullcontext():
        db.local.writing = True
        try:
            yield db
        finally:
            db.local.writing = False


@contextlib.contextmanager
def writer() -> Iterator[Session]:
    """A read-write transaction: commits on success, rolls back on error.

    Not re-entrant: a nested writer in the same (green) thread would wait
    for its own lock on SQLite and for its own row locks elsewhere.
    """
    with _write_turn() as db, db.writer_factory() as session, session.begin():
        yield session


@contextlib.contextmanager
def writer_connection() -> Iterator[sa.Connection]:
    """A read-write transaction on a Core connection (no ORM session).

    Same locking, commit and rollback as ``writer()``, and not re-entrant
    either (a ``writer()`` inside it is refused, and the reverse).
    """
    with _write_turn() as db, db.writer_engine.begin() as conn:
        yield conn


@contextlib.contextmanager
def reader() -> Iterator[Session]:
    """A read-only transaction (a consistent snapshot on SQLite WAL).

    Do not write in it: on SQLite it holds no write lock.
    """
    db = _current()
    with db.memory_lock or contextlib.nullcontext():
        with db.reader_factory() as session, session.begin():
            yield session


@contextlib.contextmanager
def reader_connection() -> Iterator[sa.Connection]:
    """A read-only transaction on a Core connection (no ORM session).

    For the engine's hot reads of one row: an ORM session and the
    identity map cost more than the query. Do not write in it.
    """
    db = _current()
    with db.memory_lock or contextlib.nullcontext():
        with db.engine.connect() as conn, conn.begin():
            yield conn


@contextlib.contextmanager
def single_read() -> Iterator[sa.Connection]:
    """A Core connection for reads that need no snapshot in common.

    On SQLite each statement runs in autocommit mode and is its own
    consistent snapshot: the BEGIN and COMMIT around a one-row API read
    were a tenth of its cost. Elsewhere it is an ordinary transaction,
    rolled back at the end. Statements that must agree with each other
    need ``reader_connection``. Inside ``shared_reads`` every single read
    of the (green) thread uses the one connection it holds.
    """
    db = _current()
    shared = getattr(db.local, "shared_read", None)
    if shared is not None:
        yield shared
        return
    if db.read_connections is not None:
        conn = db.read_connections.take()
        healthy = False
        try:
            yield conn
            healthy = True
        finally:
            db.read_connections.give_back(conn, healthy)
        return
    with db.memory_lock or contextlib.nullcontext():
        with db.engine.connect() as conn:
            conn.execution_options(**_SINGLE_READ_OPTIONS)
            yield conn


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """Let the single reads inside take one pooled connection, not one each.

    For read-only work (an API read: a stack, its template, its resources,
    its children): checking a connection out and back in cost as much as a
    small query. Do not write inside: on MariaDB and PostgreSQL the shared
    connection holds one transaction throughout, and would not see the
    write. Re-entering is allowed and shares the outer connection.
    """
    db = _current()
    if getattr(db.local, "shared_read", None) is not None:
        yield
        return
    with single_read() as conn:
        db.local.shared_read = conn
        try:
            yield
        finally:
            db.local.shared_read = None


def dispose() -> None:
    """Close every pooled connection and forget the engine."""
    global _db
    if _db is not None:
        if _db.read_connections is not None:
            _db.read_connections.close()
        _db.engine.dispose()
        _db = None


retry_on_deadlock: Callable[[_F], _F] = oslo_db_api.wrap_db_retry(
    max_retries=5, retry_interval=0.05, inc_retry_interval=True,
    max_retry_interval=1, retry_on_deadlock=True)
"""Decorator for a query function that is safe to re-run after a deadlock."""
