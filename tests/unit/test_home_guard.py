"""The run-wide guard of tests/conftest.py: tests stay out of the real home."""

from __future__ import annotations

import os

from heatlite.common import config
from tests import conftest


def test_home_and_state_path_point_into_the_temporary_home():
    assert os.path.expanduser("~") == str(conftest.TEST_HOME)
    assert os.environ["XDG_STATE_HOME"].startswith(str(conftest.TEST_HOME))
    # Computed at import: this is what an unconfigured test would write to.
    assert config._DEFAULT_STATE.startswith(str(conftest.TEST_HOME))
    assert not str(conftest.TEST_HOME).startswith(str(conftest.REAL_HOME) + os.sep)


def test_guard_reports_a_new_top_level_entry_and_a_heatlite_file(tmp_path):
    (tmp_path / ".bashrc").write_text("x")
    before = conftest.snapshot(tmp_path)
    state = tmp_path / ".local" / "state" / "heatlite"
    state.mkdir(parents=True)
    (state / "signal_url_secret").write_text("k")
    (tmp_path / "stray.sqlite").write_text("")
    assert conftest.changes(before, conftest.snapshot(tmp_path)) == [
        ".local", ".local/state/heatlite/signal_url_secret", "stray.sqlite"]


def test_guard_reports_a_rewritten_heatlite_file(tmp_path):
    conf_dir = tmp_path / ".heatlite"
    conf_dir.mkdir()
    (conf_dir / "heat.conf").write_text("[DEFAULT]\n")
    before = conftest.snapshot(tmp_path)
    assert conftest.changes(before, conftest.snapshot(tmp_path)) == []
    (conf_dir / "heat.conf").write_text("[DEFAULT]\ndebug = true\n")
    assert conftest.changes(before, conftest.snapshot(tmp_path)) == [".heatlite/heat.conf"]
