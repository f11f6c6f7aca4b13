"""Nested stacks through the engine: groups, chains, provider templates,
OS::Heat::Stack, autoscaling by signal, limits, listings with nested_depth."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from heatlite.common import exception
from heatlite.db import stack_listing, stack_rows, stacks
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.stack import queries
from tests.unit.engine.conftest import hot, wait_idle


def create(service: Any, ctxt: Any, name: str, template: dict[str, Any],
           files: dict[str, str] | None = None, env: dict[str, Any] | None = None) -> Any:
    ident = service.create_stack(ctxt, name, template, env or {}, files, None)
    wait_idle(service, ident["stack_id"])
    return ident


def update(service: Any, ctxt: Any, ident: Any, template: dict[str, Any],
           files: dict[str, str] | None = None) -> Any:
    StackUpdateService(service).update_stack(ctxt, ident, template, {}, files, {})
    wait_idle(service, ident["stack_id"])
    return stacks.get(ident["stack_id"])


def outputs(ident: Any) -> dict[str, Any]:
    row = stacks.get(ident["stack_id"])
    return {o["output_key"]: o["output_value"] for o in row.outputs or []}


def group(count: int, **extra: Any) -> dict[str, Any]:
    props = {"count": count, "resource_def": {
        "type": "OS::Heat::Value", "properties": {"value": "v-%index%"}}}
    props.update(extra)
    return hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": props}}, outputs={
        "refs": {"value": {"get_attr": ["g", "refs"]}},
        "values": {"value": {"get_attr": ["g", "value"]}},
        "one": {"value": {"get_attr": ["g", "resource.1.value"]}},
        "by_name": {"value": {"get_attr": ["g", "attributes", "value"]}},
        "removed": {"value": {"get_attr": ["g", "removed_rsrc_list"]}}})


def test_group_is_one_nested_stack_with_attributes(service, ctxt):
    ident = create(service, ctxt, "grp", group(3))
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status) == ("CREATE", "COMPLETE"), row.status_reason
    out = outputs(ident)
    assert out["values"] == ["v-0", "v-1", "v-2"]
    assert out["one"] == "v-1"
    assert out["by_name"] == {"0": "v-0", "1": "v-1", "2": "v-2"}
    assert out["removed"] == []
    children = stack_rows.children(row.id)
    assert len(children) == 1
    child = children[0]
    assert child.name.startswith("grp-g-") and child.nested_depth == 1
    assert child.parent_resource_name == "g" and child.owner_id == row.id
    # hidden from a listing unless show_nested
    assert [s.name for s in stack_listing.list_summaries(ctxt.project_id)] == ["grp"]
    assert len(stack_listing.list_summaries(ctxt.project_id, show_nested=True)) == 2


def test_group_resize_with_removal_policies(service, ctxt):
    ident = create(service, ctxt, "rs", group(4))
    row = update(service, ctxt, ident, group(3, removal_policies=[{"resource_list": ["1"]}]))
    assert row.status == "COMPLETE", row.status_reason
    out = outputs(ident)
    assert out["values"] == ["v-0", "v-2", "v-3"] and out["removed"] == ["1"]
    row = update(service, ctxt, ident, group(5, removal_policies=[{"resource_list": ["1"]}]))
    assert outputs(ident)["values"] == ["v-0", "v-2", "v-3", "v-4", "v-5"]
    row = update(service, ctxt, ident, group(2, removal_policies=[],
                                             removal_policies_mode="update"))
    assert row.status == "COMPLETE", row.status_reason
    assert outputs(ident)["values"] == ["v-0", "v-1"]


def test_group_rolling_update_and_batch_create(service, ctxt):
    tmpl = group(4)
    tmpl["resources"]["g"]["update_policy"] = {
        "batch_create": {"max_batch_size": 3},
        "rolling_update": {"max_batch_size": 2, "min_in_service": 1}}
    ident = create(service, ctxt, "roll", tmpl)
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    assert outputs(ident)["values"] == ["v-0", "v-1", "v-2", "v-3"]
    tmpl["resources"]["g"]["properties"]["resource_def"]["properties"]["value"] = "w-%index%"
    row = update(service, ctxt, ident, tmpl)
    assert row.status == "COMPLETE", row.status_reason
    assert outputs(ident)["values"] == ["w-0", "w-1", "w-2", "w-3"]


def test_bad_update_policy_key_is_refused(service, ctxt):
    tmpl = group(1)
    tmpl["resources"]["g"]["update_policy"] = {"nope": {}}
    with pytest.raises(exception.StackValidationFailed, match="Unknown Property nope"):
        service.create_stack(ctxt, "bad", tmpl, {}, None, None)


def test_chain_orders_members(service, ctxt):
    tmpl = hot({"c": {"type": "OS::Heat::ResourceChain", "properties": {
        "resources": ["OS::Heat::RandomString", "OS::Heat::RandomString"],
        "resource_properties": {"length": 8}}}},
        outputs={"refs": {"value": {"get_attr": ["c", "refs"]}}})
    ident = create(service, ctxt, "chain", tmpl)
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    refs = outputs(ident)["refs"]
    assert len(refs) == 2 and all(len(r) == 8 for r in refs)
    child = stack_rows.children(ident["stack_id"])[0]
    docs = queries.list_resources(ctxt, service.registry, dict(
        tenant=child.tenant, stack_name=child.name, stack_id=child.id, path=""), False, None)
    assert {d["resource_name"]: d["required_by"] for d in docs} == {"0": ["1"], "1": []}


LEAF = """
heat_template_version: 2018-08-31
parameters:
  word: {type: string}
