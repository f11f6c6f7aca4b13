"""In-process dispatch keeps the wire's semantics without a broker."""

from __future__ import annotations

import datetime
import enum
import json
import sys
import threading

import oslo_messaging
import pytest
from oslo_config import cfg
from oslo_messaging._drivers import common as driver_common
from oslo_serialization import jsonutils

from heatlite.common import exception
from heatlite.common import local_rpc
from heatlite.common import messaging
from heatlite.common.context import RequestContext


class Endpoint:
    RPC_METHODS = ("echo", "missing", "remember")

    def __init__(self) -> None:
        self.seen: list[RequestContext] = []
        self.done = threading.Event()

    def echo(self, ctxt: RequestContext, value: object) -> dict:
        self.seen.append(ctxt)
        return {"value": value, "when": datetime.datetime(2026, 1, 2, 3, 4, 5)}

    def missing(self, ctxt: RequestContext, name: str) -> None:
        raise exception.EntityNotFound(entity="Stack", name=name)

    def remember(self, ctxt: RequestContext, value: str) -> None:
        self.seen.append(ctxt)
        self.done.set()


@pytest.fixture
def conf() -> cfg.ConfigOpts:
    conf = cfg.ConfigOpts()
    yield conf
    local_rpc.stop_serving(conf)


def test_call_round_trips_context_and_values(conf: cfg.ConfigOpts) -> None:
    endpoint = Endpoint()
    local_rpc.serve(conf, [endpoint])
    ctxt = RequestContext(user_id="u", project_id="p", request_id="req-1")
    result = local_rpc.dispatcher_for(conf, "echo").call(ctxt, "echo", {"value": (1, 2)})
    assert result == {"value": [1, 2], "when": "2026-01-02T03:04:05.000000"}
    callee = endpoint.seen[0]
    assert callee is not ctxt
    assert (callee.project_id, callee.request_id) == ("p", "req-1")


def test_expected_exceptions_reach_the_caller_rebuilt_as_over_a_broker(
        conf: cfg.ConfigOpts) -> None:
    wrapped = messaging.rpc_endpoint(Endpoint, list(Endpoint.RPC_METHODS))
    local_rpc.serve(conf, [wrapped()])
    with pytest.raises(exception.EntityNotFound) as raised:
        local_rpc.dispatcher_for(conf, "missing").call(RequestContext(), "missing",
                                                       {"name": "s1"})
    assert type(raised.value).__name__ == "EntityNotFound_Remote"
    assert raised.value.message == "The Stack (s1) could not be found."
    # The engine's text comes first, its traceback after, as oslo sends them.
    assert str(raised.value).startswith("The Stack (s1) could not be found.\n")
    assert "Traceback" in str(raised.value)


def _received_over_oslo(exc: Exception) -> BaseException:
    """``exc`` through oslo.messaging's own serialise/deserialise pair."""
    try:
        raise exc
    except Exception:
        data = driver_common.serialize_remote_exception(sys.exc_info())
    return driver_common.deserialize_remote_exception(data, [exception.__name__])


def _validation_failure() -> exception.StackValidationFailed:
    return exception.StackValidationFailed(
        error="Property error", path=["resources", "random", "properties", "length"],
        message="Value 'BAD' is not an integer")


@pytest.mark.parametrize("make", [
    _validation_failure,
    lambda: exception.EntityNotFound(entity="Stack", name="s1"),
    lambda: exception.ImmutableParameterModified("p1", "p2"),
    lambda: exception.Forbidden(action="stacks:create"),
    lambda: exception.NotFound(message="Specified output key {} not found."),
])
def test_in_process_and_broker_paths_read_the_same(conf: cfg.ConfigOpts, make) -> None:
    class Raiser:
        RPC_METHODS = ("fail",)

        def fail(self, ctxt: RequestContext) -> None:
            raise make()

    local_rpc.serve(conf, [messaging.rpc_endpoint(Raiser, ["fail"])()])
    with pytest.raises(exception.HeatException) as raised:
        local_rpc.dispatcher_for(conf, "fail").call(RequestContext(), "fail", {})
    over_oslo = _received_over_oslo(make())
    assert type(raised.value) is not type(over_oslo)  # each rebuild makes its class
    assert type(raised.value).__name__ == type(over_oslo).__name__
    assert raised.value.message == over_oslo.message
    assert raised.value.kwargs == over_oslo.kwargs


def test_validation_failure_reads_as_a_heat_deployment_words_it(
        conf: cfg.ConfigOpts) -> None:
    class Raiser:
        RPC_METHODS = ("fail",)

        def fail(self, ctxt: RequestContext) -> None:
            raise _validation_failure()

    local_rpc.serve(conf, [messaging.rpc_endpoint(Raiser, ["fail"])()])
    with pytest.raises(exception.StackValidationFailed) as raised:
        local_rpc.dispatcher_for(conf, "fail").call(RequestContext(), "fail", {})
    assert raised.value.message == ("Property error: : resources.random.properties."
                                    "length: : Value 'BAD' is not an integer")


