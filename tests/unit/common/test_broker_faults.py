"""heatlite.common.broker_faults: transport faults are 503s, bugs are not."""

from __future__ import annotations

import amqp.exceptions
import kombu.exceptions
import oslo_messaging
import pytest

from heatlite.common import broker_faults
from heatlite.common import exception
from heatlite.common import messaging


def _rebuilt_remote(exc: Exception) -> BaseException:
    """``exc`` raised by the engine, as the API receives it over a broker."""
    return messaging.as_received((type(exc), exc, None))


TRANSPORT_FAULTS = [
    # What RabbitMQ answers while the vhost's permissions are revoked.
    amqp.exceptions.NotAllowed("Connection.open: (530) NOT_ALLOWED - access to vhost"),
    amqp.exceptions.AccessRefused("ACCESS_REFUSED"),
    kombu.exceptions.OperationalError("[Errno 111] Connection refused"),
    oslo_messaging.MessagingTimeout("Timed out waiting for a reply"),
    oslo_messaging.MessageDeliveryFailure("Unable to connect to AMQP server"),
    oslo_messaging.MessageUndeliverable(ValueError("x"), "ex", "msg-id", "engine"),
    ConnectionResetError(104, "Connection reset by peer"),
    TimeoutError("timed out"),
]


@pytest.mark.parametrize("exc", TRANSPORT_FAULTS, ids=lambda e: type(e).__name__)
def test_transport_faults_become_engine_unavailable(exc: Exception) -> None:
    assert broker_faults.is_broker_fault(exc)
    with pytest.raises(exception.EngineUnavailable) as raised:
        with broker_faults.as_unavailable("list_stacks"):
            raise exc
    assert raised.value.http_status == 503
    assert raised.value.__cause__ is exc
    assert "list_stacks" in raised.value.message
    assert type(exc).__name__ in raised.value.message


@pytest.mark.parametrize("exc", [
    ValueError("a bug"),
    oslo_messaging.RemoteError("KeyError", "'x'", "Traceback..."),
    # The engine's own socket error, rebuilt by oslo.messaging: its fault,
    # not the broker's.
    _rebuilt_remote(ConnectionRefusedError(111, "refused")),
    _rebuilt_remote(exception.EntityNotFound(entity="Stack", name="s")),
], ids=["bug", "RemoteError", "remote-builtin", "remote-heat"])
def test_other_errors_pass_through_unchanged(exc: BaseException) -> None:
    assert not broker_faults.is_broker_fault(exc)
    with pytest.raises(type(exc)) as raised:
        with broker_faults.as_unavailable("list_stacks"):
            raise exc
    assert raised.value is exc


def test_the_engine_side_check_leaves_plain_socket_errors_alone() -> None:
    # In the engine a bare OSError may come from anything (a plugin's
    # file); only the messaging library's own errors are transport faults.
    assert not broker_faults.is_driver_fault(ConnectionRefusedError(111, "refused"))
    assert broker_faults.is_driver_fault(amqp.exceptions.NotAllowed("no"))
