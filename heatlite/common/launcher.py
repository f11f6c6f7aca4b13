"""Run a service in this process or in forked workers, and stop it cleanly.

A *service* is anything with ``start()``, ``wait()`` and ``stop()``. The
launcher owns signals: SIGTERM and SIGINT ask the service to stop (finish
in-flight work, then exit); in the parent of forked workers they are passed
on to every child, and a child that dies unexpectedly is replaced.

systemd hears READY=1 once the service has started (for forked workers:
once every worker is forked, the API's socket already bound) and
STOPPING=1 when a stop signal arrives (heatlite.common.systemd).

Signal handlers only write a byte to a pipe; a green thread blocked on that
pipe does the real stopping, so the eventlet hub is woken at once and no
exception is ever raised inside the hub.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Protocol

import eventlet
from eventlet import greenio, patcher

from heatlite.common import systemd

LOG = logging.getLogger(__name__)

# The unpatched os module: a signal handler runs inside the hub, where a
# green (trampolining) write is not allowed.
_real_os = patcher.original("os")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Service(Protocol):
    def start(self) -> None: ...

    def wait(self) -> None: ...

    def stop(self) -> None: ...


class _StopPipe:
    """Self-pipe that turns a signal into a green wake-up."""

    def __init__(self) -> None:
        self._read_fd, self._write_fd = _real_os.pipe()
        _real_os.set_blocking(self._write_fd, False)
        self.received: int | None = None

    def install(self) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, frame: object) -> None:
        self.received = signum
        try:
            _real_os.write(self._write_fd, b"x")
        except OSError:
            pass  # pipe full: a wake-up is already pending

    def wait(self) -> int:
        reader = greenio.GreenPipe(self._read_fd, "rb", 0)
        reader.read(1)
        return self.received or signal.SIGTERM


def _exit_after(seconds: float) -> None:
    """Leave the process once ``seconds`` have passed, whatever still runs."""
    def _expire() -> None:
        LOG.error("Graceful shutdown timeout (%ss) exceeded; exiting now", seconds)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)

    eventlet.spawn_after(seconds, _expire)


def run_in_process(service: Service, stop_timeout: float = 0,
                   notify: bool = True) -> None:
    """Start ``service`` here and stop it on SIGTERM/SIGINT.

    ``stop_timeout`` (graceful_shutdown_timeout; 0: no bound) bounds the
    stop: past it the process exits at once, as oslo.service's does.
    ``notify``: tell systemd (if it listens) when started and stopping;
    a forked worker leaves that to its parent.
    """
    stopper = _StopPipe()
    stopper.install()
    service.start()
    if notify:
        systemd.notify(systemd.READY)

    def _watch() -> None:
        signum = stopper.wait()
        LOG.info("Caught %s, stopping", signal.Signals(signum).name)
        if notify:
            systemd.notify(systemd.STOPPING)
        if stop_timeout:
            _exit_after(stop_timeout)
        service.stop()

    eventlet.spawn_n(_watch)
    service.wait()


def run_workers(make_service: Callable[[], Service], workers: int,
                stop_timeout: float = 0) -> None:
    """Fork ``workers`` children, each running ``make_service()``
    (``stop_timeout`` as in run_in_process, in each child).

    The parent only supervises: it forwards stop signals and replaces
    children that exit while the launcher is not stopping.
    """
    children: dict[int, int] = {}
    stopping = False

    def _spawn(slot: int) -> None:
        pid = os.fork()
        if pid == 0:
            for signum in STOP_SIGNALS:
                signal.signal(signum, signal.SIG_DFL)
            status = 0
            try:
                run_in_process(make_service(), stop_timeout, notify=False)
            except BaseException:  # report any child failure, then exit
                LOG.exception("Worker %d failed", slot)
                status = 1
            finally:
                os._exit(status)
        children[pid] = slot

    def _on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        if not stopping:
            systemd.notify(systemd.STOPPING)
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    for signum in STOP_SIGNALS:
        signal.signal(signum, _on_signal)
    for slot in range(workers):
        _spawn(slot)
    LOG.debug("Started %d workers", workers)
    systemd.notify(systemd.READY)
    while children:
        try:
            pid, status = os.wait()
        except OSError as exc:
            if exc.errno == errno.EINTR:
                continue
            if exc.errno == errno.ECHILD:
                break
            raise
        slot = children.pop(pid, None)
        if slot is None:
            continue
        if not stopping:
            LOG.warning("Worker %d (pid %d) exited with %d; restarting",
                        slot, pid, status)
            time.sleep(0.1)  # do not spin if a worker dies at start-up
            _spawn(slot)
    sys.stdout.flush()
