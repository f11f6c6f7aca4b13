"""Stack snapshots through SnapshotService, on SQLite with real threads."""

import pytest

from heatlite.common import exception
from heatlite.engine.rpc.snapshot_service import SnapshotService
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle

TEMPLATE = hot({"rand": {"type": "OS::Heat::RandomString", "properties": {"length": 8}},
                "test": {"type": "OS::Heat::TestResource",
                         "properties": {"value": {"get_attr": ["rand", "value"]}}}},
               outputs={"out": {"value": {"get_attr": ["test", "output"]}}})
CHANGED = hot({"rand": {"type": "OS::Heat::RandomString", "properties": {"length": 12}}})


@pytest.fixture
def snaps(service):
    return SnapshotService(service)


def create(svc, ctxt, name="st"):
    ident = svc.create_stack(ctxt, name, TEMPLATE, {"parameters": {}}, {}, {})
    wait_idle(svc, ident["stack_id"])
    return ident


def take(svc, snaps, ctxt, ident, name="s1"):
    doc = snaps.stack_snapshot(ctxt, ident, name)
    wait_idle(svc, ident["stack_id"])
    return doc


def test_snapshot_documents_as_heat(service, snaps, ctxt):
    ident = create(service, ctxt)
    doc = take(service, snaps, ctxt, ident)
    assert (doc["action"], doc["status"], doc["name"]) == ("CREATE", "IN_PROGRESS", "s1")
    assert doc["data"]["resources"] == {} and doc["data"]["status"] == "COMPLETE"
    shown = snaps.show_snapshot(ctxt, ident, doc["id"])
    assert (shown["action"], shown["status"]) == ("CREATE", "COMPLETE")
    assert shown["status_reason"] == "Stack SNAPSHOT completed successfully"
    data = shown["data"]
    assert (data["action"], data["status"], data["name"]) == ("SNAPSHOT", "COMPLETE", "st")
    assert set(data["resources"]) == {"rand", "test"}
    assert len(data["resources"]["rand"]["resource_data"]["value"]) == 8
    assert set(shown) == {"id", "name", "action", "status", "status_reason", "data",
                          "creation_time"}
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("SNAPSHOT", "COMPLETE")
    assert [s["id"] for s in snaps.stack_list_snapshots(ctxt, ident)] == [doc["id"]]


HEAT_START_DATA = {"name", "id", "action", "environment", "files", "status", "template",
                   "resources", "project_id", "stack_user_project_id", "tags"}
"""The keys of the data Heat's (convergence) engine answers a snapshot
create with: the stack as it stands, without its resources, which the
snapshot has not taken yet (issue #15 checked this against Heat 27)."""


def test_the_create_answer_is_the_stack_without_resources_as_heat(service, snaps, ctxt):
    ident = create(service, ctxt)
    StackUpdateService(service).update_stack(ctxt, ident, CHANGED, {"parameters": {}}, {},
                                             {})
    wait_idle(service, ident["stack_id"])
    doc = take(service, snaps, ctxt, ident)
    assert (doc["action"], doc["status"], doc["status_reason"]) == ("CREATE", "IN_PROGRESS",
                                                                     None)
    data = doc["data"]
    assert set(data) == HEAT_START_DATA
    # The stack's last action, not SNAPSHOT: the walk has not started yet.
    assert (data["action"], data["status"], data["resources"]) == ("UPDATE", "COMPLETE", {})
    assert data["id"] == ident["stack_id"] and data["name"] == "st"
    shown = snaps.show_snapshot(ctxt, ident, doc["id"])["data"]
    assert (shown["action"], set(shown["resources"])) == ("SNAPSHOT", {"rand"})


def test_restore_goes_back_to_the_snapshot(service, snaps, ctxt):
    ident = create(service, ctxt)
    value = service.show_stack(ctxt, ident)[0]["outputs"][0]["output_value"]
    snap = take(service, snaps, ctxt, ident)
    StackUpdateService(service).update_stack(ctxt, ident, CHANGED, {"parameters": {}}, {},
                                             {})
    wait_idle(service, ident["stack_id"])
    snaps.stack_restore(ctxt, ident, snap["id"])
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("RESTORE", "COMPLETE")
    assert stack["stack_status_reason"] == "Stack RESTORE completed successfully"
    names = {r["resource_name"] for r in service.list_stack_resources(ctxt, ident)}
    assert names == {"rand", "test"}
    assert len(stack["outputs"][0]["output_value"]) == 8
    assert stack["outputs"][0]["output_value"] != value  # rand was replaced by the update


def test_delete_snapshot_and_errors(service, snaps, ctxt):
    ident = create(service, ctxt)
    snap = take(service, snaps, ctxt, ident)
    snaps.delete_snapshot(ctxt, ident, snap["id"])
    with pytest.raises(exception.NotFound, match="Snapshot with id %s not found" % snap["id"]):
        snaps.show_snapshot(ctxt, ident, snap["id"])
    other = create(service, ctxt, name="other")
    snap2 = take(service, snaps, ctxt, other)
    with pytest.raises(exception.SnapshotNotFound,
                       match=r"The Snapshot \(%s\) for Stack \(st\) could not be found"
                       % snap2["id"]):
        snaps.show_snapshot(ctxt, ident, snap2["id"])


def test_snapshot_limit_and_in_progress(service, snaps, ctxt, conf):
    conf.set_override("max_snapshots_per_stack", 1)
    ident = create(service, ctxt)
    take(service, snaps, ctxt, ident)
    with pytest.raises(exception.RequestLimitExceeded,
                       match="maximum snapshots per stack, 1. Please delete some snapshots"):
        snaps.stack_snapshot(ctxt, ident, "again")


def test_stack_delete_removes_its_snapshots(service, snaps, ctxt):
    from heatlite.db import snapshots as snapshot_rows
    ident = create(service, ctxt)
    take(service, snaps, ctxt, ident)
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    assert snapshot_rows.list_by_stack(ident["stack_id"]) == []
