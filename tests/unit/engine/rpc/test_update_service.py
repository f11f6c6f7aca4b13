"""Stack updates through StackUpdateService, on SQLite with real threads."""

import json

import pytest

from heatlite.common import exception
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.rpc.update_service import StackUpdateService, merge_environment
from tests.unit.engine.conftest import hot, wait_for_resource, wait_idle

RAND = {"type": "OS::Heat::RandomString", "properties": {"length": {"get_param": "length"}}}
TEST = {"type": "OS::Heat::TestResource",
        "properties": {"value": {"list_join": ["-", [{"get_attr": ["rand", "value"]},
                                                     {"get_param": "suffix"}]]}}}
PARAMS = {"length": {"type": "number", "default": 16}, "suffix": {"type": "string",
                                                                  "default": "one"}}
TEMPLATE = hot({"rand": RAND, "test": TEST}, parameters=PARAMS,
               outputs={"out": {"value": {"get_attr": ["test", "output"]}}})


@pytest.fixture
def updater(service):
    return StackUpdateService(service)


@pytest.fixture
def ops(service):
    return StackOpsService(service)


def create(svc, ctxt, template=TEMPLATE, params=None, args=None, name="st"):
    ident = svc.create_stack(ctxt, name, template, {"parameters": params or {}}, {},
                             args or {})
    wait_idle(svc, ident["stack_id"])
    return ident


def update(svc, upd, ctxt, ident, template=TEMPLATE, params=None, args=None, env=None):
    env = dict(env or {}, parameters=params or {})
    upd.update_stack(ctxt, ident, template, env, {}, args or {})
    wait_idle(svc, ident["stack_id"])
    return svc.show_stack(ctxt, ident)[0]


def events(svc, ctxt, ident):
    return [(e["resource_name"], e["resource_action"] + "_" + e["resource_status"],
             e["resource_status_reason"])
            for e in svc.list_events(ctxt, ident, sort_dir="asc")]


def test_replace_and_in_place_update_as_heat(service, updater, ctxt):
    ident = create(service, ctxt, params={"length": 8})
    before = {r["resource_name"]: r for r in service.list_stack_resources(ctxt, ident)}
    doc = update(service, updater, ctxt, ident, params={"length": 12, "suffix": "two"})
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "COMPLETE")
    assert doc["stack_status_reason"] == "Stack UPDATE completed successfully"
    assert len(doc["outputs"][0]["output_value"]) == len("x" * 12 + "-two")
    got = events(service, ctxt, ident)[6:]
    assert got[0] == ("st", "UPDATE_IN_PROGRESS", "Stack UPDATE started")
    assert ("rand", "UPDATE_COMPLETE", "The Resource rand requires replacement.") in got
    assert [g[1] for g in got if g[0] == "test"] == ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"]
    assert [g[1] for g in got if g[0] == "rand"][-2:] == ["DELETE_IN_PROGRESS",
                                                         "DELETE_COMPLETE"]
    assert got[-1] == ("st", "UPDATE_COMPLETE", "Stack UPDATE completed successfully")
    after = {r["resource_name"]: r for r in service.list_stack_resources(ctxt, ident)}
    assert set(after) == {"rand", "test"}
    assert after["rand"]["physical_resource_id"] != before["rand"]["physical_resource_id"]
    assert after["test"]["physical_resource_id"] == before["test"]["physical_resource_id"]


def test_patch_merges_parameters_and_unchanged_resources_have_no_events(
        service, updater, ctxt):
    ident = create(service, ctxt, params={"length": 8})
    count = len(service.list_events(ctxt, ident))
    # Shown (and so kept) before the update: the update's new template
    # must show its own parameters.
    before = service.show_stack(ctxt, ident, resolve_outputs=False)[0]["parameters"]
    assert before["length"] == "8" and before["suffix"] != "three"
    updater.update_stack(ctxt, ident, None, {"parameters": {"suffix": "three"}}, {},
                         {"existing": True})
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["parameters"]["length"] == "8" and doc["parameters"]["suffix"] == "three"
    names = [e["resource_name"] for e in service.list_events(ctxt, ident)[:-count]]
    assert "rand" not in names and names.count("test") == 2
    updater.update_stack(ctxt, ident, None, {"parameters": {}}, {},
                         {"existing": True, "clear_parameters": ["length"]})
    wait_idle(service, ident["stack_id"])
    assert service.show_stack(ctxt, ident)[0]["parameters"]["length"] == "16"