def test_unexpected_errors_are_logged_and_rebuilt_as_over_a_broker(
        conf: cfg.ConfigOpts, caplog) -> None:
    class Broken:
        RPC_METHODS = ("fail",)

        def fail(self, ctxt: RequestContext) -> None:
            raise ValueError("bug")

    local_rpc.serve(conf, [Broken()])
    with pytest.raises(ValueError) as raised:
        local_rpc.dispatcher_for(conf, "fail").call(RequestContext(), "fail", {})
    assert str(raised.value).startswith("bug\n")
    assert "Exception during message handling" in caplog.text


def test_an_exception_outside_heatlite_arrives_as_remote_error(
        conf: cfg.ConfigOpts) -> None:
    class Broken:
        RPC_METHODS = ("fail",)

        def fail(self, ctxt: RequestContext) -> None:
            raise oslo_messaging.MessagingTimeout("late")

    local_rpc.serve(conf, [Broken()])
    with pytest.raises(oslo_messaging.RemoteError) as raised:
        local_rpc.dispatcher_for(conf, "fail").call(RequestContext(), "fail", {})
    assert raised.value.exc_type == "MessagingTimeout"


def test_cast_runs_in_the_background(conf: cfg.ConfigOpts) -> None:
    endpoint = Endpoint()
    local_rpc.serve(conf, [endpoint])
    local_rpc.dispatcher_for(conf, "remember").cast(RequestContext(), "remember",
                                                    {"value": "x"})
    assert endpoint.done.wait(5)


def test_only_served_methods_and_configs_dispatch(conf: cfg.ConfigOpts) -> None:
    local_rpc.serve(conf, [Endpoint()])
    assert local_rpc.dispatcher_for(conf, "not_there") is None
    assert local_rpc.dispatcher_for(cfg.ConfigOpts(), "echo") is None
    local_rpc.stop_serving(conf)
    assert local_rpc.dispatcher_for(conf, "echo") is None


class _Colour(enum.IntEnum):
    RED = 1


@pytest.mark.parametrize("value", [
    {"a": [1, 2.5, True, None, "x"], "b": {"c": []}},
    {1: "int key", None: "none key", False: "bool key", 2.5: "float key"},
    (1, (2, 3)), [datetime.datetime(2026, 1, 2, 3, 4, 5)], {"t": ("x", {"y": (1,)})},
    [_Colour.RED, {"k": _Colour.RED}], "plain", 7, None,
])
def test_primitive_is_a_json_round_trip(value) -> None:
    expected = jsonutils.loads(jsonutils.dumps(value))
    assert local_rpc._primitive(value) == expected
    assert json.dumps(local_rpc._primitive(value)) == json.dumps(expected)


def test_primitive_copies_containers() -> None:
    value = {"a": [{"b": 1}]}
    copied = local_rpc._primitive(value)
    copied["a"][0]["b"] = 2
    assert value == {"a": [{"b": 1}]}


class LookupFailed(Exception):
    """Not a builtin, not a HeatException: oslo.messaging sends a RemoteError."""


class Outages:
    """An endpoint meeting the faults an engine meets mid-call."""

    RPC_METHODS = ("broker", "database", "bug")

    def broker(self, ctxt: RequestContext) -> None:
        raise oslo_messaging.MessageDeliveryFailure("Unable to connect to AMQP server")

    def database(self, ctxt: RequestContext) -> None:
        raise RuntimeError("the database went away")

    def bug(self, ctxt: RequestContext) -> None:
        raise LookupFailed("bug")


def _database_outage(method: str, exc: Exception) -> exception.HeatException | None:
    if "went away" in str(exc):
        return exception.DatabaseUnavailable(method=method)
    return None


@pytest.mark.parametrize("method, expected", [
    ("broker", exception.EngineUnavailable),
    ("database", exception.DatabaseUnavailable),
])
def test_outages_met_by_the_engine_answer_503(conf: cfg.ConfigOpts, method: str,
                                              expected: type) -> None:
    wrapped = messaging.rpc_endpoint(Outages, list(Outages.RPC_METHODS),
                                     translate=_database_outage)
    local_rpc.serve(conf, [wrapped()])
    with pytest.raises(expected) as raised:
        local_rpc.dispatcher_for(conf, method).call(RequestContext(), method, {})
    assert type(raised.value).__name__ == expected.__name__ + "_Remote"
    assert raised.value.http_status == 503
    assert method in raised.value.message


def test_bugs_stay_bugs_with_a_translator(conf: cfg.ConfigOpts) -> None:
    wrapped = messaging.rpc_endpoint(Outages, list(Outages.RPC_METHODS),
                                     translate=_database_outage)
    local_rpc.serve(conf, [wrapped()])
    with pytest.raises(oslo_messaging.RemoteError) as raised:
        local_rpc.dispatcher_for(conf, "bug").call(RequestContext(), "bug", {})
    assert raised.value.exc_type == "LookupFailed"
