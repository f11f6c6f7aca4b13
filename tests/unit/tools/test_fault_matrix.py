"""Unit tests of tools/fault_matrix.py's plan and of the fault cases' pure
parts (outcome lines, the journal). No daemon is started, no socket opened."""

import os
import sys

TOOLS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "tools")
sys.path.insert(0, os.path.abspath(TOOLS))

import fault_matrix  # noqa: E402

from tests.functional import fault_cases  # noqa: E402


def test_plan_runs_daemon_cases_on_each_backend_and_restart_on_sqlite():
    assert fault_matrix.plan(["create", "restart-all", "update"], ["mariadb", "postgresql"]) == [
        ("create", "mariadb", 2), ("create", "postgresql", 2),
        ("restart-all", "sqlite", 1),
        ("update", "mariadb", 3), ("update", "postgresql", 3)]


def test_every_case_has_an_engine_count():
    assert set(fault_matrix.ENGINES) == set(fault_cases.CASES)


def test_outcome_line_shows_figures_or_na():
    line = fault_cases.Outcome("kill -9 during create", "mariadb", 2, "CREATE_COMPLETE",
                               4.4, 11.5).line()
    assert "detect   4.4s" in line
    assert "finish   11.5s" in line
    stopped = fault_cases.Outcome("SIGTERM during create", "postgresql", 2,
                                  "CREATE_COMPLETE", None, 9.0, stop=3.5).line()
    assert "detect    n/a" in stopped
    assert "engine stopped in 3.5s" in stopped


def test_journal_counts_each_action_per_resource(tmp_path):
    journal = fault_cases.Journal(tmp_path / "journal")
    journal.path.write_text("create u1 s1 0 10\ncreate u2 s1 1 10\n"
                            "create u1 s1 0 11\ndelete u2 s1 1 11\n")
    assert journal.counts("create") == {"u1": 2, "u2": 1}
    assert journal.counts("delete") == {"u2": 1}
    assert journal.entries()[2] == ("create", "u1", "0", 11)


def test_group_template_members_write_to_the_journal(tmp_path):
    journal = fault_cases.Journal(tmp_path / "journal")
    template = fault_cases.group_template(journal, count=3, value="two", replace=True,
                                          create_wait=0.5, spread=4)
    group = template["resources"]["group"]["properties"]
    assert group["count"] == 3
    member = group["resource_def"]
    assert member["type"] == "Test::Fault::Journaled"
    assert member["properties"]["journal"] == str(journal.path)
    assert member["properties"]["update_replace"] is True
    assert member["properties"]["action_wait_secs"] == {"create": 0.5, "delete": 0.0}
