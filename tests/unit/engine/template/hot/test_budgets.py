"""Hostile templates from issue #13 are refused at create with a 400 naming
the budget, before the value they ask for is built."""

from __future__ import annotations

import time

import pytest
from oslo_config import cfg

from heatlite.common import exception
from heatlite.common import template_format
from heatlite.engine import value_size

HOT = "2018-08-31"


def value_template(value, version=HOT):
    return {"heat_template_version": version,
            "resources": {"v": {"type": "OS::Heat::Value", "properties": {"value": value}}}}


def create(service, ctxt, template, params=None):
    return service.create_stack(ctxt, "hostile", template, {"parameters": params or {}},
                                {}, {})


def refused(service, ctxt, template, match, params=None):
    """The create is refused with RequestLimitExceeded (400) naming the budget."""
    with pytest.raises(exception.HeatException, match=match) as err:
        create(service, ctxt, template, params)
    assert err.value.http_status == 400
    return err.value


def test_repeat_over_a_220_cubed_product(service, ctxt):
    items = [str(i) for i in range(220)]
    template = value_template({"repeat": {
        "template": "%a%-%b%-%c%",
        "for_each": {"%a%": items, "%b%": items, "%c%": items}}})
    refused(service, ctxt, template, r'value of "repeat" \(\d+ bytes or more\) exceeds '
                                     r"maximum allowed size \(1048576 bytes, "
                                     r"max_evaluated_value_size\)")


def test_repeat_without_permutations_counts_the_pairs(service, ctxt):
    items = [str(i) for i in range(2000)]
    template = value_template({"repeat": {
        "template": "p" * 1000 + "%a%%b%", "for_each": {"%a%": items, "%b%": items},
        "permutations": False}}, "2017-09-01")
    refused(service, ctxt, template, 'value of "repeat"')


def test_str_replace_building_400_mb(service, ctxt):
    # each level multiplies the text by 20: 20**5 * 40 letters = 128 MB+
    snippet = {"str_replace": {"template": "a" * 40, "params": {"a": "b" * 20}}}
    for letter in "bcdef":
        snippet = {"str_replace": {"template": snippet,
                                   "params": {letter: chr(ord(letter) + 1) * 20}}}
    refused(service, ctxt, value_template(snippet), 'value of "str_replace"')


def test_list_join_of_copies(service, ctxt):
    big = {"str_replace": {"template": "a" * 1000, "params": {"a": "x" * 500}}}
    refused(service, ctxt, value_template({"list_join": [",", [big, big, big]]}),
            'value of "list_join"|value of "str_replace"')


def test_many_calls_within_budget_add_up(service, ctxt):
    part = {"str_replace": {"template": "a" * 1000, "params": {"a": "x" * 300}}}
    refused(service, ctxt, value_template([part] * 10), 'value of "str_replace"')


@pytest.fixture
def short_yaql_deadline():
    cfg.CONF.set_override("evaluation_timeout", 0.2, group="yaql")
    yield
    cfg.CONF.clear_override("evaluation_timeout", group="yaql")


def test_yaql_range_len_is_stopped_by_its_deadline(service, ctxt, short_yaql_deadline):
    template = value_template({"yaql": {"expression": "range(0, 1000000000).len()"}},
                              "2017-09-01")
    started = time.monotonic()
    refused(service, ctxt, template, r"yaql expression ran longer than \[yaql\] "
                                     r"evaluation_timeout \(0.2 seconds\)")
    # ended by the deadline, not by counting a billion (minutes)
    assert time.monotonic() - started < 60


def test_yaql_within_budget_still_works(service, ctxt):
    from tests.unit.engine.conftest import wait_idle
    template = value_template({"yaql": {"expression": "$.data.l.sum()",
                                        "data": {"l": [1, 2, 3]}}}, "2017-09-01")
    ident = create(service, ctxt, template)
    wait_idle(service, ident["stack_id"])
    stack = service.show_stack(ctxt, ident)[0]
    assert (stack["stack_action"], stack["stack_status"]) == ("CREATE", "COMPLETE")


def test_resource_group_of_3000000(service, ctxt):
    template = {"heat_template_version": HOT, "resources": {"g": {
        "type": "OS::Heat::ResourceGroup",
        "properties": {"count": 3000000,
                       "resource_def": {"type": "OS::Heat::None"}}}}}
    refused(service, ctxt, template, "Maximum resources per stack exceeded|"
                                     "exceeds the maximum")


def test_allowed_pattern_backtracking(service, ctxt):
    template = {"heat_template_version": HOT, "parameters": {"p": {
        "type": "string", "default": "a" * 40 + "!",
        "constraints": [{"allowed_pattern": "(a+)+$"}]}}, "resources": {}}
    refused(service, ctxt, template, 'does not match pattern')


def test_deeply_nested_template(service, ctxt):
    value: object = "x"
    for _ in range(500):
        value = [value]
    refused(service, ctxt, value_template(value),
            r"Template nesting exceeds maximum allowed depth \(100\)")


def test_alias_bomb_never_reaches_the_engine():
    text = "heat_template_version: 2018-08-31\nx0: &a0 [lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 12):
        text += "x%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 6))
    with pytest.raises(exception.RequestLimitExceeded, match="Template size"):
        template_format.parse(text)


def test_size_of_stops_at_its_cap():
    shared = ["x" * 100] * 1000
    huge = [shared] * 1000           # 100 MB once serialized
    assert 1000 < value_size.size_of(huge, 1000) < 1000 + 200
