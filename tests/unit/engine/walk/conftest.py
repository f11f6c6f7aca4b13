"""Fixtures of the walk tests: engines whose registry has the Blocking plugin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from oslo_config import cfg

from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.rpc.service import EngineService
from tests.unit.engine.walk import blocking


def blocking_engine(conf: cfg.ConfigOpts, engine_id: str, start: bool = True) -> EngineService:
    """An engine that knows Test::Blocking and Test::Unresumable; not
    started, it neither registers nor fails what dead engines left."""
    registry = Registry([("builtin", builtin_types()), ("test", blocking.TYPES)])
    svc = EngineService(conf, "host-%s" % engine_id, engine_id, registry=registry)
    if start:
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


def handed_off_create(svc: EngineService, ctxt: Any, name: str, template: dict[str, Any],
                      held: str) -> str:
    """Create a stack, hand its create off while ``held`` runs, let that
    resource end and the walk stop; the stack's id."""
    blocking.Blocking.hold(held)
    stack_id = svc.create_stack(ctxt, name, template, {}, {}, {"disable_rollback": True})[
        "stack_id"]
    assert blocking.Blocking.started(held)
    op = svc.threads.get(stack_id)
    assert op is not None and op.hand_off()
    blocking.Blocking.release(held)
    assert op.wait(10)
    return stack_id
