"""TemplateService against Heat's recorded answers (shared/reference samples)."""

import glob
import json
import os

import pytest

from heatlite.common import exception
from heatlite.engine.rpc.template_service import TemplateService

SAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared",
                       "reference", "heat", "samples")
if not os.path.isdir(SAMPLES):
    SAMPLES = "/work/shared/reference/heat/samples"


def sample(prefix):
    with open(glob.glob(os.path.join(SAMPLES, prefix + "-*.json"))[0]) as f:
        return json.load(f)


@pytest.fixture
def ts(service):
    return TemplateService(service)


def test_validate_matches_heat(ts, ctxt):
    s = sample("08")
    assert ts.validate_template(ctxt, s["request"]["body"]["template"], {}) == \
        s["response"]["body"]


@pytest.mark.parametrize("prefix", ["10", "11"])
def test_validate_errors_match_heat(ts, ctxt, prefix):
    s = sample(prefix)
    result = ts.validate_template(ctxt, s["request"]["body"]["template"], {})
    assert result == {"Error": s["response"]["body"]["error"]["message"]}


def test_validate_without_version_raises(ts, ctxt):
    s = sample("09")
    with pytest.raises(exception.InvalidTemplateVersion) as err:
        ts.validate_template(ctxt, s["request"]["body"]["template"], {})
    assert str(err.value) == s["response"]["body"]["error"]["message"]


def test_validate_document_details(ts, ctxt):
    template = {
        "heat_template_version": "2018-08-31", "description": "d",
        "parameter_groups": [{"label": "g", "parameters": ["p", "n"]}],
        "parameters": {
            "p": {"type": "string", "hidden": True, "label": "P", "constraints": [
                {"length": {"min": 2}, "description": "two"},
                {"allowed_pattern": "[a-z]+", "description": "lower"}]},
            "n": {"type": "number", "constraints": [{"range": {"max": 9}},
                                                   {"modulo": {"step": 2, "offset": 1}}]},
            "l": {"type": "comma_delimited_list", "default": "a,b"},
            "ip": {"type": "string", "constraints": [{"custom_constraint": "ip_addr"}]}},
        "resources": {"r": {"type": "OS::Heat::Value",
                            "properties": {"value": {"get_param": "p"}}}}}
    env = {"parameters": {"l": "x"}, "parameter_defaults": {"n": 3}}
    doc = ts.validate_template(ctxt, template, env)
    assert doc["Description"] == "d"
    assert doc["ParameterGroups"] == template["parameter_groups"]
    assert doc["Parameters"]["p"] == {
        "Type": "String", "Description": "", "NoEcho": "true", "Label": "P", "MinLength": 2,
        "AllowedPattern": "[a-z]+", "ConstraintDescription": "two lower"}
    assert doc["Parameters"]["n"] == {"Type": "Number", "Description": "", "NoEcho": "false",
                                      "Label": "n", "Default": 3, "MaxValue": 9, "Step": 2,
                                      "Offset": 1}
    assert doc["Parameters"]["l"]["Value"] == "x"
    assert doc["Parameters"]["ip"]["CustomConstraint"] == "ip_addr"
    assert doc["Environment"]["parameters"] == {"l": "x"}
    bad_group = dict(template, parameter_groups=[{"label": "g", "parameters": ["zz"]}])
    assert ts.validate_template(ctxt, bad_group, {}) == {"Error": (
        "Parameter Groups error: parameter_groups.g: The grouped parameter zz does not "
        "reference a valid parameter.")}
    with pytest.raises(exception.BadRequest, match="Invalid codes in ignore_errors"):
        ts.validate_template(ctxt, template, {}, ignorable_errors=["123"])


def test_validate_without_description_says_no_description(ts, ctxt):
    for description in ({}, {"description": ""}, {"description": None}):
        template = dict({"heat_template_version": "2016-10-14", "resources": {}},
                        **description)
        assert ts.validate_template(ctxt, template, {})["Description"] == "No description"
    cfn = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}
    assert ts.validate_template(ctxt, cfn, {})["Description"] == "No description"


