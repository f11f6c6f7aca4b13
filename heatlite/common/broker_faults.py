"""Which exceptions mean "the message broker is unreachable", not a bug.

An RPC call or cast can fail in the transport: the broker is down,
restarting, refuses the vhost (``amqp`` NotAllowed / AccessRefused while
permissions are revoked), drops the connection (``kombu``
OperationalError, a socket error), or no engine answers in time
(MessagingTimeout). The client should retry later, so each becomes a 503
EngineUnavailable; a 500 is kept for real bugs.

An exception rebuilt from the engine's answer is not a transport fault,
even when its class is a builtin such as ConnectionError: oslo.messaging
rebuilds our exceptions as ``<Name>_Remote`` subclasses, builtins with the
server's traceback in their message, and everything else as RemoteError. Those keep their own
meaning (a HeatException its status, anything else a 500).

The amqp and kombu classes are recognised by module name: importing the
libraries here would load the RabbitMQ driver (~3 MiB) into processes that
only use the in-process ``fake://`` transport.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import oslo_messaging

from heatlite.common import exception

# The transport's own failures, as oslo.messaging names them.
_MESSAGING_FAULTS: tuple[type[BaseException], ...] = (
    oslo_messaging.MessagingTimeout,
    oslo_messaging.MessageDeliveryFailure,
    oslo_messaging.MessageUndeliverable,
    oslo_messaging.ClientSendError,
    oslo_messaging.ServerListenError,
)
# Libraries under oslo.messaging's RabbitMQ driver whose errors can escape it.
_DRIVER_PACKAGES = frozenset({"amqp", "kombu"})


def _is_remote(exc: BaseException) -> bool:
    if isinstance(exc, oslo_messaging.RemoteError) or type(exc).__name__.endswith("_Remote"):
        return True
    # oslo.messaging cannot swap the class of a builtin it rebuilds, so it
    # appends the server's formatted exception (its traceback, ending in
    # "<Class>: <message>") to the first argument instead.
    first = exc.args[0] if exc.args else None
    return isinstance(first, str) and "\n%s: " % type(exc).__name__ in first


def is_driver_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is oslo.messaging's or its driver's transport error.

    What the engine may meet mid-call (e.g. calling another engine's
    listener); a bare OSError there could be anything, so it is not one.
    """
    if _is_remote(exc):
        return False
    if isinstance(exc, _MESSAGING_FAULTS):
        return True
    return any(cls.__module__.split(".")[0] in _DRIVER_PACKAGES
               for cls in type(exc).__mro__)


def is_broker_fault(exc: BaseException) -> bool:
    """Whether ``exc`` (raised by an RPC call or cast) is a transport fault.

    Around a call only the transport does I/O, so a socket error
    (OSError) is one too.
    """
    return is_driver_fault(exc) or (isinstance(exc, OSError) and not _is_remote(exc))


def unavailable(method: str, exc: BaseException) -> exception.EngineUnavailable:
    """The 503 a client gets for a transport fault during ``method``."""
    reason = "%s: %s" % (type(exc).__name__, exc) if str(exc) else type(exc).__name__
    return exception.EngineUnavailable(method=method, reason=reason)


@contextlib.contextmanager
def as_unavailable(method: str) -> Iterator[None]:
    """Re-raise a transport fault inside as EngineUnavailable; others pass."""
    try:
        yield
    except Exception as exc:
        if is_broker_fault(exc):
            raise unavailable(method, exc) from exc
        raise
