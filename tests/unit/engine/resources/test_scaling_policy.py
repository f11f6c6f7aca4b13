"""ScalingPolicy: property checks (its cooldown is the group's: test_cooldown.py)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import scaling_policy as sp


def policy(props, data=None):
    values = properties.Properties(sp.ScalingPolicy.PROPERTIES, props).checked()
    return sp.ScalingPolicy(ResourceContext(
        name="p", stack_name="s", stack_id="x", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="CREATE", properties=values, data=dict(data or {})))


def test_min_adjustment_step_only_with_percent():
    with pytest.raises(exception.StackValidationFailed, match="min_adjustment_step"):
        policy({"auto_scaling_group_id": "g", "adjustment_type": "change_in_capacity",
                "scaling_adjustment": 1, "min_adjustment_step": 1}).validate()


def test_signal_without_an_engine_is_an_error():
    free = policy({"auto_scaling_group_id": "g", "adjustment_type": "exact_capacity",
                   "scaling_adjustment": 1, "cooldown": 60})
    with pytest.raises(exception.NotImplementedYet):
        free.handle_signal(None)
