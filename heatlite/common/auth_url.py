"""paste filter that tells the rest of the pipeline where Keystone is.

It sets X-Auth-Url on every request (the context carries it to the engine,
which needs it to talk to Keystone for the caller). The URL comes from the
filter's own ``auth_uri`` paste option, else ``[clients_keystone] auth_uri``
(as its v3 endpoint), else ``[keystone_authtoken] www_authenticate_uri``.
Heat asks Keystone's version discovery for the v3 URL; heatlite derives it
locally so that a request never waits on a network round trip here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from keystonemiddleware import auth_token  # noqa: F401  (registers [keystone_authtoken])
from oslo_config import cfg

WSGIApp = Callable[..., Iterable[bytes]]


def v3_url(auth_uri: str) -> str:
    """``http://ks:5000`` -> ``http://ks:5000/v3``; a versioned URL is kept."""
    base = auth_uri.rstrip("/")
    if base.endswith("/v3"):
        return base
    if base.endswith("/v2.0"):
        return base[:-len("/v2.0")] + "/v3"
    return base + "/v3"


class AuthUrlFilter:
    """Sets X-Auth-Url from configuration (Heat's authurl filter)."""

    def __init__(self, app: WSGIApp, conf: cfg.ConfigOpts, **local_conf: Any) -> None:
        self.application = app
        self.conf = conf
        self._configured = local_conf.get("auth_uri")
        self._auth_url: str | None = None

    @property
    def auth_url(self) -> str | None:
        if self._auth_url is None:
            self._auth_url = self._lookup()
        return self._auth_url

    def _lookup(self) -> str | None:
        if self._configured:
            return self._configured
        keystone_uri = self.conf.clients_keystone.auth_uri
        if keystone_uri:
            return v3_url(keystone_uri)
        return self.conf.keystone_authtoken.www_authenticate_uri or None

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        auth_url = self.auth_url
        if auth_url:
            environ["HTTP_X_AUTH_URL"] = auth_url
        return self.application(environ, start_response)
