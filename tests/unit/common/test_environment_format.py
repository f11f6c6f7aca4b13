"""environment_format: sections checked with Heat's messages."""

from __future__ import annotations

import pytest

from heatlite.common import environment_format


def test_parse_and_defaults():
    env = environment_format.parse("parameters:\n  a: 1\n")
    assert env == {"parameters": {"a": 1}}
    assert environment_format.default_for_missing(env) == {
        "parameters": {"a": 1}, "resource_registry": {}, "parameter_defaults": {},
        "encrypted_param_names": [], "event_sinks": []}


def test_empty_and_none():
    assert environment_format.parse("") == {}
    assert environment_format.parse(None) == {}


@pytest.mark.parametrize("text, message", [
    ("[1]", "The environment is not a valid YAML mapping data type."),
    ("bogus: {}", 'environment has wrong section "bogus"'),
    ("parameters:", 'environment has empty section "parameters"'),
])
def test_bad_environments(text, message):
    with pytest.raises(ValueError) as err:
        environment_format.parse(text)
    assert str(err.value) == message


def test_bad_yaml():
    with pytest.raises(ValueError, match="line"):
        environment_format.parse("parameters: [a\n")
