"""heatlite.cmd.green, in fresh interpreters: importing it patches the process."""

from __future__ import annotations


import pytest

from tests.unit import fresh_python

_run = fresh_python.run


def test_import_patches_without_green_dns_or_psycopg2() -> None:
    out = _run("import sys\n"
               "from heatlite.cmd import green\n"
               "import eventlet.patcher\n"
               "print(eventlet.patcher.is_monkey_patched('socket'),"
               " 'dns' in sys.modules, 'psycopg2' in sys.modules)\n")
    assert out == "True False False"


def test_green_dns_can_be_asked_for() -> None:
    pytest.importorskip("dns")
    out = _run("import sys\nfrom heatlite.cmd import green\nprint('dns' in sys.modules)\n",
               EVENTLET_NO_GREENDNS="no")
    assert out == "True"


@pytest.mark.parametrize("url,expected", [
    ("postgresql+psycopg2://u@h/db", True), ("postgresql://u@h/db", True),
    ("postgres://u@h/db", True), ("mysql+pymysql://u@h/db", False),
    ("sqlite:////tmp/x.sqlite", False), (None, False), ("", False),
])
def test_uses_postgresql(url, expected) -> None:
    code = "from heatlite.cmd import green\nprint(green.uses_postgresql(%r))\n" % (url,)
    assert _run(code) == str(expected)


def test_patch_db_driver_loads_and_greens_psycopg2_for_postgresql_only() -> None:
    pytest.importorskip("psycopg2")
    out = _run("import sys\nfrom heatlite.cmd import green\n"
               "green.patch_db_driver('sqlite:////tmp/x.sqlite')\n"
               "before = 'psycopg2' in sys.modules\n"
               "green.patch_db_driver('postgresql+psycopg2://u@h/db')\n"
               "from psycopg2 import extensions\n"
               "print(before, extensions.get_wait_callback() is green._psycopg2_wait)\n")
    assert out == "False True"
