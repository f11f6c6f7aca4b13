"""heatlite-manage against real MariaDB and PostgreSQL servers that it
cannot use: one line on stderr naming the reason, a non-zero exit, no
password, no traceback."""

from __future__ import annotations

import pathlib
import subprocess
import uuid

import pytest

from tests.functional import deployment as deploy
from tests.functional import services

SCHEMES = {"mysql": ("mysql+pymysql", services.MARIADB_PORT, services.ensure_mariadb),
           "postgresql": ("postgresql+psycopg2", services.POSTGRESQL_PORT,
                          services.ensure_postgresql)}
ADMIN = {"mysql": "root", "postgresql": "postgres"}


def _url(backend: str, user: str, password: str, port: int, database: str) -> str:
    scheme, _, ensure = SCHEMES[backend]
    ensure()
    return "%s://%s:%s@%s:%d/%s" % (scheme, user, password, services.HOST, port, database)


def _db_sync(tmp_path: pathlib.Path, url: str) -> subprocess.CompletedProcess[str]:
    conf = tmp_path / "heat.conf"
    conf.write_text("[DEFAULT]\nstate_path = %s\n[database]\nconnection = %s\n"
                    % (tmp_path / "state", url))
    return subprocess.run([str(deploy.BIN / "heatlite-manage"), "--config-file", str(conf),
                           "db_sync"], capture_output=True, text=True, timeout=120)


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("heatlite-manage: cannot use the database ")
    return lines[0]


@pytest.mark.parametrize("backend", ["mysql", "postgresql"])
def test_missing_database(tmp_path, backend):
    name = "heatlite_fn_missing_%s" % uuid.uuid4().hex[:8]
    port = SCHEMES[backend][1]
    line = _one_line(_db_sync(tmp_path, _url(backend, ADMIN[backend], "", port, name)))
    assert name in line and ("does not exist" in line or "Unknown database" in line)
    assert line.endswith('create it first (README.rst, "Create the database") '
                         "and run db_sync again")


@pytest.mark.parametrize("backend", ["mysql", "postgresql"])
def test_refused_connection(tmp_path, backend):
    port = deploy.free_port()  # nothing listens there
    line = _one_line(_db_sync(tmp_path, _url(backend, ADMIN[backend], "", port, "heat")))
    assert "Connection refused" in line
    assert "create it first" not in line


@pytest.mark.parametrize("backend", ["mysql", "postgresql"])
def test_bad_credentials(tmp_path, backend):
    user = "heatlite_nobody_%s" % uuid.uuid4().hex[:6]
    port = SCHEMES[backend][1]
    line = _one_line(_db_sync(tmp_path, _url(backend, user, "s3cret-pw", port, "heat")))
    assert user in line
    assert ("Access denied" in line) if backend == "mysql" else ("does not exist" in line)
    assert "s3cret-pw" not in line and ":***@" in line


@pytest.mark.parametrize("backend", ["mysql", "postgresql"])
def test_an_existing_database_syncs_quietly(tmp_path, backend):
    name = "heatlite_fn_%s" % uuid.uuid4().hex[:10]
    url = services.create_database(backend, name)
    try:
        result = _db_sync(tmp_path, url)
        assert result.returncode == 0, result.stderr
        assert (result.stdout, result.stderr) == ("", "")
    finally:
        services.drop_database(backend, name)
