import pytest

from heatlite.common import exception
from heatlite.engine import function
from heatlite.engine.resources import template_resource
from heatlite.engine.resources.registry import ProviderTemplate
from heatlite.engine.resources.test_resource import TestResource
from heatlite.engine.stack.definition import ResourceState, StackScope
from heatlite.engine.template.hot.versions import VERSIONS
from heatlite.engine.template.parameters import Parameters
from heatlite.engine.template.template import Template


def make(version="2018-08-31", params=None, user=None):
    hot = VERSIONS[version]
    scope = StackScope(Parameters(params or {}, hot, user, None, "st", "sid", "proj"))
    scope.plugins["r"] = TestResource
    return Template({"heat_template_version": version}), scope


def resolve(snippet, **kw):
    t, scope = make(**kw)
    return function.resolve(t.parse(scope, snippet))


def test_get_param_with_path_and_pseudo():
    params = {"j": {"type": "json", "default": {"a": [1, {"b": "x"}]}}}
    assert resolve({"get_param": ["j", "a", 1, "b"]}, params=params) == "x"
    assert resolve({"get_param": ["j", "a", "1", "b"]}, params=params) == "x"
    assert resolve({"get_param": ["j", "nope"]}, params=params) == ""
    assert resolve({"get_param": "OS::stack_name"}) == "st"
    assert resolve({"get_param": "OS::project_id"}) == "proj"


def test_get_param_unknown():
    with pytest.raises(exception.UserParameterMissing,
                       match=r"The Parameter \(zz\) was not provided."):
        resolve({"get_param": "zz"})


def test_get_resource_and_get_attr_use_stored_state():
    t, scope = make()
    ref = t.parse(scope, {"get_resource": "r"})
    attr = t.parse(scope, {"get_attr": ["r", "output"]})
    assert function.resolve(ref) == "r"  # not created yet: the name, as Heat
    assert function.resolve(attr) is None
    scope.states["r"] = ResourceState(ref_id="phys", attrs={"output": {"k": ["v"]}})
    assert function.resolve(ref) == "phys"
    assert function.resolve(t.parse(scope, {"get_attr": ["r", "output", "k", 0]})) == "v"
    assert function.resolve(t.parse(scope, {"get_attr": ["r"]})) == {"output": {"k": ["v"]}}


def test_get_attr_path_names_a_nested_resources_attribute():
    members = [{"name": "inner", "refid": "inner-id", "attrs": {"value": {"k": "v"}}}]
    for version, expected in (("2014-10-16", "v"), ("2013-05-23", None)):
        t, scope = make(version)
        scope.plugins["g"] = template_resource.plugin_for(
            ProviderTemplate("T", "t.yaml"), "heat_template_version: 2014-10-16\n")
        scope.states["g"] = ResourceState(ref_id="g-id", attrs={"_members": members})
        # From 2014-10-16 the path goes to the resource: its head is the
        # nested resource's attribute; before, it selects in the reference id.
        got = t.parse(scope, {"get_attr": ["g", "resource.inner", "value", "k"]})
        assert function.resolve(got) == expected
        whole = t.parse(scope, {"get_attr": ["g", "resource.inner.value", "k"]})
        assert function.resolve(whole) == "v"
        ref = t.parse(scope, {"get_attr": ["g", "resource.inner"]})
        assert function.resolve(ref) == "inner-id"


def test_get_attr_errors_and_dependencies():
    t, scope = make()
    bad_res = t.parse(scope, {"get_attr": ["missing", "x"]})
    with pytest.raises(exception.StackValidationFailed) as err:
        function.validate(bad_res, ["outputs", "o", "value"])
    assert str(err.value) == ('outputs.o.value.get_attr: The specified reference '
                              '"missing" (in unknown) is incorrect.')
    bad_attr = t.parse(scope, {"get_attr": ["r", "nope"]})
    with pytest.raises(exception.StackValidationFailed,
                       match=r"The Referenced Attribute \(r nope\) is incorrect."):
        function.validate(bad_attr, [])
    deps = list(function.dependencies(t.parse(scope, {"x": [{"get_attr": ["r", "output"]}]}),
                                      "a.properties"))
    assert deps == ["r"]
    with pytest.raises(exception.InvalidTemplateReference) as err:
        list(function.dependencies(t.parse(scope, {"v": {"get_resource": "zz"}}),
                                   "a.properties"))
    assert str(err.value) == ('The specified reference "zz" (in a.properties.v) '
                              'is incorrect.')


def test_get_attr_without_name_only_from_2015_10_15():
    t, scope = make("2015-04-30")
    with pytest.raises(exception.StackValidationFailed, match="must be of the form"):
        t.parse(scope, {"get_attr": ["r"]})


def test_list_join_versions():
    assert resolve({"list_join": [",", ["a", "b"], ["c"]]}) == "a,b,c"
    assert resolve({"list_join": ["-", ["a", {"k": 1}]]}) == 'a-{"k": 1}'
    with pytest.raises(exception.StackValidationFailed, match="list_join: Incorrect arguments"):
        resolve({"list_join": [",", ["a"], ["b"]]}, version="2015-04-30")
    with pytest.raises(TypeError, match="Items to join must be strings not"):
        resolve({"list_join": [",", ["a", 1]]}, version="2015-04-30")


def test_str_replace_longest_key_first_and_json():
    snippet = {"str_replace": {"template": "$a $ab", "params": {"$a": "1", "$ab": [2]}}}
    assert resolve(snippet) == "1 [2]"
    with pytest.raises(TypeError, match="params must be strings or numbers"):
        resolve(snippet, version="2015-04-30")


def test_str_replace_strict_variants():
    with pytest.raises(ValueError, match="not found in the template: x"):
        resolve({"str_replace_strict": {"template": "a", "params": {"x": "1"}}})
    with pytest.raises(ValueError, match="undefined or empty value for param a"):
        resolve({"str_replace_vstrict": {"template": "a", "params": {"a": ""}}})


def test_str_replace_syntax_error():
    with pytest.raises(exception.StackValidationFailed, match="syntax should be"):
        resolve({"str_replace": {"template": "a"}})


def test_removed_and_not_yet_implemented_functions():
    t, scope = make()
    removed = t.parse(scope, {"Fn::Join": [",", ["a"]]})
    with pytest.raises(exception.StackValidationFailed,
                       match="The function Fn::Join is not supported in this version"):
        function.validate(removed, [])
    assert function.resolve(t.parse(scope, {"yaql": {"expression": "1 + 2"}})) == 3


def test_unknown_single_key_map_is_data():
    assert resolve({"not_a_function": [1]}) == {"not_a_function": [1]}
