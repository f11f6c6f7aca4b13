"""Whether a lock holder lives: heartbeat first, a ping only when it is stale;
a restarted engine retires its previous lives; the periodic loops survive."""

from __future__ import annotations

import datetime
import socket
import threading

import pytest

from heatlite.db import models, services
from heatlite.engine.walk import liveness


def _row(engine_id: str, age_secs: float, host: str = "h",
         hostname: str = "h") -> models.Service:
    stamp = models.utcnow() - datetime.timedelta(seconds=age_secs)
    return services.create({"engine_id": engine_id, "host": host, "hostname": hostname,
                            "binary": liveness.BINARY, "topic": liveness.TOPIC,
                            "report_interval": 2, "created_at": stamp,
                            "updated_at": stamp})


class Pings:
    """A fake listener client: the engines named in ``answering`` answer."""

    def __init__(self, *answering: str) -> None:
        self.answering = set(answering)
        self.asked: list[str] = []

    def __call__(self, engine_id: str) -> bool:
        self.asked.append(engine_id)
        return engine_id in self.answering


@pytest.fixture
def pings(conf):
    return Pings("engine-stale-up")


@pytest.fixture
def alive(pings):
    return liveness.LivenessCheck("engine-me", 2, pings)


def test_own_and_fresh_engines_live_without_a_ping(alive, pings):
    _row("engine-fresh", 1)
    assert alive("engine-me") and alive("engine-fresh")
    assert pings.asked == []


def test_engines_without_a_live_row_are_dead_without_a_ping(alive, pings):
    retired = _row("engine-retired", 1)
    services.delete(retired.id)
    assert not alive("engine-never") and not alive("engine-retired")
    assert not alive.confirm("engine-never")
    assert pings.asked == []


def test_a_stale_heartbeat_asks_the_engine(alive, pings):
    _row("engine-stale-up", 7)  # three 2 s intervals are 6 s
    _row("engine-stale-down", 7)
    assert alive("engine-stale-up")
    assert not alive("engine-stale-down")
    assert pings.asked == ["engine-stale-up", "engine-stale-down"]


def test_a_silent_engine_stays_dead_until_it_beats_again(alive, pings):
    row = _row("engine-stale-down", 7)
    assert not alive("engine-stale-down")
    assert not alive("engine-stale-down")  # its nested stacks' locks: no new ping
    assert pings.asked == ["engine-stale-down"]
    services.update(row.id, {})  # it was only cut off, and beats again
    assert alive("engine-stale-down")
    assert pings.asked == ["engine-stale-down"]


def test_confirm_asks_even_a_fresh_engine(alive, pings):
    _row("engine-killed", 0)
    assert alive("engine-killed")
    assert not alive.confirm("engine-killed")
    assert not alive("engine-killed")  # known silent since that beat
    assert pings.asked == ["engine-killed"]


def test_register_beat_retire(conf):
    record = liveness.ServiceRecord("engine-r", "host-r", 2)
    record.register()
    first = services.last_beat("engine-r")
    row = services.get(record.service_id)
    assert (row.binary, row.report_interval, row.hostname) == (
        liveness.BINARY, 2, socket.gethostname())
    record.beat()
    assert services.last_beat("engine-r") >= first
    record.retire()
    assert services.last_beat("engine-r") is None


def test_a_beat_after_being_retired_registers_again(conf):
    record = liveness.ServiceRecord("engine-r", "host-r", 2)
    record.register()
    services.delete(record.service_id)
    record.beat()
    assert services.last_beat("engine-r") is not None


def test_a_restart_retires_its_previous_lives_that_do_not_answer(conf):
    me = liveness.ServiceRecord("engine-new", "host-1", 2)
    here = socket.gethostname()
    _row("engine-killed", 0, host="host-1", hostname=here)  # fresh: killed just now
    _row("engine-sibling", 0, host="host-1", hostname=here)  # same host, alive
    _row("engine-elsewhere", 0, host="host-2", hostname=here)
    me.register()
    pings = Pings("engine-sibling")
    assert liveness.retire_previous_lives(me, pings) == ["engine-killed"]
    assert sorted(pings.asked) == ["engine-killed", "engine-sibling"]
    assert services.last_beat("engine-killed") is None
    assert services.last_beat("engine-sibling") is not None
    assert services.last_beat("engine-elsewhere") is not None
    assert services.last_beat("engine-new") is not None


def test_each_at_once_asks_concurrently_and_a_raise_is_no():
    gate = threading.Barrier(3, timeout=10)  # all three must be asked together

    def ask(key: str) -> bool:
        gate.wait()
        if key == "boom":
            raise RuntimeError("broker down")
        return key == "yes"

    assert liveness.each_at_once(ask, ["yes", "no", "boom"]) == {
        "yes": True, "no": False, "boom": False}


def test_run_every_survives_failures_until_stopped():
    stopped = threading.Event()
    calls: list[int] = []

    def task() -> None:
        calls.append(1)
        if len(calls) == 3:
            stopped.set()
        raise RuntimeError("database down")

    liveness.run_every(0.001, stopped, task, "test task")
    assert len(calls) == 3
