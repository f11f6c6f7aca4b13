"""CFN templates: sections, Ref, Fn:: functions, Mappings, Conditions, AWS:: parameters."""

import pytest

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.template import Template

REGISTRY = Registry([("builtin", builtin_types())])


def build(raw, params=None):
    defn = StackDefinition(Template(raw), Environment({"parameters": params or {}}),
                           REGISTRY, "st", "sid", "proj")
    defn.parameters.validate()
    defn.load()
    defn.validate()
    return defn


def out(defn, name):
    return function.resolve(defn.outputs[name].value)


CFN = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Description": "cfn",
    "Parameters": {"Size": {"Type": "Number", "Default": "2", "MinValue": 1, "MaxValue": 5,
                            "ConstraintDescription": "1 to 5"},
                   "Zones": {"Type": "CommaDelimitedList", "Default": "a,b"},
                   "Secret": {"Type": "String", "NoEcho": "true", "Default": "s"}},
    "Mappings": {"Region": {"ap-southeast-1": {"ami": "img-1"}}},
    "Conditions": {"Big": {"Fn::Equals": [{"Ref": "Size"}, 5]},
                   "Small": {"Fn::Not": ["Big"]}},
    "Resources": {
        "R": {"Type": "OS::Heat::RandomString", "Properties": {"length": {"Ref": "Size"}}},
        "V": {"Type": "OS::Heat::Value", "DependsOn": "R",
              "Properties": {"value": {"Fn::Join": ["-", [{"Ref": "R"},
                                                          {"Ref": "AWS::StackName"}]]}}},
        "Only": {"Type": "OS::Heat::None", "Condition": "Big"},
    },
    "Outputs": {
        "Ami": {"Value": {"Fn::FindInMap": ["Region", {"Ref": "AWS::Region"}, "ami"]}},
        "Att": {"Value": {"Fn::GetAtt": ["R", "value"]}, "Description": "random"},
        "Sel": {"Value": {"Fn::Select": ["1", {"Ref": "Zones"}]}},
        "Split": {"Value": {"Fn::Split": [",", "x,y"]}},
        "Repl": {"Value": {"Fn::Replace": [{"$a": "A"}, "$a!"]}},
        "B64": {"Value": {"Fn::Base64": "text"}},
        "AZs": {"Value": {"Fn::GetAZs": ""}},
        "Members": {"Value": {"Fn::MemberListToMap": [
            "Name", "Value", [".member.0.Name=k", ".member.0.Value=v"]]}},
        "If": {"Value": {"Fn::If": ["Big", "big", "small"]}},
        "Id": {"Value": {"Ref": "AWS::StackId"}},
    },
}


def test_cfn_template_end_to_end():
    defn = build(CFN)
    assert defn.template.description == "cfn"
    assert set(defn.resources) == {"R", "V"}
    assert defn.resources["V"].requires == {"R"}
    assert defn.resources["R"].properties["length"].__class__.__name__ == "Ref"
    assert function.resolve(defn.resources["V"].properties) == {"value": "R-st"}
    values = {name: out(defn, name) for name in defn.outputs}
    assert values["Ami"] == "img-1"
    assert values["Att"] is None
    assert values["Sel"] == "b"
    assert values["Split"] == ["x", "y"]
    assert values["Repl"] == "A!"
    assert values["B64"] == "text"
    assert values["AZs"] == ["nova"]
    assert values["Members"] == {"k": "v"}
    assert values["If"] == "small"
    assert values["Id"] == "arn:openstack:heat::proj:stacks/st/sid"
    assert defn.parameters.as_text()["Secret"] == "******"
    assert build(CFN, params={"Size": 5}).resources.keys() == {"R", "V", "Only"}


def test_cfn_parameter_constraint_description_is_the_message():
    with pytest.raises(exception.StackValidationFailed,
                       match="Parameter 'Size' is invalid: 1 to 5"):
        build(CFN, params={"Size": 9})


def test_cfn_errors_name_the_place():
    bad = dict(CFN, Resources={"X": {"Properties": {}}})
    with pytest.raises(exception.StackValidationFailed,
                       match="Each Resource must contain a Type key."):
        Template(bad).validate()
    with pytest.raises(exception.InvalidTemplateReference,
                       match='The specified reference "Nope" .in unknown. is incorrect.'):
        out(build(dict(CFN, Outputs={"o": {"Value": {"Ref": "Nope"}}})), "o")
    heat_fmt = {"HeatTemplateFormatVersion": "2012-12-12", "Conditions": {}}
    with pytest.raises(exception.InvalidTemplateSection):
        Template(heat_fmt).validate()
    with pytest.raises(exception.StackValidationFailed,
                       match=r'Arguments to "Fn::GetAtt" must be of the form'):
        build(dict(CFN, Outputs={"o": {"Value": {"Fn::GetAtt": ["R"]}}}))


def test_hot_2013_has_cfn_functions_and_later_versions_removed_them():
    raw = {"heat_template_version": "2013-05-23",
           "resources": {"r": {"type": "OS::Heat::None"}},
           "outputs": {"o": {"value": {"Fn::Join": [",", [{"Ref": "r"}, "x"]]}}}}
    assert out(build(raw), "o") == "r,x"
    raw["heat_template_version"] = "2014-10-16"
    with pytest.raises(exception.StackValidationFailed,
                       match="The function Fn::Join is not supported in this version of HOT"):
        build(raw)
