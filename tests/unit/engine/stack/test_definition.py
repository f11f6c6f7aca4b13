import pytest

from heatlite.common import exception
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.stack.definition import StackDefinition
from heatlite.engine.template.environment import Environment
from heatlite.engine.template.template import Template

REGISTRY = Registry([("builtin", builtin_types())])


def build(resources, outputs=None, params=None, env=None, version="2018-08-31"):
    raw = {"heat_template_version": version, "resources": resources}
    if outputs is not None:
        raw["outputs"] = outputs
    if params is not None:
        raw["parameters"] = params
    defn = StackDefinition(Template(raw), Environment(env), REGISTRY, "st", "sid", "proj")
    defn.parameters.validate()
    defn.load()
    defn.validate()
    return defn


def test_graph_from_functions_and_depends_on():
    defn = build({
        "a": {"type": "OS::Heat::RandomString"},
        "b": {"type": "OS::Heat::Value", "properties": {"value": {"get_attr": ["a", "value"]}}},
        "c": {"type": "OS::Heat::None", "depends_on": "b"},
        "d": {"type": "OS::Heat::None", "depends_on": ["a", "c"],
              "metadata": {"m": {"get_resource": "b"}}},
    })
    assert defn.resources["b"].requires == {"a"}
    assert defn.resources["c"].requires == {"b"}
    assert defn.resources["d"].requires == {"a", "b", "c"}


def test_unknown_type_as_heat_reports_it():
    with pytest.raises(exception.StackValidationFailed) as err:
        build({"x": {"type": "OS::Nope::DoesNotExist"}})
    assert str(err.value) == "The Resource Type (OS::Nope::DoesNotExist) could not be found."


@pytest.mark.parametrize("type_name", ["file:///etc/hostname", "http://example.com/x.yaml",
                                       "https://example.com/t.template", "nested.yaml"])
def test_template_type_outside_the_files_map_is_400_and_never_read(type_name):
    """heatlite reads no file and fetches no URL (Heat fetches http(s))."""
    with pytest.raises(exception.StackValidationFailed) as err:
        build({"x": {"type": type_name}})
    assert str(err.value) == ('Could not fetch remote template "%s": it is not in the '
                              'files map' % type_name)


def test_names_and_types_must_fit_their_columns():
    assert "r" * 255 in build({"r" * 255: {"type": "OS::Heat::None"}}).resources
    with pytest.raises(exception.StackValidationFailed,
                       match="is longer than 255 characters"):
        build({"r" * 256: {"type": "OS::Heat::None"}})
    long_type = "My::" + "T" * 252
    env = {"resource_registry": {long_type: "OS::Heat::None"}}
    with pytest.raises(exception.StackValidationFailed, match=r'The type of resource "x"'):
        build({"x": {"type": long_type}}, env=env)


def test_output_reference_to_missing_resource_sample_11():
    with pytest.raises(exception.StackValidationFailed) as err:
        build({"rand": {"type": "OS::Heat::RandomString"}},
              outputs={"o": {"value": {"get_attr": ["missing_resource", "value"]}}})
    assert str(err.value) == ('outputs.o.value.get_attr: The specified reference '
                              '"missing_resource" (in unknown) is incorrect.')


def test_property_reference_to_missing_resource():
    with pytest.raises(exception.InvalidTemplateReference) as err:
        build({"v": {"type": "OS::Heat::Value",
                     "properties": {"value": {"list_join": ["-", [{"get_attr": ["m", "x"]}]]}}}})
    assert str(err.value) == ('The specified reference "m" (in '
                              'v.properties.value.list_join[1][0]) is incorrect.')


def test_depends_on_missing_resource():
    with pytest.raises(exception.InvalidTemplateReference,
                       match=r'"zz" \(in a\) is incorrect'):
        build({"a": {"type": "OS::Heat::None", "depends_on": "zz"}})


def test_cycle_is_named():
    with pytest.raises(exception.CircularDependencyException) as err:
        build({"a": {"type": "OS::Heat::None", "depends_on": "b"},
               "b": {"type": "OS::Heat::None", "depends_on": "a"}})
    assert err.value.http_status == 400
    assert str(err.value) == "Circular Dependency Found: a -> b -> a"