resources:
  r: {type: OS::Heat::Value, properties: {value: {get_param: word}}}
outputs:
  said: {value: {get_attr: [r, value]}}
  meta: {value: {resource_facade: metadata}}
  OS::stack_id: {value: {list_join: ['-', [leaf, {get_param: word}]]}}
"""
MIDDLE = """
heat_template_version: 2018-08-31
parameters:
  word: {type: string}
resources:
  leaf: {type: My::Leaf, properties: {word: {get_param: word}}, metadata: {m: 1}}
outputs:
  said: {value: {get_attr: [leaf, said]}}
  leaf_ref: {value: {get_resource: leaf}}
  meta: {value: {get_attr: [leaf, meta]}}
"""


def test_three_level_provider_tree(service, ctxt):
    tmpl = hot({"top": {"type": "middle.yaml", "properties": {"word": "hi"}}}, outputs={
        "said": {"value": {"get_attr": ["top", "said"]}},
        "leaf_ref": {"value": {"get_attr": ["top", "leaf_ref"]}},
        "meta": {"value": {"get_attr": ["top", "meta"]}}})
    env = {"resource_registry": {"My::Leaf": "leaf.yaml"}}
    ident = create(service, ctxt, "tree", tmpl, {"middle.yaml": MIDDLE, "leaf.yaml": LEAF},
                   env)
    row = stacks.get(ident["stack_id"])
    assert row.status == "COMPLETE", row.status_reason
    assert outputs(ident) == {"said": "hi", "leaf_ref": "leaf-hi", "meta": {"m": 1}}
    docs = queries.list_resources(ctxt, service.registry, ident, False, None, nested_depth=2)
    names = [(d["resource_name"], d.get("parent_resource")) for d in docs]
    assert names == [("top", None), ("leaf", "top"), ("r", "leaf")]
    assert "nested_stack_id" in docs[0]
    events = queries.list_events(ctxt, ident, None, None, None, None, None, nested_depth=2)
    assert {e["stack_name"] for e in events} >= {"tree"} and len(
        {e["stack_name"] for e in events}) == 3
    assert all(e["root_stack_id"]["stack_id"] == row.id for e in events)
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    left = [(s.name, s.status, s.status_reason)
            for s in stack_listing.list_summaries(None, show_nested=True)]
    assert left == [], str(left)


def test_os_heat_stack_and_cfn_stack(service, ctxt):
    inner = "heat_template_version: 2018-08-31\noutputs:\n  o: {value: 42}\n"
    cfn = '{"AWSTemplateFormatVersion": "2010-09-09", "Outputs": {"O": {"Value": "x"}}}'
    tmpl = hot({"s": {"type": "OS::Heat::Stack", "properties": {"template": inner}},
                "c": {"type": "AWS::CloudFormation::Stack",
                      "properties": {"TemplateURL": "inner.json"}}},
               outputs={"all": {"value": {"get_attr": ["s", "outputs"]}},
                        "o": {"value": {"get_attr": ["s", "o"]}},
                        "cfn": {"value": {"get_attr": ["c", "Outputs.O"]}},
                        "ref": {"value": {"get_resource": "c"}}})
    ident = create(service, ctxt, "st", tmpl, {"inner.json": cfn})
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    out = outputs(ident)
    assert out["all"] == {"o": 42} and out["o"] == 42 and out["cfn"] == "x"
    assert out["ref"].startswith("arn:openstack:heat::tenant-a:stacks/st-c-")


def test_nested_failure_reason_has_the_path(service, ctxt):
    tmpl = hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
        "count": 1, "resource_def": {"type": "OS::Heat::TestResource",
                                     "properties": {"fail": True}}}}})
    ident = create(service, ctxt, "fails", tmpl)
    row = stacks.get(ident["stack_id"])
    assert row.status == "FAILED"
    assert row.status_reason.startswith("Resource CREATE failed: ")
    assert "resources.g.resources.0" in row.status_reason


def test_depth_and_total_resource_limits(service, ctxt, conf):
    conf.set_override("max_nested_stack_depth", 1)
    nested = hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
        "count": 1, "resource_def": {"type": "OS::Heat::None"}}}})
    import yaml
    with pytest.raises(exception.StackValidationFailed) as err:
        service.create_stack(ctxt, "deep", hot({"s": {"type": "OS::Heat::Stack", "properties": {
            "template": yaml.safe_dump(nested)}}}), {}, None, None)
    # Refused when the root is validated, with the nested path (Heat's words).
    assert str(err.value) == (
        "RequestLimitExceeded: resources.s<nested_stack>.resources.g<nested_stack>: "
        "Request limit exceeded: Recursion depth exceeds 1.")
    assert stacks.get_by_name(ctxt.project_id, "deep") is None
    conf.clear_override("max_nested_stack_depth")
    conf.set_override("max_resources_per_stack", 3)
    ident = create(service, ctxt, "many", group(3))
    reason = stacks.get(ident["stack_id"]).status_reason
    assert "Maximum resources per stack exceeded." in reason
    conf.clear_override("max_resources_per_stack")


def test_autoscaling_group_scaled_by_signals(service, ctxt):
    tmpl = hot({
        "asg": {"type": "OS::Heat::AutoScalingGroup", "properties": {
            "min_size": 1, "max_size": 4, "resource": {"type": "OS::Heat::None"}}},
        "up": {"type": "OS::Heat::ScalingPolicy", "properties": {
            "auto_scaling_group_id": {"get_resource": "asg"},
            "adjustment_type": "change_in_capacity", "scaling_adjustment": 2}},
        "down": {"type": "OS::Heat::ScalingPolicy", "properties": {
            "auto_scaling_group_id": {"get_resource": "asg"},
            "adjustment_type": "percent_change_in_capacity", "scaling_adjustment": -10}}},
        outputs={"size": {"value": {"get_attr": ["asg", "current_size"]}},
                 "url": {"value": {"get_attr": ["up", "signal_url"]}}})
    ident = create(service, ctxt, "scale", tmpl)
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    assert outputs(ident)["size"] == 1
    assert outputs(ident)["url"].endswith("/resources/up/signal")
    ops = StackOpsService(service)
    ops.resource_signal(ctxt, ident, "up", None)
    assert outputs(ident)["size"] == 3
    ops.resource_signal(ctxt, ident, "up", None)
    assert outputs(ident)["size"] == 4  # capped at max_size
    ops.resource_signal(ctxt, ident, "down", None)
    assert outputs(ident)["size"] == 3  # less than one member rounds to one


# -- suspend, resume and check go into nested stacks ----------------------------

def child_identity(row: Any) -> dict[str, Any]:
    return {"tenant": row.tenant, "stack_name": row.name, "stack_id": row.id, "path": ""}


def run_action(service: Any, ctxt: Any, ident: Any, action: str) -> Any:
    getattr(StackOpsService(service), "stack_%s" % action)(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    return stacks.get(ident["stack_id"])


def tree_states(stack_id: str) -> list[tuple[str, str, str]]:
    """(stack name, action, status) of each stack under ``stack_id``, and theirs."""
    out = []
    for child in stack_rows.children(stack_id):
        out.append((child.parent_resource_name, child.action, child.status))
        out.extend(tree_states(child.id))
    return out


def resource_states(stack_id: str) -> dict[str, tuple[str, str, str]]:
    from heatlite.db import resources
    return {r.name: (r.action, r.status, r.status_reason)
            for r in resources.get_all_by_stack(stack_id)}


def test_suspend_resume_check_walk_into_nested_stacks(service, ctxt):
    tmpl = hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
        "count": 2, "resource_def": {"type": "OS::Heat::TestResource"}}},
        "top": {"type": "leaf.yaml", "properties": {"word": "w"}}})
    ident = create(service, ctxt, "act", tmpl, {"leaf.yaml": LEAF})
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    group_child = next(c for c in stack_rows.children(ident["stack_id"])
                       if c.parent_resource_name == "g")

    row = run_action(service, ctxt, ident, "suspend")
    assert (row.action, row.status) == ("SUSPEND", "COMPLETE"), row.status_reason
    assert sorted(tree_states(ident["stack_id"])) == [("g", "SUSPEND", "COMPLETE"),
                                                      ("top", "SUSPEND", "COMPLETE")]
    assert {k: v[:2] for k, v in resource_states(group_child.id).items()} == {
        "0": ("SUSPEND", "COMPLETE"), "1": ("SUSPEND", "COMPLETE")}
    reasons = [e["resource_status_reason"] for e in service.list_events(
        ctxt, child_identity(group_child)) if e["resource_name"] == group_child.name]
    assert "Stack SUSPEND started" in reasons
    assert "Stack SUSPEND completed successfully" in reasons

    row = run_action(service, ctxt, ident, "resume")
    assert (row.action, row.status) == ("RESUME", "COMPLETE"), row.status_reason
    assert sorted(tree_states(ident["stack_id"])) == [("g", "RESUME", "COMPLETE"),
                                                      ("top", "RESUME", "COMPLETE")]

    row = run_action(service, ctxt, ident, "check")
    assert (row.action, row.status) == ("CHECK", "COMPLETE"), row.status_reason
    # Both top-level resources check their nested stacks: fully supported.
    assert row.status_reason == "Stack CHECK completed successfully"
    leaf_child = next(c for c in stack_rows.children(ident["stack_id"])
                      if c.parent_resource_name == "top")
    assert leaf_child.status_reason.endswith("'CHECK' not fully supported (see resources)")
    assert resource_states(leaf_child.id)["r"] == (
        "CHECK", "COMPLETE", "CHECK not supported for OS::Heat::Value")


def test_nested_suspend_failure_reaches_the_root(service, ctxt):
    ident = create(service, ctxt, "susf", group(2))
    child = stack_rows.children(ident["stack_id"])[0]
    StackOpsService(service).resource_mark_unhealthy(ctxt, child_identity(child), "1", True)
    row = run_action(service, ctxt, ident, "suspend")
    assert (row.action, row.status) == ("SUSPEND", "FAILED")
    assert row.status_reason.startswith("Resource SUSPEND failed: ")
    assert "resources.g.resources.1" in row.status_reason, row.status_reason
    assert "invalid for suspend" in row.status_reason
    assert stacks.get(child.id).status == "FAILED"
    assert resource_states(ident["stack_id"])["g"][:2] == ("SUSPEND", "FAILED")


# -- nested templates are validated with the parent -------------------------------

BAD_LEAF = """
heat_template_version: 2018-08-31
resources:
  r: {type: OS::Heat::Value, properties: {value: 1, nope: 2}}
