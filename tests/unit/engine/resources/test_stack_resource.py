"""StackResource: the shared base of nested-stack plugins."""

from __future__ import annotations

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
