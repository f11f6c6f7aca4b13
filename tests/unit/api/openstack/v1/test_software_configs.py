"""SoftwareConfigController through the real pipeline and the real engine code.

The engine client is heatlite's own SoftwareCalls with the transport
replaced by an in-process dispatch to SoftwareConfigService (the context
and the answer go through the same dict/JSON round trip as over RPC, and
errors come back as ``<Name>_Remote``), backed by a migrated SQLite file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from heatlite.common import config
from heatlite.common import exception
from heatlite.common.context import RequestContext
from heatlite.db import migration, session
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.software_config_service import SoftwareConfigService
from heatlite.rpc.software_calls import SoftwareCalls
from tests.unit.api import fakes
from tests.unit.db import fixtures

BASE = "/v1/admin/software_configs"


class LocalSoftwareClient(SoftwareCalls):
    """SoftwareCalls whose ``_call`` runs the engine endpoint in-process."""

    def __init__(self, endpoint: SoftwareConfigService) -> None:
        self.endpoint = endpoint
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def _call(self, ctxt: RequestContext, method: str, version: str = "1.0",
              **kwargs: Any) -> Any:
        assert version == "1.3"
        self.calls.append((method, kwargs))
        engine_ctxt = RequestContext.from_dict(json.loads(json.dumps(ctxt.to_dict())))
        try:
            result = getattr(self.endpoint, method)(engine_ctxt, **json.loads(
                json.dumps(kwargs)))
        except exception.HeatException as exc:
            raise fakes.remote(exc) from None
        return json.loads(json.dumps(result))

    def last(self, method: str) -> dict[str, Any]:
        return [kw for name, kw in self.calls if name == method][-1]


@pytest.fixture(scope="session")
def software_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = "sqlite:///%s" % (tmp_path_factory.mktemp("software-api") / "heatlite.sqlite")
    migration.db_sync(fixtures.make_conf(connection=url))
    return url


@pytest.fixture
def client(conf: Any, software_db_url: str) -> Iterator[LocalSoftwareClient]:
    session.configure(fixtures.make_conf(connection=software_db_url))
    try:
        service = EngineService(config.CONF, "host-1", "engine-1")
        yield LocalSoftwareClient(SoftwareConfigService(service))
    finally:
        fixtures.wipe()
        session.dispose()


@pytest.fixture
def api(client: LocalSoftwareClient) -> Any:
    return fakes.pipeline_app(client)


def create_config(api: Any, **body: Any) -> dict[str, Any]:
    body.setdefault("name", "cfg")
    resp = fakes.request(api, BASE, "POST", body=body)
    assert resp.status_int == 200, resp.body
    return resp.json["software_config"]


def test_create_answers_200_with_heats_document(api, client):
    resp = fakes.request(api, BASE, "POST", body={
        "name": "hello", "group": "script", "config": "#!/bin/sh\necho hi",
        "inputs": [{"name": "foo", "default": "bar"}], "outputs": [{"name": "out"}],
        "options": {"a": 1}, "ignored": True})
    assert resp.status_int == 200
    config = resp.json["software_config"]
    assert list(config) == ["id", "name", "group", "config", "inputs", "outputs", "options",
                            "creation_time"]
    assert config["inputs"] == [{"name": "foo", "type": "String", "default": "bar"}]
    assert config["outputs"] == [{"name": "out", "type": "String", "error_output": False}]
    assert client.last("create_software_config") == {
        "group": "script", "name": "hello", "config": "#!/bin/sh\necho hi",
        "inputs": [{"name": "foo", "default": "bar"}], "outputs": [{"name": "out"}],
        "options": {"a": 1}}


def test_create_with_only_a_name_stores_empty_lists(api):
    config = create_config(api, name="bare")
    assert (config["group"], config["config"]) == (None, None)
    assert (config["inputs"], config["outputs"], config["options"]) == ([], [], {})


def test_create_without_a_body_is_400(api):
    resp = fakes.request(api, BASE, "POST")
    assert resp.status_int == 400
    assert resp.json["error"]["type"] == "HTTPBadRequest"


def test_bad_io_schema_is_400_in_heats_body(api):
    resp = fakes.request(api, BASE, "POST", body={"name": "x", "inputs": [{"type": "Foo"}]})
    assert resp.status_int == 400
    assert resp.json["title"] == "Bad Request"
    assert resp.json["error"]["message"] == "Property name not assigned"


def test_show_and_missing_is_404(api):
    config = create_config(api)
    resp = fakes.request(api, BASE + "/" + config["id"])
    assert resp.status_int == 200
    assert resp.json == {"software_config": config}
    resp = fakes.request(api, BASE + "/nope")
    assert resp.status_int == 404
    # The engine's text stays engine-side, as in a Heat deployment.
    assert resp.json["error"] == {"type": "NotFound", "traceback": None,
                                  "message": "Not found"}


def test_index_lists_summaries_with_project_for_admin(api):
    first = create_config(api, name="a")
    second = create_config(api, name="b")
    resp = fakes.request(api, BASE)
    assert resp.status_int == 200
    listed = resp.json["software_configs"]
    assert {c["id"] for c in listed} == {first["id"], second["id"]}
    assert set(listed[0]) == {"id", "name", "group", "creation_time", "project"}
    assert listed[0]["project"] == "admin"


def test_index_passes_limit_and_marker(api, client):
    create_config(api)
    fakes.request(api, BASE + "?limit=1&marker=m&other=x")
    assert client.last("list_software_configs") == {"limit": 1, "marker": "m"}


def test_index_bad_limit_is_400(api):
    resp = fakes.request(api, BASE + "?limit=one")
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == "Only integer is acceptable by 'limit'."


def test_global_tenant_is_refused_by_default_policy(api, client):
    resp = fakes.request(api, BASE + "?global_tenant=true")
    assert resp.status_int == 403
    assert client.calls == []
    resp = fakes.request(api, BASE + "?global_tenant=maybe")
    assert resp.status_int == 400


def test_delete_is_204_then_404(api):
    config = create_config(api)
    resp = fakes.request(api, BASE + "/" + config["id"], "DELETE")
    assert resp.status_int == 204
    assert fakes.request(api, BASE + "/" + config["id"], "DELETE").status_int == 404


def test_delete_of_a_deployed_config_is_409(api):
    config = create_config(api)
    resp = fakes.request(api, "/v1/admin/software_deployments", "POST",
                         body={"config_id": config["id"], "server_id": "srv"})
    assert resp.status_int == 200
    resp = fakes.request(api, BASE + "/" + config["id"], "DELETE")
    assert resp.status_int == 409
    assert resp.json["error"]["type"] == "InvalidRestrictedAction"
    assert resp.json["error"]["message"] == (
        "Software config with id %s can not be deleted as it is referenced." % config["id"])


def test_admin_acts_in_its_own_project_whatever_the_url(api):
    config = create_config(api)
    resp = fakes.request(api, "/v1/other/software_configs/" + config["id"])
    assert resp.status_int == 200
