"""OS::Heat::Stack and AWS::CloudFormation::Stack plugins."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import nested_stack as ns


def heat_stack(props):
    values = properties.Properties(ns.HeatStack.PROPERTIES, props).checked()
    return ns.HeatStack(ResourceContext(
        name="r", stack_name="s", stack_id="i", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="CREATE", properties=values))


def test_child_spec_from_inline_template():
    plugin = heat_stack({"template": "heat_template_version: 2018-08-31\n",
                         "parameters": {"p": 1}, "timeout": 3})
    spec = plugin.child_spec()
    assert spec.template == {"heat_template_version": "2018-08-31"}
    assert spec.params == {"p": 1} and spec.timeout_mins == 3


def test_other_region_and_bad_template():
    with pytest.raises(exception.NotImplementedYet):
        heat_stack({"template": "x", "context": {"region_name": "far"}}).validate()
    with pytest.raises(exception.StackValidationFailed, match="Could not parse"):
        heat_stack({"template": "resources: ["}).child_spec()


def test_cfn_outputs_attribute_names():
    attrs = {"_outputs": {"A": 1}}
    assert ns.CfnStack.stored_attribute(attrs, "Outputs.A") == 1
    with pytest.raises(exception.InvalidTemplateAttribute):
        ns.CfnStack.stored_attribute(attrs, "A")
