"""RequestContext: who is calling, carried from the API through RPC.

The context is built by the context middleware from the identity headers
(set by keystonemiddleware's authtoken or by heatlite's noauth filter) and is
serialised over RPC with ``to_dict``/``from_dict``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from oslo_config import cfg
from oslo_context import context as oslo_context


class RequestContext(oslo_context.RequestContext):
    """Heat's request context: oslo's plus the names Heat's engine uses."""

    def __init__(self, username: str | None = None, tenant_name: str | None = None,
                 auth_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.username = username
        self.tenant_name = tenant_name
        self.auth_url = auth_url

    @property
    def tenant_id(self) -> str | None:
        return self.project_id

    def to_dict(self) -> dict[str, Any]:
        values = super().to_dict()
        values.update(username=self.username, tenant_name=self.tenant_name,
                      auth_url=self.auth_url, user_id=self.user_id,
                      project_id=self.project_id, roles=list(self.roles))
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any], **kwargs: Any) -> RequestContext:
        kwargs.setdefault("username", values.get("username"))
        kwargs.setdefault("tenant_name", values.get("tenant_name"))
        kwargs.setdefault("auth_url", values.get("auth_url"))
        kwargs.setdefault("user_id", values.get("user_id") or values.get("user"))
        kwargs.setdefault("project_id", values.get("project_id")
                          or values.get("project") or values.get("tenant"))
        return super().from_dict(values, **kwargs)


def get_admin_context() -> RequestContext:
    """A context for the engine's own housekeeping (heartbeats, purges)."""
    return RequestContext(is_admin=True, overwrite=False)


class ContextMiddleware:
    """paste filter: builds the RequestContext from the identity headers.

    keystonemiddleware (or heatlite's noauth filter) has put X-User-Id,
    X-Project-Id, X-Roles, X-Auth-Token ... into the environ and
    oslo.middleware's request_id filter the request id; the context is left
    in ``environ['context']`` for the API. ``is_admin`` stays False here: it
    is a policy decision (``context_is_admin``) that the API makes with its
    enforcer, since heatlite.common cannot know the policy rules.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], conf: cfg.ConfigOpts,
                 **local_conf: Any) -> None:
        self.application = app
        self.conf = conf

    @staticmethod
    def context_from_environ(environ: dict[str, Any]) -> RequestContext:
        return RequestContext.from_environ(
            environ,
            username=environ.get("HTTP_X_AUTH_USER") or environ.get("HTTP_X_USER_NAME"),
            tenant_name=(environ.get("HTTP_X_PROJECT_NAME")
                         or environ.get("HTTP_X_TENANT_NAME")),
            auth_url=environ.get("HTTP_X_AUTH_URL"),
        )

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["context"] = self.context_from_environ(environ)
        return self.application(environ, start_response)
