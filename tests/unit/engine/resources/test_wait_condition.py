"""Wait conditions and their handles, driven through the engine on SQLite."""

import json

import pytest

from heatlite.common import exception
from heatlite.db import resources
from heatlite.engine.rpc.signal_service import SignalService
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.software import signals
from tests.unit.engine.conftest import hot, wait_idle

HANDLE = {"type": "OS::Heat::WaitConditionHandle"}


def wait_template(count=1, timeout=30, transport=None):
    handle = dict(HANDLE)
    if transport:
        handle["properties"] = {"signal_transport": transport}
    return hot({"handle": handle,
                "wait": {"type": "OS::Heat::WaitCondition",
                         "properties": {"handle": {"get_resource": "handle"},
                                        "count": count, "timeout": timeout}}},
               outputs={"data": {"value": {"get_attr": ["wait", "data"]}},
                        "curl": {"value": {"get_attr": ["handle", "curl_cli"]}}})


@pytest.fixture
def ops(service):
    return StackOpsService(service)


@pytest.fixture(autouse=True)
def secret(conf, tmp_path):
    conf.set_override("state_path", str(tmp_path))
    conf.set_override("bind_port", 8123, group="heat_api")
    conf.set_override("bind_host", "127.0.0.1", group="heat_api")


def start(service, ctxt, template, name="wc"):
    return service.create_stack(ctxt, name, template, {"parameters": {}}, {}, {})


def until_waiting(service, ident, name="handle"):
    """Block until the wait condition listens on the handle's board entry."""
    key = None
    op = service.threads.get(ident["stack_id"])
    for _ in range(400):
        if key is None:
            row = resources.get_by_name(ident["stack_id"], name)
            key = row.uuid if row is not None and row.status == "COMPLETE" else None
        if key is not None and signals.BOARD.waiting(key):
            return
        if op is None or op.wait(0.02):
            break
    pytest.fail("the wait condition never started waiting")


def status(service, ctxt, ident):
    doc = service.show_stack(ctxt, ident)[0]
    return doc["stack_status"], doc["stack_status_reason"], doc


def test_signals_complete_the_wait_and_give_data(service, ops, ctxt):
    ident = start(service, ctxt, wait_template(count=2))
    until_waiting(service, ident)
    ops.resource_signal(ctxt, ident, "handle", {"data": "one"})
    ops.resource_signal(ctxt, ident, "handle", {"status": "SUCCESS", "id": "x",
                                               "data": {"k": 2}, "reason": "fine"})
    wait_idle(service, ident["stack_id"])
    state, reason, doc = status(service, ctxt, ident)
    assert state == "COMPLETE", reason
    outputs = {o["output_key"]: o["output_value"] for o in doc["outputs"]}
    assert json.loads(outputs["data"]) == {"1": "one", "x": {"k": 2}}
    assert outputs["curl"].startswith("curl -i -X POST -H 'X-Auth-Token: ")
    assert outputs["curl"].endswith(
        "http://127.0.0.1:8123/v1/signal/tenant-a/stacks/wc/%s/resources/handle"
        % ident["stack_id"])
    meta = service.describe_stack_resource(ctxt, ident, "handle")["metadata"]
    assert meta["1"] == {"data": "one", "reason": "Signal 1 received", "status": "SUCCESS"}
    events = [(e["resource_action"], e["resource_status_reason"])
              for e in service.list_events(ctxt, ident) if e["resource_name"] == "handle"]
    assert ("SIGNAL", "Signal: status:SUCCESS reason:Signal 1 received") in events
    assert ("SIGNAL", "Signal: status:SUCCESS reason:fine") in events


def test_failure_signal_fails_with_heats_reason(service, ops, ctxt):
    ident = start(service, ctxt, wait_template(count=3))
    until_waiting(service, ident)
    ops.resource_signal(ctxt, ident, "handle", {"status": "FAILURE", "reason": "broke"})
    wait_idle(service, ident["stack_id"])
    res = service.describe_stack_resource(ctxt, ident, "wait")
    assert res["resource_status"] == "FAILED"
    assert res["resource_status_reason"] == "WaitConditionFailure: resources.wait: broke"


