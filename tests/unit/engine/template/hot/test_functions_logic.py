"""Conditions, if (a macro) and yaql, through whole stack definitions."""

import pytest

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.template import Template
from tests.unit import fresh_python

REGISTRY = Registry([("builtin", builtin_types())])
PARAMS = {"env": {"type": "string", "default": "prod"},
          "zones": {"type": "comma_delimited_list", "default": "a,b"}}


def build(resources=None, outputs=None, conditions=None, params=None,
          version="2021-04-16"):
    raw = {"heat_template_version": version, "parameters": PARAMS,
           "resources": resources or {}}
    if outputs is not None:
        raw["outputs"] = outputs
    if conditions is not None:
        raw["conditions"] = conditions
    env = Environment({"parameters": params or {}})
    defn = StackDefinition(Template(raw), env, REGISTRY, "st", "sid", "proj")
    defn.parameters.validate()
    defn.load()
    defn.validate()
    return defn


def output(defn, name):
    return function.resolve(defn.outputs[name].value)


def test_conditions_spec_example():
    conditions = {"is_prod": {"equals": [{"get_param": "env"}, "prod"]},
                  "not_prod": {"not": "is_prod"},
                  "both": {"and": ["is_prod", True]},
                  "either": {"or": ["not_prod", {"contains": ["a", {"get_param": "zones"}]}]}}
    defn = build(conditions=conditions)
    assert defn.scope.conditions.as_dict() == {"is_prod": True, "not_prod": False,
                                              "both": True, "either": True}
    defn = build(conditions=conditions, params={"env": "test"})
    assert defn.scope.conditions.as_dict()["both"] is False


def test_resources_and_outputs_with_false_conditions():
    defn = build(
        resources={"prod_only": {"type": "OS::Heat::None", "condition": "is_prod"},
                   "test_only": {"type": "OS::Heat::None", "condition": {"not": "is_prod"}},
                   "user": {"type": "OS::Heat::None", "depends_on": ["test_only"]}},
        outputs={"o": {"value": {"get_resource": "prod_only"}, "condition": "is_prod"},
                 "p": {"value": "x", "condition": False}},
        conditions={"is_prod": {"equals": [{"get_param": "env"}, "prod"]}})
    assert set(defn.resources) == {"prod_only", "user"}
    assert defn.disabled == {"test_only"}
    assert defn.resources["user"].requires == frozenset()
    assert output(defn, "o") == "prod_only"
    assert output(defn, "p") is None


def test_get_resource_of_disabled_resource_is_invalid_reference():
    with pytest.raises(exception.InvalidTemplateReference, match='"off"'):
        build(resources={"off": {"type": "OS::Heat::None", "condition": False},
                         "on": {"type": "OS::Heat::None",
                                "properties": {"a": {"get_resource": "off"}}}})


def test_if_in_properties_and_nullable_if():
    defn = build(
        resources={"r": {"type": "OS::Heat::Value", "properties": {
            "value": {"if": ["is_prod", "big", "small"]},
            "type": {"if": [{"not": "is_prod"}, "string"]}}}},
        outputs={"l": {"value": [1, {"if": [False, 2]}, 3]},
                 "m": {"value": {"a": {"if": [False, 1]}, "b": 2}}},
        conditions={"is_prod": {"equals": [{"get_param": "env"}, "prod"]}})
    assert function.resolve(defn.resources["r"].properties) == {"value": "big"}
    assert output(defn, "l") == [1, 3]
    assert output(defn, "m") == {"b": 2}


def test_if_needs_three_arguments_before_2021():
    with pytest.raises(exception.StackValidationFailed,
                       match=r"outputs.o.value.if: Arguments to \"if\" must be of the form"):
        build(outputs={"o": {"value": {"if": [True, 1]}}}, version="2018-08-31")


def test_condition_errors_name_the_place():
    with pytest.raises(exception.StackValidationFailed,
                       match='resources.r.condition: Invalid condition "nope"'):
        build(resources={"r": {"type": "OS::Heat::None", "condition": "nope"}})
    with pytest.raises(exception.StackValidationFailed,
                       match='Circular definition for condition "a"'):
        build(conditions={"a": {"not": "b"}, "b": {"not": "a"}})
    with pytest.raises(exception.StackValidationFailed,
                       match='The definition of condition "c" is invalid: 5'):
        build(conditions={"c": 5})
    with pytest.raises(exception.StackValidationFailed,
                       match='conditions.c.get_attr: The function "get_attr" is invalid'):
        build(conditions={"c": {"get_attr": ["r", "x"]}})
    with pytest.raises(exception.StackValidationFailed,
                       match='The minimum number of condition arguments to "and" is 2.'):
        build(conditions={"c": {"and": [True]}})


def test_yaql_with_limits_and_errors():
    defn = build(outputs={
        "sum": {"value": {"yaql": {"expression": "$.data.l.sum()",
                                   "data": {"l": [1, 2, 3]}}}},
        "names": {"value": {"yaql": {"expression": "$.data.z.select($ + '!')",
                                     "data": {"z": {"get_param": "zones"}}}}}})
    assert output(defn, "sum") == 6
    assert list(output(defn, "names")) == ["a!", "b!"]
    with pytest.raises(exception.StackValidationFailed, match="Bad expression"):
        build(outputs={"o": {"value": {"yaql": {"expression": "$.data.("}}}})
    with pytest.raises(exception.StackValidationFailed, match='"yaql" syntax should be'):
        build(outputs={"o": {"value": {"yaql": {"data": {}}}}})


def test_yaql_loads_only_when_a_template_uses_it():
    # ~2 MiB of every engine's memory otherwise (doc/source/performance.rst).
    script = ("import sys\n"
              "import heatlite.engine.rpc.endpoints\n"
              "import heatlite.engine.template.hot.functions_logic as f\n"
              "before = 'yaql' in sys.modules\n"
              "f.Yaql._engine()\n"
              "print(before, 'yaql' in sys.modules)\n")
    assert fresh_python.run(script).split() == ["False", "True"]
