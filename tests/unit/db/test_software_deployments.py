"""heatlite.db.software_deployments: config link, scoping, update, metadata push."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import resources, software_configs, software_deployments
from tests.unit.db import fixtures


def _config(name: str = "cfg") -> str:
    return software_configs.create({"name": name, "tenant": "tenant-a",
                                    "config": {"config": name}}).id


def _deployment(config_id: str, server_id: str = "srv-1", tenant: str = "tenant-a",
                seconds: float = 0, **values):
    return software_deployments.create(dict(values, config_id=config_id, server_id=server_id,
                                            tenant=tenant, created_at=fixtures.at(seconds)))


def test_create_loads_the_config(db):
    config_id = _config("one")
    row = _deployment(config_id, input_values={"a": 1}, action="CREATE",
                      status="IN_PROGRESS")
    assert row.config.name == "one"
    got = software_deployments.get(row.id, "tenant-a")
    assert (got.input_values, got.action, got.status) == ({"a": 1}, "CREATE", "IN_PROGRESS")
    assert got.config.config == {"config": "one"}


def test_create_with_an_unknown_config_is_not_found(db):
    with pytest.raises(exception.NotFound, match="Software config with id nope not found"):
        _deployment("nope")


def test_create_with_another_tenants_config_is_not_found(db):
    config_id = _config()
    with pytest.raises(exception.NotFound):
        software_deployments.create({"config_id": config_id, "server_id": "s",
                                     "tenant": "tenant-b"}, config_tenant="tenant-b")
    assert software_deployments.list(None) == []
    row = software_deployments.create({"config_id": config_id, "server_id": "s",
                                       "tenant": "tenant-a"}, config_tenant="tenant-a")
    with pytest.raises(exception.NotFound):
        software_deployments.update(row.id, {"config_id": config_id}, "tenant-b")


def test_stack_user_project_sees_the_deployment(db):
    row = _deployment(_config(), tenant="tenant-b", stack_user_project_id="sup")
    assert software_deployments.get(row.id, "sup").id == row.id
    with pytest.raises(exception.NotFound, match="Deployment with id %s not found" % row.id):
        software_deployments.get(row.id, "tenant-a")
    assert software_deployments.count("sup") == 1
    assert [r.id for r in software_deployments.list("sup")] == [row.id]


def test_list_is_oldest_first_and_filters_by_server(db):
    config_id = _config()
    first = _deployment(config_id, "srv-1", seconds=2)
    second = _deployment(config_id, "srv-2", seconds=1)
    third = _deployment(config_id, "srv-1", seconds=3)
    assert [r.id for r in software_deployments.list("tenant-a")] == [second.id, first.id,
                                                                      third.id]
    assert [r.id for r in software_deployments.list("tenant-a", "srv-1")] == [first.id,
                                                                               third.id]
    assert software_deployments.list("tenant-b") == []


def test_update_changes_config_and_values(db):
    old, new = _config("old"), _config("new")
    row = _deployment(old)
    updated = software_deployments.update(row.id, {"config_id": new, "status": "FAILED",
                                                   "updated_at": fixtures.at(5)}, "tenant-a")
    assert (updated.config_id, updated.config.name, updated.status) == (new, "new", "FAILED")
    assert updated.updated_at == fixtures.at(5)


def test_update_to_an_unknown_config_is_not_found_and_changes_nothing(db):
    row = _deployment(_config())
    with pytest.raises(exception.NotFound, match="Software config with id nope not found"):
        software_deployments.update(row.id, {"config_id": "nope", "status": "X"})
    assert software_deployments.get(row.id).status is None


def test_update_of_a_missing_deployment_is_not_found(db):
    with pytest.raises(exception.NotFound):
        software_deployments.update("nope", {"status": "X"})


def test_update_refuses_other_columns(db):
    row = _deployment(_config())
    with pytest.raises(ValueError):
        software_deployments.update(row.id, {"tenant": "x"})


def test_delete_returns_the_row(db):
    row = _deployment(_config(), server_id="srv-9")
    gone = software_deployments.delete(row.id, "tenant-a")
    assert gone.server_id == "srv-9"
    with pytest.raises(exception.NotFound):
        software_deployments.get(row.id)


def test_set_server_metadata_writes_the_deployments_key(db):
    stack = fixtures.new_stack("s")
    server, deleted = resources.create_many([
        {"stack_id": stack.id, "name": "server", "physical_resource_id": "srv-1",
         "action": "CREATE", "rsrc_metadata": {"keep": True}},
        {"stack_id": stack.id, "name": "old", "physical_resource_id": "srv-1",
         "action": "DELETE"},
    ])
    assert software_deployments.set_server_metadata("srv-1", [{"id": "c"}]) == 1
    assert resources.get(server.id).rsrc_metadata == {"keep": True,
                                                      "deployments": [{"id": "c"}]}
    assert resources.get(deleted.id).rsrc_metadata is None
    assert software_deployments.set_server_metadata("other", []) == 0


def test_server_metadata_is_written_per_owning_tenant(db):
    stack_a = fixtures.new_stack("a", tenant="tenant-a")
    stack_b = fixtures.new_stack("b", tenant="tenant-b")
    res_a, res_b = resources.create_many([
        {"stack_id": stack_a.id, "name": "server", "physical_resource_id": "srv-1",
         "action": "CREATE"},
        {"stack_id": stack_b.id, "name": "server", "physical_resource_id": "srv-1",
         "action": "CREATE"}])
    assert software_deployments.server_tenants("srv-1") == ["tenant-a", "tenant-b"]
    assert software_deployments.server_tenants("srv-2") == []
    assert software_deployments.set_server_metadata("srv-1", [{"id": "b"}],
                                                    tenant="tenant-b") == 1
    assert resources.get(res_a.id).rsrc_metadata is None
    assert resources.get(res_b.id).rsrc_metadata == {"deployments": [{"id": "b"}]}
