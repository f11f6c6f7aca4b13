"""Software deployment groups: one deployment per server in a nested stack."""

import pytest

from heatlite.common import exception
from heatlite.db import resources
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import deployment_group as dg
from heatlite.engine.resources import member_group
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.software import software_deployments
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


# -- the resource type itself ---------------------------------------------------------

def plugin(props, kind=dg.SoftwareDeploymentGroup, update_policy=None):
    values = properties.Properties(kind.PROPERTIES, props).checked()
    ctx = ResourceContext(name="g", stack_name="s", stack_id="sid",
                          uuid="5f0c8d2e-0000-4000-8000-000000000001", action="CREATE",
                          properties=values, update_policy=update_policy or {})
    return kind(ctx)


def test_property_schemas_are_the_deployments_own():
    sdg = dg.SoftwareDeploymentGroup.PROPERTIES
    assert list(sdg) == ["servers", "config", "input_values", "actions", "name",
                         "signal_transport"]
    assert {k for k, s in sdg.items() if s.update_allowed} == {
        "servers", "config", "input_values", "actions", "name"}
    assert sdg["servers"].required
    structured = dg.StructuredDeploymentGroup.PROPERTIES
    assert set(structured) == set(sdg) | {"input_key", "input_values_validate"}
    assert not structured["input_key"].update_allowed
    assert structured["input_values_validate"].default == "LAX"
    assert set(dg.SoftwareDeploymentGroup.UPDATE_POLICY) == {"rolling_update",
                                                             "batch_create"}


def test_members_follow_the_servers_map_order():
    g = plugin({"servers": {"zz": "s-3", "b": "s-1", "a10": "s-2"}, "config": "c1",
                "input_values": {"x": 1}}, kind=dg.StructuredDeploymentGroup)
    assert g.names() == ["zz", "b", "a10"] and g.names(2) == ["zz", "b"]
    assert g.member_definitions()[0] == ("zz", {
        "type": "OS::Heat::StructuredDeployment",
        "properties": {"config": "c1", "input_values": {"x": 1},
                       "actions": ["CREATE", "UPDATE"], "input_key": "get_input",
                       "input_values_validate": "LAX", "server": "s-3"}})
    [spec] = g.nested_specs({})
    assert list(spec.template["resources"]) == ["zz"]
    assert plugin({"servers": {}}).nested_specs({}) == []


def test_every_attribute_is_a_map_of_the_members():
    data = {"_members": [
        {"name": "b", "refid": "r-b", "attrs": {"deploy_stdout": "out-b", "result": 2}},
        {"name": "a", "refid": "r-a", "attrs": {"deploy_stdout": "out-a", "result": 1}}]}
    read = dg.SoftwareDeploymentGroup.stored_attribute
    assert read(data, "deploy_stdouts") == {"b": "out-b", "a": "out-a"}
    assert list(read(data, "deploy_stdouts")) == ["b", "a"]
    assert read(data, "result") == {"b": 2, "a": 1}
    # Not a ResourceGroup: refs, resource.N... are member attributes too.
    assert read(data, "refs") == {"b": None, "a": None}
    assert read(data, "resource.a") == {"b": None, "a": None}


def test_update_policy_values_are_checked():
    servers = {"servers": {"a": "s"}}
    plugin(servers, update_policy={"rolling_update": {"max_batch_size": 2,
                                                      "pause_time": 1.5}}).validate()
    # As in Heat, a policy given empty (or null) is on, with its defaults.
    for given in ({}, None):
        g = plugin(servers, update_policy={"rolling_update": given})
        assert g.policy("rolling_update") == {"max_batch_size": 1, "pause_time": 0}
        assert g.policy("batch_create") is None
    for policy in ({"rolling_update": {"max_batch_size": 0}},
                   {"rolling_update": {"min_in_service": 1}},
                   {"rolling_update": {"pause_time": -1}},
                   {"batch_create": {"max_batch_size": "x"}},
                   {"batch_create": "x"}):
        with pytest.raises(exception.StackValidationFailed):
            plugin(servers, update_policy=policy).validate()


# -- through the engine: batches --------------------------------------------------------

SERVERS = ("s1", "s2", "s3")


