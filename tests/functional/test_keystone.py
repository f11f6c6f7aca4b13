"""heatlite behind a real Keystone: authtoken flavor, real tokens, catalog.

One Keystone (tools/keystone) and one heatlite-api + heatlite-engine
deployment (RabbitMQ, MariaDB) for the whole module. Project ``alpha``
owns a stack with a nested stack, a snapshot, a software config and a
deployment; ``beta-member`` walks every route at them and is refused each
time; then each of reader, member, admin and heat_stack_user meets one
rule of each family.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time
import uuid
from typing import Any

import openstack
import pytest
import requests
from heatclient import client as heat_client

from tests.functional.keystone import Keystone

BIN = pathlib.Path(sys.executable).parent
# alpha's stack once made and snapshotted, and after every other project's
# and persona's attempt.
SETTLED = "SNAPSHOT_COMPLETE"

NESTED = """\
heat_template_version: 2018-08-31
resources:
  leaf:
    type: OS::Heat::None
"""

TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "resources": {
        "val": {"type": "OS::Heat::Value", "properties": {"value": "hello"}},
        "inner": {"type": "inner.yaml"},
    },
    "outputs": {"out": {"value": {"get_attr": ["val", "value"]}}},
}


@pytest.fixture(scope="module")
def keystone(tmp_path_factory: pytest.TempPathFactory):
    ks = Keystone(tmp_path_factory.mktemp("keystone"))
    yield ks
    ks.stop()


@pytest.fixture(scope="module")
def heat(keystone: Keystone, build_deployment):
    # Abandon enabled, or its route would answer 400 (disabled) for every
    # stack before looking one up, and the tenant matrix learn nothing.
    dep = build_deployment("daemons-mariadb", flavor="", extra={
        "keystone_authtoken": keystone.authtoken_options(),
        "DEFAULT": {"enable_stack_abandon": "True"}})
    keystone.register_orchestration(dep.endpoint_root + "/v1/%(tenant_id)s")
    dep.start()
    return dep


class Caller:
    """HTTP requests to heatlite with one persona's token."""

    def __init__(self, keystone: Keystone, heat: Any, user: str) -> None:
        self.root = heat.endpoint_root
        self.token = keystone.token(user)
        self.project = keystone.project_id(keystone.user_project(user))

    def __call__(self, method: str, path: str, body: Any = None,
                 tenant: str | None = None) -> requests.Response:
        url = "%s/v1/%s/%s" % (self.root, tenant or self.project, path)
        return requests.request(method, url, json=body, allow_redirects=False,
                                timeout=30, headers={"X-Auth-Token": self.token})


