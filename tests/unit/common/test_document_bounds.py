"""document_bounds through template_format/environment_format: hostile
documents are refused before they are expanded or recursed into."""

from __future__ import annotations

import json
import pytest

from heatlite.common import document_bounds
from heatlite.common import environment_format
from heatlite.common import exception
from heatlite.common import template_format

HEAD = "heat_template_version: 2018-08-31\n"


def alias_bomb(levels: int) -> str:
    """~1 KB of YAML standing for 9**levels strings once expanded."""
    text = HEAD + "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels):
        text += "x%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 9))
    return text


def test_alias_bomb_is_refused_by_its_expanded_size(conf):
    text = alias_bomb(10)   # 9**10 strings: gigabytes once serialized
    assert len(text) < 1024
    with pytest.raises(exception.RequestLimitExceeded,
                       match=r"Template size \(\d+ bytes\) exceeds maximum allowed "
                             r"size \(524288 bytes\)\."):
        template_format.parse(text)


def test_aliases_within_budget_still_load(conf):
    tpl = template_format.parse(HEAD + "x: &a {b: 1}\ny: *a\n")
    assert tpl["y"] == {"b": 1}


def test_alias_count_is_bounded(conf):
    conf.config(max_yaml_aliases=3)
    text = HEAD + "x: &a 1\ny: [*a, *a, *a, *a]\n"
    with pytest.raises(exception.RequestLimitExceeded,
                       match="Template uses more than 3 YAML aliases"):
        template_format.parse(text)


def test_recursive_alias_is_refused(conf):
    with pytest.raises(exception.RequestLimitExceeded, match="recursive YAML alias"):
        template_format.parse(HEAD + "x: &a [*a]\n")


@pytest.mark.parametrize("depth", [101, 500, 5000, 200000])
def test_deep_yaml_is_a_limit_error(conf, depth):
    text = HEAD + "x: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(exception.RequestLimitExceeded,
                       match=r"Template nesting exceeds maximum allowed depth \(100\)"):
        template_format.parse(text)


@pytest.mark.parametrize("depth", [101, 500, 200000])
def test_deep_json_is_a_limit_error(conf, depth):
    text = '{"heat_template_version": "2018-08-31", "x": %s%s}' % (
        "[" * depth, "]" * depth)
    with pytest.raises(exception.RequestLimitExceeded, match="nesting exceeds"):
        template_format.parse(text)


def test_depth_at_the_budget_loads(conf):
    conf.config(max_template_depth=5)
    tpl = template_format.parse(HEAD + "x: [[[1]]]\n")   # 1 + 3 levels
    assert tpl["x"] == [[[1]]]


def test_environment_is_held_to_the_same_budgets(conf):
    bomb = alias_bomb(10).replace(HEAD, "parameters:\n  ").replace("\nx", "\n  x")
    with pytest.raises(exception.RequestLimitExceeded, match="Environment size"):
        environment_format.parse(bomb)
    conf.config(max_template_size=20)
    with pytest.raises(exception.RequestLimitExceeded, match="Environment size"):
        environment_format.parse("parameters: {a: 1234567890}\n")


def test_check_depth_counts_maps_and_lists():
    limits = document_bounds.Limits("Template", 10 ** 6, 10, 3)
    document_bounds.check_depth({"a": [{"b": 1}]}, limits)
    with pytest.raises(exception.RequestLimitExceeded):
        document_bounds.check_depth({"a": [{"b": [1]}]}, limits)


def test_expanded_size_is_about_the_json_length():
    import yaml
    text = "a: [bb, {c: dd}]\nb: &x [1, 2]\nc: *x\n"
    node = yaml.compose(text, Loader=template_format.YamlLoader)
    exact = len(json.dumps(yaml.safe_load(text), separators=(",", ":")))
    document_bounds.check_yaml_node(node, document_bounds.Limits("T", exact * 2, 5, 10))
    with pytest.raises(exception.RequestLimitExceeded):
        document_bounds.check_yaml_node(node, document_bounds.Limits("T", exact // 2, 5, 10))


def test_bad_yaml_in_a_large_document_keeps_its_snippet(conf):
    text = HEAD + "".join("k%d: [a, b]\n" % i for i in range(2000)) + "bad: [\n"
    with pytest.raises(ValueError, match=r"line 2003, column 1"):
        template_format.parse(text)
