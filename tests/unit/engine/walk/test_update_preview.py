"""Update previews of stacks with nested stacks, and the update they foretell."""

from __future__ import annotations

import json
from typing import Any

import pytest

from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle

OUTER = hot({"outer": {"type": "inner.yaml"}})
INNER = json.dumps(hot({"leaf": {"type": "OS::Heat::RandomString"}}))
INNER_TWO = json.dumps(hot({"leaf": {"type": "OS::Heat::RandomString"},
                            "leaf2": {"type": "OS::Heat::RandomString"}}))


@pytest.fixture
def updater(service):
    return StackUpdateService(service)


@pytest.fixture
def ident(service, ctxt):
    made = service.create_stack(ctxt, "pv", OUTER, {}, {"inner.yaml": INNER}, {})
    wait_idle(service, made["stack_id"])
    return made


def names(changes: dict[str, list[dict[str, Any]]]) -> dict[str, list[tuple[str, Any]]]:
    return {kind: sorted((d["resource_name"], d.get("parent_resource")) for d in docs)
            for kind, docs in changes.items()}


def test_without_show_nested_only_the_stack_itself(updater, ctxt, ident):
    out = updater.preview_update_stack(ctxt, ident, OUTER, {}, {"inner.yaml": INNER_TWO},
                                       {})
    # A stack resource is always updated: its nested resources decide.
    assert names(out) == {"unchanged": [], "updated": [("outer", None)], "replaced": [],
                          "added": [], "deleted": []}
    assert out["updated"][0]["nested_stack_id"]["stack_name"].startswith("pv-outer-")


def test_show_nested_compares_the_nested_stack(updater, ctxt, ident):
    out = updater.preview_update_stack(ctxt, ident, OUTER, {}, {"inner.yaml": INNER_TWO},
                                       {"show_nested": True})
    assert names(out) == {"unchanged": [("leaf", "outer")], "updated": [("outer", None)],
                          "replaced": [], "added": [("leaf2", "outer")], "deleted": []}
    # The new side of a nested stack is named as Heat names a parsed one.
    assert out["added"][0]["stack_name"] == "pv-outer"


def test_show_nested_deletes_what_a_replacement_drops(updater, ctxt, ident):
    none = hot({"outer": {"type": "OS::Heat::None"}})
    out = updater.preview_update_stack(ctxt, ident, none, {}, {}, {"show_nested": True})
    assert names(out) == {"unchanged": [], "updated": [], "replaced": [("outer", None)],
                          "added": [], "deleted": [("leaf", "outer")]}


def test_show_nested_adds_the_nested_resources_of_a_new_one(updater, ctxt, ident):
    two = hot({"outer": {"type": "inner.yaml"}, "more": {"type": "inner.yaml"}})
    out = updater.preview_update_stack(ctxt, ident, two, {}, {"inner.yaml": INNER},
                                       {"show_nested": True})
    assert names(out)["added"] == [("leaf", "more"), ("more", None)]
    assert names(out)["unchanged"] == [("leaf", "outer")]


def test_an_unchanged_update_still_updates_the_nested_stack(service, updater, ctxt, ident):
    updater.update_stack(ctxt, ident, OUTER, {}, {"inner.yaml": INNER}, {})
    wait_idle(service, ident["stack_id"])
    events = [(e["resource_name"], e["resource_action"], e["resource_status"])
              for e in service.list_events(ctxt, ident, sort_dir="asc")]
    assert ("outer", "UPDATE", "COMPLETE") in events
    leaf = service.list_stack_resources(ctxt, ident, nested_depth=1)
    assert {r["resource_name"]: r["resource_action"] for r in leaf}["leaf"] == "CREATE"