def test_added_and_removed_resources(service, updater, ctxt):
    ident = create(service, ctxt, template=hot({"a": {"type": "OS::Heat::None"},
                                                "b": {"type": "OS::Heat::None"}}))
    doc = update(service, updater, ctxt, ident,
                 template=hot({"a": {"type": "OS::Heat::None"},
                               "c": {"type": "OS::Heat::None"}}))
    assert doc["stack_status"] == "COMPLETE"
    names = sorted(r["resource_name"] for r in service.list_stack_resources(ctxt, ident))
    assert names == ["a", "c"]


def test_failed_update_rolls_back_when_enabled(service, updater, ctxt):
    ident = create(service, ctxt, template=hot({"t": {"type": "OS::Heat::TestResource"}}),
                   args={"disable_rollback": False})
    old_id = service.list_stack_resources(ctxt, ident)[0]["physical_resource_id"]
    doc = update(service, updater, ctxt, ident, template=hot({"t": {
        "type": "OS::Heat::TestResource",
        "properties": {"update_replace_value": "x", "fail": True}}}))
    assert (doc["stack_action"], doc["stack_status"]) == ("ROLLBACK", "COMPLETE")
    assert doc["stack_status_reason"] == "Stack ROLLBACK completed successfully"
    res = service.list_stack_resources(ctxt, ident)
    assert [r["physical_resource_id"] for r in res] == [old_id]
    assert service.get_template(ctxt, ident)["resources"]["t"] == {
        "type": "OS::Heat::TestResource"}


def test_failed_update_without_rollback(service, updater, ctxt):
    ident = create(service, ctxt, template=hot({"t": {"type": "OS::Heat::TestResource"}}))
    doc = update(service, updater, ctxt, ident, template=hot({"t": {
        "type": "OS::Heat::TestResource", "properties": {"value": "v", "fail": True}}}))
    assert (doc["stack_action"], doc["stack_status"]) == ("UPDATE", "FAILED")
    assert doc["stack_status_reason"] == "ValueError: resources.t: Test Resource failed t"


def test_failed_create_rolls_back(service, ctxt):
    ident = create(service, ctxt, template=hot({
        "ok": {"type": "OS::Heat::None"},
        "bad": {"type": "OS::Heat::TestResource", "properties": {"fail": True},
                "depends_on": "ok"}}), args={"disable_rollback": False})
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"]) == ("ROLLBACK", "COMPLETE")
    assert service.list_stack_resources(ctxt, ident) == []
    got = [(e[0], e[1]) for e in events(service, ctxt, ident)]
    assert ("st", "CREATE_FAILED") in got and ("ok", "DELETE_COMPLETE") in got


def test_cancel_update_rolls_back(service, updater, ctxt):
    ident = create(service, ctxt, template=hot({"t": {"type": "OS::Heat::TestResource"}}))
    updater.update_stack(ctxt, ident, hot({"t": {"type": "OS::Heat::TestResource",
                                                 "properties": {"value": "new",
                                                                "wait_secs": -1}}}),
                         {}, {}, {})
    updater.stack_cancel_update(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"]) == ("ROLLBACK", "COMPLETE")
    with pytest.raises(exception.NotSupported) as err:
        updater.stack_cancel_update(ctxt, ident)
    assert str(err.value) == ("Cancelling update when stack is ROLLBACK_COMPLETE is not "
                              "supported.")


def test_cancel_without_rollback(service, updater, ctxt):
    """Heat's stop_traversal: UPDATE FAILED at once, no rollback; the resource
    being updated finishes its update, the one after it is left as it was."""
    ident = create(service, ctxt, template=hot({
        "t": {"type": "OS::Heat::TestResource"},
        "u": {"type": "OS::Heat::TestResource", "depends_on": ["t"]}}))
    updater.update_stack(ctxt, ident, hot({
        "t": {"type": "OS::Heat::TestResource",
              "properties": {"value": "new", "action_wait_secs": {"update": 1}}},
        "u": {"type": "OS::Heat::TestResource", "depends_on": ["t"],
              "properties": {"value": "new"}}}), {}, {}, {})
    wait_for_resource(service, ctxt, ident, "t", ("UPDATE", "IN_PROGRESS"))
    updater.stack_cancel_update(ctxt, ident, cancel_with_rollback=False)
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_status"], doc["stack_status_reason"]) == (
        "FAILED", "Stack UPDATE cancelled")
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"], doc["stack_status_reason"]) == (
        "UPDATE", "FAILED", "Stack UPDATE cancelled")
    states = {r["resource_name"]: (r["resource_action"], r["resource_status"])
              for r in service.list_stack_resources(ctxt, ident)}
    assert states == {"t": ("UPDATE", "COMPLETE"), "u": ("CREATE", "COMPLETE")}


