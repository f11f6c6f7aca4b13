"""Fixtures of the walk tests: engines whose registry has the Blocking plugin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from oslo_config import cfg

from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.rpc.service import EngineService
from tests.unit.engine.walk import blocking


def blocking_engine(conf: cfg.ConfigOpts, engine_id: str) -> EngineService:
    """A started engine that knows Test::Blocking and Test::Unresumable."""
    registry = Registry([("builtin", builtin_types()), ("test", blocking.TYPES)])
    svc = EngineService(conf, "host-%s" % engine_id, engine_id, registry=registry)
    svc.start()
    return svc


@pytest.fixture
def blocking_service(conf: cfg.ConfigOpts) -> Iterator[EngineService]:
    blocking.Blocking.reset()
    svc = blocking_engine(conf, "engine-1")
    try:
        yield svc
    finally:
        for name in list(blocking.Blocking._held):
            blocking.Blocking.release(name)
        svc.stop(10)
