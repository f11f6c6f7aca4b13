"""heatlite.db.reachability: one line for a database that cannot be used."""

from __future__ import annotations

import pytest
from oslo_db import exception as db_exc

from heatlite.db import reachability
from tests.unit.db import fixtures


class _PyMySQLError(Exception):
    """Shaped like PyMySQL's errors: (code, message)."""


def test_a_usable_database_passes(tmp_path):
    reachability.check(fixtures.make_conf(connection="sqlite:///%s/ok.sqlite" % tmp_path))


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path):
    # A directory where the SQLite file should be: the driver cannot open it.
    (tmp_path / "taken.sqlite").mkdir()
    conf = fixtures.make_conf(connection="sqlite:///%s/taken.sqlite" % tmp_path)
    with pytest.raises(reachability.Unreachable) as caught:
        reachability.check(conf)
    message = str(caught.value)
    assert message.startswith("cannot use the database sqlite:///%s/taken.sqlite: "
                              % tmp_path)
    assert "unable to open database file" in message and "\n" not in message


def test_the_driver_reason_and_a_hidden_password():
    error = db_exc.DBNonExistentDatabase(
        "heat", _PyMySQLError(1049, "Unknown database 'heat'"))
    message = reachability.reason(error, "mysql+pymysql://heat:s3cret@db.example/heat")
    assert message == ("cannot use the database mysql+pymysql://heat:***@db.example/heat: "
                       "Unknown database 'heat'" + reachability.CREATE_HINT)


def test_a_multi_line_driver_message_is_joined():
    error = db_exc.DBConnectionError(OSError("connection failed: refused\n\tIs it up?"))
    assert reachability.reason(error, "postgresql://pg@h/heat") == (
        "cannot use the database postgresql://pg@h/heat: connection failed: refused Is it up?")
