"""ResourceGroup: index substitution, skiplist, names, policy checks."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import resource_group as rg


def plugin(props, data=None, update_policy=None):
    values = properties.Properties(rg.ResourceGroup.PROPERTIES, props).checked()
    ctx = ResourceContext(name="g", stack_name="s", stack_id="sid",
                          uuid="5f0c8d2e-0000-4000-8000-000000000001", action="CREATE",
                          properties=values, data=dict(data or {}),
                          update_policy=update_policy or {})
    return rg.ResourceGroup(ctx)


def test_replace_index_everywhere():
    assert rg.replace_index({"a": ["x-%i%", 1], "b": "%i%"}, "%i%", "3") == {
        "a": ["x-3", 1], "b": "3"}


def test_member_definitions_use_index_var_and_skiplist():
    g = plugin({"count": 3, "index_var": "@@@", "resource_def": {
        "type": "OS::Heat::Value", "properties": {"value": "n@@@", "skip": None}}},
        data={rg.SKIPLIST_KEY: "1"})
    assert g.member_definitions() == [
        ("0", {"type": "OS::Heat::Value", "properties": {"value": "n0"}}),
        ("2", {"type": "OS::Heat::Value", "properties": {"value": "n2"}}),
        ("3", {"type": "OS::Heat::Value", "properties": {"value": "n3"}})]
    assert g.removed_names() == ["1"]


def test_skiplist_before_creation_takes_names_as_given():
    g = plugin({"count": 2, "resource_def": {"type": "T"},
                "removal_policies": [{"resource_list": ["0", 4]}]})
    g.update_skiplist()
    assert g.data()[rg.SKIPLIST_KEY] == "0,4"
    assert g.names() == ["1", "2"]


def test_update_policy_values_are_checked():
    g = plugin({"count": 1, "resource_def": {"type": "T"}},
               update_policy={"rolling_update": {"max_batch_size": 0}})
    with pytest.raises(exception.StackValidationFailed):
        g.validate()
    assert rg.policy_values({}, rg.ROLLING_SCHEMA, []) == {
        "max_batch_size": 1, "pause_time": 0, "min_in_service": 0}


def test_without_an_engine_the_group_says_so():
    g = plugin({"count": 1, "resource_def": {"type": "T"}})
    with pytest.raises(exception.NotImplementedYet):
        g.handle_create()
