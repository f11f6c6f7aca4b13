"""Tell systemd how a daemon is doing (``Type=notify`` units): sd_notify.

The protocol is one datagram per message to the AF_UNIX socket named by
``NOTIFY_SOCKET`` (a leading "@" names Linux's abstract namespace). It is
a dozen lines, so it is written here rather than bringing in a binding to
libsystemd. Without ``NOTIFY_SOCKET`` (not started by systemd, or not a
notify unit) every call does nothing, so the daemons call it
unconditionally.
"""

from __future__ import annotations

import logging
import os

from eventlet import patcher

# The unpatched socket module: the launcher notifies from signal handlers,
# which run inside the eventlet hub, where a green socket must not wait.
socket = patcher.original("socket")

LOG = logging.getLogger(__name__)

READY = "READY=1"
STOPPING = "STOPPING=1"


def _address(name: str) -> str:
    # "@name" is the abstract socket "\0name".
    return "\0" + name[1:] if name.startswith("@") else name


def notify(state: str, environ: dict[str, str] | None = None) -> bool:
    """Send ``state`` (e.g. READY) to systemd; False when there is no one to tell.

    A failure to send is logged, never raised: the daemon works on whether
    or not its supervisor hears it.
    """
    name = (os.environ if environ is None else environ).get("NOTIFY_SOCKET")
    if not name:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(state.encode("utf-8"), _address(name))
    except OSError as exc:
        LOG.warning("Could not tell systemd %s through %s: %s", state, name, exc)
        return False
    return True
