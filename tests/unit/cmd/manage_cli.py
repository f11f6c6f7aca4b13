"""Run heatlite-manage as an operator does, on a temp SQLite database."""

from __future__ import annotations

import contextlib
import pathlib
import subprocess
import sys
from collections.abc import Iterator

from oslo_config import cfg

from tests.unit.db import fixtures


def conf_file(tmp_path: pathlib.Path, connection: str) -> pathlib.Path:
    """A heat.conf that keeps every file under ``tmp_path``."""
    path = tmp_path / "heat.conf"
    path.write_text("[DEFAULT]\nstate_path = %s\n[database]\nconnection = %s\n"
                    % (tmp_path, connection))
    return path


def run(config: pathlib.Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``heatlite-manage --config-file config args...`` in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "heatlite.cmd.manage", "--config-file", str(config), *args],
        input=stdin, capture_output=True, text=True, timeout=120)


@contextlib.contextmanager
def migrated(tmp_path: pathlib.Path) -> Iterator[tuple[cfg.ConfigOpts, pathlib.Path]]:
    """A migrated SQLite database configured in this process, and its heat.conf."""
    url = fixtures.migrated_sqlite_url(tmp_path)
    with fixtures.configured(url) as conf:
        yield conf, conf_file(tmp_path, url)
