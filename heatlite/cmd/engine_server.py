"""An engine process: EngineService behind an oslo.messaging RPC server.

Two servers: the shared ``engine`` topic (every engine endpoint) and this
engine's listener (topic ``heat-engine-listener``, server = engine id) for
other engines' liveness pings, cancels and stops. The listener starts
first and stops last, so the engine answers pings while it winds down.
A stop hands the running operations off and retires the engine's row
within ``graceful_shutdown_timeout`` (the launcher exits the process at
that bound whatever still runs).
"""

from __future__ import annotations

import uuid

import oslo_messaging
from eventlet import event
from oslo_config import cfg
from oslo_log import log as logging

from heatlite.common import local_rpc
from heatlite.common import messaging
from heatlite.db import outages as db_outages
from heatlite.db import session as db_session
from heatlite.engine import notifications
from heatlite.engine.rpc import endpoints
from heatlite.engine.rpc import listener
from heatlite.engine.rpc import service as engine_service
from heatlite.rpc import api as rpc_api

LOG = logging.getLogger(__name__)


def _rpc_endpoint(cls: type) -> type:
    """``cls`` served over RPC: a database outage answers 503, not 500."""
    return messaging.rpc_endpoint(cls, list(cls.RPC_METHODS), translate=db_outages.unavailable)


class EngineServer:
    """Starts the engine's RPC endpoint; stop lets running work finish."""

    def __init__(self, conf: cfg.ConfigOpts, serve_in_process: bool = False) -> None:
        self._conf = conf
        self._serve_in_process = serve_in_process
        self._stopped = event.Event()
        self._rpc_server: oslo_messaging.MessageHandlingServer | None = None
        self._listener_server: oslo_messaging.MessageHandlingServer | None = None
        self.service: engine_service.EngineService | None = None

    def start(self) -> None:
        db_session.configure(self._conf)
        notifications.setup(self._conf)
        engine_id = str(uuid.uuid4())
        self.service, endpoints_list = endpoints.build(
            self._conf, self._conf.host, engine_id,
            wrap=_rpc_endpoint)
        # The listener answers pings before our row exists: a sibling
        # engine of this host starting now must not take us for a dead
        # previous life (EngineService.start).
        listener_target = oslo_messaging.Target(topic=rpc_api.LISTENER_TOPIC,
                                                server=engine_id)
        listener_cls = _rpc_endpoint(listener.EngineListener)
        self._listener_server = messaging.get_rpc_server(
            self._conf, listener_target, [listener_cls(self.service)])
        self._listener_server.start()
        LOG.debug("Engine %s listener on topic %s", engine_id, rpc_api.LISTENER_TOPIC)
        self.service.start()
        target = oslo_messaging.Target(topic=rpc_api.ENGINE_TOPIC,
                                       server=self._conf.host)
        self._rpc_server = messaging.get_rpc_server(self._conf, target,
                                                    endpoints_list)
        self._rpc_server.start()
        if self._serve_in_process:
            local_rpc.serve(self._conf, endpoints_list)
        # With the API's "Listening on", all a clean start says at INFO.
        LOG.info("Engine %s listening on topic %s as %s; transport %s, database %s",
                 engine_id, rpc_api.ENGINE_TOPIC, self._conf.host,
                 messaging.display_url(self._conf.transport_url),
                 db_session.display_url(self._conf.database.connection))

    def stop(self) -> None:
        local_rpc.stop_serving(self._conf)
        if self._rpc_server is not None:
            self._rpc_server.stop()
        if self.service is not None:
            self.service.stop()  # bounded by graceful_shutdown_timeout
        if self._rpc_server is not None:
            # After the hand-off: a call still in flight cannot hold it up.
            self._rpc_server.wait()
        if self._listener_server is not None:
            self._listener_server.stop()
            self._listener_server.wait()
        notifications.cleanup()
        self._stopped.send(True)

    def wait(self) -> None:
        self._stopped.wait()
