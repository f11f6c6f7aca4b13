"""The transport half of the engine RPC client: one versioned call or cast.

Every method of the calls modules (stack_calls, ...) is one ``_call`` on
topic ``engine``. An engine-side HeatException comes back as the same class
(``<Name>_Remote``) and keeps its HTTP status; no answer within
``rpc_response_timeout``, or a broker that cannot be reached or refuses us
(common.broker_faults), becomes EngineUnavailable (503) instead of hanging
the request or answering 500. oslo.messaging reconnects by itself, so the
next call after the broker is back goes through.
"""

from __future__ import annotations

from typing import Any

from oslo_config import cfg

from heatlite.common import broker_faults
from heatlite.common import local_rpc
from heatlite.common import messaging
from heatlite.common.context import RequestContext
from heatlite.rpc import api as rpc_api

# Calls default to the first version; a call added later names its own.
BASE_RPC_API_VERSION = "1.0"
# The newest version this client speaks and the engine serves (the cap).
RPC_API_VERSION = "1.5"


class RPCClientBase:
    """Holds the RPCClient; subclasses add one method per engine call."""

    def __init__(self, conf: cfg.ConfigOpts | None = None,
                 version_cap: str = RPC_API_VERSION) -> None:
        self._conf = conf or cfg.CONF
        self._client = messaging.get_rpc_client(
            self._conf, rpc_api.ENGINE_TOPIC, BASE_RPC_API_VERSION,
            version_cap=version_cap)

    def _call(self, ctxt: RequestContext, method: str,
              version: str = BASE_RPC_API_VERSION, **kwargs: Any) -> Any:
        local = local_rpc.dispatcher_for(self._conf, method)
        if local is not None:
            return local.call(ctxt, method, kwargs)
        with broker_faults.as_unavailable(method):
            return self._client.prepare(version=version).call(ctxt, method, **kwargs)

    def _cast(self, ctxt: RequestContext, method: str,
              version: str = BASE_RPC_API_VERSION, **kwargs: Any) -> None:
        local = local_rpc.dispatcher_for(self._conf, method)
        if local is not None:
            local.cast(ctxt, method, kwargs)
            return
        with broker_faults.as_unavailable(method):
            self._client.prepare(version=version).cast(ctxt, method, **kwargs)