def test_bad_attribute_in_properties_has_resource_path():
    with pytest.raises(exception.StackValidationFailed) as err:
        build({"a": {"type": "OS::Heat::RandomString"},
               "b": {"type": "OS::Heat::Value",
                     "properties": {"value": {"get_attr": ["a", "nope"]}}}})
    assert str(err.value) == ("resources.b.properties.value.get_attr: The Referenced "
                              "Attribute (a nope) is incorrect.")


def test_static_property_errors_found_before_create():
    with pytest.raises(exception.StackValidationFailed) as err:
        build({"r": {"type": "OS::Heat::RandomString", "properties": {"length": {
            "get_param": "n"}}}}, params={"n": {"type": "number", "default": 1000}})
    assert str(err.value) == ("Property error: resources.r.properties.length: 1000 is "
                              "out of range (min: 1, max: 512)")


def test_resource_name_and_keys():
    with pytest.raises(exception.StackValidationFailed, match='may not contain "/"'):
        build({"a/b": {"type": "OS::Heat::None"}})
    with pytest.raises(exception.StackValidationFailed,
                       match=r'resources.a.condition: Invalid condition "c"'):
        build({"a": {"type": "OS::Heat::None", "condition": "c"}})
    with pytest.raises(exception.StackValidationFailed, match='Invalid deletion policy "Nope"'):
        build({"a": {"type": "OS::Heat::None", "deletion_policy": "Nope"}})
    with pytest.raises(exception.StackValidationFailed,
                       match='"Snapshot" deletion policy not supported'):
        build({"a": {"type": "OS::Heat::None", "deletion_policy": "Snapshot"}})


def test_duplicate_parameter_and_resource_names():
    with pytest.raises(exception.StackValidationFailed, match="Duplicate names"):
        build({"a": {"type": "OS::Heat::None"}}, params={"a": {"type": "string",
                                                                "default": "x"}})


def test_environment_sections():
    with pytest.raises(exception.BadRequest, match='wrong section "bogus"'):
        Environment({"bogus": {}})
    env = Environment({"resource_registry": {"My::T": "x.yaml"}})
    assert env.registry_target("My::T") == "x.yaml"
    env = Environment({"parameters": {"a": 1}, "resource_registry": {"resources": {}}})
    assert env.as_dict()["parameters"] == {"a": 1}


@pytest.mark.parametrize("name_snippet", [{"get_param": 7}, {"get_param": []},
                                          {"get_file": ["x"]}, {"str_replace": "x"}])
def test_malformed_resource_name_function_is_a_validation_error(name_snippet):
    # The name is resolved while ordering the resources: its function's own
    # error must come out as a 400, not escape as a TypeError (a 500).
    with pytest.raises(exception.StackValidationFailed) as err:
        build({"a": {"type": "OS::Heat::None"},
               "v": {"type": "OS::Heat::Value",
                     "properties": {"value": {"get_resource": name_snippet}}}})
    assert err.value.http_status == 400
    assert str(err.value).startswith("resources.v.properties")


def _loaded(resources):
    raw = {"heat_template_version": "2018-08-31", "resources": resources}
    defn = StackDefinition(Template(raw), Environment(None), REGISTRY, "st", "sid", "proj")
    defn.load()
    return defn


def test_nested_mode_runs_plugin_checks_on_the_values_they_read():
    """Heat's non-strict validate of a nested stack: names, then each plugin's
    validate(), which fails on a value it reads and cannot coerce."""
    defn = _loaded({"x": {"type": "OS::Heat::RandomString",
                          "properties": {"length": "notanumber"}}})
    defn.validate(strict=False)  # POST /validate: names only
    with pytest.raises(exception.StackValidationFailed) as err:
        defn.validate(strict=False, plugin_checks=True)
    assert str(err.value) == "ValueError: resources.x: Value 'notanumber' is not an integer"
    with pytest.raises(exception.StackValidationFailed) as err:
        defn.validate()
    assert str(err.value) == ("Property error: resources.x.properties.length: "
                              "Value 'notanumber' is not an integer")


def test_nested_mode_ignores_values_no_plugin_check_reads():
    defn = _loaded({"t": {"type": "OS::Heat::TestResource",
                          "properties": {"fail": "notaboolean"}},
                    "r": {"type": "OS::Heat::RandomString", "properties": {"length": 600}}})
    defn.validate(strict=False, plugin_checks=True)  # constraints wait for the create
    with pytest.raises(exception.StackValidationFailed):
        defn.validate()
