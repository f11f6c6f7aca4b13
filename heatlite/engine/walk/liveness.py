"""This engine's row in the services table, and whether other engines live.

An engine registers at start, heartbeats every ``periodic_interval`` and
retires its row at stop. Whether an engine holding a stack lock is alive
(``LivenessCheck``): its row beat within two intervals, or, when the beat
is stale, it answers a ping on its listener within
``engine_life_check_timeout`` (as Heat asks). An engine with no row at all
retired or never started here: dead without a ping. A dead engine's stack
locks may be taken over and the stacks it left IN_PROGRESS are failed.
"""

from __future__ import annotations

import datetime
import socket
import threading
from collections.abc import Callable

from heatlite.db import models
from heatlite.db import services

BINARY = "heat-engine"
TOPIC = "engine"


class ServiceRecord:
    """Registration and heartbeat of one engine."""

    def __init__(self, engine_id: str, host: str, periodic_interval: int) -> None:
        self.engine_id = engine_id
        self.host = host
        self.interval = periodic_interval
        self.service_id: str | None = None
        self._stopped = threading.Event()

    def register(self) -> None:
        row = services.create({
            "engine_id": self.engine_id, "host": self.host,
            "hostname": socket.gethostname(), "binary": BINARY, "topic": TOPIC,
            "report_interval": self.interval, "updated_at": models.utcnow()})
        self.service_id = row.id

    def heartbeat_forever(self) -> None:
        """Beat every interval until ``retire``; run it on its own thread."""
        while not self._stopped.wait(self.interval):
            if self.service_id is not None:
                services.update(self.service_id, {})

    def retire(self) -> None:
        self._stopped.set()
        if self.service_id is not None:
            services.delete(self.service_id)
            self.service_id = None


def heartbeat(engine_id: str, periodic_interval: int) -> str | None:
    """"fresh", "stale", or None when ``engine_id`` has no service row."""
    limit = models.utcnow() - datetime.timedelta(seconds=2 * periodic_interval)
    seen = None
    for row in services.get_all():
        if row.engine_id != engine_id:
            continue
        if (row.updated_at or row.created_at) >= limit:
            return "fresh"
        seen = "stale"
    return seen


def engine_alive(engine_id: str, periodic_interval: int) -> bool:
    """Whether some live service row of ``engine_id`` beat recently."""
    return heartbeat(engine_id, periodic_interval) == "fresh"


class LivenessCheck:
    """``check(engine_id)``: may that engine's stack locks be taken over?

    ``ping(engine_id)`` asks the engine itself (its listener); it is only
    called when the heartbeat alone cannot tell, because a dead engine
    costs the whole ping timeout.
    """

    def __init__(self, own_engine_id: str, periodic_interval: int,
                 ping: Callable[[str], bool]) -> None:
        self.own_engine_id = own_engine_id
        self.interval = periodic_interval
        self.ping = ping

    def __call__(self, engine_id: str) -> bool:
        if engine_id == self.own_engine_id:
            return True
        beat = heartbeat(engine_id, self.interval)
        if beat == "fresh":
            return True
        if beat is None:
            return False
        return self.ping(engine_id)
