"""Events over HTTP (filters, sorting, paging, nested_depth, per-resource
lists and show), the max_events_per_stack purge, and timeout_mins on create
and update failing with Heat's reasons.

The timeouts are Heat's minutes, so those stacks start first (in a
module-scoped all-sqlite deployment of their own, beside the purge test)
and the last test collects them: the minute runs while the other tests do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.functional.deployment import Deployment

WAIT_CREATE = {"create": 150}
WAIT_UPDATE = {"update": 150}


def _hot(resources: dict[str, Any]) -> dict[str, Any]:
    return {"heat_template_version": "2018-08-31", "resources": resources}


def _create(dep: Deployment, name: str, template: dict[str, Any], **extra: Any) -> str:
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10,
                         json=dict({"stack_name": name, "template": template}, **extra))
    assert resp.status_code == 201, resp.text
    return "%s/stacks/%s/%s" % (dep.endpoint(), name, resp.json()["stack"]["id"])


def _settled(url: str, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return stack
        assert time.monotonic() < deadline, stack
        time.sleep(0.05)


def _events(url: str, **params: Any) -> list[dict[str, Any]]:
    resp = requests.get(url, params=params, timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()["events"]


@pytest.fixture(scope="module", params=["all-sqlite"])
def limited(build_deployment, request: pytest.FixtureRequest
            ) -> Iterator[tuple[Deployment, dict[str, str]]]:
    """A deployment keeping few events, with the timeout stacks started.

    Parametrised by its kind so that ``-k all-sqlite`` selects its tests.
    """
    dep: Deployment = build_deployment(request.param, extra={"DEFAULT": {
        "max_events_per_stack": "10", "event_purge_batch_size": "4"}})
    dep.start()
    stacks = {
        "create": _create(dep, "timeout-create", _hot({"t": {
            "type": "OS::Heat::TestResource",
            "properties": {"action_wait_secs": WAIT_CREATE}}}), timeout_mins=1),
        "update": _create(dep, "timeout-update", _hot({"t": {
            "type": "OS::Heat::TestResource", "properties": {"value": "a"}}}),
            timeout_mins=1),
    }
    assert _settled(stacks["update"])["stack_status"] == "CREATE_COMPLETE"
    resp = requests.put(stacks["update"], timeout=10, json={
        "template": _hot({"t": {"type": "OS::Heat::TestResource", "properties": {
            "value": "b", "action_wait_secs": WAIT_UPDATE}}}), "timeout_mins": 1})
    assert resp.status_code == 202, resp.text
    yield dep, stacks


def test_event_filters_sorting_paging_and_show(deployment: Deployment,
                                               stack_name: str) -> None:
    url = _create(deployment, stack_name, _hot({
        "rand": {"type": "OS::Heat::RandomString"},
        "none": {"type": "OS::Heat::None", "depends_on": "rand"},
        "test": {"type": "OS::Heat::TestResource", "depends_on": "none"}}))
    assert _settled(url)["stack_status"] == "CREATE_COMPLETE"
    events_url = url + "/events"
    everything = _events(events_url, sort_dir="asc")
    assert len(everything) == 8
    assert everything[0]["resource_name"] == stack_name
    assert everything[0]["resource_status_reason"] == "Stack CREATE started"
    assert everything[-1]["resource_status_reason"] == "Stack CREATE completed successfully"
    newest_first = _events(events_url)
    assert [e["id"] for e in newest_first] == [e["id"] for e in reversed(everything)]

    rand = _events(events_url, resource_name="rand", sort_dir="asc")
    assert [e["resource_status"] for e in rand] == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]
    done = _events(events_url, resource_status="COMPLETE", resource_action="CREATE")
    assert sorted(e["resource_name"] for e in done) == sorted(
        ["rand", "none", "test", stack_name])
    typed = _events(events_url, resource_type="OS::Heat::None")
    assert {e["resource_name"] for e in typed} == {"none"} and len(typed) == 2
    # The list leaves resource_type out (as Heat's does): map names to types.
    type_of = {"rand": "OS::Heat::RandomString", "none": "OS::Heat::None",
               "test": "OS::Heat::TestResource", stack_name: "OS::Heat::Stack"}
    by_type = _events(events_url, sort_keys="resource_type", sort_dir="asc")
    types = [type_of[e["resource_name"]] for e in by_type]
    assert types == sorted(types) and len(types) == 8

    pages, marker = [], None
    while True:
        params: dict[str, Any] = {"limit": 3, "sort_dir": "asc"}
        if marker:
            params["marker"] = marker
        page = _events(events_url, **params)
        if not page:
            break
        assert len(page) <= 3
        pages.extend(e["id"] for e in page)
        marker = page[-1]["id"]
    assert pages == [e["id"] for e in everything]
    assert len(_events(events_url, nested_depth=1)) == 8

    per_resource = _events(url + "/resources/test/events", sort_dir="asc")
    assert [e["resource_status_reason"] for e in per_resource] == ["state changed"] * 2
    one = per_resource[-1]
    resp = requests.get(url + "/resources/test/events/" + one["id"], timeout=10)
    assert resp.status_code == 200, resp.text
    shown = resp.json()["event"]
    assert shown["id"] == one["id"] and shown["resource_status"] == "CREATE_COMPLETE"
    assert [link["rel"] for link in shown["links"]] == ["self", "resource", "stack"]
    assert "resource_properties" in shown
    missing = requests.get(url + "/resources/test/events/" + everything[0]["id"],
                           timeout=10)
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "HTTPNotFound"  # as Heat's controller
    requests.delete(url, timeout=10)


def test_old_events_are_purged_past_max_events_per_stack(limited) -> None:
    dep, _ = limited
    url = _create(dep, "purged", _hot({"n%d" % i: {"type": "OS::Heat::None"}
                                       for i in range(8)}))
    assert _settled(url)["stack_status"] == "CREATE_COMPLETE"
    kept = _events(url + "/events", sort_dir="asc")
    # 18 events were recorded; the oldest went in batches of 4 at the cap of 10.
    assert 6 <= len(kept) <= 10
    reasons = [e["resource_status_reason"] for e in kept]
    assert "Stack CREATE started" not in reasons
    assert reasons[-1] == "Stack CREATE completed successfully"


def test_timeout_mins_fails_create_and_update(limited) -> None:
    _, stacks = limited
    created = _settled(stacks["create"], timeout=90)
    assert (created["stack_status"], created["stack_status_reason"]) == (
        "CREATE_FAILED", "Create timed out")
    updated = _settled(stacks["update"], timeout=90)
    assert (updated["stack_status"], updated["stack_status_reason"]) == (
        "UPDATE_FAILED", "Timed out")
    assert updated["timeout_mins"] == 1
    resources = requests.get(stacks["create"] + "/resources", timeout=10).json()["resources"]
    assert [r["resource_status"] for r in resources] == ["CREATE_FAILED"]
