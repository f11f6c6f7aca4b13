"""template_format: JSON/YAML, dates stay strings, Heat's messages, limits."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.common import template_format


def test_yaml_version_date_stays_a_string(conf):
    tpl = template_format.parse("heat_template_version: 2018-08-31\nresources: {}\n")
    assert tpl["heat_template_version"] == "2018-08-31"
    assert type(tpl["heat_template_version"]) is str


def test_json_is_accepted(conf):
    assert template_format.parse('{"AWSTemplateFormatVersion": "2010-09-09"}') == {
        "AWSTemplateFormatVersion": "2010-09-09"}


def test_not_a_mapping(conf):
    with pytest.raises(ValueError, match="^The template is not a JSON object or YAML "
                                         "mapping.$"):
        template_format.parse("[1, 2]")


def test_no_version(conf):
    with pytest.raises(ValueError, match="^Template format version not found.$"):
        template_format.parse("resources: {}")


def test_empty_text_has_no_version(conf):
    with pytest.raises(ValueError, match="version not found"):
        template_format.parse("")


def test_bad_yaml_names_the_place(conf):
    with pytest.raises(ValueError) as err:
        template_format.parse("a: [b\n", tmpl_url="nested.yaml")
    assert str(err.value).startswith("Error parsing template nested.yaml ")
    assert "line" in str(err.value)


def test_unsafe_yaml_tags_are_refused(conf):
    with pytest.raises(ValueError):
        template_format.parse("heat_template_version: !!python/object/apply:os.getcwd []\n")


def test_size_limit(conf):
    conf.config(max_template_size=10)
    with pytest.raises(exception.RequestLimitExceeded) as err:
        template_format.parse("heat_template_version: 2018-08-31\n")
    assert "exceeds maximum allowed size (10 bytes)" in str(err.value)


V = "heat_template_version: 2018-08-31\n"
JV = '{"heat_template_version": "2018-08-31", "description": %s}'


@pytest.mark.parametrize("text, message", [
    (JV % '"a\\ud800"', "not Unicode text"),
    (JV % '"\\udc80b"', "not Unicode text"),
    (JV % "NaN", "NaN is not a JSON number"),
    (JV % "-Infinity", "-Infinity is not a JSON number"),
    (JV % "1e999", "out of range"),
    (V + 'description: "a\\ud800"\n', "invalid Unicode character escape"),
    (JV % '"a\\u0000"', "NUL character"),
    (V + 'description: "a\\0"\n', "NUL character cannot be stored"),
    (V + '"k\\x00": 1\n', "NUL character cannot be stored"),
    (V + "description: .nan\n", ".nan is not a number JSON can hold"),
    (V + "description: !!float -.inf\n", "-.inf is not a number JSON can hold"),
    (V + "description: !!binary 7aCA\n", "yaml.org,2002:binary is not supported"),
    (V + "description: !!set {a, b}\n", "yaml.org,2002:set is not supported"),
    (V + "description: !!omap [a: 1]\n", "yaml.org,2002:omap is not supported"),
    (V + "description: !!pairs [a: 1]\n", "yaml.org,2002:pairs is not supported"),
])
def test_values_no_database_can_store_are_refused(conf, text, message):
    """Lone surrogates, NaN/infinities and non-JSON YAML types: ValueError
    (the API's 400), never a value that fails later on its way to the database."""
    with pytest.raises(ValueError, match=message):
        template_format.parse(text)


def test_mapping_keys_are_json_text(conf):
    tpl = template_format.parse(V + "x: {1: a, 1.5: b, false: c, ~: d, 2001-01-01: e}\n")
    assert tpl["x"] == {"1": "a", "1.5": "b", "false": "c", "null": "d", "2001-01-01": "e"}


def test_merge_keys_and_finite_floats_still_load(conf):
    tpl = template_format.parse(V + "a: &a {b: 1.5}\nc: {<<: *a, d: 2}\n")
    assert tpl["c"] == {"b": 1.5, "d": 2}
