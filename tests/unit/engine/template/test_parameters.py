import pytest

from heatlite.common import exception
from heatlite.engine.template.hot.versions import VERSIONS
from heatlite.engine.template.parameters import Parameters


def params(schemas, user=None, defaults=None, version="2018-08-31"):
    return Parameters(schemas, VERSIONS[version], user, defaults, "st", "sid", "proj")


def test_types_and_text():
    p = params({"n": {"type": "number", "default": 16}, "s": {"type": "string"},
                "b": {"type": "boolean", "default": "yes"},
                "l": {"type": "comma_delimited_list", "default": "a, b"},
                "j": {"type": "json", "default": {"k": 1}},
                "h": {"type": "string", "default": "secret", "hidden": True}},
               user={"n": "8", "s": 5})
    p.validate()
    assert p["n"] == 8 and p["s"] == "5" and p["b"] is True
    assert p["l"] == ["a", "b"] and p["j"] == {"k": 1}
    text = p.as_text()
    assert list(text)[:3] == ["OS::stack_id", "OS::project_id", "OS::stack_name"]
    assert text["n"] == "8" and text["l"] == "a,b" and text["j"] == '{"k": 1}'
    assert text["h"] == "******"


def test_missing_required():
    with pytest.raises(exception.UserParameterMissing,
                       match=r"^The Parameter \(x\) was not provided.$"):
        params({"x": {"type": "string"}}).validate()


def test_unknown_user_parameter():
    with pytest.raises(exception.UnknownUserParameter,
                       match=r"The Parameter \(y\) was not defined in template."):
        params({}, user={"y": 1}).validate()


def test_bad_number_message():
    with pytest.raises(exception.StackValidationFailed) as err:
        params({"n": {"type": "number"}}, user={"n": "abc"}).validate()
    assert str(err.value) == ("Parameter 'n' is invalid: could not convert string "
                              "to float: 'abc'")


def test_parameter_defaults_from_environment():
    p = params({"x": {"type": "string"}}, defaults={"x": "env"})
    p.validate()
    assert p["x"] == "env"


@pytest.mark.parametrize("constraint,value,message", [
    ({"length": {"min": 2}}, "a", "length (1) is out of range (min: 2, max: None)"),
    ({"allowed_values": ["a", "b"]}, "c", '"c" is not an allowed value ["a", "b"]'),
    ({"allowed_pattern": "[a-z]+"}, "A1", '"A1" does not match pattern "[a-z]+"'),
    ({"allowed_pattern": "x", "description": "only x"}, "y", "only x"),
])
def test_string_constraints(constraint, value, message):
    with pytest.raises(exception.StackValidationFailed) as err:
        params({"s": {"type": "string", "constraints": [constraint]}},
               user={"s": value}).validate()
    assert str(err.value) == "Parameter 's' is invalid: %s" % message


def test_range_and_modulo():
    with pytest.raises(exception.StackValidationFailed, match="5 is out of range"):
        params({"n": {"type": "number", "constraints": [{"range": {"max": 4}}]}},
               user={"n": 5}).validate()
    with pytest.raises(exception.StackValidationFailed,
                       match="3 is not a multiple of 2 with an offset of 0"):
        params({"n": {"type": "number", "constraints": [{"modulo": {"step": 2, "offset": 0}}]}},
               user={"n": 3}).validate()


def test_modulo_needs_2017_02_24():
    with pytest.raises(exception.InvalidSchemaError, match="No constraint expressed"):
        params({"n": {"type": "number", "constraints": [{"modulo": {"step": 2, "offset": 0}}]}},
               version="2016-10-14")


def test_schema_errors():
    with pytest.raises(exception.InvalidSchemaError,
                       match="Missing parameter type for parameter: x"):
        params({"x": {"default": 1}})
    with pytest.raises(exception.InvalidSchemaError, match="Invalid key 'foo' for parameter"):
        params({"x": {"type": "string", "foo": 1}})
    with pytest.raises(exception.InvalidSchemaError,
                       match="Range constraint invalid for string"):
        params({"x": {"type": "string", "default": "a",
                      "constraints": [{"range": {"min": 1}}]}}).validate()
    with pytest.raises(exception.NotImplementedYet):
        params({"x": {"type": "string", "constraints": [{"custom_constraint": "nova.flavor"}]}})


