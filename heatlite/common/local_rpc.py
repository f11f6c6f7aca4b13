"""In-process RPC for heatlite-all: calls reach the engine without a broker.

oslo.messaging's ``fake://`` driver works in one process but its listener
polls its queue every 50 ms, which put a fixed tick on every API call.
When heatlite-all runs the engine beside the API it registers the engine's
endpoints here, and the RPC client dispatches straight to them.

Each call keeps the wire's semantics: the context and the arguments are
serialised and rebuilt exactly as they would be over a broker, results are
JSON primitives, and an exception is rebuilt on the caller's side from what
oslo.messaging would send of it (messaging.as_received).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from typing import Any

from oslo_config import cfg
from oslo_messaging.rpc import dispatcher as rpc_dispatcher
from oslo_serialization import jsonutils

from heatlite.common import messaging
from heatlite.common.context import RequestContext

LOG = logging.getLogger(__name__)

_dispatchers: dict[int, LocalDispatcher] = {}


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _json_key(key: Any) -> str:
    # What a JSON object makes of a non-string key (1 -> "1", None -> "null").
    return next(iter(jsonutils.loads(jsonutils.dumps({key: None}))))


def _primitive(value: Any) -> Any:
    """``value`` as it comes out of a JSON round trip, as over a broker.

    Plain dicts, lists and scalars are copied directly (several times
    faster than encoding and decoding a 500-stack listing; scalars are
    taken without a call); anything else (tuples, datetimes, subclasses)
    goes through oslo's JSON encoding as before.
    """
    kind = type(value)
    if kind is dict:
        copied = {}
        for key, item in value.items():
            if type(key) is not str:
                key = _json_key(key)
            copied[key] = item if type(item) in _SCALARS else _primitive(item)
        return copied
    if kind is list:
        return [item if type(item) in _SCALARS else _primitive(item) for item in value]
    if kind in _SCALARS:
        return value
    return jsonutils.loads(jsonutils.dumps(value))


class LocalDispatcher:
    """Method name -> bound endpoint method, for one process's engine."""

    def __init__(self, endpoints: Sequence[Any]) -> None:
        self._methods: dict[str, Any] = {}
        for endpoint in endpoints:
            for name in endpoint.RPC_METHODS:
                self._methods.setdefault(name, getattr(endpoint, name))

    def serves(self, method: str) -> bool:
        return method in self._methods

    def call(self, ctxt: RequestContext, method: str, kwargs: dict[str, Any]) -> Any:
        callee = RequestContext.from_dict(ctxt.to_dict())
        try:
            result = self._methods[method](callee, **_primitive(kwargs))
        except rpc_dispatcher.ExpectedException as expected:
            # The RPC endpoints mark HeatExceptions as expected so the RPC
            # server does not log them; the caller gets the one inside.
            raise messaging.as_received(expected.exc_info) from None
        except Exception:
            # Logged as oslo.messaging's RPC server logs an unexpected error.
            LOG.exception("Exception during message handling")
            raise messaging.as_received(sys.exc_info()) from None
        return _primitive(result)

    def cast(self, ctxt: RequestContext, method: str, kwargs: dict[str, Any]) -> None:
        thread = threading.Thread(target=self.call, args=(ctxt, method, kwargs),
                                  daemon=True)
        thread.start()


def serve(conf: cfg.ConfigOpts, endpoints: Sequence[Any]) -> None:
    """Make ``endpoints`` answer this process's RPC calls made with ``conf``."""
    _dispatchers[id(conf)] = LocalDispatcher(endpoints)


def stop_serving(conf: cfg.ConfigOpts) -> None:
    _dispatchers.pop(id(conf), None)


def dispatcher_for(conf: cfg.ConfigOpts, method: str) -> LocalDispatcher | None:
    """The in-process dispatcher serving ``method``, if there is one."""
    dispatcher = _dispatchers.get(id(conf))
    if dispatcher is not None and dispatcher.serves(method):
        return dispatcher
    return None
