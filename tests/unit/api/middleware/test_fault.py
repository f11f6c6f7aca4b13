"""faultwrap: Heat's error body for every kind of exception."""

from __future__ import annotations

import webob
import webob.exc

from heatlite.api.middleware import fault
from heatlite.common import exception
from heatlite.common import wsgi
from tests.unit.api import fakes


def _raising(exc: BaseException):
    def app(environ, start_response):
        raise exc
    return app


def _get(conf, exc: BaseException) -> webob.Response:
    return webob.Request.blank("/").get_response(fault.FaultWrapper(_raising(exc), conf))


def test_heat_exception_uses_its_status(conf):
    resp = _get(conf.conf, exception.StackExists(stack_name="s"))
    assert resp.status_int == 409
    assert resp.content_type == "application/json"
    assert resp.json == {
        "code": 409, "title": "Conflict",
        "explanation": "There was a conflict when trying to complete your request.",
        "error": {"type": "StackExists", "traceback": None,
                  "message": "The Stack (s) already exists."}}


def test_remote_exception_loses_suffix_and_engine_traceback(conf):
    exc = fakes.remote(exception.EntityNotFound(entity="Stack", name="x"))
    assert type(exc).__name__ == "EntityNotFound_Remote"
    resp = _get(conf.conf, exc)
    assert resp.status_int == 404
    assert resp.json["error"] == {"type": "EntityNotFound", "traceback": None,
                                  "message": "The Stack (x) could not be found."}


def test_remote_traceback_shown_with_debug(conf):
    conf.config(debug=True)
    resp = _get(conf.conf, fakes.remote(exception.EntityNotFound(entity="Stack", name="x")))
    assert resp.json["error"]["message"] == "The Stack (x) could not be found."
    assert "Traceback" in resp.json["error"]["traceback"]


def test_unknown_exception_is_500_without_details(conf):
    resp = _get(conf.conf, ValueError("secret internals"))
    assert resp.status_int == 500
    assert resp.json["title"] == "Internal Server Error"
    assert resp.json["error"] == {"type": "ValueError", "traceback": None,
                                  "message": "An unknown exception occurred."}


def test_unknown_exception_detail_with_debug(conf):
    conf.config(debug=True)
    resp = _get(conf.conf, KeyError("boom"))
    assert resp.status_int == 500
    assert resp.json["error"]["message"] == "'boom'"
    assert "KeyError" in resp.json["error"]["traceback"]


def test_disguised_webob_error_keeps_code_type_and_allow(conf):
    exc = wsgi.HTTPExceptionDisguise(webob.exc.HTTPMethodNotAllowed(
        headers=[("Allow", "GET")]))
    resp = _get(conf.conf, exc)
    assert resp.status_int == 405
    assert resp.headers["Allow"] == "GET"
    assert resp.json["error"]["type"] == "HTTPMethodNotAllowed"


def test_webob_error_detail_is_the_message(conf):
    resp = _get(conf.conf, wsgi.HTTPExceptionDisguise(webob.exc.HTTPBadRequest("bad x")))
    assert resp.json["code"] == 400
    assert resp.json["error"]["message"] == "bad x"


def test_not_implemented_yet_is_501(conf):
    resp = _get(conf.conf, exception.NotImplementedYet(feature="Thing"))
    assert resp.status_int == 501
    assert resp.json["error"]["message"] == "Thing is not implemented in heatlite yet."


def test_errors_in_pipeline_carry_request_id(app, engine):
    engine.fail["get_revision"] = RuntimeError("x")
    resp = fakes.request(app, "/v1/admin/build_info")
    assert resp.status_int == 500
    assert resp.headers["x-openstack-request-id"].startswith("req-")


def test_validation_failure_reads_as_heat_rebuilds_it_after_rpc(conf):
    """Rebuilt from its kwargs, it shows a doubled ": " after error and path."""
    full = exception.StackValidationFailed(error="Property error",
                                           path=["resources", "x", "properties", "length"],
                                           message="Value 'q' is not an integer")
    assert str(full) == ("Property error: resources.x.properties.length: "
                         "Value 'q' is not an integer")
    resp = _get(conf.conf, fakes.remote(full))
    assert resp.status_int == 400
    assert resp.json["error"]["type"] == "StackValidationFailed"
    assert resp.json["error"]["message"] == (
        "Property error: : resources.x.properties.length: : Value 'q' is not an integer")
    bare = _get(conf.conf, fakes.remote(
        exception.StackValidationFailed(message="Duplicate names")))
    assert bare.json["error"]["message"] == "Duplicate names"
    no_error = _get(conf.conf, fakes.remote(
        exception.StackValidationFailed(path=["outputs", "o"], message="bad")))
    assert no_error.json["error"]["message"] == "outputs.o: : bad"