def rolling_template(greeting, policy, servers=None, transport="CFN_SIGNAL"):
    resources = {name: {"type": "OS::Heat::DeployedServer"} for name in SERVERS}
    servers = servers or {"a": "s1", "b": "s2", "c": "s3"}
    resources.update({
        "config": CONFIG,
        "group": {"type": "OS::Heat::SoftwareDeploymentGroup", "update_policy": policy,
                  "properties": {
                      "config": {"get_resource": "config"},
                      "servers": {k: {"get_resource": v} for k, v in servers.items()},
                      "input_values": {"foo": greeting},
                      "signal_transport": transport}}})
    return hot(resources, outputs={
        "codes": {"value": {"get_attr": ["group", "deploy_status_codes"]}},
        "stdouts": {"value": {"get_attr": ["group", "deploy_stdouts"]}},
        "results": {"value": {"get_attr": ["group", "result"]}}})


def drive(service, ctxt, ident, seen):
    """Play the servers' agents until the stack's operation ends: signal each
    deployment config not seen yet with ``<foo>@<server>``."""
    op = service.threads.get(ident["stack_id"])
    for _ in range(1500):
        for server in SERVERS:
            for found in deployments_of(ident, server):
                values = inputs_of(found)
                if found["id"] in seen or "deploy_signal_id" not in values:
                    continue
                seen.add(found["id"])
                text = "%s@%s" % (values["foo"], server)
                signed(service, ctxt, values["deploy_signal_id"],
                       {"deploy_status_code": 0, "deploy_stdout": text, "result": text})
        if op is None or op.wait(0.02):
            break
    wait_idle(service, ident["stack_id"])
    return service.show_stack(ctxt, ident)[0]


def member_events(service, ctxt, ident):
    return [(e["resource_name"], e["resource_action"], e["resource_status"])
            for e in service.list_events(ctxt, ident, sort_dir="asc", nested_depth=1)
            if e["resource_name"] in ("a", "b", "c", "d")
            and e["resource_action"] != "SIGNAL"]


def outputs_of(doc):
    return {o["output_key"]: o["output_value"] for o in doc["outputs"]}


def test_rolling_update_changes_one_deployment_at_a_time(service, ctxt):
    policy = {"rolling_update": {"max_batch_size": 1}}
    ident = service.create_stack(ctxt, "roll", rolling_template("hi", policy),
                                 {"parameters": {}}, {}, {})
    seen = set()
    doc = drive(service, ctxt, ident, seen)
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    created = len(member_events(service, ctxt, ident))
    StackUpdateService(service).update_stack(ctxt, ident, rolling_template("bye", policy),
                                             {"parameters": {}}, {}, {})
    doc = drive(service, ctxt, ident, seen)
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "COMPLETE"), \
        doc["stack_status_reason"]
    # The last servers of the map first, each batch done before the next.
    assert member_events(service, ctxt, ident)[created:] == [
        ("c", "UPDATE", "IN_PROGRESS"), ("c", "UPDATE", "COMPLETE"),
        ("b", "UPDATE", "IN_PROGRESS"), ("b", "UPDATE", "COMPLETE"),
        ("a", "UPDATE", "IN_PROGRESS"), ("a", "UPDATE", "COMPLETE")]
    out = outputs_of(doc)
    assert out["results"] == {"a": "bye@s1", "b": "bye@s2", "c": "bye@s3"}
    assert out["stdouts"] == out["results"]
    assert out["codes"] == {"a": 0, "b": 0, "c": 0}


