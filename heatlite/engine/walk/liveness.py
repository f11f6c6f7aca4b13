"""This engine's row in the services table, and whether other engines live.

An engine registers at start, beats every ``heartbeat_interval`` and
retires its row at stop. Whether an engine holding a stack lock is alive
(``LivenessCheck``): its row beat within ``STALE_BEATS`` intervals, or,
when the beat is stale, it answers a ping on its listener within
``engine_life_check_timeout`` (as Heat asks). An engine with no live row
(retired at stop, or by a restart of its own process, or never
registered) is dead without a ping. A dead engine's stack locks are taken
over (heatlite.engine.walk.sweep).
"""

from __future__ import annotations

import datetime
import logging
import socket
import threading
from collections.abc import Callable, Iterable

from heatlite.common import exception
from heatlite.db import models
from heatlite.db import services

LOG = logging.getLogger(__name__)

BINARY = "heat-engine"
TOPIC = "engine"
# A beat older than this many intervals is stale: the engine may be dead.
STALE_BEATS = 3


def stale_before(interval: float) -> datetime.datetime:
    """The stamp a beat must reach to be fresh now."""
    return models.utcnow() - datetime.timedelta(seconds=STALE_BEATS * interval)


def is_up(row: models.Service) -> bool:
    """The services API's status: up while the row's beat is fresh by its own
    report_interval (the heartbeat_interval its engine beats at)."""
    beat = row.updated_at or row.created_at
    return beat >= stale_before(row.report_interval)


def run_every(interval: float, stopped: threading.Event, fn: Callable[[], object],
              what: str) -> None:
    """Call ``fn`` every ``interval`` seconds until ``stopped``; run it on its own
    thread. An exception (database or broker down) is logged and the next
    period tries again: a periodic task that dies takes liveness with it."""
    while not stopped.wait(interval):
        try:
            fn()
        except Exception:
            LOG.exception("The %s failed; trying again in %ss", what, interval)


def each_at_once(fn: Callable[[str], bool], keys: Iterable[str]) -> dict[str, bool]:
    """``fn(key)`` for every key concurrently (pings cost their timeout each).

    A call that raises counts as False, so one broken ping cannot hide the
    others' answers.
    """
    answers: dict[str, bool] = {}

    def ask(key: str) -> None:
        try:
            answers[key] = fn(key)
        except Exception:
            LOG.exception("Could not tell whether engine %s lives", key)
            answers[key] = False

    threads = [threading.Thread(target=ask, args=(key,), daemon=True) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


class ServiceRecord:
    """Registration, heartbeat and retirement of one engine's row."""

    def __init__(self, engine_id: str, host: str, interval: int) -> None:
        self.engine_id = engine_id
        self.host = host
        self.hostname = socket.gethostname()
        self.interval = interval
        self.service_id: str | None = None

    def register(self) -> None:
        row = services.create({
            "engine_id": self.engine_id, "host": self.host, "hostname": self.hostname,
            "binary": BINARY, "topic": TOPIC, "report_interval": self.interval,
            "updated_at": models.utcnow()})
        self.service_id = row.id

    def beat(self) -> None:
        """One heartbeat: an UPDATE of our row.

        A row retired under us (an operator, or a peer that took us for a
        previous life) is registered again so we are seen alive; the locks
        taken over meanwhile are another engine's now.
        """
        if self.service_id is None:
            return
        try:
            services.update(self.service_id, {})
        except exception.EntityNotFound:
            LOG.error("Engine %s found its services row retired; registering again",
                      self.engine_id)
            self.register()

    def retire(self) -> None:
        """Mark our row deleted: every other engine sees us dead at once."""
        if self.service_id is not None:
            services.delete(self.service_id)
            self.service_id = None

    def previous_lives(self) -> list[models.Service]:
        """Live rows of the same host, binary and hostname but another engine id:
        this machine's earlier engine processes, or its live siblings."""
        return [row for row in services.get_all_by_args(self.host, BINARY, self.hostname)
                if row.engine_id != self.engine_id]


def retire_previous_lives(record: ServiceRecord, ping: Callable[[str], bool]) -> list[str]:
    """Retire the rows of this machine's earlier engines that do not answer.

    Run at start-up, after our listener answers pings: a sibling engine
    starting at the same moment answers and keeps its row; a previous life
    of this process (killed, so its row may still look fresh) cannot, and
    its locks are dead at once. Returns the retired engine ids.
    """
    rows = record.previous_lives()
    answers = each_at_once(ping, {row.engine_id for row in rows})
    retired = []
    for row in rows:
        if not answers[row.engine_id]:
            LOG.info("Engine %s of this host does not answer: retiring its row",
                     row.engine_id)
            services.delete(row.id)
            retired.append(row.engine_id)
    return retired


class LivenessCheck:
    """``check(engine_id)``: may that engine's stack locks be taken over?

    ``ping(engine_id)`` asks the engine itself (its listener); it is only
    called when the heartbeat alone cannot tell, because a dead engine
    costs the whole ping timeout. An engine that did not answer stays dead
    to this check until it beats again, so the many locks of one dead
    engine (its nested stacks) cost one ping, not one each.
    """

    def __init__(self, own_engine_id: str, interval: int,
                 ping: Callable[[str], bool]) -> None:
        self.own_engine_id = own_engine_id
        self.interval = interval
        self.ping = ping
        # engine id -> its last beat when it failed a ping.
        self._silent: dict[str, datetime.datetime] = {}

    def __call__(self, engine_id: str) -> bool:
        return self._check(engine_id, trust_fresh_beat=True)

    def confirm(self, engine_id: str) -> bool:
        """Alive by its answer, however fresh its beat: for a caller that
        would otherwise wait on a holder killed a moment ago (a delete)."""
        return self._check(engine_id, trust_fresh_beat=False)

    def _check(self, engine_id: str, trust_fresh_beat: bool) -> bool:
        if engine_id == self.own_engine_id:
            return True
        beat = services.last_beat(engine_id)
        if beat is None:
            return False
        if self._silent.get(engine_id) == beat:
            return False
        if trust_fresh_beat and beat >= stale_before(self.interval):
            return True
        if self.ping(engine_id):
            self._silent.pop(engine_id, None)
            return True
        LOG.warning("Engine %s does not answer (last beat %s): taken for dead",
                    engine_id, beat)
        self._silent[engine_id] = beat
        return False