@pytest.mark.parametrize("ptype, constraint, message", [
    ("string", {"length": {"min": "x"}}, "Invalid length constraint, min must be a number"),
    ("string", {"length": {"max": [1]}}, "Invalid length constraint, max must be a number"),
    ("number", {"range": {"min": {"a": 1}}}, "Invalid range constraint, min must be a number"),
    ("number", {"range": {"max": "1e9999x"}}, "Invalid range constraint, max must be a number"),
    ("number", {"modulo": {"step": "a", "offset": 1}},
     "Invalid modulo constraint, step must be a number"),
    ("number", {"modulo": {"step": 2, "offset": [0]}},
     "Invalid modulo constraint, offset must be a number"),
    ("number", {"range": "x"}, "Invalid range constraint, expected a mapping"),
    ("number", {"length": [1, 2]}, "Invalid length constraint, expected a mapping"),
])
def test_constraint_bounds_that_are_no_numbers_are_schema_errors(ptype, constraint, message):
    with pytest.raises(exception.InvalidSchemaError, match=message):
        params({"x": {"type": ptype, "default": 3, "constraints": [constraint]}})


def test_numeric_text_and_booleans_are_bounds_as_in_heat():
    p = params({"x": {"type": "number", "default": 3,
                      "constraints": [{"range": {"min": "1", "max": True}}]}})
    with pytest.raises(exception.InvalidSchemaError, match="3 is out of range"):
        p.validate()


def test_tags_only_from_2018_03_02():
    params({"x": {"type": "string", "default": "a", "tags": ["t"]}})
    with pytest.raises(exception.InvalidSchemaError, match="Invalid key 'tags'"):
        params({"x": {"type": "string", "tags": ["t"]}}, version="2017-09-01")


def test_custom_constraint_and_description_as_message():
    p = params({"ip": {"type": "string", "constraints": [
        {"custom_constraint": "ip_addr", "description": "an IP please"}]}},
        user={"ip": "nope"})
    with pytest.raises(exception.StackValidationFailed,
                       match="Parameter 'ip' is invalid: an IP please"):
        p.validate()
    params({"ip": {"type": "string", "constraints": [{"custom_constraint": "ip_addr"}]}},
           user={"ip": "10.1.2.3"}).validate()


def test_modulo_only_from_2017_02_24_and_immutable_label():
    schema = {"n": {"type": "number", "default": 4, "label": "N", "immutable": True,
                    "constraints": [{"modulo": {"step": 2, "offset": 1}}]}}
    with pytest.raises(exception.InvalidSchemaError, match="not a multiple of 2"):
        params(schema).validate()
    with pytest.raises(exception.InvalidSchemaError, match="No constraint expressed"):
        params(schema, version="2016-10-14").validate()
    p = params({"n": {"type": "number", "default": 3, "immutable": True, "label": "N"}})
    assert p.schemas["n"].immutable and p.schemas["n"].label == "N"


def test_values_not_checked_in_validate_mode():
    p = params({"needed": {"type": "number"}})
    p.validate(values=False)
    with pytest.raises(exception.UserParameterMissing):
        p.validate()


def test_cfn_pseudo_parameters():
    from heatlite.engine.template.cfn.versions import AWS_2010_09_09

    p = Parameters({"A": {"Type": "String", "Default": "x", "AllowedValues": ["x", "y"]}},
                   AWS_2010_09_09, None, None, "st", "sid", "proj")
    p.validate()
    assert p["AWS::StackName"] == "st" and p["AWS::Region"] == "ap-southeast-1"
    assert "OS::stack_id" not in p
    with pytest.raises(exception.InvalidSchemaError, match="Invalid key 'Bogus'"):
        Parameters({"A": {"Type": "String", "Bogus": 1}}, AWS_2010_09_09, None, None,
                   "st", "sid", "proj")
