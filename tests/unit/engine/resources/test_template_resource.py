"""Template resources: a plugin class per provider template."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import template_resource as tr
from heatlite.engine.resources.registry import ProviderTemplate

TEXT = """
heat_template_version: 2018-08-31
parameters:
  a: {type: string}
  b: {type: comma_delimited_list, default: []}
  c: {type: json, default: {}}
outputs:
  out: {description: the out, value: 1}
"""


def test_schema_from_parameters_and_outputs():
    cls = tr.plugin_for(ProviderTemplate("My::T", "t.yaml"), TEXT)
    assert cls is tr.plugin_for(ProviderTemplate("My::T", "t.yaml"), TEXT)
    assert cls.PROPERTIES["a"].required and not cls.PROPERTIES["b"].required
    assert cls.PROPERTIES["b"].type == properties.LIST
    assert all(s.update_allowed for s in cls.PROPERTIES.values())
    assert list(cls.ATTRIBUTES) == ["out"] and cls.ANY_ATTRIBUTES
    values = properties.Properties(cls.PROPERTIES, {"a": "x", "b": ["1", "2"]}).checked()
    plugin = cls(ResourceContext(name="r", stack_name="s", stack_id="i",
                                 uuid="5f0c8d2e-0000-4000-8000-000000000001",
                                 action="CREATE", properties=values))
    spec = plugin.child_spec()
    assert spec.params["a"] == "x" and spec.params["b"] == "1,2" and spec.remove_type == "My::T"


def test_bad_provider_templates():
    with pytest.raises(exception.StackValidationFailed, match="Could not parse"):
        tr.plugin_for(ProviderTemplate("T", "t.yaml"), "resources: [")
    with pytest.raises(exception.StackValidationFailed):
        tr.plugin_for(ProviderTemplate("T", "t.yaml"), "heat_template_version: 2018-08-31\n"
                                                        "parameters: [a]\n")


def _plugin(cls, given):
    values = properties.Properties(cls.PROPERTIES, given).checked()
    return cls(ResourceContext(name="r", stack_name="s", stack_id="i",
                               uuid="5f0c8d2e-0000-4000-8000-000000000001",
                               action="CREATE", properties=values))


def test_parameter_defaults_override_the_template_defaults():
    text = ("heat_template_version: 2018-08-31\n"
            "parameters:\n"
            "  size: {type: string, default: 50}\n"
            "  name: {type: string}\n")
    cls = tr.plugin_for(ProviderTemplate("T", "t.yaml"), text, {"size": 12, "name": "n"})
    assert cls.PROPERTIES["size"].default == 12
    assert not cls.PROPERTIES["name"].required
    plain = tr.plugin_for(ProviderTemplate("T", "t.yaml"), text)
    assert plain is not cls and plain.PROPERTIES["name"].required


def test_values_left_at_their_default_are_not_passed_down():
    cls = tr.plugin_for(ProviderTemplate("My::T", "t.yaml"), TEXT, {"a": "from-env"})
    # The nested stack inherits parameter_defaults: it finds "a" there.
    assert _plugin(cls, {}).child_params() == {}
    assert _plugin(cls, {"a": "mine"}).child_params() == {"a": "mine"}


FACADE = """
heat_template_version: 2015-04-30
parameters:
  one: {type: string}
  two: {type: number}
outputs:
  here: {value: 1}
"""


@pytest.mark.parametrize("provider, message", [
    ("parameters: {one: {type: string}}\noutputs: {here: {value: 1}}",
     "Required property two for facade F missing in provider"),
    ("parameters: {one: {type: string}, two: {type: string}}\n"
     "outputs: {here: {value: 1}}",
     r"Property two type mismatch between facade F \(Number\) and provider \(String\)"),
    ("parameters: {one: {type: string}, two: {type: number}, three: {type: string}}\n"
     "outputs: {here: {value: 1}}",
     "Provider requires property three unknown in facade F"),
    ("parameters: {one: {type: string}, two: {type: number}}",
     "Attribute here for facade F missing in provider"),
])
def test_a_provider_must_fit_its_facade(provider, message):
    facade = tr.plugin_for(ProviderTemplate("F", "f.yaml"), FACADE)
    concrete = tr.plugin_for(ProviderTemplate("F", "c.yaml"),
                             "heat_template_version: 2015-04-30\n" + provider)
    with pytest.raises(exception.StackValidationFailed, match=message):
        tr.check_facade(concrete, facade, "F")
    tr.check_facade(facade, facade, "F")
