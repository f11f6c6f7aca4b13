"""heatlite-manage update_params: heat-manage's arguments, run as operators
run it (a child process on a config file) over a real SQLite database."""

from __future__ import annotations

import contextlib
import pathlib
import subprocess
import sys
from collections.abc import Iterator

import pytest

from heatlite.common import exception
from heatlite.db import resources, session
from tests.unit.db import fixtures

BIN = pathlib.Path(sys.executable).parent
OLD, NEW = "o" * 32, "n" * 32


def _manage(conf_file: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "heatlite-manage"), "--config-file", str(conf_file),
                           *args], capture_output=True, text=True, timeout=120)


@contextlib.contextmanager
def _db_with_key(url: str, key: str) -> Iterator[None]:
    conf = fixtures.make_conf(connection=url)
    conf.set_override("auth_encryption_key", key)
    session.configure(conf)
    try:
        yield
    finally:
        session.dispose()


@pytest.mark.parametrize("args", [
    ("update_params", "--encrypt", "--previous-encryption-key", OLD),
    ("update_params", "encrypt", OLD),
])
def test_rotation_with_the_previous_key(tmp_path, args) -> None:
    url = fixtures.migrated_sqlite_url(tmp_path)
    with _db_with_key(url, OLD):
        rid = resources.create_many([{"stack_id": fixtures.new_stack("m").id, "name": "r",
                                      "data": {"value": "kept"}}])[0].id
    conf_file = tmp_path / "heat.conf"
    conf_file.write_text("[DEFAULT]\nstate_path = %s\nauth_encryption_key = %s\n"
                         "[database]\nconnection = %s\n" % (tmp_path, NEW, url))
    done = _manage(conf_file, *args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "resource: 1 rows rewritten" in done.stdout
    with _db_with_key(url, NEW):
        assert resources.get(rid).data == {"value": "kept"}
    with _db_with_key(url, OLD), pytest.raises(exception.InvalidEncryptionKey):
        resources.get(rid)


def test_operation_required(tmp_path) -> None:
    conf_file = tmp_path / "heat.conf"
    conf_file.write_text("[DEFAULT]\nstate_path = %s\n" % tmp_path)
    done = _manage(conf_file, "update_params")
    assert done.returncode == 1 and "encrypt or decrypt" in done.stderr
