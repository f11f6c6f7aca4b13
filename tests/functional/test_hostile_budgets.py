"""heatlite-all keeps serving while a hostile template is being refused.

heatlite-all runs the API and the engine on one eventlet hub: a template
function that computes without yielding would hold every other request.
Here the yaql deadline is raised to 3 s so the refusal takes long enough to
be overlapped for sure; /healthcheck is asked meanwhile and must answer 200
before the create's own answer (a 400 naming the budget) comes back. Then
every other hostile input of issue #13 is refused with 400.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.functional.deployment import Deployment

YAQL_SECONDS = 3


@pytest.fixture(scope="module")
def heatlite_all(build_deployment) -> Deployment:
    dep: Deployment = build_deployment(
        "all-sqlite", extra={"yaql": {"evaluation_timeout": str(YAQL_SECONDS)}})
    dep.start()
    return dep


def value_stack(name: str, value: object, version: str = "2017-09-01") -> dict:
    return {"stack_name": name, "template": {
        "heat_template_version": version,
        "resources": {"v": {"type": "OS::Heat::Value", "properties": {"value": value}}}}}


def test_healthcheck_answers_while_a_hostile_create_is_refused(heatlite_all):
    body = value_stack("hostile-yaql", {"yaql": {"expression": "range(0, 1000000000).len()"}})
    arrived: list[str] = []   # the order in which the two answers came
    answer: dict[str, requests.Response] = {}

    def post() -> None:
        answer["create"] = requests.post(heatlite_all.endpoint() + "/stacks", json=body,
                                         timeout=120)
        arrived.append("create")

    poster = threading.Thread(target=post)
    poster.start()
    try:
        # Give the create time to reach its evaluation (it lasts YAQL_SECONDS);
        # this wait is set-up, nothing is asserted about time.
        time.sleep(YAQL_SECONDS / 3)
        health = requests.get(heatlite_all.endpoint_root + "/healthcheck", timeout=120)
        arrived.append("health")
    finally:
        poster.join(120)
    assert health.status_code == 200
    # A blocked hub would answer the create first, then the health check.
    assert arrived == ["health", "create"]
    create = answer["create"]
    assert create.status_code == 400, create.text
    assert "evaluation_timeout" in create.json()["error"]["message"]


HOSTILE = {
    "repeat": ({"repeat": {"template": "%a%-%b%-%c%", "for_each": {
        "%a%": [str(i) for i in range(220)], "%b%": [str(i) for i in range(220)],
        "%c%": [str(i) for i in range(220)]}}}, "max_evaluated_value_size"),
    "str_replace": (None, "max_evaluated_value_size"),
}


def _str_replace_bomb() -> dict:
    snippet: dict = {"str_replace": {"template": "a" * 40, "params": {"a": "b" * 20}}}
    for letter in "bcdef":
        snippet = {"str_replace": {"template": snippet,
                                   "params": {letter: chr(ord(letter) + 1) * 20}}}
    return snippet


@pytest.mark.parametrize("kind", ["repeat", "str_replace"])
def test_value_bombs_are_400(heatlite_all, kind):
    value, budget = HOSTILE[kind]
    body = value_stack("hostile-" + kind.replace("_", "-"), value or _str_replace_bomb())
    resp = requests.post(heatlite_all.endpoint() + "/stacks", json=body, timeout=60)
    assert resp.status_code == 400, resp.text
    assert budget in resp.json()["error"]["message"]


def test_alias_bomb_text_is_400(heatlite_all):
    text = "heat_template_version: 2018-08-31\nx0: &a0 [lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 12):
        text += "x%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 6))
    resp = requests.post(heatlite_all.endpoint() + "/stacks",
                         json={"stack_name": "hostile-alias", "template": text}, timeout=60)
    assert resp.status_code == 400, resp.text
    assert "exceeds maximum allowed size" in resp.json()["error"]["message"]


def test_resource_group_count_is_400(heatlite_all):
    body = {"stack_name": "hostile-group", "template": {
        "heat_template_version": "2018-08-31", "resources": {"g": {
            "type": "OS::Heat::ResourceGroup",
            "properties": {"count": 3000000, "resource_def": {"type": "OS::Heat::None"}}}}}}
    resp = requests.post(heatlite_all.endpoint() + "/stacks", json=body, timeout=60)
    assert resp.status_code == 400, resp.text
    assert "Maximum resources per stack exceeded" in resp.json()["error"]["message"]


def test_backtracking_pattern_is_400(heatlite_all):
    body = {"stack_name": "hostile-pattern", "template": {
        "heat_template_version": "2018-08-31", "parameters": {"p": {
            "type": "string", "default": "a" * 40 + "!",
            "constraints": [{"allowed_pattern": "(a+)+$"}]}}, "resources": {}}}
    resp = requests.post(heatlite_all.endpoint() + "/stacks", json=body, timeout=60)
    assert resp.status_code == 400, resp.text
    assert "does not match pattern" in resp.json()["error"]["message"]