"""


def refused(service: Any, ctxt: Any, tmpl: dict[str, Any],
            files: dict[str, str] | None = None) -> str:
    with pytest.raises(exception.StackValidationFailed) as err:
        service.create_stack(ctxt, "bad", tmpl, {}, files, None)
    assert stacks.get_by_name(ctxt.project_id, "bad") is None  # nothing stored
    return str(err.value)


def test_bad_provider_template_is_refused_with_its_path(service, ctxt):
    message = refused(service, ctxt, hot({"top": {"type": "bad.yaml"}}),
                      {"bad.yaml": BAD_LEAF})
    assert message == ("Property error: resources.top<bad.yaml>.resources.r.properties: "
                       "Unknown Property nope")


def test_bad_group_member_is_refused_with_indexed_path(service, ctxt):
    tmpl = hot({"g": {"type": "OS::Heat::ResourceGroup", "properties": {
        "count": 3, "resource_def": {"type": "bad.yaml"}}}})
    message = refused(service, ctxt, tmpl, {"bad.yaml": BAD_LEAF})
    # A member's name is folded as an index only when it is the whole item.
    assert message == ("Property error: resources.g<nested_stack>.resources.0<bad.yaml>"
                       ".resources.r.properties: Unknown Property nope")
    # count 0: the definition is not looked into, as Heat.
    tmpl["resources"]["g"]["properties"]["count"] = 0
    ident = create(service, ctxt, "zero", tmpl, {"bad.yaml": BAD_LEAF})
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"


def test_bad_inline_stack_and_chain_are_refused(service, ctxt):
    inner = "heat_template_version: 2018-08-31\nresources:\n  x: {type: No::Such}\n"
    message = refused(service, ctxt, hot({"s": {"type": "OS::Heat::Stack",
                                                "properties": {"template": inner}}}))
    assert message.startswith("resources.s<nested_stack>: ")
    assert "No::Such" in message
    chain = hot({"c": {"type": "OS::Heat::ResourceChain", "properties": {
        "resources": ["OS::Heat::None", "OS::Heat::Value"],
        "resource_properties": {"nope": 1}}}})
    message = refused(service, ctxt, chain)
    assert message == ("Property error: resources.c<nested_stack>.resources[1].properties: "
                       "Unknown Property nope")


def test_validate_and_preview_look_into_nested_templates(service, ctxt):
    from heatlite.engine.rpc.template_service import TemplateService
    templates = TemplateService(service)
    tmpl = hot({"top": {"type": "bad.yaml"}})
    answer = templates.validate_template(ctxt, tmpl, {}, files={"bad.yaml": BAD_LEAF})
    assert answer == {"Error": "Property error: resources.top<bad.yaml>.resources.r."
                               "properties: Unknown Property nope"}
    with pytest.raises(exception.StackValidationFailed, match="top<bad.yaml>"):
        templates.preview_stack(ctxt, "pv", tmpl, {}, {"bad.yaml": BAD_LEAF}, {})
    tmpl["resources"]["top"]["properties"] = {"word": "x"}
    assert "Error" not in templates.validate_template(ctxt, tmpl, {},
                                                      files={"bad.yaml": LEAF})


# -- rolling updates must fit in the stack timeout ----------------------------------

def test_rolling_update_pauses_must_fit_the_timeout(service, ctxt):
    tmpl = group(3)
    tmpl["resources"]["g"]["update_policy"] = {
        "rolling_update": {"max_batch_size": 1, "pause_time": 30}}
    ident = service.create_stack(ctxt, "pause", tmpl, {}, None, {"timeout_mins": 1})
    wait_idle(service, ident["stack_id"])
    tmpl["resources"]["g"]["properties"]["resource_def"]["properties"]["value"] = "w"
    row = update(service, ctxt, ident, tmpl)
    assert row.status == "FAILED"
    assert row.status_reason == (
        "ValueError: resources.g: The current update policy will result in stack update "
        "timeout.")
    # The same policy with a pause that fits updates.
    tmpl["resources"]["g"]["update_policy"]["rolling_update"]["pause_time"] = 0.05
    row = update(service, ctxt, ident, tmpl)
    assert row.status == "COMPLETE", row.status_reason


# -- a scaling signal refreshes outputs up the tree ------------------------------------

SCALED = """
heat_template_version: 2018-08-31
resources:
  asg:
    type: OS::Heat::AutoScalingGroup
    properties: {min_size: 1, max_size: 5, resource: {type: OS::Heat::None}}
  up:
    type: OS::Heat::ScalingPolicy
    properties: {auto_scaling_group_id: {get_resource: asg},
                 adjustment_type: change_in_capacity, scaling_adjustment: 2}
