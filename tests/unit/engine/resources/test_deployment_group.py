"""Software deployment groups: one deployment per server in a nested stack."""

import pytest

from heatlite.db import resources
from tests.unit.engine.conftest import hot, wait_idle
from tests.unit.engine.resources.test_software_deployment import CONFIG, inputs_of, signed


@pytest.fixture(autouse=True)
def urls(conf, tmp_path):
    conf.set_override("state_path", str(tmp_path))


def group_template(kind="OS::Heat::SoftwareDeploymentGroup"):
    return hot({
        "s1": {"type": "OS::Heat::DeployedServer"},
        "s2": {"type": "OS::Heat::DeployedServer"},
        "config": CONFIG,
        "group": {"type": kind, "properties": {
            "config": {"get_resource": "config"},
            "servers": {"a": {"get_resource": "s1"}, "b": {"get_resource": "s2"}},
            "input_values": {"foo": "x"}}}},
        outputs={"codes": {"value": {"get_attr": ["group", "deploy_status_codes"]}},
                 "results": {"value": {"get_attr": ["group", "result"]}}})


def deployments_of(ident, server):
    row = resources.get_by_name(ident["stack_id"], server)
    return (row.rsrc_metadata or {}).get("deployments") or []


def run_group(service, ctxt, codes, kind="OS::Heat::SoftwareDeploymentGroup"):
    ident = service.create_stack(ctxt, "grp", group_template(kind), {"parameters": {}},
                                 {}, {})
    op = service.threads.get(ident["stack_id"])
    pending = {"s1", "s2"}
    for _ in range(500):
        for server in list(pending):
            found = deployments_of(ident, server)
            if found:
                values = inputs_of(found[0])
                code = codes[server]
                signed(service, ctxt, values["deploy_signal_id"],
                       {"deploy_status_code": code, "result": server})
                pending.discard(server)
        if not pending or op.wait(0.02):
            break
    assert not pending
    wait_idle(service, ident["stack_id"])
    return ident


def test_group_completes_with_per_member_attributes(service, ctxt):
    ident = run_group(service, ctxt, {"s1": 0, "s2": 0},
                      kind="OS::Heat::StructuredDeploymentGroup")
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    out = {o["output_key"]: o["output_value"] for o in doc["outputs"]}
    assert out == {"codes": {"a": 0, "b": 0}, "results": {"a": "s1", "b": "s2"}}


def test_a_failed_member_fails_the_group(service, ctxt):
    ident = run_group(service, ctxt, {"s1": 0, "s2": 4})
    res = service.describe_stack_resource(ctxt, ident, "group")
    assert res["resource_status"] == "FAILED"
    assert "Deployment exited with non-zero status code: 4" in res["resource_status_reason"]
