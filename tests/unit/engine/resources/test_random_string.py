import string

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources.random_string import RandomString, generate

UUID = "333c56b0-2d7f-4b9f-8761-8dfa3ed791b2"


def plugin(**props):
    resolved = properties.Properties(RandomString.PROPERTIES, props).checked()
    return RandomString(ResourceContext(name="rand", stack_name="st", stack_id="sid",
                                        uuid=UUID, action="CREATE", properties=resolved))


def test_default_properties_as_heat_shows_them():
    r = plugin()
    assert r.properties == {"length": 32, "sequence": None,
                            "character_classes": [{"class": "lettersdigits", "min": 1}],
                            "character_sequences": None, "salt": None}


def test_create_stores_value_and_names_resource():
    r = plugin(length=8)
    r.handle_create()
    value = r.data()["value"]
    assert len(value) == 8 and set(value) <= set(string.ascii_letters + string.digits)
    assert r.resource_id.startswith("st-rand-") and len(r.resource_id) == len("st-rand-") + 12
    assert r.get_attribute("value") == value
    assert r.get_reference_id() == value


def test_reference_before_create_is_the_name():
    assert plugin().get_reference_id() == "rand"


def test_minimums_are_honoured():
    r = plugin(length=6, character_classes=[{"class": "digits", "min": 3}],
               character_sequences=[{"sequence": "!", "min": 2}])
    r.handle_create()
    value = r.data()["value"]
    assert value.count("!") >= 2 and sum(c.isdigit() for c in value) >= 3


def test_length_smaller_than_minimums():
    r = plugin(length=2, character_classes=[{"class": "digits", "min": 3}])
    with pytest.raises(exception.StackValidationFailed,
                       match="Length property cannot be smaller than combined"):
        r.validate()


def test_length_range_and_class_values_checked():
    with pytest.raises(exception.StackValidationFailed, match="out of range"):
        plugin(length=1000)
    with pytest.raises(exception.StackValidationFailed, match="is not an allowed value"):
        plugin(character_classes=[{"class": "emoji"}])


def test_generate_uses_only_allowed_characters():
    assert set(generate(50, [("ab", 1)])) <= {"a", "b"}


def test_sequence_is_hidden_but_accepted_and_support_status_is_heats():
    from heatlite.engine.stack import type_docs
    from heatlite.engine.resources.random_string import RandomString
    from heatlite.engine.resources.registry import Registry
    reg = Registry([("builtin", {"OS::Heat::RandomString": RandomString})])
    doc = type_docs.schema(reg, "OS::Heat::RandomString")
    assert list(doc["properties"]) == ["length", "character_classes", "character_sequences",
                                       "salt"]
    assert doc["support_status"] == {"status": "SUPPORTED", "message": None,
                                     "version": "2014.1", "previous_status": None}
    assert "sequence" in RandomString.PROPERTIES