def test_timeout_counts_what_was_received(service, ops, ctxt):
    ident = start(service, ctxt, wait_template(count=2, timeout=1))
    until_waiting(service, ident)
    ops.resource_signal(ctxt, ident, "handle", {"reason": "half"})
    wait_idle(service, ident["stack_id"])
    res = service.describe_stack_resource(ctxt, ident, "wait")
    assert res["resource_status_reason"] == \
        "WaitConditionTimeout: resources.wait: 1 of 2 received - half"


def test_bad_signal_is_refused_and_not_stored(service, ops, ctxt):
    ident = start(service, ctxt, wait_template())
    until_waiting(service, ident)
    with pytest.raises(exception.Invalid):
        ops.resource_signal(ctxt, ident, "handle", {"status": "MAYBE"})
    with pytest.raises(exception.ResourceActionNotSupported):
        ops.resource_signal(ctxt, ident, "wait", {})
    ops.resource_signal(ctxt, ident, "handle", None)
    wait_idle(service, ident["stack_id"])
    assert status(service, ctxt, ident)[0] == "COMPLETE"


def test_signed_signal_needs_the_resources_token(service, ctxt):
    ident = start(service, ctxt, wait_template())
    until_waiting(service, ident)
    doc = service.describe_stack_resource(ctxt, ident, "handle", with_attr=None)
    token = doc["attributes"]["token"]
    signed = SignalService(service)
    args = ("tenant-a", "wc", ident["stack_id"])
    with pytest.raises(exception.HeatSignatureError):
        signed.signed_resource_signal(ctxt, *args, "handle", token[:-2] + "xx", {})
    with pytest.raises(exception.HeatSignatureError):
        signed.signed_resource_signal(ctxt, *args, "wait", token, {})
    with pytest.raises(exception.HeatSignatureError):
        signed.signed_resource_signal(ctxt, "tenant-b", "wc", ident["stack_id"], "handle",
                                      token, {})
    signed.signed_resource_signal(ctxt, *args, "handle", token, {"data": "via url"})
    wait_idle(service, ident["stack_id"])
    assert status(service, ctxt, ident)[0] == "COMPLETE"


def test_cancel_wakes_the_wait(service, ctxt):
    ident = start(service, ctxt, wait_template(timeout=600))
    until_waiting(service, ident)
    op = service.threads.get(ident["stack_id"])
    op.cancel("Stack CREATE cancelled")
    assert op.wait(10)
    assert status(service, ctxt, ident)[0] == "FAILED"


def test_aws_handle_and_wait_condition(service, ops, ctxt):
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
        "Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"},
        "Wait": {"Type": "AWS::CloudFormation::WaitCondition",
                 "Properties": {"Handle": {"Ref": "Handle"}, "Timeout": 30}}},
        "Outputs": {"Data": {"Value": {"Fn::GetAtt": ["Wait", "Data"]}}}}
    ident = start(service, ctxt, template, name="aws")
    until_waiting(service, ident, "Handle")
    with pytest.raises(exception.Invalid):
        ops.resource_signal(ctxt, ident, "Handle", {"Status": "SUCCESS"})
    ops.resource_signal(ctxt, ident, "Handle", {"Status": "SUCCESS", "Reason": "ok",
                                                "UniqueId": "a", "Data": "d"})
    wait_idle(service, ident["stack_id"])
    state, reason, doc = status(service, ctxt, ident)
    assert state == "COMPLETE", reason
    assert json.loads(doc["outputs"][0]["output_value"]) == {"a": "d"}
    refid = resources.get_by_name(ident["stack_id"], "Handle").attr_data["refid"]
    assert refid.startswith("http://127.0.0.1:8123/v1/signal/tenant-a/stacks/aws/%s/"
                            "resources/Handle?token=" % ident["stack_id"])
