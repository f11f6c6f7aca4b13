"""Environments: sections, the resource registry, and merging several files."""

import pytest

from heatlite.common import exception
from heatlite.engine.template import environment as env_mod
from heatlite.engine.template.environment import Environment


def test_sections_are_kept_and_shown_as_heat_does():
    env = Environment({"parameters": {"a": 1}, "event_sinks": [{"type": "zaqar-queue"}],
                       "encrypted_param_names": ["a"],
                       "resource_registry": {"resources": {"r": {"hooks": "pre-create"}}},
                       "parameter_merge_strategies": {"a": "merge"}})
    assert env.as_dict() == {
        "resource_registry": {"resources": {"r": {"hooks": "pre-create"}}},
        "parameters": {"a": 1}, "parameter_defaults": {},
        "event_sinks": [{"type": "zaqar-queue"}], "encrypted_param_names": ["a"],
        "parameter_merge_strategies": {"a": "merge"}}
    assert "encrypted_param_names" not in env.user_dict()


@pytest.mark.parametrize("raw, message", [
    ({"bogus": {}}, 'wrong section "bogus"'),
    ({"parameters": ["x"]}, '"parameters" must be a map'),
    ({"event_sinks": {"a": 1}}, '"event_sinks" must be a list'),
    ({"resource_registry": {"X::Y": 5}}, "the target must be a string"),
    ({"resource_registry": {"resources": {"r": "x"}}}, "must be a map"),
])
def test_bad_environments_are_400(raw, message):
    with pytest.raises(exception.BadRequest, match=message):
        Environment(raw)


def test_merge_strategies():
    types = {"s": "string", "n": "number", "l": "comma_delimited_list", "j": "json",
             "b": "boolean"}
    base = {"parameters": {"s": "a"}}
    files = [
        ("one.yaml", {"parameters": {"s": "b", "n": 1, "l": "x", "j": {"k": {"a": 1}}},
                      "parameter_merge_strategies": {"default": "merge"}}),
        ("two.yaml", {"parameters": {"s": "c", "n": 2, "l": "y", "j": '{"k": {"b": 2}}'},
                      "parameter_defaults": {"n": 5},
                      "resource_registry": {"My::T": "OS::Heat::None"},
                      "parameter_merge_strategies": {"default": "merge"}}),
    ]
    merged = env_mod.merge(base, files, types)
    assert merged["parameters"] == {"s": "abc", "n": 3, "l": "x,y", "j": {"k": {"b": 2}}}
    assert merged["parameter_defaults"] == {"n": 5}
    assert merged["resource_registry"] == {"My::T": "OS::Heat::None"}
    deep = env_mod.merge({}, [
        ("a", {"parameters": {"j": {"k": {"a": 1}}},
               "parameter_merge_strategies": {"j": "deep_merge"}}),
        ("b", {"parameters": {"j": {"k": {"b": 2}}},
               "parameter_merge_strategies": {"j": "deep_merge"}})], types)
    assert deep["parameters"]["j"] == {"k": {"a": 1, "b": 2}}
    with pytest.raises(exception.ConflictingMergeStrategyForParam):
        env_mod.merge({}, [("a", {"parameters": {"s": "x"},
                                  "parameter_merge_strategies": {"s": "merge"}}),
                           ("b", {"parameters": {"s": "y"},
                                  "parameter_merge_strategies": {"s": "overwrite"}})], types)
    with pytest.raises(exception.InvalidMergeStrategyForParam):
        env_mod.merge({"parameters": {"b": True}}, [
            ("a", {"parameters": {"b": False},
                   "parameter_merge_strategies": {"b": "merge"}})], types)
