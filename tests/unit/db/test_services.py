"""heatlite.db.services on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import services
from tests.unit.db.fixtures import at

VALUES = {"engine_id": "e1", "host": "engine", "hostname": "node1",
          "binary": "heatlite-engine", "topic": "engine", "report_interval": 60}


def test_create_heartbeat_and_list(db):
    row = services.create(VALUES)
    assert len(row.id) == 36 and row.updated_at is None
    beat = services.update(row.id, {})
    assert beat.updated_at is not None
    services.update(row.id, {"updated_at": at(1), "report_interval": 30})
    loaded = services.get(row.id)
    assert (loaded.updated_at, loaded.report_interval) == (at(1), 30)
    other = services.create(dict(VALUES, engine_id="e2", hostname="node2"))
    assert {s.id for s in services.get_all()} == {row.id, other.id}
    assert [s.id for s in services.get_all_by_args("engine", "heatlite-engine", "node2")] \
        == [other.id]


def test_delete_soft_and_hard(db):
    row = services.create(VALUES)
    services.delete(row.id)
    assert services.get(row.id) is None
    assert services.get_all() == []
    with pytest.raises(exception.EntityNotFound):
        services.update(row.id, {})
    services.delete(row.id, soft_delete=False)
    with pytest.raises(exception.EntityNotFound):
        services.delete(row.id)


def test_last_beat_is_the_newest_live_stamp(db):
    assert services.last_beat("e1") is None
    first = services.create(dict(VALUES, created_at=at(0)))
    assert services.last_beat("e1") == at(0)  # never beat: its creation counts
    services.update(first.id, {"updated_at": at(5)})
    second = services.create(dict(VALUES, created_at=at(1), updated_at=at(9)))
    services.create(dict(VALUES, engine_id="e2", updated_at=at(20)))
    assert services.last_beat("e1") == at(9)
    services.delete(second.id)
    assert services.last_beat("e1") == at(5)
    services.delete(first.id)
    assert services.last_beat("e1") is None
