"""The signed signal URL app, inside its real paste pipeline."""

from __future__ import annotations

import configparser
import json
from typing import Any

import pytest
import webob
from paste import deploy

from heatlite.api import signal
from heatlite.common import config
from heatlite.common import exception
from heatlite.common import wsgi
from tests.unit.api import fakes

PATH = "/v1/signal/admin/stacks/st/%s/resources/handle" % fakes.STACK_ID


class SignalEngine:
    """Records signed calls; a token other than "good" is refused as the engine does."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def _check(self, token: str | None) -> None:
        if token != "good":
            raise fakes.remote(exception.HeatSignatureError())

    def signed_resource_signal(self, ctxt: Any, *args: Any) -> None:
        self.calls.append(("signal", args))
        self._check(args[4])

    def signed_resource_metadata(self, ctxt: Any, *args: Any) -> Any:
        self.calls.append(("metadata", args))
        self._check(args[4])
        return {"deployments": []}


@pytest.fixture
def engine() -> SignalEngine:
    return SignalEngine()


@pytest.fixture
def app(conf: Any, engine: SignalEngine) -> Any:
    """``[pipeline:signal]``'s filters around SignalApp, mounted at /v1/signal."""
    parser = configparser.ConfigParser()
    parser.read(fakes.PASTE_INI)
    names = parser["pipeline:signal"]["pipeline"].split()
    assert names[-1] == "signalapp" and "authtoken" not in names and "noauth" not in names
    built: Any = signal.SignalApp(config.CONF, engine_client=engine)
    for name in reversed(names[:-1]):
        built = deploy.loadfilter("config:" + fakes.PASTE_INI, name=name)(built)

    def mounted(environ: dict[str, Any], start_response: Any) -> Any:
        environ["SCRIPT_NAME"] = "/v1/signal"
        environ["PATH_INFO"] = environ["PATH_INFO"][len("/v1/signal"):]
        return built(environ, start_response)

    return mounted


def call(app: Any, path: str = PATH, method: str = "POST", body: Any = None,
         headers: dict[str, str] | None = None) -> webob.Response:
    req = webob.Request.blank(path, method=method, headers=headers or {})
    if body is not None:
        req.body = body if isinstance(body, bytes) else json.dumps(body).encode()
        req.content_type = "application/json"
    return req.get_response(app)


def test_signal_with_header_token(app, engine):
    resp = call(app, body={"status": "SUCCESS"}, headers={"X-Auth-Token": "good"})
    assert resp.status_int == 200 and resp.json is None
    assert engine.calls == [("signal", ("admin", "st", fakes.STACK_ID, "handle", "good",
                                        {"status": "SUCCESS"}))]
    assert "x-openstack-request-id" in resp.headers


def test_signal_with_query_token_put_and_empty_body(app, engine):
    resp = call(app, path=PATH + "?token=good", method="PUT")
    assert resp.status_int == 200
    assert engine.calls[0][1][-2:] == ("good", None)


def test_forged_token_is_403_in_heats_body(app):
    resp = call(app, body={}, headers={"X-Auth-Token": "forged"})
    assert resp.status_int == 403
    body = resp.json
    assert body["code"] == 403 and body["title"] == "Forbidden"
    assert body["error"]["type"] == "HeatSignatureError"
    assert body["error"]["message"] == ("The request signature we calculated does not "
                                        "match the signature you provided")


def test_missing_token_is_403_without_engine_call(app, engine):
    resp = call(app, body={})
    assert resp.status_int == 403 and engine.calls == []


def test_get_returns_metadata(app):
    resp = call(app, path=PATH + "?token=good", method="GET")
    assert resp.status_int == 200 and resp.json == {"deployments": []}


def test_bad_body_path_and_method(app, engine):
    resp = call(app, body=b"{not json", headers={"X-Auth-Token": "good"})
    assert resp.status_int == 400 and resp.json["error"]["type"] == "HTTPBadRequest"
    assert call(app, path="/v1/signal/admin/stacks/st", body={}).status_int == 404
    resp = call(app, method="DELETE", headers={"X-Auth-Token": "good"})
    assert resp.status_int == 405 and resp.headers["Allow"] == "GET, POST, PUT"
    assert engine.calls == []


@pytest.mark.parametrize("path", [PATH.replace("handle", "h%00"),
                                  PATH.replace("handle", "h%2500")])
def test_nul_in_the_path_is_400(app, engine, path):
    resp = call(app, path=path, headers={"X-Auth-Token": "good"}, body={})
    assert resp.status_int == 400 and "NUL" in resp.json["error"]["message"]
    assert engine.calls == []


def test_keystone_pipeline_leaves_signal_urls_to_their_token(conf):
    conf.config(api_paste_config=fakes.PASTE_INI, flavor=None, group="paste_deploy")
    conf.config(www_authenticate_uri="http://keystone.invalid:5000",
                group="keystone_authtoken")
    app = wsgi.load_paste_app(conf.conf)
    resp = call(app, body={"status": "SUCCESS"})
    assert resp.status_int == 403  # not authtoken's 401
    assert resp.json["error"]["type"] == "HeatSignatureError"
    assert call(app, path="/v1/admin/stacks", method="GET").status_int == 401
