"""oslo.messaging set-up shared by the API (client side) and the engine.

Contexts cross RPC as dicts; exceptions from heatlite.common.exception are
re-raised on the caller's side under their own class (with oslo's
``_Remote`` suffix), so the API keeps their HTTP status.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from types import TracebackType
from typing import Any

import oslo_messaging
from oslo_messaging._drivers import common as driver_common
from oslo_config import cfg
from oslo_log import log as logging
from oslo_messaging.rpc import dispatcher
from oslo_serialization import jsonutils

from heatlite.common import broker_faults
from heatlite.common import context as heat_context
from heatlite.common import exception

LOG = logging.getLogger(__name__)

_ALLOWED_EXMODS = [exception.__name__]
_transports: dict[tuple[int, int], oslo_messaging.Transport] = {}

DEFAULT_URL = "fake://"


# user:password@ of each host in a transport URL (several hosts are
# separated by commas); a password's own '@', '/' or ',' is URL-quoted.
_CREDENTIALS = re.compile(r"(?P<user>(?://|,)[^:@/,]*):[^@/,]*@")


def display_url(url: str | None) -> str:
    """A transport URL with its passwords hidden, for logs."""
    return _CREDENTIALS.sub(r"\g<user>:***@", url or DEFAULT_URL)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def is_plain_json(value: Any) -> bool:
    """Whether ``value`` is only dicts with str keys, lists and JSON scalars."""
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and is_plain_json(item) for key, item in value.items())
    if kind is list:
        return all(is_plain_json(item) for item in value)
    return kind in _SCALARS


class RequestContextSerializer(oslo_messaging.Serializer):
    """Contexts as plain dicts; payloads as JSON-safe primitives."""

    def serialize_entity(self, ctxt: Any, entity: Any) -> Any:
        # oslo's to_primitive walks and copies every value in Python: 11 ms
        # for a 500-stack listing. Plain JSON data (nearly every answer) is
        # only checked (~1 ms) and sent as it is.
        if is_plain_json(entity):
            return entity
        return jsonutils.to_primitive(entity, convert_instances=True)

    def deserialize_entity(self, ctxt: Any, entity: Any) -> Any:
        return entity

    def serialize_context(self, ctxt: heat_context.RequestContext) -> dict[str, Any]:
        return ctxt.to_dict()

    def deserialize_context(self, ctxt: dict[str, Any]) -> heat_context.RequestContext:
        return heat_context.RequestContext.from_dict(ctxt)


def as_received(exc_info: tuple[type[BaseException], BaseException, TracebackType | None]
                ) -> BaseException:
    """The engine's exception as the API receives it over a broker.

    These are the very steps of oslo.messaging's drivers: the server sends
    the class name, ``args`` and ``kwargs``; the client rebuilds an allowed
    class as ``cls(*args, **kwargs)`` (``<Name>_Remote``, whose ``str`` is
    the server's text and traceback) and anything else as a RemoteError.
    The in-process path uses it so heatlite-all answers what a deployment
    answers (see HeatExceptionWithPath for where that shows).
    """
    data = driver_common.serialize_remote_exception(exc_info)
    return driver_common.deserialize_remote_exception(data, _ALLOWED_EXMODS)


Translate = Callable[[str, Exception], Exception | None]
"""Maps an exception raised by an RPC method to the one to answer, or None."""


def _answering_faults(method: Callable[..., Any], name: str,
                      translate: Translate | None) -> Callable[..., Any]:
    """``method`` answering outages (broker, and ``translate``'s) as 503s."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except exception.HeatException:
            raise
        except Exception as exc:
            answer = (broker_faults.unavailable(name, exc)
                      if broker_faults.is_driver_fault(exc)
                      else translate(name, exc) if translate else None)
            if answer is None:
                raise
            LOG.warning("%s answered %s: %s: %s", name, type(answer).__name__,
                        type(exc).__name__, exc)
            raise answer from exc

    return call


def rpc_endpoint(endpoint_cls: type, rpc_methods: list[str],
                 translate: Translate | None = None) -> type:
    """A subclass whose RPC methods report HeatExceptions as expected.

    They are the answer (a 404, a 409...), not a server fault: they still
    travel to the caller, but oslo.messaging no longer logs each one with a
    traceback at ERROR level. An outage met during the call (the broker,
    or whatever ``translate`` recognises, e.g. the database) is answered
    as the 503 HeatException made for it, logged as a warning, instead of
    reaching the API as a RemoteError (500). The original class is left as
    it is, so direct callers (tests) still see the HeatException itself.
    """
    decorate = oslo_messaging.expected_exceptions(exception.HeatException)
    wrapped = {name: decorate(_answering_faults(getattr(endpoint_cls, name), name, translate))
               for name in rpc_methods}
    return type("RPC" + endpoint_cls.__name__, (endpoint_cls,), wrapped)


def set_defaults(conf: cfg.ConfigOpts) -> None:
    """The embedded default is the in-process fake transport.

    Parsing the configured URL registers oslo.messaging's transport options
    (its public way to do so); the library registers its other options when
    a transport, client or server is made. ``oslo_messaging.opts`` is not
    used: it imports the RabbitMQ driver and kombu, ~3 MiB that a
    ``fake://`` process never needs.
    """
    oslo_messaging.set_transport_defaults("heat")
    oslo_messaging.TransportURL.parse(conf)
    conf.set_default("transport_url", DEFAULT_URL)


def get_transport(conf: cfg.ConfigOpts) -> oslo_messaging.Transport:
    """One RPC transport per ConfigOpts and process.

    Keyed by pid too: a transport made before a fork (the API loads its app
    once in the parent to fail fast) must not be reused by the workers, whose
    broker connections would otherwise be shared across processes.
    """
    key = (os.getpid(), id(conf))
    if key not in _transports:
        _transports[key] = oslo_messaging.get_rpc_transport(
            conf, allowed_remote_exmods=_ALLOWED_EXMODS)
    return _transports[key]


def get_rpc_client(conf: cfg.ConfigOpts, topic: str, version: str,
                   **kwargs: Any) -> oslo_messaging.RPCClient:
    target = oslo_messaging.Target(topic=topic, version=version)
    return oslo_messaging.get_rpc_client(
        get_transport(conf), target, serializer=RequestContextSerializer(),
        **kwargs)


def get_rpc_server(conf: cfg.ConfigOpts, target: oslo_messaging.Target,
                   endpoints: list[Any]) -> oslo_messaging.MessageHandlingServer:
    access_policy = dispatcher.DefaultRPCAccessPolicy
    return oslo_messaging.get_rpc_server(
        get_transport(conf), target, endpoints, executor="eventlet",
        serializer=RequestContextSerializer(), access_policy=access_policy)


def cleanup() -> None:
    for transport in _transports.values():
        transport.cleanup()
    _transports.clear()
