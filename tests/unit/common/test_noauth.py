"""noauth: Heat's identity headers, user/project from X-Auth-User/-Project."""

from __future__ import annotations

import webob

from heatlite.common import config
from heatlite.common import noauth


def _seen_environ(headers: dict[str, str]) -> dict:
    seen: dict = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]
    webob.Request.blank("/", headers=headers).get_response(
        noauth.NoAuthProtocol(app, config.CONF))
    return seen


def test_defaults_to_admin():
    env = _seen_environ({})
    assert env["HTTP_X_PROJECT_ID"] == "admin"
    assert env["HTTP_X_USER_ID"] == "admin"
    assert env["HTTP_X_ROLES"] == "admin"
    assert env["HTTP_X_IDENTITY_STATUS"] == "Confirmed"
    assert env["HTTP_X_AUTH_URL"] == "url"


def test_takes_user_and_project_from_headers():
    env = _seen_environ({"X-Auth-User": "alice", "X-Auth-Project": "p1"})
    assert (env["HTTP_X_USER_NAME"], env["HTTP_X_PROJECT_NAME"]) == ("alice", "p1")
    assert (env["HTTP_X_USER_ID"], env["HTTP_X_PROJECT_ID"]) == ("alice", "p1")