def test_validate_environment_files(ts, ctxt):
    template = {"heat_template_version": "2018-08-31",
                "parameters": {"s": {"type": "string", "default": "a"}},
                "resources": {"r": {"type": "My::Thing"}}}
    files = {"env.yaml": "parameters:\n  s: b\nresource_registry:\n  My::Thing: OS::Heat::None\n"}
    doc = ts.validate_template(ctxt, template, {"parameters": {}}, files=files,
                               environment_files=["env.yaml"])
    assert doc["Parameters"]["s"]["Value"] == "b"
    assert doc["Environment"]["resource_registry"]["My::Thing"] == "OS::Heat::None"
    with pytest.raises(exception.BadRequest, match='"missing.yaml" was not found'):
        ts.validate_template(ctxt, template, {}, files=files,
                             environment_files=["missing.yaml"])


def test_provider_template_mapping_is_checked(ts, ctxt):
    template = {"heat_template_version": "2018-08-31",
                "resources": {"r": {"type": "My::Nested"}}}
    env = {"resource_registry": {"My::Nested": "nested.yaml"}}
    assert "not in the files map" in ts.validate_template(ctxt, template, env)["Error"]
    result = ts.validate_template(ctxt, template, env,
                                  files={"nested.yaml": "heat_template_version: 2018-08-31"})
    assert "Error" not in result


def test_versions_and_functions_match_heat(ts, ctxt):
    assert ts.list_template_versions(ctxt) == \
        sample("02")["response"]["body"]["template_versions"]
    assert ts.list_template_functions(ctxt, "heat_template_version.2018-08-31") == \
        sample("03")["response"]["body"]["template_functions"]
    with_cond = [f["functions"] for f in ts.list_template_functions(
        ctxt, "heat_template_version.rocky", with_condition=True)]
    assert {"equals", "not", "and", "or"} <= set(with_cond)
    cfn = [f["functions"] for f in ts.list_template_functions(
        ctxt, "AWSTemplateFormatVersion.2010-09-09")]
    assert "Fn::If" in cfn and "Fn::Equals" not in cfn
    with pytest.raises(exception.NotFound, match="Template with version nope not found"):
        ts.list_template_functions(ctxt, "nope")


def test_resource_types_schema_and_template(ts, ctxt):
    listed = ts.list_resource_types(ctxt)
    assert listed == sorted(listed)
    assert {"OS::Heat::Delay", "OS::Heat::None", "OS::Heat::RandomString",
            "OS::Heat::TestResource", "OS::Heat::Value"} <= set(listed)
    assert ts.list_resource_types(ctxt, type_name="OS::Heat::Ra") == ["OS::Heat::RandomString"]
    described = ts.list_resource_types(ctxt, type_name=".*None", with_description=True)
    assert described[0]["resource_type"] == "OS::Heat::None" and described[0]["description"]
    with pytest.raises(exception.BadRequest, match="Invalid support status"):
        ts.list_resource_types(ctxt, support_status="BOGUS")
    expected = sample("05")["response"]["body"]
    schema = ts.resource_schema(ctxt, "OS::Heat::RandomString")
    assert schema["attributes"] == expected["attributes"]
    for name in ("length", "character_classes", "character_sequences", "salt"):
        assert schema["properties"][name] == expected["properties"][name]
    missing = sample("07")["response"]["body"]["error"]
    with pytest.raises(exception.EntityNotFound) as err:
        ts.resource_schema(ctxt, "OS::Nope::DoesNotExist")
    assert str(err.value) == missing["message"]
    hot = ts.generate_template(ctxt, "OS::Heat::RandomString", "hot")
    expected_hot = sample("06")["response"]["body"]
    assert hot["outputs"] == expected_hot["outputs"]
    assert hot["parameters"]["length"] == expected_hot["parameters"]["length"]
    cfn = ts.generate_template(ctxt, "OS::Heat::RandomString", "cfn")
    assert cfn["Parameters"]["length"] == {"Type": "Number", "Default": 32, "MinValue": 1,
                                           "MaxValue": 512,
                                           "Description": "Length of the string to generate."}
    assert cfn["Resources"]["RandomString"]["Properties"]["length"] == {"Ref": "length"}


