import pytest

from heatlite.engine.template.graph import CycleError, Graph
from heatlite.engine.walk.walker import NodeState, OnFailure, Walk, Walker, WalkerError


def diamond():
    return Graph({"a": [], "b": ["a"], "c": ["a"], "d": ["b", "c"]})


def test_ready_done_protocol():
    w = Walker(diamond())
    assert w.get_ready() == ["a"]
    assert w.get_ready() == []
    w.done("a")
    assert sorted(w.get_ready()) == ["b", "c"]
    w.done("b")
    assert w.get_ready() == []
    w.done("c")
    assert w.get_ready() == ["d"]
    assert w.is_active()
    w.done("d")
    assert not w.is_active()


def test_stop_rule_starts_nothing_after_failure_but_running_finish():
    w = Walker(diamond(), OnFailure.STOP)
    w.get_ready()
    w.done("a")
    w.get_ready()
    w.failed("b")
    assert w.halted and w.get_ready() == []
    assert w.is_active()  # c still running
    w.done("c")
    assert not w.is_active()
    assert w.unstarted() == ["d"]
    assert w.failures == ["b"]


def test_skip_dependants_rule():
    g = Graph({"a": [], "b": ["a"], "x": []})
    w = Walker(g, OnFailure.SKIP_DEPENDANTS)
    assert sorted(w.get_ready()) == ["a", "x"]
    w.failed("a")
    assert w.state("b") is NodeState.SKIPPED
    w.done("x")
    assert not w.is_active()


def test_reporting_a_node_not_running_is_an_error():
    w = Walker(diamond())
    with pytest.raises(WalkerError):
        w.done("d")


def test_cyclic_graph_refused():
    with pytest.raises(CycleError):
        Walker(Graph({"a": ["b"], "b": ["a"]}))


def test_walk_with_synchronous_starter_runs_everything_in_order():
    order, finished = [], []
    walk = None

    def start(node):
        order.append(node)
        walk.report(node, True)

    walk = Walk(Walker(diamond()), start, lambda: finished.append(True))
    walk.begin()
    assert order[0] == "a" and order[-1] == "d" and len(order) == 4
    assert finished == [True]


def test_walk_with_deferred_reports_and_failure():
    started, finished = [], []
    walk = Walk(Walker(diamond()), started.append, lambda: finished.append(True))
    walk.begin()
    assert started == ["a"]
    walk.report("a", True)
    assert sorted(started[1:]) == ["b", "c"]
    walk.report("b", False)
    assert not finished
    walk.report("c", True)
    assert finished == [True]
    assert "d" not in started


def test_walk_of_empty_graph_finishes_at_once():
    finished = []
    Walk(Walker(Graph({})), lambda n: None, lambda: finished.append(1)).begin()
    assert finished == [1]


def test_cancel_stops_new_starts():
    started, finished = [], []
    walk = Walk(Walker(diamond()), started.append, lambda: finished.append(True))
    walk.begin()
    walk.cancel()
    walk.report("a", True)
    assert started == ["a"] and finished == [True]