def _wait_status(call: Caller, path: str, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        stack = call("GET", path).json()["stack"]
        if not stack["stack_status"].endswith("IN_PROGRESS") or \
                time.monotonic() > deadline:
            return stack
        time.sleep(0.1)


@pytest.fixture(scope="module")
def alpha(keystone: Keystone, heat: Any) -> dict[str, str]:
    """alpha's objects, made by alpha-member: their names and ids."""
    call = Caller(keystone, heat, "alpha-member")
    name = "ks-%s" % uuid.uuid4().hex[:8]
    resp = call("POST", "stacks", {"stack_name": name, "template": TEMPLATE,
                                   "files": {"inner.yaml": NESTED}})
    assert resp.status_code == 201, resp.text
    stack_id = resp.json()["stack"]["id"]
    top = "stacks/%s/%s" % (name, stack_id)
    assert _wait_status(call, top)["stack_status"] == "CREATE_COMPLETE"
    nested_id = call("GET", top + "/resources/inner").json()["resource"][
        "physical_resource_id"]
    nested = call("GET", "stacks/%s" % nested_id)
    assert nested.status_code == 302, nested.text
    nested_name = nested.headers["Location"].rstrip("/").split("/")[-2]
    resp = call("POST", top + "/snapshots", {"name": "snap"})
    assert resp.status_code == 200, resp.text
    snapshot_id = resp.json()["id"]
    assert _wait_status(call, top)["stack_status"] == SETTLED
    config = call("POST", "software_configs", {"name": "cfg", "group": "script",
                                               "config": "#!/bin/sh\ntrue"})
    assert config.status_code == 200, config.text
    config_id = config.json()["software_config"]["id"]
    deployment = call("POST", "software_deployments", {
        "config_id": config_id, "server_id": "server-" + name, "action": "CREATE"})
    assert deployment.status_code == 200, deployment.text
    return {"name": name, "id": stack_id, "nested_name": nested_name,
            "nested_id": nested_id, "snapshot": snapshot_id, "config": config_id,
            "deployment": deployment.json()["software_deployment"]["id"],
            "server": "server-" + name, "project": call.project}


# -- clients, catalog discovery and 401s --------------------------------------

def test_heatclient_finds_heatlite_in_the_catalog(keystone, heat, alpha):
    client = heat_client.Client("1", session=keystone.session("alpha-reader"))
    stacks = {s.stack_name: s for s in client.stacks.list()}
    assert stacks[alpha["name"]].id == alpha["id"]
    assert client.stacks.get(alpha["id"]).outputs[0]["output_value"] == "hello"


def test_openstack_cli_with_password_auth(keystone, heat, alpha):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(keystone.client_env("alpha-reader"))
    result = subprocess.run([str(BIN / "openstack"), "stack", "list", "-f", "json"],
                            capture_output=True, text=True, timeout=120, env=env,
                            check=False)
    assert result.returncode == 0, result.stderr
    listed = {s["Stack Name"]: s["ID"] for s in json.loads(result.stdout)}
    assert listed[alpha["name"]] == alpha["id"]


def test_openstacksdk_with_password_auth(keystone, heat, alpha):
    env = keystone.client_env("alpha-member")
    conn = openstack.connect(
        auth_url=env["OS_AUTH_URL"], username="alpha-member", password=env["OS_PASSWORD"],
        project_name="alpha", user_domain_name="Default", project_domain_name="Default",
        region_name=env["OS_REGION_NAME"])
    try:
        names = {s.name for s in conn.orchestration.stacks()}
        assert alpha["name"] in names
        assert conn.orchestration.get_stack(alpha["id"]).status == SETTLED
    finally:
        conn.close()


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_no_valid_token_is_a_401_naming_keystone(keystone, heat, alpha, token):
    headers = {"X-Auth-Token": token} if token else {}
    resp = requests.get("%s/v1/%s/stacks" % (heat.endpoint_root, alpha["project"]),
                        headers=headers, timeout=30)
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"] == "Keystone uri=\"%s\"" % keystone.auth_url


# -- project beta at project alpha's objects ---------------------------------

def _stack_routes(name: str, stack_id: str, snapshot: str) -> list[tuple[str, str, Any]]:
    stack = "stacks/%s/%s" % (name, stack_id)
    return [
        ("GET", "stacks/" + name, None), ("GET", "stacks/" + stack_id, None),
        ("GET", stack, None), ("GET", stack + "/resources", None),
        ("GET", stack + "/resources/val", None),
        ("GET", stack + "/resources/val/metadata", None),
        ("POST", stack + "/resources/val/signal", {}),
        ("PATCH", stack + "/resources/val", {"mark_unhealthy": True,
                                             "resource_status_reason": "x"}),
        ("GET", stack + "/events", None), ("GET", stack + "/resources/val/events", None),
        ("GET", stack + "/outputs", None), ("GET", stack + "/outputs/out", None),
        ("GET", stack + "/template", None), ("GET", stack + "/environment", None),
        ("GET", stack + "/files", None), ("GET", stack + "/export", None),
        ("GET", stack + "/snapshots", None), ("GET", stack + "/snapshots/" + snapshot, None),
        ("POST", stack + "/snapshots", {"name": "theirs"}),
        ("POST", stack + "/snapshots/%s/restore" % snapshot, None),
        ("DELETE", stack + "/snapshots/" + snapshot, None),
        ("POST", stack + "/actions", {"suspend": None}),
        ("PATCH", stack, {"parameters": {}}), ("PUT", stack, {"template": TEMPLATE}),
        ("DELETE", stack + "/abandon", None), ("DELETE", stack, None),
    ]


def _all_routes(alpha: dict[str, str]) -> list[tuple[str, str, Any]]:
    routes = _stack_routes(alpha["name"], alpha["id"], alpha["snapshot"])
    routes += _stack_routes(alpha["nested_name"], alpha["nested_id"], alpha["snapshot"])
    config, deployment = "software_configs/" + alpha["config"], \
        "software_deployments/" + alpha["deployment"]
    routes += [("GET", config, None), ("DELETE", config, None),
               ("GET", deployment, None), ("DELETE", deployment, None),
               ("PUT", deployment, {"status": "FAILED"})]
    return routes


def test_beta_is_refused_every_route_at_alphas_objects(keystone, heat, alpha):
    beta = Caller(keystone, heat, "beta-member")
    answers = {}
    for tenant in (alpha["project"], beta.project):
        for method, path, body in _all_routes(alpha):
            resp = beta(method, path, body, tenant=tenant)
            answers[(tenant == beta.project, method, path)] = resp.status_code
    wrong = {key: code for key, code in answers.items() if code not in (403, 404)}
    assert wrong == {}
    # Under alpha's id in the URL every answer is 403, before any lookup.
    assert {code for (own, _, _), code in answers.items() if not own} == {403}


def test_beta_sees_nothing_of_alpha_in_its_lists(keystone, heat, alpha):
    beta = Caller(keystone, heat, "beta-member")
    assert alpha["id"] not in beta("GET", "stacks").text
    assert alpha["config"] not in beta("GET", "software_configs").text
    assert alpha["deployment"] not in beta("GET", "software_deployments").text
    metadata = beta("GET", "software_deployments/metadata/" + alpha["server"])
    assert metadata.status_code == 200 and metadata.json() == {"metadata": []}


def test_alphas_objects_survived_betas_walk(keystone, heat, alpha):
    test_beta_is_refused_every_route_at_alphas_objects(keystone, heat, alpha)
    owner = Caller(keystone, heat, "alpha-reader")
    stack = owner("GET", "stacks/%s/%s" % (alpha["name"], alpha["id"])).json()["stack"]
    assert stack["stack_status"] == SETTLED
    assert owner("GET", "stacks/%s/%s/snapshots/%s" % (
        alpha["name"], alpha["id"], alpha["snapshot"])).status_code == 200
    assert owner("GET", "software_configs/" + alpha["config"]).status_code == 200
    assert owner("GET", "software_deployments/" + alpha["deployment"]).status_code == 200


# -- roles: one rule of each family ------------------------------------------

PERSONAS = ("alpha-reader", "alpha-member", "alpha-admin", "alpha-stack-user",
            "alpha-owner")
OK, NO = "allowed", "refused"
# (rule, method, path template, body): expected answer per persona, in
# PERSONAS order. Allowed writes are left to the tests that own their stacks.
DECISIONS = [
    ("stacks:index", "GET", "stacks", None, (OK, OK, OK, NO, NO)),
    ("stacks:show", "GET", "{stack}", None, (OK, OK, OK, NO, NO)),
    ("stacks:lookup", "GET", "stacks/{name}", None, (OK, OK, OK, OK, NO)),
    ("stacks:template", "GET", "{stack}/template", None, (OK, OK, OK, NO, NO)),
    ("stacks:list_outputs", "GET", "{stack}/outputs", None, (OK, OK, OK, NO, NO)),
    ("stacks:list_snapshots", "GET", "{stack}/snapshots", None, (OK, OK, OK, NO, NO)),
    ("stacks:export", "GET", "{stack}/export", None, (NO, OK, OK, NO, NO)),
    ("stacks:validate_template", "POST", "validate", {"template": TEMPLATE,
                                                      "files": {"inner.yaml": NESTED}},
     (NO, OK, OK, NO, NO)),
    ("stacks:create", "POST", "stacks", {"stack_name": "never", "template": {}},
     (NO, None, None, NO, NO)),
    ("stacks:delete", "DELETE", "{stack}", None, (NO, None, None, NO, NO)),
    ("stacks:list_resource_types", "GET", "resource_types", None, (OK, OK, OK, NO, NO)),
    ("resource:index", "GET", "{stack}/resources", None, (OK, OK, OK, NO, NO)),
    ("resource:metadata", "GET", "{stack}/resources/val/metadata", None,
     (OK, OK, OK, OK, NO)),
    ("resource:mark_unhealthy", "PATCH", "{stack}/resources/val",
     {"mark_unhealthy": False}, (NO, None, None, NO, NO)),
    ("events:index", "GET", "{stack}/events", None, (OK, OK, OK, NO, NO)),
    ("actions:suspend", "POST", "{stack}/actions", {"suspend": None},
     (NO, None, None, NO, NO)),
    ("software_configs:index", "GET", "software_configs", None, (OK, OK, OK, NO, NO)),
    ("software_configs:show", "GET", "software_configs/{config}", None,
     (OK, OK, OK, NO, NO)),
    ("software_configs:create", "POST", "software_configs",
     {"name": "never", "group": "script", "config": ""}, (NO, None, None, NO, NO)),
    ("software_deployments:show", "GET", "software_deployments/{deployment}", None,
     (OK, OK, OK, NO, NO)),
    ("software_deployments:metadata", "GET", "software_deployments/metadata/{server}",
     None, (OK, OK, OK, OK, NO)),
    ("build_info:build_info", "GET", "build_info", None, (OK, OK, OK, NO, NO)),
    ("service:index", "GET", "services", None, (NO, NO, OK, NO, NO)),
]


def _verdict(resp: requests.Response) -> str:
    if resp.status_code == 403:
        return NO
    assert resp.status_code < 400, resp.text
    return OK


@pytest.mark.parametrize("rule,method,path,body,expected", DECISIONS,
                         ids=[d[0] for d in DECISIONS])
def test_role_decisions(keystone, heat, alpha, rule, method, path, body, expected):
    url = path.format(stack="stacks/%s/%s" % (alpha["name"], alpha["id"]), **alpha)
    got = {}
    for persona, wanted in zip(PERSONAS, expected, strict=True):
        if wanted is not None:
            got[persona] = _verdict(Caller(keystone, heat, persona)(method, url, body))
    assert got == {p: w for p, w in zip(PERSONAS, expected, strict=True)
                   if w is not None}


def test_a_member_creates_and_deletes_its_own_stack(keystone, heat):
    member = Caller(keystone, heat, "alpha-member")
    name = "ks-own-%s" % uuid.uuid4().hex[:8]
    resp = member("POST", "stacks", {"stack_name": name, "template": {
        "heat_template_version": "2018-08-31",
        "resources": {"n": {"type": "OS::Heat::None"}}}})
    assert resp.status_code == 201, resp.text
    path = "stacks/%s/%s" % (name, resp.json()["stack"]["id"])
    assert _wait_status(member, path)["stack_status"] == "CREATE_COMPLETE"
    assert member("DELETE", path).status_code == 204


def test_legacy_defaults_let_a_stack_owner_in(keystone, heat, build_deployment):
    """``enforce_new_defaults = False``: Heat's pre-secure-RBAC checks apply."""
    legacy = build_deployment("all-sqlite", flavor="", extra={
        "keystone_authtoken": keystone.authtoken_options(),
        "oslo_policy": {"enforce_new_defaults": "False"}})
    legacy.start()
    owner = Caller(keystone, legacy, "alpha-owner")
    assert owner("GET", "stacks").status_code == 200
    assert Caller(keystone, heat, "alpha-owner")("GET", "stacks").status_code == 403
    # A stack user stays out of what Heat always closed to it.
    assert Caller(keystone, legacy, "alpha-stack-user")("GET", "stacks").status_code == 403
    assert owner("GET", "services").status_code == 403
