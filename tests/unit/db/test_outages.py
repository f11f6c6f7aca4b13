"""heatlite.db.outages: outages told from bugs; writes that ride them out."""

from __future__ import annotations

import sqlite3

import pytest
from oslo_db import exception as db_exc
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from heatlite.common import exception
from heatlite.db import events, outages, resources, session
from tests.unit.db.fixtures import new_stack


def _operational(message: str) -> sa_exc.OperationalError:
    return sa_exc.OperationalError("UPDATE x", {}, Exception(message))


@pytest.mark.parametrize("exc", [
    db_exc.DBConnectionError(Exception("lost")),
    db_exc.DBDeadlock(),
    sa_exc.TimeoutError("QueuePool limit of size 20 overflow 0 reached"),
    _operational("(2006, 'MySQL server has gone away')"),
    _operational("connection to server at \"127.0.0.1\", port 5432 failed: "
                 "Connection refused"),
    db_exc.DBError(_operational("(2013, 'Lost connection to MySQL server during query')")),
])
def test_outages_are_recognised(exc: Exception) -> None:
    assert outages.is_outage(exc)
    answer = outages.unavailable("create_stack", exc)
    assert isinstance(answer, exception.DatabaseUnavailable)
    assert answer.http_status == 503
    assert "create_stack" in answer.message


@pytest.mark.parametrize("exc", [
    _operational("(1054, \"Unknown column 'nope' in 'field list'\")"),
    sa_exc.IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")),
    db_exc.DBDuplicateEntry(columns=["name"]),
    ValueError("a bug"),
])
def test_bugs_are_not_outages(exc: Exception) -> None:
    assert not outages.is_outage(exc)
    assert outages.unavailable("create_stack", exc) is None


def _flaky(failures: list[Exception]):
    calls = []

    @outages.retry_on_outage
    def write(value: int) -> int:
        calls.append(value)
        if failures:
            raise failures.pop(0)
        return value * 2

    return write, calls


def test_a_write_is_retried_through_an_outage(db) -> None:
    db.set_override("db_retry_interval", 0, group="database")
    write, calls = _flaky([db_exc.DBConnectionError(Exception("gone")),
                           _operational("server closed the connection unexpectedly")])
    assert write(21) == 42
    assert calls == [21, 21, 21]


def test_the_retries_are_bounded_by_db_max_retries(db) -> None:
    db.set_override("db_retry_interval", 0, group="database")
    db.set_override("db_max_retries", 2, group="database")
    write, calls = _flaky([db_exc.DBConnectionError(Exception("gone"))] * 5)
    with pytest.raises(db_exc.DBConnectionError):
        write(1)
    assert len(calls) == 3


def test_a_bug_is_not_retried(db) -> None:
    write, calls = _flaky([ValueError("a bug")])
    with pytest.raises(ValueError):
        write(1)
    assert calls == [1]


def test_a_transition_survives_its_connection_dying(db) -> None:
    # The first UPDATE of the resource meets a connection that is closed
    # under it, as the driver reports it: SQLAlchemy invalidates it and
    # oslo.db raises DBConnectionError. The recorder's write is retried on
    # a new connection and lands once, with its event.
    db.set_override("db_retry_interval", 0, group="database")
    stack = new_stack("s1")
    [row] = resources.create_many([{"stack_id": stack.id, "name": "r",
                                    "type": "OS::Heat::None"}])
    engine = session.get_engine()
    failed = []

    def die_once(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE resource") and not failed:
            failed.append(statement)
            raise sqlite3.ProgrammingError("Cannot operate on a closed database.")

    event.listen(engine, "before_cursor_execute", die_once)
    try:
        resources.update_with_event(
            row.id, {"action": "CREATE", "status": "COMPLETE"},
            {"stack_id": stack.id, "resource_name": "r", "resource_action": "CREATE",
             "resource_status": "COMPLETE", "resource_status_reason": "done"})
    finally:
        event.remove(engine, "before_cursor_execute", die_once)
    assert failed
    assert resources.get(row.id).status == "COMPLETE"
    assert [e.resource_status_reason for e in events.list(stack.id)] == ["done"]

