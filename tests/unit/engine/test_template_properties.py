"""Property test: random templates only ever fail with heatlite's 400-class errors.

Templates are built from every function name of every version, with
arguments of random shape (scalars, lists, maps, nested calls, None,
unicode). Parsing, validating and resolving them the way stack create
does must either work or raise a HeatException whose status is 400.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heatlite.common import exception
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack import outputs as outputs_mod
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.hot.versions import VERSIONS
from heatlite.engine.template.template import Template

REGISTRY = Registry([("builtin", builtin_types())])
HOT_DATES = sorted({v.date for v in VERSIONS.values()})
FUNCTION_NAMES = sorted({name for v in VERSIONS.values() for name in v.functions}
                        | {name for v in VERSIONS.values() for name in v.condition_functions}
                        | {"Fn::FindInMap", "Fn::GetAtt", "Fn::If", "Fn::Equals"})
NAMES = st.sampled_from(["r", "s", "p", "q", "value", "c", "é", "0", "", "%x%"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), NAMES,
                    st.text(max_size=4), st.floats(allow_nan=False, width=16))


def _calls(children: st.SearchStrategy) -> st.SearchStrategy:
    args = st.one_of(children, st.lists(children, max_size=4),
                     st.dictionaries(NAMES, children, max_size=3))
    return st.one_of(
        st.builds(lambda n, a: {n: a}, st.sampled_from(FUNCTION_NAMES), args),
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(NAMES, st.sampled_from(
            ["template", "params", "for_each", "expression", "data", "keys", "values",
             "permutations", "host", "port"])), children, max_size=3))


SNIPPETS = st.recursive(SCALARS, _calls, max_leaves=12)


@st.composite
def templates(draw: st.DrawFn) -> dict:
    version = draw(st.sampled_from(HOT_DATES))
    kind, default = draw(st.sampled_from(
        [("string", "x"), ("number", 3), ("json", {"a": [1, "b"]}),
         ("comma_delimited_list", "a,b"), ("boolean", True), ("string", None)]))
    params = {"p": {"type": kind, "default": default}}
    resources = {
        "r": {"type": draw(st.sampled_from(["OS::Heat::None", "OS::Heat::Value"])),
              "properties": {"value": draw(SNIPPETS)}},
        "s": {"type": "OS::Heat::RandomString",
              "properties": draw(st.dictionaries(
                  st.sampled_from(["length", "salt", "character_classes"]), SNIPPETS,
                  max_size=2))},
    }
    raw = {"heat_template_version": version, "parameters": params, "resources": resources,
           "outputs": {"o": {"value": draw(SNIPPETS)}}}
    if version >= "2016-10-14" and draw(st.booleans()):
        raw["conditions"] = {"c": draw(SNIPPETS)}
        resources["r"]["condition"] = draw(st.one_of(st.just("c"), SNIPPETS))
    return raw


def _build(raw: dict) -> StackDefinition:
    defn = StackDefinition(Template(raw, {"f": "content"}), Environment({}), REGISTRY,
                           "st", "sid", "proj")
    defn.parameters.validate()
    defn.load()
    defn.validate()
    return defn


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(templates())
def test_random_templates_fail_only_with_400s(raw: dict) -> None:
    try:
        Template(raw).validate()
        defn = _build(raw)
        for rd in defn.resources.values():
            rd.property_set().checked()
        for doc in outputs_mod.resolve(defn.outputs):
            assert set(doc) >= {"output_key", "output_value"}
    except exception.HeatException as exc:
        assert exc.http_status == 400, "%s: %s" % (type(exc).__name__, exc)
