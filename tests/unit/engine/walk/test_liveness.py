"""Whether a lock holder lives: heartbeat first, a ping only when it is stale."""

from __future__ import annotations

import datetime

import pytest

from heatlite.db import models, services
from heatlite.engine.walk import liveness


def _row(engine_id: str, age_secs: float) -> None:
    stamp = models.utcnow() - datetime.timedelta(seconds=age_secs)
    services.create({"engine_id": engine_id, "host": "h", "hostname": "h",
                     "binary": liveness.BINARY, "topic": liveness.TOPIC,
                     "report_interval": 60, "created_at": stamp, "updated_at": stamp})


@pytest.fixture
def check(conf):
    pings: list[str] = []
    answering = {"engine-stale-up"}

    def ping(engine_id: str) -> bool:
        pings.append(engine_id)
        return engine_id in answering

    return liveness.LivenessCheck("engine-me", 60, ping), pings


def test_own_and_fresh_engines_live_without_a_ping(check):
    alive, pings = check
    _row("engine-fresh", 10)
    assert alive("engine-me") and alive("engine-fresh")
    assert pings == []
    assert liveness.heartbeat("engine-fresh", 60) == "fresh"


def test_an_engine_without_a_row_is_dead_without_a_ping(check):
    alive, pings = check
    assert liveness.heartbeat("engine-never", 60) is None
    assert not alive("engine-never")
    assert pings == []


def test_a_stale_heartbeat_asks_the_engine(check):
    alive, pings = check
    _row("engine-stale-up", 500)
    _row("engine-stale-down", 500)
    assert liveness.heartbeat("engine-stale-down", 60) == "stale"
    assert alive("engine-stale-up")
    assert not alive("engine-stale-down")
    assert pings == ["engine-stale-up", "engine-stale-down"]
    assert not liveness.engine_alive("engine-stale-up", 60)


def test_a_retired_engine_is_gone(conf):
    record = liveness.ServiceRecord("engine-r", "host-r", 60)
    record.register()
    assert liveness.heartbeat("engine-r", 60) == "fresh"
    record.retire()
    assert liveness.heartbeat("engine-r", 60) is None
