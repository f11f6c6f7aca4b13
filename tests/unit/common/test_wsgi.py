"""heatlite.common.wsgi: (de)serialisers, Resource dispatch, paste loading."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
import webob
import webob.exc
from oslo_config import fixture as config_fixture

from heatlite.common import exception
from heatlite.common import wsgi
from tests.unit.api import fakes


@pytest.fixture
def conf() -> Iterator[config_fixture.Config]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


def _json_request(body: bytes, content_type: str = "application/json") -> webob.Request:
    req = webob.Request.blank("/", method="POST")
    req.body = body
    req.content_type = content_type
    return req


def test_deserializer_reads_json_object(conf):
    deserializer = wsgi.JSONRequestDeserializer(conf.conf)
    assert deserializer.default(_json_request(b'{"a": 1}')) == {"body": {"a": 1}}
    assert deserializer.default(_json_request(b'{"a": 1}', "text/plain")) == {
        "body": {"a": 1}}


def test_deserializer_ignores_non_object_and_other_types(conf):
    deserializer = wsgi.JSONRequestDeserializer(conf.conf)
    assert deserializer.default(_json_request(b"[1]")) == {}
    assert deserializer.default(_json_request(b'{"a": 1}', "application/xml")) == {}
    assert deserializer.default(webob.Request.blank("/")) == {}


def test_deserializer_malformed_is_bad_request(conf):
    with pytest.raises(webob.exc.HTTPBadRequest) as err:
        wsgi.JSONRequestDeserializer(conf.conf).default(_json_request(b'{"a": '))
    assert str(err.value) == "Expecting value: line 1 column 7 (char 6)"


def test_deserializer_limit(conf):
    conf.config(max_json_body_size=5)
    with pytest.raises(exception.RequestLimitExceeded) as err:
        wsgi.JSONRequestDeserializer(conf.conf).default(_json_request(b'{"a": 12}'))
    assert str(err.value) == ("Request limit exceeded: JSON body size (9 bytes) exceeds "
                              "maximum allowed size (5 bytes).")


def test_deserializer_refuses_bodies_it_cannot_keep(conf):
    """Depth past max_json_body_depth, lone surrogates, non-finite numbers:
    400 before the action sees any of it."""
    conf.config(max_json_body_depth=3)
    deserializer = wsgi.JSONRequestDeserializer(conf.conf)
    assert deserializer.default(_json_request(b'{"a": {"b": [1]}}')) == {
        "body": {"a": {"b": [1]}}}
    for body in (b'{"a": {"b": [[1]]}}', b'{"a": "\\ud800"}',
                 b'{"a": NaN}', b'{"a": 1e999}'):
        with pytest.raises(webob.exc.HTTPBadRequest):
            deserializer.default(_json_request(body))


def test_serializer_writes_plain_json_content_type():
    response = webob.Response()
    wsgi.JSONResponseSerializer().default(response, {"a": [1]})
    assert response.headers["Content-Type"] == "application/json"
    assert response.json == {"a": [1]}


class _Controller:
    def show(self, req, item_id, body=None):
        return {"id": item_id, "body": body}

    def gone(self, req, **kwargs):
        raise webob.exc.HTTPGone()

    def empty(self, req, **kwargs):
        raise webob.exc.HTTPNoContent()


def _resource_request(action: str, **args) -> webob.Request:
    req = webob.Request.blank("/")
    req.environ["wsgiorg.routing_args"] = ((), dict(action=action, controller="c", **args))
    return req


def test_resource_dispatches_action_with_route_args():
    resp = _resource_request("show", item_id="7").get_response(wsgi.Resource(_Controller()))
    assert resp.status_int == 200
    assert resp.json == {"id": "7", "body": None}


def test_route_args_are_read_back_as_utf8():
    """WSGI hands the path as latin-1 characters: a name in another script
    reaches the controller as written."""
    wire = "дом".encode().decode("latin-1")
    resp = _resource_request("show", item_id=wire).get_response(wsgi.Resource(_Controller()))
    assert resp.json["id"] == "дом"
    odd = "\xe9t\xe9"  # not UTF-8 bytes: left as routes gave it
    assert _resource_request("show", item_id=odd).get_response(
        wsgi.Resource(_Controller())).json["id"] == odd


@pytest.mark.parametrize("query", ["limit=%ff", "name=%C3%28", "a=1&%ED%A0%80=2"])
def test_query_string_that_is_not_utf8_is_400(query):
    req = _resource_request("show", item_id="7")
    req.environ["QUERY_STRING"] = query
    with pytest.raises(wsgi.HTTPExceptionDisguise) as err:
        req.get_response(wsgi.Resource(_Controller()))
    assert err.value.exc.code == 400
    assert "not valid UTF-8" in str(err.value.exc)


def test_query_string_in_utf8_passes():
    req = _resource_request("show", item_id="7")
    req.environ["QUERY_STRING"] = "name=%D0%B4%D0%BE%D0%BC&x=a+b"
    assert req.get_response(wsgi.Resource(_Controller())).status_int == 200


def test_resource_disguises_http_errors_for_faultwrap():
    with pytest.raises(wsgi.HTTPExceptionDisguise) as err:
        _resource_request("gone").get_response(wsgi.Resource(_Controller()))
    assert isinstance(err.value.exc, webob.exc.HTTPGone)


def test_resource_returns_non_error_http_exceptions():
    resp = _resource_request("empty").get_response(wsgi.Resource(_Controller()))
    assert resp.status_int == 204


def test_resource_without_action_or_default_is_404():
    with pytest.raises(wsgi.HTTPExceptionDisguise) as err:
        _resource_request("missing").get_response(wsgi.Resource(_Controller()))
    assert err.value.exc.code == 404


def test_request_without_context_is_an_error():
    with pytest.raises(webob.exc.HTTPInternalServerError):
        wsgi.Request.blank("/").context  # noqa: B018


def test_factories_build_named_classes_with_conf():
    made = wsgi.filter_factory({}, **{wsgi.FILTER_FACTORY_KEY:
                                      "heatlite.common.noauth.NoAuthProtocol"})

    def inner(environ, start_response):
        return []
    filt = made(inner)
    assert filt.app is inner
    assert filt.conf is wsgi.config.CONF
    with pytest.raises(RuntimeError, match="heatlite.app_factory"):
        wsgi.app_factory({})


def test_load_paste_app_noauth_serves_versions(conf):
    conf.config(api_paste_config=fakes.PASTE_INI, flavor="noauth", group="paste_deploy")
    app = wsgi.load_paste_app(conf.conf)
    resp = webob.Request.blank("/").get_response(app)
    assert resp.status_int == 300
    assert webob.Request.blank("/healthcheck").get_response(app).status_int == 200


def test_load_paste_app_keystone_rejects_missing_token_offline(conf):
    conf.config(api_paste_config=fakes.PASTE_INI, flavor=None, group="paste_deploy")
    conf.config(www_authenticate_uri="http://keystone.invalid:5000",
                group="keystone_authtoken")
    app = wsgi.load_paste_app(conf.conf)
    resp = webob.Request.blank("/v1/admin/stacks").get_response(app)
    assert resp.status_int == 401
    assert resp.headers["WWW-Authenticate"] == 'Keystone uri="http://keystone.invalid:5000"'
    assert "x-openstack-request-id" in resp.headers


def test_paste_config_found_beside_first_config_file(conf, tmp_path):
    shutil.copy(fakes.PASTE_INI, tmp_path / "api-paste.ini")
    heat_conf = tmp_path / "heat.conf"
    heat_conf.write_text("[DEFAULT]\n")
    conf.conf(["--config-file", str(heat_conf)], project="heatlite",
              default_config_files=[])
    assert wsgi.find_paste_config(conf.conf) == os.path.join(str(tmp_path), "api-paste.ini")


def test_missing_paste_config_is_runtime_error(conf):
    conf.config(api_paste_config="no-such-paste.ini", group="paste_deploy")
    with pytest.raises(RuntimeError, match="no-such-paste.ini"):
        wsgi.load_paste_app(conf.conf)


def test_missing_flavor_section_is_runtime_error(conf):
    conf.config(api_paste_config=fakes.PASTE_INI, flavor="custom", group="paste_deploy")
    with pytest.raises(RuntimeError, match="heat-api-custom"):
        wsgi.load_paste_app(conf.conf)
