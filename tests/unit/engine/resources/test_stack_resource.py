"""StackResource: the shared base of nested-stack plugins."""

from __future__ import annotations

import types

import pytest

from heatlite.common import exception
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import stack_resource as sr


def test_arn_and_stored_outputs():
    assert sr.arn("t", "n", "i") == "arn:openstack:heat::t:stacks/n/i"
    attrs = {"outputs": {"a": 1}, "_outputs": {"a": 1, "b": 2}}
    assert sr.StackResource.stored_attribute(attrs, "outputs") == {"a": 1}
    assert sr.StackResource.stored_attribute(attrs, "b") == 2
    assert sr.StackResource.stored_attribute(attrs, "_outputs") is None


def test_needs_an_engine():
    plugin = sr.StackResource(ResourceContext(
        name="r", stack_name="s", stack_id="i", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="CREATE", properties={}))
    with pytest.raises(exception.NotImplementedYet, match="Nested stacks"):
        plugin.runner()
    assert plugin.handle_delete() is None


def test_nested_failure_reason_nests_the_path():
    exc = exception.NestedStackFailed(
        "Resource CREATE failed: ValueError: resources.r0: boom", "CREATE")
    assert exc.reason_for("resources.g") == "ValueError: resources.g.resources.r0: boom"
    other = exception.NestedStackFailed("Create timed out", "CREATE")
    assert other.reason_for("resources.g") == "Error: resources.g: Create timed out"


def test_actions_before_the_nested_stack_exists_fail_as_heat():
    plugin = sr.StackResource(ResourceContext(
        name="r", stack_name="s", stack_id="i", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="SUSPEND", properties={}))
    for handle, verb in ((plugin.handle_suspend, "suspend"), (plugin.handle_resume, "resume"),
                         (plugin.handle_check, "check")):
        with pytest.raises(exception.Error, match="Cannot %s r, stack not created" % verb):
            handle()
    assert plugin.template_url() == sr.NESTED_STACK == "nested_stack"


def _plugin(resource_id):
    return sr.StackResource(ResourceContext(
        name="r", stack_name="s", stack_id="i", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="CREATE", properties={}, resource_id=resource_id))


def test_remember_keeps_outputs_and_arn_of_the_finished_child():
    row = types.SimpleNamespace(id="child", tenant="t", name="s-r-abc", outputs=[
        {"output_key": "a", "output_value": 1}, "not a map"])
    plugin = _plugin("child")
    plugin.remember(row)
    # No runner (ctx.nested is None): these come from the row, not a query.
    assert plugin.outputs() == {"a": 1}
    assert plugin.nested_arn() == "arn:openstack:heat::t:stacks/s-r-abc/child"
    assert sr.outputs_by_key(None) == {}


def test_remember_ignores_another_stacks_row():
    plugin = _plugin("child")
    plugin.remember(types.SimpleNamespace(id="other", tenant="t", name="n", outputs=[]))
    with pytest.raises(exception.NotImplementedYet):
        plugin.outputs()
    plugin.remember(None)
    with pytest.raises(exception.NotImplementedYet):
        plugin.nested_arn()
