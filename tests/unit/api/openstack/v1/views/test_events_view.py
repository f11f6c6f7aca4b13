"""Event documents: links, including Heat's root_stack link for nested events."""

from __future__ import annotations

import webob

from heatlite.api.openstack.v1.views import events_view
from heatlite.common import identifier
from heatlite.rpc import api as rpc_api

ROOT = identifier.stack_identity("t1", "top", "11111111-1111-4111-8111-111111111111")
CHILD = identifier.stack_identity("t1", "top-g-abc", "22222222-2222-4222-8222-222222222222")


def _event(stack: identifier.StackIdentity, root: identifier.StackIdentity | None) -> dict:
    doc = {
        rpc_api.EVENT_ID: identifier.event_identity(stack, "0", "e-1"),
        rpc_api.EVENT_STACK_ID: dict(stack),
        rpc_api.EVENT_STACK_NAME: stack["stack_name"],
        rpc_api.EVENT_TIMESTAMP: "2024-01-01T00:00:00Z",
        rpc_api.EVENT_RES_NAME: "0",
        rpc_api.EVENT_RES_PHYSICAL_ID: "p",
        rpc_api.EVENT_RES_ACTION: "CREATE",
        rpc_api.EVENT_RES_STATUS: "COMPLETE",
        rpc_api.EVENT_RES_STATUS_DATA: "state changed",
        rpc_api.EVENT_RES_TYPE: "OS::Heat::None",
    }
    if root is not None:
        doc[rpc_api.EVENT_ROOT_STACK_ID] = dict(root)
    return doc


def _request() -> webob.Request:
    return webob.Request.blank("/v1/t1/stacks/top/events", base_url="http://h:8004/v1")


def test_nested_event_links_to_its_root_stack():
    doc = events_view.format_event(_request(), _event(CHILD, ROOT),
                                   events_view.SUMMARY_KEYS)
    assert [link["rel"] for link in doc["links"]] == ["self", "resource", "stack",
                                                       "root_stack"]
    assert doc["links"][2]["href"].endswith("/t1/stacks/top-g-abc/" + CHILD["stack_id"])
    assert doc["links"][3]["href"] == "http://h:8004/v1/t1/stacks/top/" + ROOT["stack_id"]
    assert rpc_api.EVENT_ROOT_STACK_ID not in doc  # not a summary field


def test_event_without_root_has_three_links():
    doc = events_view.format_event(_request(), _event(ROOT, None))
    assert [link["rel"] for link in doc["links"]] == ["self", "resource", "stack"]
    assert doc["resource_status"] == "CREATE_COMPLETE"
