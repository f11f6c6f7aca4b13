"""The engine's RPC endpoints, one object per family of calls.

oslo.messaging dispatches a call to the first endpoint that has the method,
so each family lives in its own module (service.py for the stack life
cycle, ...) and they share the EngineService that owns the engine-wide
state. Each endpoint class lists its RPC methods in ``RPC_METHODS``.
"""

from __future__ import annotations

from typing import Any

from oslo_config import cfg

from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.signal_service import SignalService
from heatlite.engine.rpc.snapshot_service import SnapshotService
from heatlite.engine.rpc.software_config_service import SoftwareConfigService
from heatlite.engine.rpc.stack_ops_service import StackOpsService
from heatlite.engine.rpc.template_service import TemplateService
from heatlite.engine.rpc.update_service import StackUpdateService

# The server's version: the newest any endpoint serves (rpc.base.RPC_API_VERSION).
RPC_API_VERSION = "1.5"


def endpoint_classes() -> list[type]:
    """Every endpoint class but EngineService, built from the service."""
    return [SoftwareConfigService, StackUpdateService, StackOpsService, TemplateService,
            SnapshotService, SignalService]


def build(conf: cfg.ConfigOpts, host: str, engine_id: str,
          wrap: Any = None) -> tuple[EngineService, list[Any]]:
    """The EngineService and all endpoints; ``wrap(cls)`` adapts each class.

    ``wrap`` lets the RPC server subclass each endpoint (expected
    exceptions) while tests use the plain classes.
    """
    adapt = wrap or (lambda cls: cls)
    service = adapt(EngineService)(conf, host, engine_id)
    others = [adapt(cls)(service) for cls in endpoint_classes()]
    return service, [service, *others]
