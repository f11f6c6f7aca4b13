"""heatlite.db.session: SQLite set-up, transactions and their guards."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa
from oslo_db import exception as db_exception

from heatlite.db import models, raw_templates, session
from tests.unit.db import fixtures


def _pragma(conn, name):
    return conn.exec_driver_sql("PRAGMA %s" % name).scalar()


def test_default_connection_is_sqlite_under_state_path(tmp_path):
    state = tmp_path / "not" / "yet"
    conf = fixtures.make_conf(state_path=str(state))
    assert conf.database.connection == "sqlite:///%s/heatlite.sqlite" % state
    engine = session.create_engine(conf)
    try:
        assert state.is_dir()
        with engine.connect() as conn:
            assert _pragma(conn, "journal_mode") == "wal"
            assert _pragma(conn, "foreign_keys") == 1
            assert _pragma(conn, "busy_timeout") == session.SQLITE_BUSY_TIMEOUT_MS
    finally:
        engine.dispose()


def test_unconfigured_session_is_a_clear_error():
    session.dispose()
    assert not session.is_configured()
    with pytest.raises(RuntimeError, match="configure"):
        with session.reader():
            pass


def test_writer_takes_the_write_lock_up_front(db, sqlite_url):
    path = sa.make_url(sqlite_url).database
    with session.writer() as s:
        # Nothing written yet, but BEGIN IMMEDIATE already holds the lock.
        s.execute(sa.select(sa.literal(1)))
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


def test_reader_does_not_block_a_writer(db):
    template_id = raw_templates.create({"v": 1}, {}, {})
    with session.reader() as s:
        before = s.get(models.RawTemplate, template_id).template
        done = threading.Event()

        def write():
            raw_templates.update(template_id, {"template": {"v": 2}})
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(timeout=20)
        assert done.is_set()
        # The reader's snapshot is stable while the writer commits.
        s.expire_all()
        assert s.get(models.RawTemplate, template_id).template == before
    assert raw_templates.get(template_id).template == {"v": 2}


def test_writer_rolls_back_on_error(db):
    with pytest.raises(KeyError):
        with session.writer() as s:
            s.add(models.RawTemplate(template={"x": 1}))
            s.flush()
            raise KeyError("boom")
    with session.reader() as s:
        assert s.scalar(sa.select(sa.func.count(models.RawTemplate.id))) == 0


def test_nested_writer_is_refused(db):
    with session.writer():
        with pytest.raises(RuntimeError, match="nested"):
            with session.writer():
                pass
    # The outer block released everything: a new writer works.
    assert raw_templates.create({}, {}, {}) > 0


def test_in_memory_database_works():
    conf = fixtures.make_conf(connection="sqlite://")
    session.configure(conf)
    try:
        models.Base.metadata.create_all(session.get_engine())
        template_id = raw_templates.create({"a": 1}, {}, {})
        assert raw_templates.get(template_id).template == {"a": 1}
    finally:
        session.dispose()


def test_configure_replaces_the_engine(db, tmp_path):
    first = session.get_engine()
    session.configure(fixtures.make_conf(connection="sqlite:///%s/x.sqlite" % tmp_path))
    assert session.get_engine() is not first
    session.configure(db)
    assert session.get_conf() is db


def test_writer_connection_commits_and_rolls_back(db):
    table = models.RawTemplate.__table__
    with session.writer_connection() as conn:
        conn.execute(table.insert(), {"template": {"kept": 1}})
    with pytest.raises(KeyError):
        with session.writer_connection() as conn:
            conn.execute(table.insert(), {"template": {"dropped": 1}})
            raise KeyError("boom")
    with session.reader() as s:
        kept = [r.template for r in s.scalars(sa.select(models.RawTemplate))]
    assert kept == [{"kept": 1}]


def test_writer_connection_and_writer_do_not_nest(db):
    with session.writer_connection():
        with pytest.raises(RuntimeError, match="nested"):
            with session.writer():
                pass
    with session.writer():
        with pytest.raises(RuntimeError, match="nested"):
            with session.writer_connection():
                pass
    assert raw_templates.create({}, {}, {}) > 0


def test_sqlite_pool_ignores_the_server_pool_defaults(db):
    assert db.database.max_pool_size == 20  # heatlite's default, for servers
    engine = session.get_engine()
    assert engine.pool.size() == session.SQLITE_POOL_SIZE == 5


def test_reader_connection_reads_committed_rows(db):
    template_id = raw_templates.create({"a": 1})
    with session.reader_connection() as conn:
        table = models.RawTemplate.__table__
        value = conn.execute(sa.select(table.c.template)
                             .where(table.c.id == template_id)).scalar()
    assert value == {"a": 1}


def test_single_read_reads_without_a_transaction_on_sqlite(db):
    template_id = raw_templates.create({"a": 1})
    table = models.RawTemplate.__table__
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement.split()[0].upper())

    engine = session._current().engine
    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        with session.single_read() as conn:
            value = conn.execute(sa.select(table.c.template)
                                 .where(table.c.id == template_id)).scalar()
        with session.reader_connection() as conn:
            conn.execute(sa.select(sa.literal(1))).scalar()
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    assert value == {"a": 1}
    if engine.dialect.name == "sqlite":
        # The single read is one SELECT; the reader still opens with BEGIN.
        assert statements == ["SELECT", "BEGIN", "SELECT"]
    # A writer is not held up by a connection that only did a single read.
    with session.single_read() as conn:
        conn.execute(sa.select(sa.literal(1))).scalar()
        raw_templates.update(template_id, {"template": {"a": 2}})
    assert raw_templates.get(template_id).template == {"a": 2}


def test_shared_reads_hold_one_connection_for_the_single_reads_inside(db):
    seen: list[object] = []
    with session.shared_reads():
        with session.single_read() as first:
            first.execute(sa.select(sa.literal(1))).scalar()
        with session.shared_reads(), session.single_read() as second:
            second.execute(sa.select(sa.literal(2))).scalar()
        seen.extend([first, second])
    assert seen[0] is seen[1]


def _read_template(template_id):
    table = models.RawTemplate.__table__
    with session.single_read() as conn:
        return conn, conn.execute(sa.select(table.c.template)
                                  .where(table.c.id == template_id)).scalar()


def test_sqlite_single_reads_reuse_a_kept_connection_that_sees_new_commits(db):
    assert session.get_engine().dialect.name == "sqlite"  # kept on SQLite files only
    template_id = raw_templates.create({"v": 1})
    first, value = _read_template(template_id)
    assert value == {"v": 1}
    raw_templates.update(template_id, {"template": {"v": 2}})
    second, value = _read_template(template_id)
    assert second is first and value == {"v": 2}  # kept, and no old snapshot
    # A read that fails does not give its connection back.
    with pytest.raises(db_exception.DBError):
        with session.single_read() as conn:
            conn.execute(sa.text("SELECT * FROM no_such_table"))
    assert conn is first and conn.closed
    third, _ = _read_template(template_id)
    assert third is not first
    # Nor does one left inside a transaction.
    with session.single_read() as conn:
        conn.exec_driver_sql("BEGIN")
    assert conn is third and conn.closed


def test_display_url_hides_the_password() -> None:
    assert session.display_url("mysql+pymysql://heat:s3cret@db/heat?charset=utf8mb4") == (
        "mysql+pymysql://heat:***@db/heat?charset=utf8mb4")
    assert session.display_url("sqlite:////var/lib/heatlite/heatlite.sqlite") == (
        "sqlite:////var/lib/heatlite/heatlite.sqlite")