def test_preview_matches_heat(ts, ctxt):
    s = sample("12")
    body = s["request"]["body"]
    doc = ts.preview_stack(ctxt, body["stack_name"], body["template"],
                           {"parameters": body["parameters"]}, {}, {})
    expected = s["response"]["body"]["stack"]
    assert doc["stack_identity"]["stack_id"] == "None"
    assert doc["parameters"] == dict(expected["parameters"], **{"OS::project_id": "tenant-a"})
    assert doc["outputs"] == expected["outputs"]
    assert [r["resource_name"] for r in doc["resources"]] == ["test", "rand"]
    test_res = doc["resources"][0]
    assert test_res["properties"]["value"] == "-one"
    assert test_res["attributes"] == {"output": None}
    assert doc["resources"][1]["required_by"] == ["test"]
    with pytest.raises(exception.StackValidationFailed, match="Invalid stack name"):
        ts.preview_stack(ctxt, "1bad", body["template"], {}, {}, {})


SHARE = {"heat_template_version": "2015-10-15", "resources": {
    "share": {"type": "OS::Manila::Share", "properties": {"size": 1}}}}


def test_unavailable_service_type_as_heat(ts, ctxt):
    """A Heat type whose service heatlite lacks: ResourceTypeUnavailable on
    validate (unless ignored by its code), schema and template; not listed."""
    with pytest.raises(exception.ResourceTypeUnavailable, match="Service manila is not "):
        ts.validate_template(ctxt, SHARE, {})
    result = ts.validate_template(ctxt, SHARE, {}, ignorable_errors=["99001"])
    assert "Error" not in result
    with pytest.raises(exception.ResourceTypeUnavailable,
                       match="reason: Service endpoint not in service catalog."):
        ts.resource_schema(ctxt, "OS::Manila::Share")
    with pytest.raises(exception.ResourceTypeUnavailable):
        ts.generate_template(ctxt, "OS::Nova::Server")
    assert not [t for t in ts.list_resource_types(ctxt) if "Manila" in str(t)]
    with pytest.raises(exception.ResourceTypeUnavailable):
        ts.preview_stack(ctxt, "pv", SHARE, {}, {}, {})


def test_preview_nests_the_nested_stacks_resources(ts, ctxt):
    """A stack resource stands for a list of its nested stack's previews."""
    inner = json.dumps({"heat_template_version": "2018-08-31", "resources": {
        "leaf": {"type": "OS::Heat::RandomString"}}})
    template = {"heat_template_version": "2018-08-31", "resources": {
        "outer": {"type": "inner.yaml"}, "plain": {"type": "OS::Heat::None"}}}
    doc = ts.preview_stack(ctxt, "pv", template, {}, {"inner.yaml": inner}, {})
    nested = [r for r in doc["resources"] if isinstance(r, list)]
    plain = [r for r in doc["resources"] if isinstance(r, dict)]
    assert [r["resource_name"] for r in plain] == ["plain"]
    assert "parent_resource" not in plain[0]
    (leaf,) = nested[0]
    assert (leaf["resource_name"], leaf["parent_resource"], leaf["stack_name"]) == (
        "leaf", "outer", "pv-outer")
    assert leaf["stack_identity"]["stack_id"] == "None"


def test_validate_show_nested_gives_nested_parameters(ts, ctxt):
    inner = json.dumps({"heat_template_version": "2018-08-31", "description": "inner",
                        "parameters": {"p": {"type": "string"}},
                        "resources": {"leaf": {"type": "OS::Heat::None"}}})
    template = {"heat_template_version": "2018-08-31",
                "parameters": {"top": {"type": "string", "default": "t"}},
                "resources": {"outer": {"type": "inner.yaml",
                                        "properties": {"p": {"get_param": "top"}}},
                              "plain": {"type": "OS::Heat::None"}}}
    files = {"inner.yaml": inner}
    assert "NestedParameters" not in ts.validate_template(ctxt, template, {}, files=files)
    result = ts.validate_template(ctxt, template, {}, files=files, show_nested=True)
    assert list(result) == ["Description", "Parameters", "NestedParameters", "Environment"]
    outer = result["NestedParameters"]["outer"]
    assert (outer["Type"], outer["Description"]) == ("inner.yaml", "inner")
    assert outer["Parameters"]["p"]["Value"] == "t"
    assert "NestedParameters" not in outer and list(result["NestedParameters"]) == ["outer"]
