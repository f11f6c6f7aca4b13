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