def test_preview_matches_heats_lists(service, updater, ctxt):
    ident = create(service, ctxt, params={"length": 8})
    out = updater.preview_update_stack(ctxt, ident, TEMPLATE,
                                       {"parameters": {"length": 12, "suffix": "two"}},
                                       {}, {})
    assert [r["resource_name"] for r in out["replaced"]] == ["rand"]
    assert [r["resource_name"] for r in out["updated"]] == ["test"]
    assert out["replaced"][0]["resource_action"] == "INIT"
    assert out["replaced"][0]["attributes"] == {"value": None}
    assert out["updated"][0]["resource_action"] == "CREATE"
    same = updater.preview_update_stack(ctxt, ident, TEMPLATE,
                                        {"parameters": {"length": 8}}, {}, {})
    assert sorted(r["resource_name"] for r in same["unchanged"]) == ["rand", "test"]


def test_immutable_parameter_and_restricted_update(service, updater, ctxt):
    template = hot({"v": {"type": "OS::Heat::Value", "properties": {
        "value": {"get_param": "p"}}}}, parameters={"p": {"type": "string",
                                                         "immutable": True}})
    ident = create(service, ctxt, template=template, params={"p": "a"})
    with pytest.raises(exception.ImmutableParameterModified) as err:
        updater.update_stack(ctxt, ident, template, {"parameters": {"p": "b"}}, {}, {})
    assert str(err.value) == ("The following parameters are immutable and may not be "
                              "updated: p")
    free = hot({"v": {"type": "OS::Heat::Value", "properties": {"value": "x"}}})
    env = {"resource_registry": {"resources": {"v": {"restricted_actions": "update"}}}}
    doc = update(service, updater, ctxt, ident, template=free, env=env)
    assert doc["stack_status"] == "FAILED"
    assert "update is restricted for resource." in doc["stack_status_reason"]


def test_merge_environment():
    merged = merge_environment({"parameters": {"a": 1, "b": 2}, "parameter_defaults": {}},
                               {"parameters": {"c": 3}, "parameter_defaults": {}}, {"b"})
    assert merged["parameters"] == {"a": 1, "c": 3}


