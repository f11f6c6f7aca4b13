"""authurl: X-Auth-Url from paste option or configuration, no network."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import webob
from oslo_config import fixture as config_fixture

from heatlite.common import auth_url
from tests.unit.api import fakes


@pytest.fixture
def conf() -> Iterator[config_fixture.Config]:
    fixture = config_fixture.Config(fakes.prepare_conf())
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


def _auth_url(conf, **local_conf) -> str | None:
    seen = {}

    def app(environ, start_response):
        seen["url"] = environ.get("HTTP_X_AUTH_URL")
        start_response("200 OK", [])
        return [b""]
    webob.Request.blank("/").get_response(auth_url.AuthUrlFilter(app, conf, **local_conf))
    return seen["url"]


def test_clients_keystone_auth_uri_as_v3(conf):
    conf.config(auth_uri="http://ks:5000/", group="clients_keystone")
    assert _auth_url(conf.conf) == "http://ks:5000/v3"


def test_falls_back_to_authtoken_uri(conf):
    conf.config(www_authenticate_uri="http://ks:5000/v3", group="keystone_authtoken")
    assert _auth_url(conf.conf) == "http://ks:5000/v3"


def test_paste_option_wins(conf):
    conf.config(auth_uri="http://ks:5000", group="clients_keystone")
    assert _auth_url(conf.conf, auth_uri="http://other/v3") == "http://other/v3"


def test_unset_leaves_header_alone(conf):
    assert _auth_url(conf.conf) is None


@pytest.mark.parametrize("given, expected", [
    ("http://k:5000", "http://k:5000/v3"), ("http://k:5000/v2.0", "http://k:5000/v3"),
    ("http://k/identity/v3/", "http://k/identity/v3")])
def test_v3_url(given, expected):
    assert auth_url.v3_url(given) == expected
