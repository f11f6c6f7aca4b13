"""heatlite.db.software_configs: tenant scoping, paging, delete rules."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import software_configs, software_deployments
from tests.unit.db import fixtures


def _config(name: str, tenant: str = "tenant-a", seconds: float = 0):
    return software_configs.create({"name": name, "group": "script", "tenant": tenant,
                                    "config": {"config": "echo %s" % name},
                                    "created_at": fixtures.at(seconds)})


def test_create_and_get_round_trip_json(db):
    row = _config("one")
    got = software_configs.get(row.id, "tenant-a")
    assert (got.name, got.group, got.tenant) == ("one", "script", "tenant-a")
    assert got.config == {"config": "echo one"}
    assert len(got.id) == 36


def test_another_tenants_config_is_not_found_but_admin_sees_it(db):
    row = _config("one", tenant="tenant-b")
    with pytest.raises(exception.NotFound, match="Software config with id %s not found"
                       % row.id):
        software_configs.get(row.id, "tenant-a")
    assert software_configs.get(row.id, None).id == row.id


def test_list_is_newest_first_and_pages_by_marker(db):
    rows = [_config("c%d" % i, seconds=i) for i in range(5)]
    _config("other", tenant="tenant-b", seconds=10)
    names = [r.name for r in software_configs.list("tenant-a")]
    assert names == ["c4", "c3", "c2", "c1", "c0"]
    page = software_configs.list("tenant-a", limit=2, marker=rows[3].id)
    assert [r.name for r in page] == ["c2", "c1"]
    assert len(software_configs.list(None)) == 6


def test_unknown_marker_gives_the_first_page(db):
    _config("a", seconds=1)
    assert [r.name for r in software_configs.list("tenant-a", marker="nope")] == ["a"]


def test_bad_limit_is_a_bad_request(db):
    with pytest.raises(exception.BadRequest):
        software_configs.list("tenant-a", limit="x")


def test_count_is_per_tenant(db):
    _config("a")
    _config("b")
    _config("c", tenant="tenant-b")
    assert software_configs.count("tenant-a") == 2
    assert software_configs.count(None) == 3


def test_delete_removes_and_missing_is_not_found(db):
    row = _config("a")
    software_configs.delete(row.id, "tenant-a")
    with pytest.raises(exception.NotFound):
        software_configs.delete(row.id, "tenant-a")


def test_delete_of_another_tenants_config_is_not_found(db):
    row = _config("a", tenant="tenant-b")
    with pytest.raises(exception.NotFound):
        software_configs.delete(row.id, "tenant-a")
    assert software_configs.get(row.id).id == row.id


def test_a_deployed_config_cannot_be_deleted(db):
    row = _config("a")
    software_deployments.create({"config_id": row.id, "server_id": "srv",
                                 "tenant": "tenant-a"})
    with pytest.raises(exception.InvalidRestrictedAction) as caught:
        software_configs.delete(row.id, "tenant-a")
    assert str(caught.value) == ("Software config with id %s can not be deleted as it is "
                                 "referenced." % row.id)
    assert caught.value.http_status == 409
