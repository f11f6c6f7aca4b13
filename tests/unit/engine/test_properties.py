import pytest

from heatlite.common import exception
from heatlite.engine import constraints
from heatlite.engine import properties as p


SCHEMA = {
    "n": p.Schema(p.INTEGER, default=3, constraints=[constraints.Range(1, 5)]),
    "s": p.Schema(p.STRING),
    "b": p.Schema(p.BOOLEAN, default=False),
    "req": p.Schema(p.STRING, required=True),
    "m": p.Schema(p.MAP, schema={"k": p.Schema(p.INTEGER, default=1)}),
    "l": p.Schema(p.LIST, schema=p.Schema(p.STRING)),
}
PATH = ["resources", "r", "properties"]


def test_defaults_and_coercion():
    props = p.Properties(SCHEMA, {"req": "x", "s": 7, "b": "TRUE", "m": {}, "l": [1, "a"]},
                         PATH)
    assert props.checked() == {"n": 3, "s": "7", "b": True, "req": "x", "m": {"k": 1},
                               "l": ["1", "a"]}


@pytest.mark.parametrize("data,message", [
    ({"req": "x", "n": 9},
     "Property error: resources.r.properties.n: 9 is out of range (min: 1, max: 5)"),
    ({"req": "x", "zz": 1}, "Property error: resources.r.properties: Unknown Property zz"),
    ({}, "Property error: resources.r.properties: Property req not assigned"),
    ({"req": "x", "b": "maybe"},
     'Property error: resources.r.properties.b: "maybe" is not a valid boolean'),
    ({"req": "x", "n": "x1"},
     "Property error: resources.r.properties.n: Value 'x1' is not an integer"),
    ({"req": "x", "m": {"k": "q"}},
     "Property error: resources.r.properties.m.k: Value 'q' is not an integer"),
])
def test_messages(data, message):
    with pytest.raises(exception.StackValidationFailed) as err:
        p.Properties(SCHEMA, data, PATH).validate()
    assert str(err.value) == message


def test_constraint_must_fit_type():
    with pytest.raises(exception.InvalidSchemaError):
        p.Schema(p.STRING, constraints=[constraints.Range(1, 2)])


def test_on_demand_checks_only_what_is_read():
    values = p.OnDemand(p.Properties(SCHEMA, {"n": "x1", "s": 7, "zz": 1}, PATH))
    # Nothing is checked until read: the bad "n" and the missing "req" wait.
    assert values["s"] == "7"
    assert values.get("b") is False
    assert sorted(values) == sorted(SCHEMA) and len(values) == len(SCHEMA)
    with pytest.raises(ValueError, match="^Value 'x1' is not an integer$"):
        values["n"]
    with pytest.raises(ValueError, match="^Property req not assigned$"):
        values["req"]
    with pytest.raises(KeyError):
        values["zz"]


def test_on_demand_leaves_constraints_to_the_create():
    values = p.OnDemand(p.Properties(SCHEMA, {"n": 9}, PATH))
    assert values["n"] == 9
