"""GET /stacks end to end: filters, tags, sorting, paging, show_deleted,
with_count and /stacks/detail, over HTTP as clients send them."""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.functional.deployment import Deployment

TEMPLATE = {"heat_template_version": "2018-08-31",
            "resources": {"n": {"type": "OS::Heat::None"}}}


def _create(dep: Deployment, name: str, tags: str) -> str:
    resp = requests.post(dep.endpoint() + "/stacks", timeout=10,
                         json={"stack_name": name, "template": TEMPLATE, "tags": tags})
    assert resp.status_code == 201, resp.text
    url = resp.headers["Location"]
    for _ in range(600):
        stack = requests.get(url, timeout=10).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            return stack["id"]
        time.sleep(0.05)
    raise AssertionError("stack did not settle")


def _names(dep: Deployment, **params: object) -> list[str]:
    resp = requests.get(dep.endpoint() + "/stacks", params=params, timeout=10)
    assert resp.status_code == 200, resp.text
    return [s["stack_name"] for s in resp.json()["stacks"]]


def test_filters_tags_sort_paging_and_deleted(deployment: Deployment,
                                              stack_name: str) -> None:
    a, b, c = (stack_name + s for s in ("-a", "-b", "-c"))
    ids = {a: _create(deployment, a, "red,big"), b: _create(deployment, b, "red"),
           c: _create(deployment, c, "blue")}
    mine = [a, b, c]

    def ours(names: list[str]) -> list[str]:
        return [n for n in names if n in mine]

    assert _names(deployment, name=b) == [b]
    assert _names(deployment, id=ids[c]) == [c]
    assert ours(_names(deployment, status="COMPLETE", action="CREATE",
                       sort_keys="stack_name", sort_dir="asc")) == [a, b, c]
    assert ours(_names(deployment, tags="red,big")) == [a]
    assert sorted(ours(_names(deployment, tags_any="big,blue"))) == [a, c]
    assert ours(_names(deployment, not_tags="red", sort_keys="stack_name")) == [c]
    assert sorted(ours(_names(deployment, not_tags_any="big,blue"))) == [b]

    resp = requests.get(deployment.endpoint() + "/stacks", timeout=10, params={
        "name": mine, "sort_keys": "stack_name", "sort_dir": "asc", "limit": 2,
        "with_count": "true"})
    body = resp.json()
    assert [s["stack_name"] for s in body["stacks"]] == [a, b]
    assert body["count"] == 3
    nxt = [link for link in body["links"] if link["rel"] == "next"][0]["href"]
    assert "marker=%s" % ids[b] in nxt
    page2 = requests.get(nxt, timeout=10).json()
    assert [s["stack_name"] for s in page2["stacks"]] == [c]

    resp = requests.get(deployment.endpoint() + "/stacks/detail", timeout=10)
    detail = {s["stack_name"]: s for s in resp.json()["stacks"]}
    assert detail[a]["tags"] == ["red", "big"] and "stack_owner" in detail[a]

    resp = requests.patch("%s/stacks/%s/%s" % (deployment.endpoint(), c, ids[c]),
                          json={"tags": "green"}, timeout=10)
    assert resp.status_code == 202
    for _ in range(600):
        if _names(deployment, tags="green") == [c]:
            break
        time.sleep(0.05)
    assert _names(deployment, tags="green") == [c]

    requests.delete("%s/stacks/%s/%s" % (deployment.endpoint(), a, ids[a]), timeout=10)
    for _ in range(600):
        if a not in _names(deployment, name=a):
            break
        time.sleep(0.05)
    assert _names(deployment, name=a) == []
    shown = requests.get(deployment.endpoint() + "/stacks", timeout=10,
                         params={"name": a, "show_deleted": "True"}).json()["stacks"]
    assert [(s["stack_name"], s["stack_status"]) for s in shown] == [(a, "DELETE_COMPLETE")]


def _create_as(dep: Deployment, name: str, template: dict, user: str = "admin",
               project: str = "admin") -> str:
    headers = {"X-Auth-User": user, "X-Auth-Project": project}
    resp = requests.post(dep.endpoint(project) + "/stacks", timeout=10, headers=headers,
                         json={"stack_name": name, "template": template})
    assert resp.status_code == 201, resp.text
    url = resp.headers["Location"]
    for _ in range(600):
        stack = requests.get(url, timeout=10, headers=headers).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS"):
            assert stack["stack_status"] == "CREATE_COMPLETE", stack["stack_status_reason"]
            return stack["id"]
        time.sleep(0.05)
    raise AssertionError("stack did not settle")


def _listing(dep: Deployment, **params: object) -> dict:
    resp = requests.get(dep.endpoint() + "/stacks", params=params, timeout=10)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_tenant_username_owner_filters_and_count(deployment: Deployment,
                                                 stack_name: str) -> None:
    mine, bobs, parent = (stack_name + s for s in ("-mine", "-bob", "-parent"))
    _create_as(deployment, mine, TEMPLATE)
    _create_as(deployment, bobs, TEMPLATE, user="bob")
    parent_id = _create_as(deployment, parent, {
        "heat_template_version": "2018-08-31",
        "resources": {"child": {"type": "OS::Heat::Stack",
                                "properties": {"template": json.dumps(TEMPLATE)}}}})
    ours = {mine, bobs, parent}

    def names(**params: object) -> set[str]:
        return {s["stack_name"] for s in _listing(deployment, **params)["stacks"]}

    assert names(username="bob") & ours == {bobs}
    assert names(username="admin") & ours == {mine, parent}
    assert names(tenant="admin") >= ours
    assert names(tenant="someone-else") & ours == set()
    children = _listing(deployment, owner_id=parent_id, show_nested="true")["stacks"]
    assert [s["stack_name"].startswith(parent + "-child-") for s in children] == [True]
    assert _listing(deployment, owner_id=parent_id)["stacks"] == []  # nested hidden

    counted = _listing(deployment, username="bob", with_count="true")
    assert counted["count"] == len(counted["stacks"]) >= 1
    assert "count" not in _listing(deployment, username="bob")
    assert _listing(deployment, name=bobs, with_count="false").get("count") is None
    assert _listing(deployment, name=[mine, bobs], limit=1, with_count="true")["count"] == 2


def test_global_tenant_is_refused_by_default(deployment: Deployment) -> None:
    resp = requests.get(deployment.endpoint() + "/stacks", timeout=10,
                        params={"global_tenant": "true"})
    assert resp.status_code == 403
    assert resp.json()["error"] == {
        "type": "Forbidden", "traceback": None,
        "message": "You are not authorized to use stacks:global_index."}


@pytest.mark.parametrize("kind", ["all-sqlite"])
def test_global_tenant_lists_every_project_when_policy_allows(build_deployment, tmp_path,
                                                              stack_name, kind) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text('"stacks:global_index": "role:admin"\n')
    dep: Deployment = build_deployment(
        kind, extra={"oslo_policy": {"policy_file": str(policy)}})
    dep.start()
    _create_as(dep, stack_name + "-a", TEMPLATE)
    _create_as(dep, stack_name + "-o", TEMPLATE, user="olga", project="other")
    own = _listing(dep)["stacks"]
    assert [s["stack_name"] for s in own] == [stack_name + "-a"]
    every = _listing(dep, global_tenant="true", sort_keys="stack_name", sort_dir="asc",
                     with_count="true")
    assert [(s["stack_name"], s["project"]) for s in every["stacks"]] == [
        (stack_name + "-a", "admin"), (stack_name + "-o", "other")]
    assert every["count"] == 2
    assert [s["stack_owner"] for s in every["stacks"]] == ["admin", "olga"]
