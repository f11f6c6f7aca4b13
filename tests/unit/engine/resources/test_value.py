import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources.value import Value


def plugin(**props):
    resolved = properties.Properties(Value.PROPERTIES, props).checked()
    return Value(ResourceContext(name="v", stack_name="st", stack_id="sid",
                                 uuid="333c56b0-2d7f-4b9f-8761-8dfa3ed791b2",
                                 action="CREATE", properties=resolved))


def test_value_untyped_and_typed():
    assert plugin(value={"a": [1]}).get_attribute("value") == {"a": [1]}
    assert plugin(value="5", type="number").get_attribute("value") == 5
    assert plugin(value=["a"], type="comma_delimited_list").get_attribute("value") == ["a"]


def test_value_of_wrong_type():
    with pytest.raises(exception.StackValidationFailed, match="is not a list"):
        plugin(value="x", type="comma_delimited_list").validate()


def test_type_allowed_values_and_required_value():
    with pytest.raises(exception.StackValidationFailed, match="not an allowed value"):
        plugin(value=1, type="float")
    with pytest.raises(exception.StackValidationFailed, match="Property value not assigned"):
        plugin()


def test_reference_is_physical_name():
    r = plugin(value=1)
    r.handle_create()
    assert r.get_reference_id() == r.resource_id and r.resource_id.startswith("st-v-")
