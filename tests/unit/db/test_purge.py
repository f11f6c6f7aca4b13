"""heatlite.db.purge on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from heatlite.common import exception
from heatlite.db import events, models, purge, raw_templates, stacks
from tests.unit.db.fixtures import new_stack

LATER = timedelta(seconds=1)


def _deleted(name: str, tenant: str = "tenant-a") -> models.Stack:
    stack = new_stack(name, tenant=tenant)
    events.create({"stack_id": stack.id, "resource_name": "r"})
    stacks.soft_delete(stack.id)
    return stack


def _left(*rows: models.Stack) -> set[str]:
    return {row.name for row in rows if stacks.get(row.id, show_deleted=True) is not None}


def test_batches_remove_every_old_stack_and_its_rows(db):
    doomed = [_deleted("d%d" % i) for i in range(5)]
    live = new_stack("live")
    assert purge.purge_deleted(models.utcnow() + LATER, batch_size=2) == 5
    assert _left(*doomed, live) == {"live"}
    assert all(events.count(row.id) == 0 for row in doomed)
    with pytest.raises(exception.NotFound):
        raw_templates.get(doomed[0].raw_template_id)
    assert raw_templates.get(live.raw_template_id).id == live.raw_template_id


def test_one_batch_takes_the_oldest_deletions_first(db):
    first, second = _deleted("first"), _deleted("second")
    assert purge.purge_batch(models.utcnow() + LATER, limit=1) == 1
    assert _left(first, second) == {"second"}


def test_age_keeps_recent_deletions(db):
    recent = _deleted("recent")
    assert purge.purge_deleted(models.utcnow() - timedelta(hours=1), batch_size=10) == 0
    assert _left(recent) == {"recent"}


def test_project_filter_keeps_other_projects(db):
    mine, theirs = _deleted("mine", "tenant-a"), _deleted("theirs", "tenant-b")
    assert purge.purge_deleted(models.utcnow() + LATER, project_id="tenant-b") == 1
    assert _left(mine, theirs) == {"mine"}


def test_batch_size_below_one_is_refused(db):
    with pytest.raises(ValueError):
        purge.purge_deleted(models.utcnow(), batch_size=0)
