"""Autoscaling groups through the engine: cooldown kept in the group's
metadata, and members read by index (oldest first)."""

from __future__ import annotations

from typing import Any

from heatlite.db import resources as resource_rows
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from tests.unit.engine.conftest import hot
from tests.unit.engine.nested.test_nested import create, outputs


def scaled(cooldown: int) -> dict[str, Any]:
    return hot({
        "asg": {"type": "OS::Heat::AutoScalingGroup", "properties": {
            "min_size": 1, "max_size": 4, "desired_capacity": 2, "cooldown": cooldown,
            "resource": {"type": "OS::Heat::RandomString"}}},
        "up": {"type": "OS::Heat::ScalingPolicy", "properties": {
            "auto_scaling_group_id": {"get_resource": "asg"},
            "adjustment_type": "change_in_capacity", "scaling_adjustment": 1}}},
        outputs={"size": {"value": {"get_attr": ["asg", "current_size"]}},
                 "all": {"value": {"get_attr": ["asg", "outputs_list", "value"]}},
                 "first": {"value": {"get_attr": ["asg", "resource.0.value"]}},
                 "last": {"value": {"get_attr": ["asg", "resource.1.value"]}}})


def metadata(ident: Any, name: str) -> dict[str, Any]:
    return resource_rows.get_by_name(ident["stack_id"], name).rsrc_metadata or {}


def signal_events(service: Any, ctxt: Any, ident: Any) -> list[Any]:
    return [e for e in service.list_events(ctxt, ident)
            if e["resource_name"] == "up" and e["resource_action"] == "SIGNAL"]


def test_signal_within_the_cooldown_is_ignored_without_an_event(service, ctxt):
    ident = create(service, ctxt, "cool", scaled(60))
    meta = metadata(ident, "asg")
    assert meta["scaling_in_progress"] is False
    assert list(meta["cooldown_end"].values()) == ["ExactCapacity : 2"]
    StackOpsService(service).resource_signal(ctxt, ident, "up", None)
    assert outputs(ident)["size"] == 2
    assert signal_events(service, ctxt, ident) == []


def test_signal_after_the_cooldown_scales_and_records_it(service, ctxt):
    ident = create(service, ctxt, "warm", scaled(0))
    StackOpsService(service).resource_signal(ctxt, ident, "up", None)
    assert outputs(ident)["size"] == 3
    meta = metadata(ident, "asg")
    assert list(meta["cooldown_end"].values()) == ["change_in_capacity : 1"]
    assert meta["scaling_in_progress"] is False
    assert len(signal_events(service, ctxt, ident)) == 1


def test_members_by_index_follow_outputs_list(service, ctxt):
    ident = create(service, ctxt, "index", scaled(0))
    out = outputs(ident)
    assert len(out["all"]) == 2
    assert [out["first"], out["last"]] == out["all"]