def test_suspend_resume_check(service, ops, ctxt):
    ident = create(service, ctxt)
    ops.stack_suspend(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert (doc["stack_action"], doc["stack_status"]) == ("SUSPEND", "COMPLETE")
    assert doc["stack_status_reason"] == "Stack SUSPEND completed successfully"
    ops.stack_resume(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    assert service.show_stack(ctxt, ident)[0]["stack_action"] == "RESUME"
    ops.stack_check(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    doc = service.show_stack(ctxt, ident)[0]
    assert doc["stack_status_reason"] == (
        "Stack CHECK completed successfully. 'CHECK' not fully supported (see resources)")
    res = {r["resource_name"]: r for r in service.list_stack_resources(ctxt, ident)}
    assert res["rand"]["resource_status_reason"] == (
        "CHECK not supported for OS::Heat::RandomString")
    assert res["test"]["resource_action"] == "CHECK"


def test_outputs_environment_files(service, ops, ctxt):
    ident = create(service, ctxt, params={"length": 8})
    assert ops.list_outputs(ctxt, ident) == [
        {"output_key": "out", "description": "No description given"}]
    out = ops.show_output(ctxt, ident, "out")
    assert out["output_value"].endswith("-one")
    with pytest.raises(exception.NotFound) as err:
        ops.show_output(ctxt, ident, "nope")
    assert str(err.value) == "Specified output key {} not found."
    assert ops.get_environment(ctxt, ident)["parameters"] == {"length": 8}
    assert ops.get_files(ctxt, ident) == {}


def test_hook_pauses_until_signal(service, ops, ctxt):
    env = {"parameters": {},
           "resource_registry": {"resources": {"a": {"hooks": "pre-create"}}}}
    ident = service.create_stack(ctxt, "hooked", hot({"a": {"type": "OS::Heat::None"}}),
                                 env, {}, {})
    op = service.threads.get(ident["stack_id"])
    for _ in range(200):
        reasons = [e["resource_status_reason"] for e in service.list_events(ctxt, ident)]
        if "CREATE paused until Hook pre-create is cleared" in reasons:
            break
        op.wait(0.05)
    else:
        pytest.fail("hook event never recorded")
    with pytest.raises(exception.InvalidBreakPointHook):
        ops.resource_signal(ctxt, ident, "a", {"unset_hook": "pre-delete"})
    ops.resource_signal(ctxt, ident, "a", {"unset_hook": "pre-create"})
    wait_idle(service, ident["stack_id"])
    assert service.show_stack(ctxt, ident)[0]["stack_status"] == "COMPLETE"
    env_doc = ops.get_environment(ctxt, ident)
    assert env_doc["resource_registry"]["resources"]["a"] == {"hooks": "pre-create"}


def test_mark_unhealthy_and_abandon(service, ops, ctxt, conf):
    ident = create(service, ctxt)
    ops.resource_mark_unhealthy(ctxt, ident, "rand", True, "broken")
    res = service.describe_stack_resource(ctxt, ident, "rand")
    assert (res["resource_action"], res["resource_status"],
            res["resource_status_reason"]) == ("CHECK", "FAILED", "broken")
    with pytest.raises(exception.NotSupported):
        ops.abandon_stack(ctxt, ident)
    conf.set_override("enable_stack_abandon", True)
    doc = ops.abandon_stack(ctxt, ident)
    assert set(doc["resources"]) == {"rand", "test"} and doc["name"] == "st"
    with pytest.raises(exception.EntityNotFound):
        service.identify_stack(ctxt, "st")


def test_delete_after_cancel_without_rollback_deletes_every_row(service, updater, ctxt):
    """A replaced resource's older row, left by a cancelled update, is deleted
    through its plugin when the stack is deleted (no row is forgotten)."""
    from heatlite.db import resources as resource_rows
    from heatlite.engine.walk import update as update_mod

    tmpl = hot({"a": {"type": "OS::Heat::TestResource",
                      "properties": {"value": "one", "update_replace": True}},
                "b": {"type": "OS::Heat::TestResource",
                      "properties": {"value": {"get_attr": ["a", "output"]}}}})
    ident = create(service, ctxt, template=tmpl)
    new = hot({"a": {"type": "OS::Heat::TestResource",
                     "properties": {"value": "two", "update_replace": True}},
               "b": {"type": "OS::Heat::TestResource",
                     "properties": {"value": {"get_attr": ["a", "output"]},
                                    "action_wait_secs": {"update": 1, "delete": 0}}}})
    updater.update_stack(ctxt, ident, new, {"parameters": {}}, {},
                         {"disable_rollback": True})
    op = service.threads.get(ident["stack_id"])
    rows = []
    for _ in range(2000):
        rows = resource_rows.get_all_by_stack(ident["stack_id"])
        if any(r.name == "b" and r.action == "UPDATE" and r.status == "IN_PROGRESS"
               for r in rows):
            break
        op.wait(0.01)
    updater.stack_cancel_update(ctxt, ident, cancel_with_rollback=False)
    wait_idle(service, ident["stack_id"])
    rows = resource_rows.get_all_by_stack(ident["stack_id"])
    assert sorted(r.name for r in rows) == ["a", "a", "b"]
    records = update_mod.records_for_delete(rows)
    assert len(records) == 3
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("DELETE", "COMPLETE")
    deleted = [e for e in service.list_events(ctxt, ident)
               if e["resource_name"] == "a" and e["resource_action"] == "DELETE"
               and e["resource_status"] == "COMPLETE"]
    assert len(deleted) == 2


def test_update_validates_nested_templates_first(service, updater, ctxt):
    """A bad provider template in the new template is a 400 before any change."""
    ident = create(service, ctxt, template=hot({"a": {"type": "OS::Heat::None"}}))
    bad = hot({"a": {"type": "OS::Heat::None"}, "p": {"type": "bad.yaml"}})
    files = {"bad.yaml": json.dumps({"heat_template_version": "2018-08-31",
                                     "resources": {"x": {"type": "OS::Nope::Missing"}}})}
    with pytest.raises(exception.HeatException) as raised:
        updater.update_stack(ctxt, ident, bad, {"parameters": {}}, files, {})
    assert raised.value.http_status == 400
    assert "OS::Nope::Missing" in str(raised.value)
    shown = service.show_stack(ctxt, ident)[0]
    assert (shown["stack_action"], shown["stack_status"]) == ("CREATE", "COMPLETE")


def _leaf(length):
    return json.dumps({"heat_template_version": "2018-08-31",
                       "resources": {"x": {"type": "OS::Heat::RandomString",
                                           "properties": {"length": length}}}})


BAD_LEAF = "ValueError: resources.n<leaf.yaml>.resources.x: Value 'notanumber' is not an integer"


def test_update_put_patch_and_preview_refuse_a_bad_nested_value_first(
        service, updater, ops, ctxt):
    """As Heat validates the new tree: a nested plugin's check reads a bad value."""
    template = hot({"n": {"type": "leaf.yaml"}})
    ident = service.create_stack(ctxt, "st", template, {"parameters": {}},
                                 {"leaf.yaml": _leaf(8)}, {})
    wait_idle(service, ident["stack_id"])
    count = len(service.list_events(ctxt, ident))
    bad = {"leaf.yaml": _leaf("notanumber")}
    calls = [
        lambda: updater.update_stack(ctxt, ident, template, {"parameters": {}}, bad, {}),
        lambda: updater.update_stack(ctxt, ident, None, {}, bad, {"existing": True}),
        lambda: updater.preview_update_stack(ctxt, ident, template, {"parameters": {}},
                                             bad, {}),
    ]
    for call in calls:
        with pytest.raises(exception.StackValidationFailed) as raised:
            call()
        assert str(raised.value) == BAD_LEAF
    shown = service.show_stack(ctxt, ident)[0]
    assert (shown["stack_action"], shown["stack_status"]) == ("CREATE", "COMPLETE")
    assert len(service.list_events(ctxt, ident)) == count
    assert ops.get_files(ctxt, ident) == {"leaf.yaml": _leaf(8)}


def test_update_validates_a_group_member_only_when_there_are_members(
        service, updater, ctxt):
    """Heat's zero-count rule: count 0 lets a bad member definition pass."""
    env = {"parameters": {}, "resource_registry": {"My::Leaf": "leaf.yaml"}}
    files = {"leaf.yaml": _leaf("notanumber")}

    def group(count):
        return hot({"g": {"type": "OS::Heat::ResourceGroup",
                          "properties": {"count": count,
                                         "resource_def": {"type": "My::Leaf"}}}})

    ident = service.create_stack(ctxt, "st", group(0), env, files, {})
    wait_idle(service, ident["stack_id"])
    assert service.show_stack(ctxt, ident)[0]["stack_status"] == "COMPLETE"
    with pytest.raises(exception.StackValidationFailed) as raised:
        updater.update_stack(ctxt, ident, group(2), env, files, {})
    assert str(raised.value) == (
        "ValueError: resources.g<nested_stack>.resources.0<leaf.yaml>.resources.x: "
        "Value 'notanumber' is not an integer")
    shown = service.show_stack(ctxt, ident)[0]
    assert (shown["stack_action"], shown["stack_status"]) == ("CREATE", "COMPLETE")


@pytest.mark.parametrize("clear", [[{}], [["length"]], "length", {"length": 1}])
def test_clear_parameters_must_be_a_list_of_names(service, updater, ctxt, clear):
    ident = create(service, ctxt)
    args = {"existing": True, "clear_parameters": clear}
    for call in (updater.update_stack, updater.preview_update_stack):
        with pytest.raises(exception.BadRequest, match="list of parameter names"):
            call(ctxt, ident, None, {"parameters": {}}, {}, dict(args))


def test_template_nested_past_the_depth_budget_is_a_limit_not_a_recursion(
        service, updater, ctxt):
    """The depth is checked before the template is serialized for its size."""
    ident = create(service, ctxt)
    deep: dict = {"heat_template_version": "2018-08-31"}
    leaf = deep
    for _ in range(5000):
        leaf["a"] = {}
        leaf = leaf["a"]
    for call in (updater.update_stack, updater.preview_update_stack):
        with pytest.raises(exception.RequestLimitExceeded, match="depth"):
            call(ctxt, ident, deep, {"parameters": {}}, {}, {})
