"""Building a nested stack's environment, facade and limits."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine.stack import nested_build


def test_child_environment_keeps_global_registry_without_own_type():
    parent = {"resource_registry": {"My::T": "t.yaml", "My::U": "u.yaml",
                                    "resources": {"r": {"hooks": "pre-create"}}},
              "parameter_defaults": {"d": 1}, "parameters": {"p": 2}}
    env = nested_build.child_environment(parent, {"q": 3}, "My::T")
    assert env == {"parameters": {"q": 3}, "resource_registry": {"My::U": "u.yaml"},
                   "parameter_defaults": {"d": 1}}
    assert nested_build.child_environment(None, {}, None)["resource_registry"] == {}


def test_facade_has_hot_and_cfn_names():
    facade = nested_build.facade({"m": 1}, "Retain", None)
    assert facade["metadata"] == facade["Metadata"] == {"m": 1}
    assert facade["deletion_policy"] == facade["DeletionPolicy"] == "Retain"
    assert facade["update_policy"] == facade["UpdatePolicy"] == {}


def test_depth_and_count_limits_use_heats_messages():
    assert nested_build.child_depth(None, 5) == 1
    assert nested_build.child_depth(4, 5) == 5
    with pytest.raises(exception.RequestLimitExceeded, match="Recursion depth exceeds 5."):
        nested_build.child_depth(5, 5)
    nested_build.check_count(10, -1)
    nested_build.check_count(3, 3)
    with pytest.raises(exception.RequestLimitExceeded,
                       match="Maximum resources per stack exceeded."):
        nested_build.check_count(4, 3)
