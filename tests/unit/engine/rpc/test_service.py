"""EngineService called directly (no RPC) on a temporary SQLite database."""

import copy
import datetime
import inspect
import json
import pathlib
import threading

import pytest

from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import models, services, stack_locks
from heatlite.engine.rpc import endpoints, service
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.rpc.client import EngineClient
from tests.unit.engine.conftest import cancel_running, hot, wait_for_resource, wait_idle

SAMPLES = pathlib.Path("/work/shared/reference/heat/samples")


def sample_request(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.skip("reference samples not available")
    return json.loads(path.read_text())["request"]["body"]


def create(svc, ctxt, name, template, params=None, args=None):
    ident = svc.create_stack(ctxt, name, template, {"parameters": params or {}}, {},
                             args or {})
    wait_idle(svc, ident["stack_id"])
    return ident


def test_create_show_resources_events_template_delete(service, ctxt):
    body = sample_request("13-stack-create.json")
    ident = create(service, ctxt, body["stack_name"], body["template"], body["parameters"],
                   {"timeout_mins": 10, "tags": "anchor,smoke"})
    assert ident["tenant"] == "tenant-a" and ident["path"] == ""

    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"]) == ("CREATE", "COMPLETE")
    assert doc["stack_status_reason"] == "Stack CREATE completed successfully"
    assert doc["parameters"]["length"] == "8" and doc["parameters"]["suffix"] == "one"
    assert doc["parameters"]["OS::stack_id"] == ident["stack_id"]
    assert doc["tags"] == ["anchor", "smoke"] and doc["timeout_mins"] == 10
    assert doc["updated_time"] is None and doc["stack_owner"] == "alice"
    random, test_out = doc["outputs"]
    assert random["output_key"] == "random" and len(random["output_value"]) == 8
    assert test_out["output_value"] == random["output_value"] + "-one"

    res = service.list_stack_resources(ctxt, ident)
    assert [r["resource_name"] for r in res] == ["test", "rand"]
    rand = res[1]
    assert rand["required_by"] == ["test"] and rand["resource_status_reason"] == "state changed"
    assert rand["physical_resource_id"].startswith(body["stack_name"] + "-rand-")
    assert "attributes" not in rand
    detail = service.list_stack_resources(ctxt, ident, with_detail=True)
    assert detail[1]["attributes"] == {"value": random["output_value"]}
    one = service.describe_stack_resource(ctxt, ident, "test", with_attr=["extra"])
    assert one["attributes"] == {"output": test_out["output_value"], "extra": None}
    with pytest.raises(exception.ResourceNotFound) as err:
        service.describe_stack_resource(ctxt, ident, "nope")
    assert str(err.value) == ("The Resource (nope) could not be found in Stack %s."
                              % body["stack_name"])

    evs = service.list_events(ctxt, ident)
    got = [(e["resource_name"], e["resource_status"]) for e in evs]
    name = body["stack_name"]
    assert got[0] == (name, "COMPLETE") and got[-1] == (name, "IN_PROGRESS")
    assert got.index(("rand", "COMPLETE")) > got.index(("test", "IN_PROGRESS"))
    assert evs[-1]["resource_status_reason"] == "Stack CREATE started"
    assert evs[-1]["physical_resource_id"] == ident["stack_id"]
    asc = service.list_events(ctxt, ident, sort_dir="asc")
    assert asc[0]["event_identity"] == evs[-1]["event_identity"]
    assert len(service.list_events(ctxt, ident, limit=2)) == 2

    assert service.get_template(ctxt, ident) == body["template"]

    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    gone = service.show_stack(ctxt, ident)[0]
    assert (gone["stack_action"], gone["stack_status"]) == ("DELETE", "COMPLETE")
    assert gone["deletion_time"] is not None and "outputs" not in gone
    with pytest.raises(exception.EntityNotFound) as err:
        service.identify_stack(ctxt, name)
    assert str(err.value) == "The Stack (%s) could not be found." % name
    assert service.identify_stack(ctxt, ident["stack_id"])["stack_id"] == ident["stack_id"]
    assert service.list_stacks(ctxt) == []
    listed = service.list_stacks(ctxt, show_deleted=True)
    assert listed[0]["stack_status"] == "COMPLETE" and listed[0]["tags"] is None
    with pytest.raises(exception.EntityNotFound):
        service.delete_stack(ctxt, ident)
    assert stack_locks.get_engine_id(ident["stack_id"]) is None


def test_failing_create_sample_53(service, ctxt):
    body = sample_request("53-stack-create-failing.json")
    ident = create(service, ctxt, body["stack_name"], body["template"])
    doc = service.show_stack(ctxt, ident)[0]
    reason = "ValueError: resources.boom: Test Resource failed boom"
    assert doc["stack_status"] == "FAILED"
    assert doc["stack_status_reason"] == "Resource CREATE failed: " + reason
    assert doc["outputs"] == []
    res = {r["resource_name"]: r for r in service.list_stack_resources(ctxt, ident)}
    assert res["boom"]["resource_status_reason"] == reason
    assert res["boom"]["physical_resource_id"] == ""
    assert res["ok"]["resource_status"] == "COMPLETE"
    evs = service.list_events(ctxt, ident)
    assert evs[1]["resource_name"] == "boom"
    assert evs[1]["physical_resource_id"].startswith(body["stack_name"] + "-boom-")
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    assert service.show_stack(ctxt, ident)[0]["stack_status_reason"] == \
        "Stack DELETE completed successfully"


def test_failure_leaves_unstarted_resources_init(service, ctxt):
    ident = create(service, ctxt, "s1", hot({
        "boom": {"type": "OS::Heat::TestResource", "properties": {"fail": True}},
        "after": {"type": "OS::Heat::None", "depends_on": "boom"}}))
    res = {r["resource_name"]: r for r in service.list_stack_resources(ctxt, ident)}
    assert (res["after"]["resource_action"], res["after"]["resource_status"]) == \
        ("INIT", "COMPLETE")
    assert res["after"]["creation_time"] is None


def test_duplicate_name_409(service, ctxt):
    create(service, ctxt, "dup", hot({"n": {"type": "OS::Heat::None"}}))
    with pytest.raises(exception.StackExists) as err:
        service.create_stack(ctxt, "dup", hot({}), {}, {}, {})
    assert err.value.http_status == 409
    assert str(err.value) == "The Stack (dup) already exists."


@pytest.mark.parametrize("template,exc,message", [
    ({"description": "no version", "resources": {}}, exception.InvalidTemplateVersion,
     "The template version is invalid: Template version was not provided"),
    (hot({"x": {"type": "OS::Nope::DoesNotExist"}}), exception.StackValidationFailed,
     "The Resource Type (OS::Nope::DoesNotExist) could not be found."),
    (hot({}, bogus={}), exception.InvalidTemplateSection,
     "The template section is invalid: bogus"),
    (hot({}, parameters={"p": {"type": "string"}}), exception.UserParameterMissing,
     "The Parameter (p) was not provided."),
])
def test_create_errors_are_synchronous(service, ctxt, template, exc, message):
    with pytest.raises(exc) as err:
        service.create_stack(ctxt, "bad", template, {}, {}, {})
    assert str(err.value) == message
    assert service.list_stacks(ctxt) == []


def test_stack_name_rules_and_limits(service, ctxt, conf):
    with pytest.raises(exception.StackValidationFailed, match="Invalid stack name 1abc"):
        service.create_stack(ctxt, "1abc", hot({}), {}, {}, {})
    conf.set_override("max_resources_per_stack", 1)
    with pytest.raises(exception.RequestLimitExceeded,
                       match="Maximum resources per stack exceeded."):
        service.create_stack(ctxt, "big", hot({"a": {"type": "OS::Heat::None"},
                                               "b": {"type": "OS::Heat::None"}}), {}, {}, {})
    conf.set_override("max_stacks_per_tenant", 1)
    create(service, ctxt, "first", hot({}))
    with pytest.raises(exception.RequestLimitExceeded,
                       match="maximum stacks per tenant, 1. Please delete some stacks."):
        service.create_stack(ctxt, "second", hot({}), {}, {}, {})
    conf.set_override("max_template_size", 10)
    with pytest.raises(exception.RequestLimitExceeded, match="Template size"):
        service.create_stack(ctxt, "third", hot({}), {}, {}, {})


def test_tenant_scoping(service, ctxt):
    ident = create(service, ctxt, "mine", hot({}))
    other = RequestContext(project_id="tenant-b", user_id="u", username="bob")
    with pytest.raises(exception.EntityNotFound):
        service.show_stack(other, ident)
    with pytest.raises(exception.EntityNotFound):
        service.identify_stack(other, "mine")
    assert service.list_stacks(other) == [] and service.count_stacks(ctxt) == 1
    admin = RequestContext(project_id="tenant-b", is_admin=True)
    assert service.show_stack(admin, ident)[0]["stack_name"] == "mine"
    wrong_name = dict(ident, stack_name="other")
    with pytest.raises(exception.EntityNotFound, match=r"The Stack \(other\)"):
        service.show_stack(ctxt, wrong_name)


def test_hidden_parameter_and_get_param_path(service, ctxt):
    ident = create(service, ctxt, "params", hot(
        {"v": {"type": "OS::Heat::Value",
               "properties": {"value": {"get_param": ["j", "a"]}}}},
        parameters={"pw": {"type": "string", "hidden": True, "default": "s3cret"},
                    "j": {"type": "json", "default": {"a": [1, 2]}}},
        outputs={"o": {"value": {"get_attr": ["v", "value", 1]}}}))
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["parameters"]["pw"] == "******"
    assert doc["outputs"] == [{"output_key": "o", "description": "No description given",
                               "output_value": 2}]


def test_timeout_fails_the_stack(service, ctxt, monkeypatch):
    # A minute is too long for a unit test: shorten the deadline itself.
    monkeypatch.setattr(service.context, "timeout_secs", lambda minutes: 0.05)
    ident = service.create_stack(ctxt, "slow", hot(
        {"w": {"type": "OS::Heat::TestResource",
               "properties": {"action_wait_secs": {"create": -1}}}}),
        {}, {}, {"timeout_mins": 1})
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_status"], doc["stack_status_reason"]) == ("FAILED", "Create timed out")
    res = service.list_stack_resources(ctxt, ident)[0]
    assert res["resource_status"] == "FAILED"
    assert res["resource_status_reason"] == "CREATE aborted (Create timed out)"


def test_delete_cancels_running_create(service, ctxt):
    ident = service.create_stack(ctxt, "cancel-me", hot(
        {"w": {"type": "OS::Heat::TestResource",
               "properties": {"action_wait_secs": {"create": -1}}},
         "after": {"type": "OS::Heat::None", "depends_on": "w"}}), {}, {}, {})
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"]) == ("DELETE", "COMPLETE")
    reasons = [e["resource_status_reason"] for e in service.list_events(ctxt, ident)
               if e["resource_name"] == ident["stack_name"]]
    assert "Resource CREATE failed: Operation cancelled" in reasons


def test_lock_held_by_live_engine_is_409(service, ctxt, conf):
    ident = create(service, ctxt, "locked", hot({}))
    other = EngineService(conf, "host-2", "engine-2")
    other.service.register()
    try:
        assert stack_locks.create(ident["stack_id"], "engine-2") is None
        with pytest.raises(exception.ActionInProgress) as err:
            StackUpdateService(service).update_stack(ctxt, ident, hot({}), {}, {}, {})
        assert str(err.value) == "Stack locked already has an action (CREATE) in progress."
    finally:
        stack_locks.release(ident["stack_id"], "engine-2")
        other.service.retire()


def test_dead_engines_stack_is_taken_over_at_start(conf, ctxt):
    first = EngineService(conf, "host-1", "engine-dead")
    ident = first.create_stack(ctxt, "orphan", hot(
        {"v": {"type": "OS::Heat::Value", "properties": {"value": "x"}},
         "w": {"type": "OS::Heat::TestResource", "depends_on": "v",
               "properties": {"wait_secs": -1}}}),
        {}, {}, {})
    # The engine "dies": its thread is stopped, its lock and IN_PROGRESS stay.
    wait_for_resource(first, ctxt, ident, "w", ("CREATE", "IN_PROGRESS"))
    assert stack_locks.get_engine_id(ident["stack_id"]) == "engine-dead"
    second = EngineService(conf, "host-2", "engine-alive")
    second.start()
    try:
        assert stack_locks.get_engine_id(ident["stack_id"]) == "engine-alive"
        doc = second.show_stack(ctxt, ident)[0]
        assert (doc["stack_action"], doc["stack_status"]) == ("CREATE", "IN_PROGRESS")
        reasons = [e["resource_status_reason"] for e in second.list_events(ctxt, ident)]
        assert "Engine engine-dead went down; operation resumed by engine engine-alive" \
            in reasons
        states = {r["resource_name"]: r["resource_status"]
                  for r in second.list_stack_resources(ctxt, ident)}
        assert states == {"v": "COMPLETE", "w": "IN_PROGRESS"}
    finally:
        cancel_running(ident["stack_id"], first, second)
        second.stop(5)


def test_many_stacks_at_once(service, ctxt):
    chain = {"v0": {"type": "OS::Heat::Value", "properties": {"value": "x"}}}
    for i in range(1, 20):
        chain["v%d" % i] = {"type": "OS::Heat::Value", "properties": {
            "value": {"str_replace": {"template": "$p+", "params": {
                "$p": {"get_attr": ["v%d" % (i - 1), "value"]}}}}}}
    fan = {"r%d" % i: {"type": "OS::Heat::RandomString"} for i in range(10)}
    idents, errors = [], []

    def go(n):
        try:
            template = hot(copy.deepcopy(chain if n % 2 else fan),
                           outputs={"o": {"value": {"get_attr": ["v19", "value"]}}}
                           if n % 2 else {})
            idents.append(service.create_stack(ctxt, "many-%d" % n, template, {}, {}, {}))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for ident in idents:
        wait_idle(service, ident["stack_id"])
        doc = service.show_stack(ctxt, ident)[0]
        assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
        if doc["outputs"]:
            assert doc["outputs"][0]["output_value"] == "x" + "+" * 19
    assert service.count_stacks(ctxt) == 6


def test_service_registration_and_revision(service, ctxt, conf):
    rows = [s for s in services.get_all() if s.engine_id == "engine-1"]
    assert len(rows) == 1 and rows[0].binary == "heat-engine"
    assert service.get_revision(ctxt) == conf.revision.heat_revision


def test_rpc_methods_are_the_clients_calls() -> None:
    """Every EngineClient call is served by exactly one engine endpoint."""
    client_calls = {name for name, _ in inspect.getmembers(EngineClient, inspect.isfunction)
                    if not name.startswith("_")}
    served: list[str] = []
    for cls in [service.EngineService, *endpoints.endpoint_classes()]:
        served.extend(cls.RPC_METHODS)
        for name in cls.RPC_METHODS:
            assert callable(getattr(cls, name))
    assert sorted(served) == sorted(client_calls)


def test_list_services_reports_up_and_down_by_the_heartbeat(service, ctxt):
    stale = models.utcnow() - datetime.timedelta(seconds=7)  # three 2 s beats missed
    services.create({"engine_id": "engine-silent", "host": "h", "hostname": "h",
                     "binary": "heat-engine", "topic": "engine", "report_interval": 2,
                     "created_at": stale, "updated_at": stale})
    retired = services.create({"engine_id": "engine-gone", "host": "h", "hostname": "h",
                               "binary": "heat-engine", "topic": "engine",
                               "report_interval": 2})
    services.delete(retired.id)
    docs = {doc["engine_id"]: doc for doc in service.list_services(ctxt)}
    assert {e: d["status"] for e, d in docs.items()} == {"engine-1": "up",
                                                         "engine-silent": "down"}
    mine = docs["engine-1"]
    assert (mine["binary"], mine["host"], mine["report_interval"], mine["deleted_at"]) == (
        "heat-engine", "host-1", 2, None)
    assert mine["updated_at"].endswith("Z")
