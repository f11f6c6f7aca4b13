"""Signal URLs and tokens that heatlite issues for one resource.

A server signals a wait condition handle or a software deployment without
credentials of its own: it is handed a URL under ``/v1/signal/`` (served by
heatlite.api.signal, outside the authenticated pipeline) plus a token. The
token is an HMAC-SHA256, under the install's key, of the tenant, stack id,
resource name and the resource's uuid, so it is valid for that one resource
only (a replacement gets a new uuid, hence a new token) and cannot be forged
without the key. The engine verifies it (``verify``); the API never needs
the key.

The key is ``[DEFAULT] signal_url_secret``; unset, a random key is created
once in ``<state_path>/signal_url_secret`` (mode 0600) and shared by every
process using that state directory. What is not here: delivering a signal
(signals.py) and the WSGI app (heatlite.api.signal).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
from urllib import parse

from oslo_config import cfg

from heatlite.common import exception

SECRET_FILE = "signal_url_secret"
# The path prefix of the unauthenticated signal app (api-paste.ini maps it).
PATH_PREFIX = "/v1/signal"
TOKEN_PARAM = "token"
TOKEN_HEADER = "X-Auth-Token"

_keys: dict[str, bytes] = {}
_keys_lock = threading.Lock()


def _read_or_create(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            key = handle.read().strip()
        if key:
            return key
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temp = "%s.%d.%s" % (path, os.getpid(), secrets.token_hex(4))
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_hex(32).encode("ascii"))
    try:
        # link() refuses to overwrite: the first process to get there wins
        # and every other one reads the winner's key.
        os.link(temp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temp)
    with open(path, "rb") as handle:
        return handle.read().strip()


def signing_key(conf: cfg.ConfigOpts) -> bytes:
    """The install's signing key (configured, or generated once on disk)."""
    configured = conf.signal_url_secret
    if configured:
        return configured.encode("utf-8")
    path = os.path.join(conf.state_path, SECRET_FILE)
    with _keys_lock:
        key = _keys.get(path)
        if key is None:
            key = _keys[path] = _read_or_create(path)
    return key


def _message(tenant: str, stack_id: str, resource_name: str, resource_uuid: str) -> bytes:
    return "\n".join(("heatlite-signal-v1", tenant, stack_id, resource_name,
                      resource_uuid)).encode("utf-8")


def token(conf: cfg.ConfigOpts, tenant: str, stack_id: str, resource_name: str,
          resource_uuid: str) -> str:
    """The signal token of one resource: URL-safe, no padding."""
    digest = hmac.new(signing_key(conf), _message(tenant, stack_id, resource_name,
                                                  resource_uuid), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def verify(conf: cfg.ConfigOpts, presented: str | None, tenant: str, stack_id: str,
           resource_name: str, resource_uuid: str) -> None:
    """Raise HeatSignatureError (403) unless ``presented`` is that resource's token."""
    expected = token(conf, tenant, stack_id, resource_name, resource_uuid)
    if not presented or not hmac.compare_digest(expected.encode("ascii"),
                                                presented.encode("utf-8", "replace")):
        raise exception.HeatSignatureError()


def api_root(conf: cfg.ConfigOpts) -> str:
    """``scheme://host:port`` of the API that servers reach.

    From ``[clients_heat] url`` when set (everything before ``/v1``), else
    from ``[heat_api] bind_host``/``bind_port`` (the engine's host name
    when the API binds every address).
    """
    configured = conf.clients_heat.url
    if configured:
        parts = parse.urlsplit(configured)
        return "%s://%s" % (parts.scheme, parts.netloc)
    host = conf.heat_api.bind_host
    if host in ("0.0.0.0", "::", ""):
        host = conf.host
    if ":" in host:
        host = "[%s]" % host
    return "http://%s:%d" % (host, conf.heat_api.bind_port)


def _quote(value: str) -> str:
    return parse.quote(value, safe="")


def resource_path(tenant: str, stack_name: str, stack_id: str, resource_name: str) -> str:
    """``<tenant>/stacks/<name>/<id>/resources/<resource>``, each part quoted."""
    return "%s/stacks/%s/%s/resources/%s" % (_quote(tenant), _quote(stack_name),
                                             _quote(stack_id), _quote(resource_name))


def heat_url(conf: cfg.ConfigOpts, tenant: str) -> str:
    """The authenticated v1 API of ``tenant`` (Heat's get_heat_url)."""
    configured = conf.clients_heat.url
    if configured:
        return configured.rstrip("/") % {"tenant_id": tenant}
    return "%s/v1/%s" % (api_root(conf), _quote(tenant))


def native_signal_url(conf: cfg.ConfigOpts, tenant: str, stack_name: str, stack_id: str,
                      resource_name: str) -> str:
    """POST .../resources/<name>/signal of the authenticated API (HEAT_SIGNAL)."""
    return "%s/stacks/%s/%s/resources/%s/signal" % (
        heat_url(conf, tenant), _quote(stack_name), _quote(stack_id), _quote(resource_name))


def endpoint(conf: cfg.ConfigOpts, tenant: str, stack_name: str, stack_id: str,
             resource_name: str) -> str:
    """The signed-signal URL of one resource, without its token."""
    return "%s%s/%s" % (api_root(conf), PATH_PREFIX,
                        resource_path(tenant, stack_name, stack_id, resource_name))


def signed_url(conf: cfg.ConfigOpts, tenant: str, stack_name: str, stack_id: str,
               resource_name: str, resource_uuid: str) -> str:
    """The signal URL with its token in the query string (CFN/TEMP_URL cases)."""
    return "%s?%s=%s" % (endpoint(conf, tenant, stack_name, stack_id, resource_name),
                         TOKEN_PARAM, token(conf, tenant, stack_id, resource_name,
                                            resource_uuid))


def curl_cli(token_value: str, endpoint_url: str) -> str:
    """The curl command prefix Heat's handle offers; add --data-binary '{...}'."""
    return ("curl -i -X POST -H 'X-Auth-Token: %s' -H 'Content-Type: application/json' "
            "-H 'Accept: application/json' %s" % (token_value, endpoint_url))


def parse_signed_url(url: str) -> tuple[str, str, str, str] | None:
    """(tenant, stack name, stack id, resource) of a signal URL, else None."""
    path = parse.urlsplit(url).path
    marker = PATH_PREFIX + "/"
    if marker not in path:
        return None
    parts = path.split(marker, 1)[1].split("/")
    if len(parts) != 6 or parts[1] != "stacks" or parts[4] != "resources":
        return None
    tenant, _, stack_name, stack_id, _, resource = (parse.unquote(p) for p in parts)
    return tenant, stack_name, stack_id, resource
