"""hypothesis over the function resolver, parameter coercion and
environment merging: whatever the snippet, schema, value or environment,
only heatlite's own 4xx exceptions come out (never a TypeError, KeyError,
RecursionError... that the API would answer with a 500)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.resources.test_resource import TestResource
from heatlite.engine.stack.definition import StackScope
from heatlite.engine.template import environment
from heatlite.engine.template.hot.versions import VERSIONS
from heatlite.engine.template.parameters import Parameters
from heatlite.engine.template.template import Template
from tests.unit.fuzz_strategies import HOSTILE
from tests.unit.fuzz_strategies import assert_client_error
from tests.unit.fuzz_strategies import json_values
from tests.unit.fuzz_strategies import scalars

VERSION = "2018-08-31"
HOT = VERSIONS[VERSION]
PARAMS = {"s": {"type": "string", "default": "word"},
          "n": {"type": "number", "default": 3},
          "l": {"type": "comma_delimited_list", "default": "a,b"},
          "j": {"type": "json", "default": {"k": [1, 2]}},
          "b": {"type": "boolean", "default": True}}
NAMES = ["s", "n", "l", "j", "b", "r", "output", "k", "OS::stack_name", "%x%"]


def _call(inner: st.SearchStrategy) -> st.SearchStrategy:
    """{<a function of the version>: <arguments>}: what the parser dispatches on."""
    args = st.one_of(inner, st.lists(inner, max_size=4),
                     st.lists(st.sampled_from(NAMES), min_size=1, max_size=3))
    return st.dictionaries(st.sampled_from(sorted(HOT.functions)), args,
                           min_size=1, max_size=1)


names_and_scalars = st.one_of(scalars, st.sampled_from(NAMES))
snippets = st.recursive(names_and_scalars, lambda inner: st.one_of(
    _call(inner), st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(NAMES), inner, max_size=3)), max_leaves=12)


def _scope() -> StackScope:
    scope = StackScope(Parameters(PARAMS, HOT, None, None, "st", "sid", "proj"))
    scope.plugins["r"] = TestResource
    return scope


# What a function raises on bad arguments at resolution time, with Heat's
# message: every resolution site (definition, outputs, properties) turns
# these into a StackValidationFailed naming the path.
WRAPPED_BY_CALLERS = (TypeError, ValueError, KeyError)


@HOSTILE
@given(snippets)
def test_any_snippet_validates_or_is_a_client_error(snippet):
    tmpl = Template({"heat_template_version": VERSION})
    try:
        function.validate(tmpl.parse(_scope(), snippet))
    except exception.HeatException as exc:
        assert_client_error(exc)


@HOSTILE
@given(snippets)
def test_any_snippet_resolves_or_fails_as_its_callers_expect(snippet):
    tmpl = Template({"heat_template_version": VERSION})
    try:
        parsed = tmpl.parse(_scope(), snippet)
        function.validate(parsed)
    except exception.HeatException:
        return
    try:
        function.resolve(parsed)
    except exception.HeatException as exc:
        assert_client_error(exc)
    except WRAPPED_BY_CALLERS:
        pass


param_types = st.sampled_from(["string", "number", "comma_delimited_list", "json",
                               "boolean", "integer", "list", 5, None])
constraint_defs = st.lists(st.dictionaries(
    st.sampled_from(["range", "length", "modulo", "allowed_values", "allowed_pattern",
                     "custom_constraint", "description"]),
    json_values(leaves=scalars), min_size=1, max_size=2), max_size=2)
schemas = st.fixed_dictionaries(
    {"type": param_types},
    optional={"default": json_values(), "constraints": constraint_defs,
              "hidden": st.one_of(st.booleans(), scalars), "label": scalars,
              "immutable": st.one_of(st.booleans(), scalars)})


@HOSTILE
@given(st.dictionaries(st.sampled_from(["p", "q"]), st.one_of(schemas, json_values()),
                       max_size=2),
       st.dictionaries(st.sampled_from(["p", "q", "z"]), json_values(), max_size=3),
       st.dictionaries(st.sampled_from(["p", "q"]), json_values(), max_size=2))
def test_any_parameter_schema_and_value_is_typed_or_a_client_error(schema, user, defaults):
    try:
        params = Parameters(schema, HOT, user, defaults, "st", "sid", "proj")
        params.validate()
        for name in params:
            params[name]  # noqa: B018  (coercion happens on access)
        params.as_text()
    except exception.HeatException as exc:
        assert_client_error(exc)


env_sections = st.sampled_from(list(environment.SECTIONS) + ["resources", "bogus"])
environments = st.dictionaries(env_sections, json_values(), max_size=3)


# Finding (issue #13): environment files whose sections disagree in shape
# (event_sinks a list in one file, a map in the next) make merge_maps raise
# TypeError/ValueError: POST /validate with such environment_files is a 500.
ENV_MERGE_FINDING = pytest.mark.xfail(
    strict=True, raises=(TypeError, ValueError),
    reason="environment.merge: sections of different shapes across files -> 500")


@ENV_MERGE_FINDING
def test_environment_files_with_clashing_section_shapes():
    envs = [("a.yaml", {"event_sinks": ["x"]}), ("b.yaml", {"event_sinks": {"a": "b"}})]
    with pytest.raises(exception.HeatException) as err:
        environment.merge({}, envs, {})
    assert_client_error(err.value)


@ENV_MERGE_FINDING
@settings(parent=HOSTILE, report_multiple_bugs=False)
@given(environments, st.lists(environments, max_size=3),
       st.dictionaries(st.sampled_from(["p", "q"]),
                       st.sampled_from(["string", "number", "json",
                                        "comma_delimited_list", "boolean"]), max_size=2))
def test_any_environments_merge_or_are_a_client_error(base, envs, types):
    try:
        environment.merge(base, [("env-%d.yaml" % i, e) for i, e in enumerate(envs)],
                          types)
    except exception.HeatException as exc:
        assert_client_error(exc)