outputs:
  size: {value: {get_attr: [asg, current_size]}}
"""


def test_scaling_signal_refreshes_every_ancestors_outputs(service, ctxt):
    tmpl = hot({"mid": {"type": "mid.yaml"}},
               outputs={"size": {"value": {"get_attr": ["mid", "size"]}}})
    mid = ("heat_template_version: 2018-08-31\nresources:\n  inner: {type: scaled.yaml}\n"
           "outputs:\n  size: {value: {get_attr: [inner, size]}}\n")
    ident = create(service, ctxt, "up", tmpl, {"mid.yaml": mid, "scaled.yaml": SCALED})
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    assert outputs(ident) == {"size": 1}
    middle = stack_rows.children(ident["stack_id"])[0]
    inner = stack_rows.children(middle.id)[0]
    StackOpsService(service).resource_signal(ctxt, child_identity(inner), "up", None)
    assert outputs({"stack_id": inner.id}) == {"size": 3}
    assert outputs({"stack_id": middle.id}) == {"size": 3}
    assert outputs(ident) == {"size": 3}
    assert service.show_stack(ctxt, ident)[0]["outputs"][0]["output_value"] == 3


def test_a_nested_stack_is_named_by_its_resource_while_created(service, ctxt):
    """The parent resource shows its nested stack's id (and so the API its
    ``nested`` link) before the nested stack completes, as Heat's does."""
    slow = ('{"heat_template_version": "2018-08-31", "resources": {"t": {"type": '
            '"OS::Heat::TestResource", "properties": {"wait_secs": 1}}}}')
    ident = service.create_stack(ctxt, "slow", hot({"inner": {"type": "slow.yaml"}}), {},
                                 {"slow.yaml": slow}, None)
    try:
        res: dict[str, Any] = {}
        for _ in range(200):
            res = service.describe_stack_resource(ctxt, ident, "inner")
            if res["physical_resource_id"]:
                break
            threading.Event().wait(0.01)
        assert res["resource_status"] == "IN_PROGRESS"
        assert res["physical_resource_id"] == stack_rows.children(ident["stack_id"])[0].id
    finally:
        wait_idle(service, ident["stack_id"])
