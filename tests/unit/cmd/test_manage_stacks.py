"""heatlite-manage purge_deleted and reset_stack_status, on real SQLite."""

from __future__ import annotations

import argparse
import datetime

import pytest

from heatlite.cmd import manage_stacks
from heatlite.db import stack_reset, stacks
from tests.unit.cmd import manage_cli
from tests.unit.db.fixtures import new_stack


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="heatlite-manage")
    manage_stacks.add_parsers(parser.add_subparsers())
    return parser.parse_args(argv)


def test_purge_defaults_are_heat_manages():
    args = _parse("purge_deleted")
    assert (args.age, args.granularity, args.batch_size, args.project_id) == \
        (90, "days", 20, None)
    args = _parse("purge_deleted", "-g", "hours", "-b", "5", "-p", "proj", "3")
    assert (args.age, args.granularity, args.batch_size, args.project_id) == \
        (3, "hours", 5, "proj")


@pytest.mark.parametrize("argv", [("-1",), ("soon",), ("-b", "0"), ("-g", "weeks")])
def test_purge_refuses_bad_arguments(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        _parse("purge_deleted", *argv)
    assert exc.value.code == 2


def test_cutoff_counts_back_in_the_granularity():
    now = datetime.datetime(2026, 1, 2, 0, 0)
    assert manage_stacks.cutoff(2, "hours", now) == datetime.datetime(2026, 1, 1, 22, 0)
    assert manage_stacks.cutoff(1, "days", now) == datetime.datetime(2026, 1, 1, 0, 0)


def test_purge_deleted_of_one_project(tmp_path):
    with manage_cli.migrated(tmp_path) as (_, config):
        mine, theirs = new_stack("mine", "tenant-a"), new_stack("theirs", "tenant-b")
        for stack in (mine, theirs):
            stacks.soft_delete(stack.id)
        out = manage_cli.run(config, "purge_deleted", "-g", "seconds", "-p", "tenant-b",
                             "-b", "1", "0")
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "Purged 1 deleted stack(s)"
        assert stacks.get(mine.id, show_deleted=True) is not None
        assert stacks.get(theirs.id, show_deleted=True) is None


def test_reset_stack_status_asks_first(tmp_path):
    with manage_cli.migrated(tmp_path) as (_, config):
        stuck = new_stack("stuck", status="IN_PROGRESS")
        refused = manage_cli.run(config, "reset_stack_status", stuck.id, stdin="n\n")
        assert refused.returncode != 0
        assert stacks.get(stuck.id).status == "IN_PROGRESS"
        done = manage_cli.run(config, "reset_stack_status", stuck.id, stdin="y\n")
        assert done.returncode == 0, done.stderr
        assert "Stack %s: FAILED" % stuck.id in done.stdout
        row = stacks.get(stuck.id)
        assert (row.status, row.status_reason) == ("FAILED", stack_reset.STACK_REASON)


def test_reset_of_an_unknown_stack_is_one_clear_line(tmp_path):
    with manage_cli.migrated(tmp_path) as (_, config):
        out = manage_cli.run(config, "reset_stack_status", "--yes", "no-such-stack")
        assert out.returncode == 1
        assert out.stderr.strip().splitlines()[-1] == \
            "heatlite-manage: The Stack (no-such-stack) could not be found."
        assert "Traceback" not in out.stderr
