import pytest

from heatlite.common import exception
from heatlite.engine.template import template
from heatlite.engine.template.hot.versions import VERSIONS

ALL_HOT = ["2013-05-23", "2014-10-16", "2015-04-30", "2015-10-15", "2016-04-08",
           "2016-10-14", "newton", "2017-02-24", "ocata", "2017-09-01", "pike",
           "2018-03-02", "queens", "2018-08-31", "rocky", "2021-04-16", "wallaby"]


@pytest.mark.parametrize("version", ALL_HOT)
def test_every_heat_version_accepted(version):
    t = template.Template({"heat_template_version": version, "resources": {}})
    t.validate()
    assert t.version_name == version


def test_version_list_is_heats():
    assert sorted(VERSIONS) == sorted(ALL_HOT)


def test_missing_version_message():
    with pytest.raises(exception.InvalidTemplateVersion) as err:
        template.Template({"description": "x", "resources": {}})
    assert str(err.value) == ("The template version is invalid: "
                              "Template version was not provided")


def test_unknown_version_lists_valid_ones():
    with pytest.raises(exception.InvalidTemplateVersion) as err:
        template.Template({"heat_template_version": "2099-01-01"})
    assert str(err.value) == (
        'The template version is invalid: "heat_template_version: 2099-01-01". '
        '"heat_template_version" should be one of: ' + ", ".join(sorted(ALL_HOT)))


def test_unknown_cfn_version_single_choice():
    with pytest.raises(exception.InvalidTemplateVersion) as err:
        template.Template({"AWSTemplateFormatVersion": "2011-01-01"})
    assert str(err.value).endswith('"AWSTemplateFormatVersion" should be: 2010-09-09')


@pytest.mark.parametrize("key,version", [("AWSTemplateFormatVersion", "2010-09-09"),
                                         ("HeatTemplateFormatVersion", "2012-12-12")])
def test_cfn_versions_recognised(key, version):
    t = template.Template({key: version})
    assert t.is_cfn and t.version.key == key


def test_ambiguous_versions():
    with pytest.raises(exception.InvalidTemplateVersion, match="Ambiguous versions"):
        template.Template({"heat_template_version": "2018-08-31",
                           "HeatTemplateFormatVersion": "2012-12-12"})


def test_unknown_section():
    t = template.Template({"heat_template_version": "2018-08-31", "bogus": {}})
    with pytest.raises(exception.InvalidTemplateSection) as err:
        t.validate()
    assert str(err.value) == "The template section is invalid: bogus"


def test_conditions_section_only_from_2016_10_14():
    old = template.Template({"heat_template_version": "2016-04-08", "conditions": {}})
    with pytest.raises(exception.InvalidTemplateSection):
        old.validate()
    template.Template({"heat_template_version": "2016-10-14", "conditions": {}}).validate()
    used = template.Template({"heat_template_version": "2016-10-14",
                              "conditions": ["c"]})
    with pytest.raises(exception.StackValidationFailed,
                       match="Condition definitions must be a map"):
        used.validate()


def test_resource_without_type_and_bad_keyword():
    t = template.Template({"heat_template_version": "2018-08-31",
                           "resources": {"r": {"properties": {}}}})
    with pytest.raises(exception.StackValidationFailed,
                       match="Each resource must contain a type key."):
        t.validate()
    t = template.Template({"heat_template_version": "2018-08-31",
                           "resources": {"r": {"type": "X", "nope": 1}}})
    with pytest.raises(exception.StackValidationFailed,
                       match='"nope" is not a valid keyword inside a resource definition'):
        t.validate()


def test_description_default():
    t = template.Template({"heat_template_version": "2018-08-31"})
    assert t.description == "No description"
