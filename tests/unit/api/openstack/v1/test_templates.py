"""TemplateController through the real noauth pipeline and the real TemplateService.

The engine side is heatlite's own TemplateService (no RPC in between), so
each test checks the whole answer against Heat's recorded response.
"""

from __future__ import annotations

import glob
import json
import os
import types

import pytest

from heatlite.common import config
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.rpc.template_service import TemplateService
from tests.unit.api import fakes

SAMPLES = "/work/shared/reference/heat/samples"
_HERE = os.path.join(os.path.dirname(__file__), *[".."] * 6, "shared", "reference", "heat",
                     "samples")
if os.path.isdir(_HERE):
    SAMPLES = _HERE


def sample(prefix):
    with open(glob.glob(os.path.join(SAMPLES, prefix + "-*.json"))[0]) as f:
        return json.load(f)


class RecordingTemplates(TemplateService):
    """The real service, remembering the arguments of each call."""

    def __init__(self) -> None:
        super().__init__(types.SimpleNamespace(
            conf=config.CONF, registry=Registry([("builtin", builtin_types())])))
        self.calls: list[tuple[str, dict]] = []

    def __getattribute__(self, name):
        attr = super().__getattribute__(name)
        if name in TemplateService.RPC_METHODS:
            def record(ctxt, *args, **kwargs):
                self.calls.append((name, kwargs))
                return attr(ctxt, *args, **kwargs)
            return record
        return attr


@pytest.fixture
def engine():
    return RecordingTemplates()


def check(app, prefix, compare_body=True):
    s = sample(prefix)
    req = s["request"]
    resp = fakes.request(app, req["path"], req["method"], body=req["body"])
    assert resp.status_int == s["response"]["status"]
    if compare_body:
        assert resp.json == s["response"]["body"]
    return resp


@pytest.mark.parametrize("prefix", ["02", "03", "07", "08", "09", "10", "11"])
def test_answers_match_heat(app, prefix):
    check(app, prefix)


def test_schema_and_generated_template(app):
    body = check(app, "05", compare_body=False).json
    expected = sample("05")["response"]["body"]
    assert body["attributes"] == expected["attributes"]
    assert body["properties"]["length"] == expected["properties"]["length"]
    body = check(app, "06", compare_body=False).json
    assert body["outputs"] == sample("06")["response"]["body"]["outputs"]
    cfn = fakes.request(app, "/v1/admin/resource_types/OS::Heat::None/template").json
    assert cfn["HeatTemplateFormatVersion"] == "2012-12-12"


def test_preview_shape(app):
    s = sample("12")
    body = check(app, "12", compare_body=False).json["stack"]
    expected = s["response"]["body"]["stack"]
    assert body["id"] == "None"
    assert body["links"] == [{"href": "http://localhost/v1/admin/stacks/%s/None"
                              % s["request"]["body"]["stack_name"], "rel": "self"}]
    assert set(body) == set(expected)
    assert body["resources"][0]["properties"]["value"] == "-one"


def test_query_parameters_reach_the_engine(app, engine):
    fakes.request(app, "/v1/admin/resource_types?name=OS::Heat::N&with_description=true"
                       "&support_status=SUPPORTED&version=1.0")
    assert engine.calls[-1] == ("list_resource_types", {
        "support_status": "SUPPORTED", "type_name": "OS::Heat::N", "heat_version": "1.0",
        "with_description": True})
    resp = fakes.request(app, "/v1/admin/template_versions/heat_template_version.newton/"
                              "functions?with_condition_func=true")
    names = [f["functions"] for f in resp.json["template_functions"]]
    assert "equals" in names and "if" in names
    body = {"template": sample("08")["request"]["body"]["template"]}
    resp = fakes.request(app, "/v1/admin/validate?show_nested=true&ignore_errors=99001",
                         "POST", body=body)
    assert resp.status_int == 200
    assert engine.calls[-1][1]["show_nested"] is True
    assert engine.calls[-1][1]["ignorable_errors"] == ["99001"]


@pytest.mark.parametrize("path, message", [
    ("/v1/admin/resource_types/OS::Heat::None/template?template_type=yaml",
     'Template type is not supported: Invalid template type "yaml", valid types are: '
     "cfn, hot."),
    ("/v1/admin/resource_types?with_description=maybe",
     'Unrecognized value "maybe" for "with_description", acceptable values are: true, '
     "false."),
    ("/v1/admin/resource_types?support_status=NOPE",
     "Data supplied was not valid: Invalid support status and should be one of ('UNKNOWN', "
     "'SUPPORTED', 'DEPRECATED', 'UNSUPPORTED', 'HIDDEN')"),
])
def test_bad_queries_are_400(app, path, message):
    resp = fakes.request(app, path)
    assert resp.status_int == 400
    assert resp.json["error"]["message"] == message


def test_unknown_template_version_is_404(app):
    resp = fakes.request(app, "/v1/admin/template_versions/heat_template_version.1999/functions")
    assert resp.status_int == 404
    assert resp.json["error"]["message"] == \
        "Template with version heat_template_version.1999 not found"


def test_validate_bad_parameter_value_is_400_with_heats_message(app):
    template = {"heat_template_version": "2018-08-31",
                "parameters": {"n": {"type": "number"}},
                "resources": {}}
    ok = fakes.request(app, "/v1/admin/validate", "POST", body={"template": template})
    assert ok.status_int == 200  # validate checks no values, as Heat
    bad = fakes.request(app, "/v1/admin/stacks/preview", "POST",
                        body={"stack_name": "p", "template": template,
                              "parameters": {"n": "abc"}})
    assert bad.status_int == 400
    assert bad.json["error"]["message"].startswith("Parameter 'n' is invalid")
