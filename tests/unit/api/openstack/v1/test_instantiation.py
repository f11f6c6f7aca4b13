"""InstantiationData: the shapes a create/validate/update body must have.

Each wrong shape is a 400 in Heat's error body, through the real noauth
pipeline, before any engine call.
"""

from __future__ import annotations

import pytest

from tests.unit.api import fakes

TEMPLATE = {"heat_template_version": "2018-08-31",
            "resources": {"r": {"type": "OS::Heat::None"}}}
STACK_URL = "/v1/admin/stacks/%s/%s" % (fakes.STACK_NAME, fakes.STACK_ID)
ENDPOINTS = [("POST", "/v1/admin/stacks", {"stack_name": "s", "template": TEMPLATE}),
             ("POST", "/v1/admin/validate", {"template": TEMPLATE}),
             ("PATCH", STACK_URL, {}),
             ("PUT", STACK_URL, {"template": TEMPLATE})]
NOT_A_MAPPING = ("Environment not in valid format: The environment is not a valid "
                 "YAML mapping data type.")
FILES = '"files" must be an object mapping file names to their contents (strings).'


class ShapeEngine(fakes.FakeEngine):
    """Has every call the four endpoints make; none may be reached."""

    def validate_template(self, ctxt, template, params, **kwargs):
        self._record("validate_template")
        return {}

    def update_stack(self, ctxt, stack_identity, template, params, files, args, **kwargs):
        self._record("update_stack")
        return stack_identity


@pytest.fixture
def shape_app(conf):
    engine = ShapeEngine()
    return fakes.pipeline_app(engine), engine


@pytest.mark.parametrize("method, path, base", ENDPOINTS)
@pytest.mark.parametrize("extra, kind, message", [
    ({"environment": 5}, "HTTPBadRequest", NOT_A_MAPPING),
    ({"environment": [1]}, "HTTPBadRequest", NOT_A_MAPPING),
    ({"environment": True}, "HTTPBadRequest", NOT_A_MAPPING),
    ({"environment": "- a\n- b\n"}, "HTTPBadRequest", NOT_A_MAPPING),
    ({"environment": {"parameters": [1]}}, "BadRequest",
     'The environment section "parameters" must be a map'),
    ({"environment": "parameters: 5\n"}, "BadRequest",
     'The environment section "parameters" must be a map'),
    ({"files": [1]}, "HTTPBadRequest", FILES),
    ({"files": "x"}, "HTTPBadRequest", FILES),
    ({"files": 7}, "HTTPBadRequest", FILES),
    ({"files": {"a.yaml": 1}}, "HTTPBadRequest", FILES),
    ({"files": {"a.yaml": {"nested": "map"}}}, "HTTPBadRequest", FILES),
])
def test_wrong_shapes_are_400_before_the_engine(shape_app, method, path, base,
                                                extra, kind, message):
    app, engine = shape_app
    resp = fakes.request(app, path, method, body={**base, **extra})
    assert resp.status_int == 400, resp.text
    assert resp.json["error"]["type"] == kind
    assert resp.json["error"]["message"] == message
    assert engine.calls == []


@pytest.mark.parametrize("files", [None, {}, {"a.yaml": "text"}])
def test_files_that_are_a_map_of_text_pass(app, engine, files):
    body = {"stack_name": "s", "template": TEMPLATE, "files": files}
    assert fakes.request(app, "/v1/admin/stacks", "POST", body=body).status_int == 201
    assert engine.last("create_stack")["files"] == (files or {})


def test_environment_null_is_the_empty_environment(app, engine):
    body = {"stack_name": "s", "template": TEMPLATE, "environment": None,
            "parameters": {"a": 1}}
    assert fakes.request(app, "/v1/admin/stacks", "POST", body=body).status_int == 201
    assert engine.last("create_stack")["params"]["parameters"] == {"a": 1}
