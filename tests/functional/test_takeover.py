"""Issue #12's proof: an engine killed (or stopped) in the middle of a
stack's operation, and a live engine finishing it.

Each case (tests/functional/fault_cases.py) runs on a deployment of its
own (fault_cluster.py) and ends with the same check, read from the
database: no stack, nested stack or resource IN_PROGRESS, no lock held, no
orphan nested stack. The backends and engine counts are spread over the
cases rather than multiplied by them, to keep the file's run time modest;
tools/fault-matrix runs every case on both MariaDB and PostgreSQL. Each
case prints its figures (time to detect, time to finish).
"""

from __future__ import annotations

import pathlib

import pytest

from tests.functional import fault_cases
from tests.functional.fault_cases import Journal
from tests.functional.fault_cluster import cluster

@pytest.mark.parametrize("case, backend, engines", [
    pytest.param("create", "mariadb", 2, id="kill-create-mariadb-2"),
    pytest.param("update", "postgresql", 3, id="kill-update-postgresql-3"),
    pytest.param("delete", "mariadb", 3, id="kill-delete-mariadb-3"),
    pytest.param("sigterm", "postgresql", 2, id="sigterm-create-postgresql-2"),
    pytest.param("restart-all", "sqlite", 1, id="kill-restart-all-sqlite"),
])
def test_fault_is_finished_by_a_live_engine(case: str, backend: str, engines: int,
                                            tmp_path: pathlib.Path) -> None:
    journal = Journal(tmp_path / "journal")
    (tmp_path / "deployment").mkdir()
    with cluster(backend, engines, tmp_path / "deployment") as cl:
        outcome = fault_cases.CASES[case](cl, journal)
        print(outcome.line())
        fault_cases.assert_clean(cl)
        codes = cl.stop()
        assert set(codes.values()) == {0}, (codes, cl.logs()[-4000:])
