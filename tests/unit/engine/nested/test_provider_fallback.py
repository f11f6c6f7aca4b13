"""A provider template dropped from the files map by an update: resources
that already run it keep their nested stack's template (Heat's fallback),
so a rolling update can move a group's members to a new provider path."""

from __future__ import annotations

import json
from typing import Any

from heatlite.db import resources, stack_rows, stacks
from heatlite.engine.nested import provider_fallback
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle

LEAF = ("heat_template_version: 2018-08-31\n"
        "resources:\n  v:\n    type: OS::Heat::Value\n    properties: {value: x}\n")


def group(provider: str) -> dict[str, Any]:
    return hot({"g": {"type": "OS::Heat::ResourceGroup",
                      "update_policy": {"rolling_update": {"max_batch_size": 1}},
                      "properties": {"count": 2, "resource_def": {"type": provider}}}})


def test_rolling_update_to_a_new_provider_path(service, ctxt):
    ident = service.create_stack(ctxt, "pf", group("old.yaml"), {}, {"old.yaml": LEAF}, None)
    wait_idle(service, ident["stack_id"])
    (child,) = stack_rows.children(ident["stack_id"])

    StackUpdateService(service).update_stack(ctxt, ident, group("new.yaml"), {},
                                             {"new.yaml": LEAF}, {})
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert {resources.get_by_name(child.id, n).type for n in ("0", "1")} == {"new.yaml"}


def test_only_missing_providers_of_existing_resources_are_added(service, ctxt):
    ident = service.create_stack(ctxt, "pf2", hot({"a": {"type": "a.yaml"}}), {},
                                 {"a.yaml": LEAF}, None)
    wait_idle(service, ident["stack_id"])
    template = hot({"a": {"type": "a.yaml"}, "b": {"type": "b.yaml"},
                    "c": {"type": "OS::Heat::Value", "properties": {"value": 1}}})
    files = provider_fallback.with_stored_providers(service.registry, template, {"z": "1"},
                                                    {}, ident["stack_id"])
    assert set(files) == {"z", "a.yaml"}  # b has no nested stack to read from
    assert json.loads(files["a.yaml"])["resources"]["v"]["properties"] == {"value": "x"}
