"""GET /stacks end to end: filters, tags, sorting, paging, show_deleted,
with_count and /stacks/detail, over HTTP as clients send them."""

from __future__ import annotations

import time

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
