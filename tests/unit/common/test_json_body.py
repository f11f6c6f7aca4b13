"""heatlite.common.json_body: JSON bodies heatlite can store and walk, or ValueError."""

from __future__ import annotations

import json

import pytest

from heatlite.common import json_body


def test_plain_body_parses():
    text = json.dumps({"stack_name": "s", "template": {"a": [1, 2.5, "é", "😀"]}})
    assert json_body.loads(text, 10) == {"stack_name": "s",
                                         "template": {"a": [1, 2.5, "é", "😀"]}}


def test_depth_at_the_limit_passes_one_more_is_refused():
    assert json_body.loads("[" * 5 + "]" * 5, 5) == [[[[[]]]]]
    with pytest.raises(ValueError, match="nested too deeply .* 5 levels"):
        json_body.loads("[" * 6 + "]" * 6, 5)
    with pytest.raises(ValueError, match="nested too deeply"):
        json_body.loads('{"a":' * 6 + "1" + "}" * 6, 5)


def test_brackets_inside_strings_do_not_count_as_depth():
    text = json.dumps({"s": "[[[[[[[[[[{{{{{{{{"})
    assert json_body.loads(text, 2) == {"s": "[[[[[[[[[[{{{{{{{{"}


def test_nesting_past_the_parser_recursion_limit_is_a_value_error():
    with pytest.raises(ValueError, match="nested too deeply"):
        json_body.loads('{"a":' * 100000 + "1" + "}" * 100000, 128)


@pytest.mark.parametrize("text", [
    '{"stack_name": "x\\ud800"}',
    '{"x\\udfff": 1}',
    '["ok", {"deep": ["\\ud83d"]}]',
])
def test_lone_surrogates_are_refused_in_values_and_keys(text):
    with pytest.raises(ValueError, match="not Unicode text"):
        json_body.loads(text, 10)


def test_surrogate_pairs_are_text():
    assert json_body.loads('{"e": "\\ud83d\\ude00"}', 10) == {"e": "😀"}


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}',
                                  '{"a": 1e400}', '{"a": -1e400}'])
def test_numbers_json_cannot_carry_back_are_refused(text):
    with pytest.raises(ValueError):
        json_body.loads(text, 10)


def test_large_integers_stay_exact():
    assert json_body.loads('{"n": 18446744073709551616}', 10) == {"n": 2**64}


def test_bytes_are_accepted():
    assert json_body.loads(b'{"a": "\\u00e9"}', 10) == {"a": "é"}
