"""ResourceController against Heat's samples."""

from __future__ import annotations

from heatlite.common import exception
from tests.unit.api import fakes
from tests.unit.api import samples

BASE = "/v1/admin/stacks/%s/%s/resources" % (fakes.STACK_NAME, fakes.STACK_ID)


def test_index_matches_sample(app, engine):
    resp = fakes.request(app, BASE)
    assert resp.status_int == 200
    assert resp.json == samples.RESOURCE_LIST["body"]
    assert engine.last("list_stack_resources") == {
        "stack_identity": fakes.IDENTITY, "nested_depth": 0, "with_detail": False,
        "filters": {}}


def test_index_with_detail_and_filters(app, engine):
    resp = fakes.request(app, BASE + "?with_detail=true&nested_depth=2&type=OS::A&type=OS::B")
    assert resp.json == samples.RESOURCE_LIST_DETAILS["body"]
    assert engine.last("list_stack_resources") == {
        "stack_identity": fakes.IDENTITY, "nested_depth": 2, "with_detail": True,
        "filters": {"type": ["OS::A", "OS::B"]}}


def test_index_rejects_unknown_parameters(app):
    resp = fakes.request(app, BASE + "?colour=red")
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == "Invalid filter parameters ['colour']"


def test_show_matches_sample(app, engine):
    resp = fakes.request(app, BASE + "/rand?with_attr=a&with_attr=b")
    assert resp.json == samples.RESOURCE_SHOW["body"]
    assert engine.last("describe_stack_resource")["with_attr"] == ["a", "b"]


def test_show_missing_resource(app, engine):
    engine.fail["describe_stack_resource"] = fakes.remote(exception.ResourceNotFound(
        resource_name="nope", stack_name=fakes.STACK_NAME))
    resp = fakes.request(app, BASE + "/nope")
    assert resp.status_int == 404
    assert resp.json == samples.RESOURCE_MISSING["body"]


def test_metadata(app, engine):
    engine.resource["metadata"] = {"k": "v"}
    resp = fakes.request(app, BASE + "/rand/metadata")
    assert resp.json == {"metadata": {"k": "v"}}


class SignalEngine(fakes.FakeEngine):
    def resource_signal(self, ctxt, stack_identity, resource_name, details,
                        sync_call=False):
        self._record("resource_signal", resource_name=resource_name, details=details)

    def resource_mark_unhealthy(self, ctxt, stack_identity, resource_name, mark_unhealthy,
                                resource_status_reason=None):
        self._record("resource_mark_unhealthy", resource_name=resource_name,
                     mark_unhealthy=mark_unhealthy, reason=resource_status_reason)


def test_signal_passes_the_body(conf):
    engine = SignalEngine()
    app = fakes.pipeline_app(engine)
    resp = fakes.request(app, BASE + "/rand/signal", "POST",
                         body={"unset_hook": "pre-create"})
    assert resp.status_int == 200 and resp.json is None
    assert engine.last("resource_signal") == {
        "resource_name": "rand", "details": {"unset_hook": "pre-create"}}


def test_mark_unhealthy(conf):
    engine = SignalEngine()
    app = fakes.pipeline_app(engine)
    resp = fakes.request(app, BASE + "/rand", "PATCH",
                         body={"mark_unhealthy": "true", "resource_status_reason": "bad"})
    assert resp.status_int == 200
    assert engine.last("resource_mark_unhealthy") == {
        "resource_name": "rand", "mark_unhealthy": True, "reason": "bad"}
    resp = fakes.request(app, BASE + "/rand", "PATCH", body={"resource_status_reason": "x"})
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == (
        "Missing mandatory (mark_unhealthy) key from mark unhealthy request")
