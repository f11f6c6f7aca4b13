"""paste filter that accepts every request as an authenticated admin.

For the embedded default and for tests: it stands where keystonemiddleware's
authtoken would and sets the same identity headers, taking the user from
X-Auth-User and the project from X-Auth-Project (both default ``admin``) and
granting the ``admin`` role, exactly as Heat's noauth filter does. Never use
it on a network others can reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from oslo_config import cfg

DEFAULT_IDENTITY = "admin"


class NoAuthProtocol:
    """Fills in Keystone's identity headers without checking anything."""

    def __init__(self, app: Callable[..., Iterable[bytes]], conf: cfg.ConfigOpts,
                 **local_conf: Any) -> None:
        self.app = app
        self.conf = conf

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ.update(self.identity_headers(environ))
        return self.app(environ, start_response)

    @staticmethod
    def identity_headers(environ: dict[str, Any]) -> dict[str, Any]:
        """The environ keys authtoken would set, for the claimed user/project."""
        username = environ.get("HTTP_X_AUTH_USER", DEFAULT_IDENTITY)
        project = environ.get("HTTP_X_AUTH_PROJECT", DEFAULT_IDENTITY)
        return {
            "HTTP_X_IDENTITY_STATUS": "Confirmed",
            "HTTP_X_PROJECT_ID": project,
            "HTTP_X_PROJECT_NAME": project,
            "HTTP_X_USER_ID": username,
            "HTTP_X_USER_NAME": username,
            "HTTP_X_ROLES": "admin",
            "HTTP_X_SERVICE_CATALOG": {},
            "HTTP_X_AUTH_USER": username,
            "HTTP_X_AUTH_KEY": "unset",
            "HTTP_X_AUTH_URL": "url",
        }
