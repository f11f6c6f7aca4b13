"""AutoScalingGroup: capacity arithmetic and property checks."""

from __future__ import annotations

import collections

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import autoscaling as asg


def test_new_capacity():
    assert asg.new_capacity(2, 3, asg.CHANGE_IN_CAPACITY, None, 0, 10) == 5
    assert asg.new_capacity(2, 30, asg.CHANGE_IN_CAPACITY, None, 0, 10) == 10
    assert asg.new_capacity(2, 7, asg.EXACT_CAPACITY, None, 0, 10) == 7
    assert asg.new_capacity(10, -10, asg.PERCENT_CHANGE_IN_CAPACITY, None, 0, 10) == 9
    assert asg.new_capacity(3, 10, asg.PERCENT_CHANGE_IN_CAPACITY, None, 0, 10) == 4
    assert asg.new_capacity(30, 10, asg.PERCENT_CHANGE_IN_CAPACITY, 5, 0, 100) == 35
    assert asg.new_capacity(25, 10, asg.PERCENT_CHANGE_IN_CAPACITY, None, 0, 100) == 27
    assert asg.new_capacity(1, -5, asg.CHANGE_IN_CAPACITY, None, 1, 3) == 1


def group(props):
    values = properties.Properties(asg.AutoScalingGroup.PROPERTIES, props).checked()
    return asg.AutoScalingGroup(ResourceContext(
        name="a", stack_name="s", stack_id="x", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="CREATE", properties=values))


def test_size_checks():
    with pytest.raises(exception.StackValidationFailed, match="min_size can not"):
        group({"min_size": 3, "max_size": 1, "resource": {"type": "T"}}).validate()
    with pytest.raises(exception.StackValidationFailed, match="desired_capacity must"):
        group({"min_size": 1, "max_size": 2, "desired_capacity": 5,
               "resource": {"type": "T"}}).validate()
    g = group({"min_size": 2, "max_size": 3, "resource": {"type": "T"}})
    assert g.target_size() == 2 and len(g.member_definitions()) == 2


def test_stored_attributes():
    attrs = {"_members": [{"name": "x", "refid": "rx", "attrs": {"v": 1}}]}
    read = asg.AutoScalingGroup.stored_attribute
    assert read(attrs, "current_size") == 1
    assert read(attrs, "outputs") == {"v": {"x": 1}}
    assert read(attrs, "outputs_list") == {"v": [1]}
    assert read(attrs, "refs_map") == {"x": "rx"}


def test_members_oldest_first_and_by_index():
    row = collections.namedtuple("row", "id name status")
    rows = [row(3, "aaa", "COMPLETE"), row(1, "zzz", "COMPLETE"), row(2, "mmm", "FAILED")]
    g = group({"min_size": 0, "max_size": 3, "resource": {"type": "T"}})
    assert [r.name for r in g.ordered_members(rows)] == ["zzz", "aaa"]
    attrs = {"_group": "a", "_members": [{"name": "zzz", "refid": "rz", "attrs": {"v": 1}},
                                         {"name": "aaa", "refid": "ra", "attrs": {"v": 2}}]}
    read = asg.AutoScalingGroup.stored_attribute
    assert read(attrs, "resource.0") == "rz"
    assert read(attrs, "resource.1.v") == 2
    with pytest.raises(exception.NotFound, match="Member 'aaa' not found in group resource 'a'"):
        read(attrs, "resource.aaa")
