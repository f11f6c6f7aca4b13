"""heatlite-all upgrades the database in a child, so alembic stays out of it."""

from __future__ import annotations

import pathlib
import subprocess
import sys

from heatlite.db import migration
from tests.unit.db import fixtures

_SCRIPT = """
import sys
from heatlite.cmd import all as all_cmd
from heatlite.cmd import setup
conf = setup.parse_args(["--config-file", sys.argv[1]], "heatlite-all")
{body}
"""


def _run(tmp_path: pathlib.Path, body: str, connection: str) -> subprocess.CompletedProcess:
    conf_file = tmp_path / "heat.conf"
    conf_file.write_text("[DEFAULT]\nstate_path = %s\n[database]\nconnection = %s\n"
                         % (tmp_path, connection))
    return subprocess.run([sys.executable, "-c", _SCRIPT.format(body=body), str(conf_file)],
                          capture_output=True, text=True, timeout=120)


def test_db_sync_in_child_upgrades_without_loading_alembic(tmp_path) -> None:
    db_path = tmp_path / "db.sqlite"
    out = _run(tmp_path, "all_cmd._db_sync_in_child(conf)\n"
                         "print('alembic' in sys.modules, 'mako' in sys.modules)\n",
               "sqlite:///%s" % db_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False False"
    conf = fixtures.make_conf(connection="sqlite:///%s" % db_path)
    assert migration.db_version(conf) == migration.head_revision()


def test_failed_db_sync_stops_heatlite_all(tmp_path) -> None:
    # A directory where the database file should be: the upgrade fails.
    (tmp_path / "db.sqlite").mkdir()
    out = _run(tmp_path, "all_cmd._db_sync_in_child(conf)\nprint('not reached')\n",
               "sqlite:///%s" % (tmp_path / "db.sqlite"))
    assert out.returncode != 0
    assert "not reached" not in out.stdout
    assert "database upgrade failed" in out.stdout + out.stderr
