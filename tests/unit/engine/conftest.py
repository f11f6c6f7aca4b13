"""Fixtures of the engine tests.

Threads: the engine is written against the standard ``threading`` module,
which the daemons' eventlet monkey patching turns green. These tests do not
patch: operations run on real threads, which also exercises the engine's
locking under true concurrency. Tests wait for an operation through its
Operation object (an Event), never by sleeping a fixed time.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Iterator
from typing import Any

import pytest
from oslo_config import cfg

from heatlite.common.context import RequestContext
from heatlite.engine.rpc.service import EngineService
from tests.unit.db import fixtures


@pytest.fixture(scope="session")
def engine_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fixtures.migrated_sqlite_url(tmp_path_factory.mktemp("heatlite-engine-db"))


@pytest.fixture
def conf(engine_sqlite_url: str, tmp_path: pathlib.Path) -> Iterator[cfg.ConfigOpts]:
    # state_path: the signal URL key is created there on first use.
    with fixtures.configured(engine_sqlite_url, str(tmp_path)) as conf:
        yield conf


@pytest.fixture
def ctxt() -> RequestContext:
    return RequestContext(project_id="tenant-a", user_id="user-a", username="alice")


@pytest.fixture
def service(conf: cfg.ConfigOpts) -> Iterator[EngineService]:
    svc = EngineService(conf, "host-1", "engine-1")
    svc.start()
    try:
        yield svc
    finally:
        svc.stop(10)


def wait_idle(svc: EngineService, stack_id: str, timeout: float = 30) -> None:
    """Wait for the stack's running operation (if any) to finish."""
    op = svc.threads.get(stack_id)
    if op is not None:
        assert op.wait(timeout), "operation did not finish"


def cancel_running(stack_id: str, *engines: EngineService, timeout: float = 10) -> None:
    """Cancel and await the stack's operation in each engine running one
    (a "dead" engine's still-running thread and its survivor's resumption)."""
    for engine in engines:
        op = engine.threads.get(stack_id)
        if op is not None:
            op.cancel()
            op.wait(timeout)


def wait_for_resource(svc: EngineService, ctxt: RequestContext, ident: Any, name: str,
                      state: tuple[str, str], timeout: float = 10) -> None:
    """Poll until resource ``name`` is in ``state`` (action, status): the
    moment to act on a resource mid-operation."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for res in svc.list_stack_resources(ctxt, ident):
            if (res["resource_name"], res["resource_action"],
                    res["resource_status"]) == (name, *state):
                return
        time.sleep(0.01)
    raise AssertionError("%s never reached %s" % (name, state))


def hot(resources: dict[str, Any], **sections: Any) -> dict[str, Any]:
    return dict({"heat_template_version": "2018-08-31", "resources": resources}, **sections)
