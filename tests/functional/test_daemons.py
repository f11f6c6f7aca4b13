"""Daemon behaviour that needs its own processes: no engine, Keystone, manage."""

from __future__ import annotations

import requests

from tests.functional.deployment import Deployment


def test_api_without_engine_answers_503(build_deployment) -> None:
    dep: Deployment = build_deployment(
        "daemons-mariadb", extra={"DEFAULT": {"rpc_response_timeout": "2"}})
    dep.start_daemon("heatlite-api")
    dep.wait_until_serving()
    resp = requests.get(dep.endpoint() + "/stacks", timeout=30)
    assert resp.status_code == 503
    body = resp.json()
    assert body["code"] == 503 and body["title"] == "Service Unavailable"
    assert body["error"]["type"] == "EngineUnavailable"
    assert body["error"]["traceback"] is None
    assert dep.stop() == {"heatlite-api": 0}


def test_keystone_pipeline_requires_a_token(build_deployment) -> None:
    dep: Deployment = build_deployment(
        "daemons-mariadb", flavor="",
        extra={"keystone_authtoken": {"www_authenticate_uri": "http://127.0.0.1:9/v3",
                                      "auth_type": "password",
                                      "auth_url": "http://127.0.0.1:9/v3"}})
    dep.start_daemon("heatlite-api")
    dep.wait_until_serving()
    assert requests.get(dep.endpoint_root + "/", timeout=10).status_code == 300
    resp = requests.get(dep.endpoint() + "/stacks", timeout=30)
    assert resp.status_code == 401
    assert "www-authenticate" in {k.lower() for k in resp.headers}
    assert resp.headers["x-openstack-request-id"].startswith("req-")
    assert dep.stop() == {"heatlite-api": 0}


def test_manage_db_sync_and_version(build_deployment) -> None:
    for kind in ("daemons-mariadb", "daemons-postgresql"):
        dep: Deployment = build_deployment(kind)
        before = dep.run("heatlite-manage", "db_version").stdout.strip()
        dep.run("heatlite-manage", "db_sync")
        after = dep.run("heatlite-manage", "db_version").stdout.strip()
        assert after and after != before
        dep.run("heatlite-manage", "db_sync")  # idempotent
        assert dep.run("heatlite-manage", "db_version").stdout.strip() == after