def test_rolling_update_replaces_moved_and_adds_new_members(service, ctxt):
    policy = {"rolling_update": {"max_batch_size": 2}}
    tmpl = rolling_template("hi", policy, servers={"a": "s1", "b": "s2"},
                            transport="NO_SIGNAL")
    ident = service.create_stack(ctxt, "move", tmpl, {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    created = len(member_events(service, ctxt, ident))
    tmpl = rolling_template("hi", policy, servers={"a": "s3", "d": "s2"},
                            transport="NO_SIGNAL")
    StackUpdateService(service).update_stack(ctxt, ident, tmpl, {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    assert outputs_of(doc)["codes"] == {"a": None, "d": None}
    changed = member_events(service, ctxt, ident)[created:]
    # One batch of two: b goes, d comes, a is replaced (its server changed).
    assert ("d", "CREATE", "COMPLETE") in changed and ("b", "DELETE", "COMPLETE") in changed
    assert ("a", "CREATE", "COMPLETE") in changed
    server_ids = {s: resources.get_by_name(ident["stack_id"], s).physical_resource_id
                  for s in SERVERS}
    assert sorted(d["server_id"] for d in software_deployments.list_deployments(ctxt)) == \
        sorted([server_ids["s3"], server_ids["s2"]])


def test_batch_create_creates_max_batch_size_at_a_time(service, ctxt):
    policy = {"batch_create": {"max_batch_size": 2}}
    ident = service.create_stack(ctxt, "batch", rolling_template(
        "hi", policy, transport="NO_SIGNAL"), {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    events = member_events(service, ctxt, ident)
    first = max(events.index((n, "CREATE", "COMPLETE")) for n in ("a", "b"))
    assert events.index(("c", "CREATE", "IN_PROGRESS")) > first


def test_pauses_must_fit_the_stack_timeout(service, ctxt):
    policy = {"rolling_update": {"max_batch_size": 1, "pause_time": 30}}
    tmpl = rolling_template("hi", policy, transport="NO_SIGNAL")
    ident = service.create_stack(ctxt, "pause", tmpl, {"parameters": {}}, {},
                                 {"timeout_mins": 1})
    wait_idle(service, ident["stack_id"])
    StackUpdateService(service).update_stack(
        ctxt, ident, rolling_template("bye", policy, transport="NO_SIGNAL"),
        {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["stack_status"] == "FAILED"
    assert doc["stack_status_reason"] == (
        "ValueError: resources.group: The current update policy will result in stack "
        "update timeout.")


def test_a_new_signal_transport_replaces_the_group(service, ctxt):
    tmpl = rolling_template("hi", {}, transport="NO_SIGNAL")
    ident = service.create_stack(ctxt, "repl", tmpl, {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    before = service.describe_stack_resource(ctxt, ident, "group")["physical_resource_id"]
    tmpl["resources"]["group"]["properties"]["name"] = "renamed"
    StackUpdateService(service).update_stack(ctxt, ident, tmpl, {"parameters": {}}, {}, {})
    wait_idle(service, ident["stack_id"])
    res = service.describe_stack_resource(ctxt, ident, "group")
    assert res["physical_resource_id"] == before, res["resource_status_reason"]
    tmpl = rolling_template("hi", {}, transport="CFN_SIGNAL")
    tmpl["resources"]["group"]["properties"]["name"] = "renamed"
    StackUpdateService(service).update_stack(ctxt, ident, tmpl, {"parameters": {}}, {}, {})
    doc = drive(service, ctxt, ident, set())
    assert doc["stack_status"] == "COMPLETE", doc["stack_status_reason"]
    res = service.describe_stack_resource(ctxt, ident, "group")
    assert res["physical_resource_id"] != before


def test_bad_update_policy(service, ctxt):
    # An unknown key is refused by validation (400).
    with pytest.raises(exception.StackValidationFailed, match="Unknown Property nope"):
        service.create_stack(ctxt, "bad", rolling_template("hi", {"nope": {}}),
                             {"parameters": {}}, {}, {})
    # A bad value is refused by validation too, as Heat checks the whole policy.
    policy = {"rolling_update": {"min_in_service": 1}}
    with pytest.raises(exception.StackValidationFailed) as raised:
        service.create_stack(ctxt, "bad", rolling_template("hi", policy),
                             {"parameters": {}}, {}, {})
    assert str(raised.value) == ("Property error: resources.group.update_policy."
                                 "rolling_update: Unknown Property min_in_service")


def test_replace_order_is_heats_priority():
    existing = [(n, {}) for n in ("a", "b", "gone", "c")]
    order = member_group.replace_order(existing, ["a", "b", "c"], 3, 3)
    assert [n for n, _ in order] == ["gone", "c", "b", "a"]
    # Positions past the target are replaced last.
    order = member_group.replace_order(existing, ["a", "b", "c"], 2, 3)
    assert [n for n, _ in order] == ["gone", "b", "a", "c"]
