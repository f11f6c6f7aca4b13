"""Keep every test inside its own temporary directories.

heatlite's defaults live under the user's home (``state_path`` is
``~/.local/state/heatlite``, config files are searched in ``~/.heatlite``),
and the clients the functional tests drive keep caches under XDG
directories. This module runs before any test module imports heatlite, so
it points HOME and the XDG directories at a fresh temporary directory for
the whole run, and subprocesses inherit that.

A guard backs it up: the real home's top-level entries and heatlite's own
directories in it are listed before the run and again after; any change
fails the run, naming what appeared or changed. (Only those places are
watched: other programs on a shared machine write to caches in the home
at any time, and a test that wrote there would fail for someone else's
activity.)
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

import pytest
from hypothesis import settings

REAL_HOME = pathlib.Path(os.path.expanduser("~"))

WATCHED_DIRS = (".local/state/heatlite", ".heatlite", ".config/heatlite",
                ".cache/heatlite")
"""heatlite's own places in a home, watched file by file."""

XDG_DIRS = {"XDG_CONFIG_HOME": ".config", "XDG_CACHE_HOME": ".cache",
            "XDG_DATA_HOME": ".local/share", "XDG_STATE_HOME": ".local/state"}

Snapshot = dict[str, tuple[int, int]]


def snapshot(home: pathlib.Path) -> Snapshot:
    """What the guard compares: path -> (size, mtime in ns)."""
    seen: Snapshot = {}
    for entry in home.iterdir() if home.is_dir() else ():
        seen[entry.name] = (0, 0)  # top level: presence only
    for watched in WATCHED_DIRS:
        base = home / watched
        for path in base.rglob("*") if base.is_dir() else ():
            stat = path.lstat()
            seen[str(path.relative_to(home))] = (stat.st_size, stat.st_mtime_ns)
    return seen


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """The paths that appeared or changed between two snapshots."""
    return sorted(path for path, state in after.items() if before.get(path) != state)


def _redirect_home() -> pathlib.Path:
    home = pathlib.Path(tempfile.mkdtemp(prefix="heatlite-test-home-"))
    os.environ["HOME"] = str(home)
    for variable, relative in XDG_DIRS.items():
        os.environ[variable] = str(home / relative)
    return home


def _no_example_database() -> None:
    # Hypothesis keeps failing examples in ./.hypothesis by default: the
    # checkout, not a temporary directory.
    settings.register_profile("heatlite-tests", database=None)
    settings.load_profile("heatlite-tests")


_BEFORE = snapshot(REAL_HOME)
TEST_HOME = _redirect_home()
_no_example_database()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(TEST_HOME, ignore_errors=True)
    written = changes(_BEFORE, snapshot(REAL_HOME))
    if written:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = ("tests wrote outside their temporary directories, into %s: %s"
                   % (REAL_HOME, ", ".join(written)))
        if reporter is not None:
            reporter.write_line("\n" + message, red=True)  # after the progress dots
