"""This engine's row in the services table, and whether other engines live.

An engine registers at start, heartbeats every ``periodic_interval`` and
retires its row at stop. An engine whose row is gone, or has not been
updated within two intervals, is dead: its stack locks may be taken over
and the stacks it left IN_PROGRESS are failed.
"""

from __future__ import annotations

import datetime
import socket
import threading

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


def engine_alive(engine_id: str, periodic_interval: int) -> bool:
    """Whether some live service row of ``engine_id`` beat recently."""
    limit = models.utcnow() - datetime.timedelta(seconds=2 * periodic_interval)
    for row in services.get_all():
        if row.engine_id != engine_id:
            continue
        if (row.updated_at or row.created_at) >= limit:
            return True
    return False
