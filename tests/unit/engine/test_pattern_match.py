"""pattern_match: re's meaning for allowed_pattern, in bounded time."""

from __future__ import annotations

import re

import pytest
from oslo_config import cfg

from heatlite.common import exception
from heatlite.engine import pattern_match
from heatlite.engine.pattern_match import PatternMatcher
from heatlite.engine.template.hot.versions import VERSIONS
from heatlite.engine.template.parameters import Parameters


def test_catastrophic_pattern_on_re2_answers_at_once():
    matcher = PatternMatcher("(a+)+$")
    assert matcher._re2 is not None
    assert not matcher.full_match("a" * 40 + "!")
    assert matcher.full_match("a" * 40)


def test_hostile_parameter_is_refused_not_stalled():
    schemas = {"p": {"type": "string", "default": "a" * 40 + "!",
                     "constraints": [{"allowed_pattern": "(a+)+$"}]}}
    params = Parameters(schemas, VERSIONS["2018-08-31"], None, None, "st", "sid", "proj")
    with pytest.raises(exception.InvalidSchemaError,
                       match='does not match pattern "\\(a\\+\\)\\+\\$"'):
        params.validate()


@pytest.mark.parametrize("pattern", [r"(\w)\1", r"(?=.*\d)[a-z0-9]+", r"\w+\Z",
                                     r"[[:alpha:]]+", r"a{,3}"])
def test_patterns_re2_reads_otherwise_use_the_fallback(pattern):
    assert PatternMatcher(pattern)._re2 is None


@pytest.mark.parametrize("pattern,value", [
    (r"(\w)\1", "aa"), (r"(\w)\1", "ab"), (r"(?=.*\d)[a-z0-9]+", "abc1"),
    (r"(?=.*\d)[a-z0-9]+", "abc"), (r"\d+", "١٢٣"), (r"\w+", "été"),
    (r"\s", "\t"), (r"[a-z]+", "abc\n"), (r"a{,3}", "aaa"), (r"a{,3}", "a{,3}"),
    (r"(?i)k", "K"), (r"[a-z]+$", "abc"), (r".*", "x\ny"),
])
def test_same_answer_as_re(pattern, value):
    expected = re.match(pattern, value)
    expected_ok = expected is not None and expected.end() == len(value)
    assert PatternMatcher(pattern).full_match(value) is expected_ok


def test_invalid_pattern_is_re_error_as_in_heat():
    with pytest.raises(re.error):
        PatternMatcher("(")


def test_backtracking_fallback_stops_at_the_timeout():
    conf = cfg.ConfigOpts()
    conf.register_opt(cfg.FloatOpt("allowed_pattern_timeout", default=0.01))
    conf([])
    matcher = PatternMatcher(r"(?=a)(a|aa)+$", conf)   # lookahead: not RE2
    assert matcher._re2 is None
    with pytest.raises(exception.RequestLimitExceeded,
                       match="took longer than allowed_pattern_timeout"):
        matcher.full_match("a" * 60 + "!")


def test_rules_table_covers_re2_spellings():
    assert pattern_match._RE2_DIFFERS.search(r"x[[:digit:]]")
    assert not pattern_match._RE2_DIFFERS.search(r"[a-z]{1,3}(?i)x")
