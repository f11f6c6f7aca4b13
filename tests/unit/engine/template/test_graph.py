import pytest

from heatlite.engine.template.graph import CycleError, Graph, UnknownNodeError


def test_requires_and_required_by():
    g = Graph({"a": [], "b": ["a"], "c": ["a", "b"]})
    assert g.requires("c") == {"a", "b"}
    assert g.required_by("a") == {"b", "c"}
    assert g.required_by("c") == frozenset()


def test_reversed_turns_edges():
    g = Graph({"a": [], "b": ["a"]}).reversed()
    assert g.requires("a") == {"b"}
    assert g.requires("b") == frozenset()


def test_unknown_node_is_refused():
    with pytest.raises(UnknownNodeError) as err:
        Graph({"a": ["zz"]})
    assert err.value.missing == "zz"


def test_cycle_named_in_fixed_rotation():
    g = Graph({"c": ["a"], "a": ["b"], "b": ["c"], "d": []})
    with pytest.raises(CycleError) as err:
        g.validate()
    assert err.value.cycle == ["a", "b", "c"]
    assert "a -> b -> c -> a" in str(err.value)


def test_self_reference_is_a_cycle():
    assert Graph({"a": ["a"]}).find_cycle() == ["a"]


def test_toposort_deep_chain_without_recursion_limit():
    n = 5000
    g = Graph({i: ([i - 1] if i else []) for i in range(n)})
    assert g.find_cycle() is None
    order = g.toposort()
    assert order[0] == 0 and order[-1] == n - 1
