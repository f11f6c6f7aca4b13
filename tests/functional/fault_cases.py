"""The fault cases of issue #12: break the engine running a stack, then
prove a live engine finished it.

Each case runs on a started ``fault_cluster.Cluster`` and returns an
``Outcome`` with its figures: ``detect`` (the fault to the first event
naming the dead engine, i.e. the takeover starting) and ``finish`` (the
fault to the stack's terminal state). It raises AssertionError when the
stack did not end as it must, or when the journal of
``Test::Fault::Journaled`` (tests/functional/plugins) shows a resource
that was COMPLETE when its engine died created again. Times are reported,
never asserted; the only bound is ``DEADLINE``, a generous limit on each
wait so that a hang fails instead of running forever.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import pathlib
import time
import uuid
from collections.abc import Callable
from typing import Any

from tests.functional.fault_cluster import Cluster
from tests.functional.fault_db import as_datetime, utcnow

DEADLINE = 120.0
MEMBERS = 200
# The fraction of members done (created, replaced or deleted) when the
# engine is killed: some work finished, most still running.
KILL_AT = 0.2
# Members wait 0.5 s plus up to SPREAD s (by index) in the action the
# kill interrupts, so the walk is long enough for the kill to land in it.
WAIT, SPREAD = 0.5, 4.0
# heatlite's own default (doc/source/faults.rst); the SIGTERM case waits this
# long, plus a margin, for the engine to exit.
GRACEFUL_SHUTDOWN_TIMEOUT = 60.0


@dataclasses.dataclass
class Outcome:
    """One case's result and figures (seconds from the fault)."""

    case: str
    backend: str
    engines: int
    final: str
    detect: float | None
    finish: float
    stop: float | None = None

    def line(self) -> str:
        figures = "detect %s  finish %6.1fs" % (
            "   n/a" if self.detect is None else "%5.1fs" % self.detect, self.finish)
        if self.stop is not None:
            figures += "  engine stopped in %.1fs" % self.stop
        return "%-24s %-10s %d engine(s)  %-16s %s" % (
            self.case, self.backend, self.engines, self.final, figures)


class Journal:
    """The creates and deletes Test::Fault::Journaled resources noted."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = path
        path.touch()

    def entries(self) -> list[tuple[str, str, str, int]]:
        """(action, resource uuid, resource name, pid) for every line, in order."""
        found = []
        for line in self.path.read_text().splitlines():
            action, rsrc_uuid, _stack, name, pid = line.split()
            found.append((action, rsrc_uuid, name, int(pid)))
        return found

    def counts(self, action: str) -> collections.Counter[str]:
        return collections.Counter(u for a, u, _n, _p in self.entries() if a == action)


def group_template(journal: Journal, count: int = MEMBERS, value: str = "one",
                   replace: bool = False, create_wait: float = 0.0,
                   delete_wait: float = 0.0, spread: float = 0.0) -> dict[str, Any]:
    """A ResourceGroup of ``count`` journaled members."""
    member = {"type": "Test::Fault::Journaled", "properties": {
        "journal": str(journal.path), "value": value, "update_replace": replace,
        "spread_secs": spread,
        "action_wait_secs": {"create": create_wait, "delete": delete_wait}}}
    return {"heat_template_version": "2018-08-31",
            "resources": {"group": {"type": "OS::Heat::ResourceGroup",
                                    "properties": {"count": count,
                                                   "resource_def": member}}}}


def wait_for(what: str, ready: Callable[[], Any], timeout: float = DEADLINE) -> Any:
    """Poll until ``ready()`` is truthy; its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = ready()
        if value:
            return value
        assert time.monotonic() < deadline, "gave up after %.0fs waiting for %s" % (
            timeout, what)
        time.sleep(0.05)


def _secs(since: datetime.datetime, until: Any) -> float:
    return (as_datetime(until) - since).total_seconds()


def _terminal(cl: Cluster, stack_id: str) -> Any:
    """The stack's row once it is no longer IN_PROGRESS."""
    def done() -> Any:
        row = cl.probe.stack(stack_id)
        return row if row is not None and row.status != "IN_PROGRESS" else None
    try:
        return wait_for("stack %s to end" % stack_id, done)
    except AssertionError as exc:
        raise AssertionError("%s\nstack: %s\nlock: %s\nleft behind:\n%s\nlogs:\n%s" % (
            exc, tuple(cl.probe.stack(stack_id) or ()), cl.probe.lock_holder(stack_id),
            "\n".join(cl.probe.leftovers()[:10]), cl.logs()[-6000:])) from None


def assert_clean(cl: Cluster, settle: float = 30.0) -> None:
    """The check every case ends with: nothing IN_PROGRESS, no lock, no
    orphan. The lock release may trail the final state, hence ``settle``."""
    try:
        wait_for("nothing left behind", lambda: not cl.probe.leftovers(), settle)
    except AssertionError:
        raise AssertionError("left behind:\n%s" % "\n".join(cl.probe.leftovers())) from None


def _finish(cl: Cluster, case: str, stack_id: str, fault_at: datetime.datetime,
            dead_engine: str, want: str) -> Outcome:
    """Wait for the stack's end and for the event naming the takeover."""
    row = _terminal(cl, stack_id)
    finish = (utcnow() - fault_at).total_seconds()
    state = "%s_%s" % (row.action, row.status)
    assert state == want, "%s ended %s: %s\n%s" % (
        case, state, row.status_reason, cl.logs()[-6000:])
    named = cl.probe.events_naming(dead_engine)
    assert named, "no event names the dead engine %s (the takeover)" % dead_engine
    return Outcome(case, cl.backend, cl.engine_count, state,
                   _secs(fault_at, named[0].created_at), finish)


def _kill_when(cl: Cluster, stack_id: str, done: Callable[[], int], total: int
               ) -> tuple[datetime.datetime, str, dict[str, tuple[str, str]]]:
    """Kill the stack's engine once ``done()`` reaches KILL_AT of ``total``;
    the kill time, the dead engine's id and its members' states then."""
    owner, engine_id = cl.owner(stack_id)
    wait_for("%d%% of the members done" % (KILL_AT * 100),
             lambda: done() >= KILL_AT * total)
    assert done() < total, "every member was done before the kill"
    killed_at = cl.kill(owner)
    members = {m.uuid: (m.action, m.status) for m in cl.probe.members(stack_id)}
    return killed_at, engine_id, members


def _done(action: str, state: str) -> bool:
    # A row is stored INIT COMPLETE before its create starts: not done.
    return action != "INIT" and state == "COMPLETE"


def _complete(members: dict[str, tuple[str, str]]) -> set[str]:
    return {u for u, (action, state) in members.items() if _done(action, state)}


def _assert_created_once(journal: Journal, complete: set[str]) -> None:
    creates = journal.counts("create")
    twice = sorted(u for u in complete if creates[u] != 1)
    assert not twice, "COMPLETE at the kill, yet created %s times: %s" % (
        [creates[u] for u in twice[:5]], twice[:5])


def _group_members_done(cl: Cluster, stack_id: str, count: int) -> list[Any]:
    members = cl.probe.members(stack_id)
    assert len(members) == count, "%d members, expected %d" % (len(members), count)
    bad = [tuple(m) for m in members if not _done(m.action, m.status)]
    assert not bad, "members not COMPLETE: %s" % bad[:5]
    return members


def _check_created(cl: Cluster, journal: Journal, stack_id: str,
                   at_kill: dict[str, tuple[str, str]]) -> None:
    members = _group_members_done(cl, stack_id, MEMBERS)
    _assert_created_once(journal, _complete(at_kill))
    creates = journal.counts("create")
    assert all(creates[m.uuid] >= 1 for m in members), "a member was never created"


def _created(cl: Cluster, stack_id: str) -> int:
    return len(_complete({m.uuid: (m.action, m.status) for m in cl.probe.members(stack_id)}))


def kill_during_create(cl: Cluster, journal: Journal) -> Outcome:
    """kill -9 of the owner mid-way through a group's create."""
    name = "fault-create-%s" % uuid.uuid4().hex[:6]
    stack_id = cl.create(name, group_template(journal, create_wait=WAIT, spread=SPREAD))
    killed_at, dead, at_kill = _kill_when(cl, stack_id, lambda: _created(cl, stack_id),
                                          MEMBERS)
    outcome = _finish(cl, "kill -9 during create", stack_id, killed_at, dead,
                      "CREATE_COMPLETE")
    _check_created(cl, journal, stack_id, at_kill)
    return outcome


def kill_all_and_restart(cl: Cluster, journal: Journal) -> Outcome:
    """kill -9 of heatlite-all mid-way through a create, restarted at once."""
    name = "fault-restart-%s" % uuid.uuid4().hex[:6]
    stack_id = cl.create(name, group_template(journal, create_wait=WAIT, spread=SPREAD))
    killed_at, dead, at_kill = _kill_when(cl, stack_id, lambda: _created(cl, stack_id),
                                          MEMBERS)
    cl.restart_all()
    outcome = _finish(cl, "kill -9 + restart (all)", stack_id, killed_at, dead,
                      "CREATE_COMPLETE")
    _check_created(cl, journal, stack_id, at_kill)
    return outcome


def _replaced(cl: Cluster, stack_id: str, old: set[str]) -> int:
    return sum(1 for m in cl.probe.members(stack_id)
               if m.uuid not in old and _done(m.action, m.status))


def kill_during_update(cl: Cluster, journal: Journal) -> Outcome:
    """kill -9 of the owner while an update replaces every member."""
    name = "fault-update-%s" % uuid.uuid4().hex[:6]
    stack_id = cl.create(name, group_template(journal))
    assert _terminal(cl, stack_id).status == "COMPLETE"
    old = {m.uuid for m in cl.probe.members(stack_id)}
    cl.update(name, stack_id, group_template(journal, value="two", replace=True,
                                             create_wait=WAIT, spread=SPREAD))
    wait_for("the update to start", lambda: cl.probe.stack(stack_id).action == "UPDATE")
    killed_at, dead, at_kill = _kill_when(cl, stack_id,
                                          lambda: _replaced(cl, stack_id, old), MEMBERS)
    outcome = _finish(cl, "kill -9 during update", stack_id, killed_at, dead,
                      "UPDATE_COMPLETE")
    members = _group_members_done(cl, stack_id, MEMBERS)
    assert not old & {m.uuid for m in members}, "a member was not replaced"
    _assert_created_once(journal, _complete(at_kill) - old)
    deletes = journal.counts("delete")
    assert all(deletes[u] >= 1 for u in old), "a replaced member was never deleted"
    return outcome


def _deleted(members: dict[str, tuple[str, str]], created: set[str]) -> set[str]:
    """The members deleted for good: row gone (or its stack), or DELETE COMPLETE."""
    return {u for u in created if members.get(u, ("DELETE", "COMPLETE")) == (
        "DELETE", "COMPLETE")}


def kill_during_delete(cl: Cluster, journal: Journal) -> Outcome:
    """kill -9 of the owner mid-way through deleting a group."""
    name = "fault-delete-%s" % uuid.uuid4().hex[:6]
    stack_id = cl.create(name, group_template(journal, delete_wait=WAIT, spread=SPREAD))
    assert _terminal(cl, stack_id).status == "COMPLETE"
    created = {m.uuid for m in cl.probe.members(stack_id)}
    cl.delete(name, stack_id)
    wait_for("the delete to start", lambda: cl.probe.stack(stack_id).action == "DELETE")
    killed_at, dead, at_kill = _kill_when(cl, stack_id, lambda: len(_deleted(
        {m.uuid: (m.action, m.status) for m in cl.probe.members(stack_id)}, created)),
        MEMBERS)
    outcome = _finish(cl, "kill -9 during delete", stack_id, killed_at, dead,
                      "DELETE_COMPLETE")
    deletes = journal.counts("delete")
    assert all(deletes[u] >= 1 for u in created), "a member was never deleted"
    again = sorted(u for u in _deleted(at_kill, created) if deletes[u] != 1)
    assert not again, "deleted before the kill, yet deleted again: %s" % again[:5]
    return outcome


def _chain_template(journal: Journal) -> dict[str, Any]:
    """A group of 10 members waiting 3 s each, then ``last`` after it."""
    template = group_template(journal, count=10, create_wait=3.0)
    template["resources"]["last"] = {
        "type": "Test::Fault::Journaled", "depends_on": "group",
        "properties": {"journal": str(journal.path), "action_wait_secs": {"create": 0.5}}}
    return template


def sigterm_during_create(cl: Cluster, journal: Journal) -> Outcome:
    """SIGTERM of the owner while a group's members are being created: it
    stops within graceful_shutdown_timeout and another engine finishes."""
    name = "fault-sigterm-%s" % uuid.uuid4().hex[:6]
    stack_id = cl.create(name, _chain_template(journal))
    owner, engine_id = cl.owner(stack_id)
    wait_for("members being created", lambda: any(
        m.status == "IN_PROGRESS" for m in cl.probe.members(stack_id)))
    stopped_at = cl.terminate(owner)
    started = time.monotonic()
    code = cl.reap(owner, GRACEFUL_SHUTDOWN_TIMEOUT + 30)
    stop = time.monotonic() - started
    assert code == 0, "the engine exited %s after SIGTERM:\n%s" % (
        code, owner.log_text()[-4000:])
    outcome = _finish(cl, "SIGTERM during create", stack_id, stopped_at, engine_id,
                      "CREATE_COMPLETE")
    outcome.stop = stop
    failed = cl.probe.failed_events()
    assert not failed, "a FAILED transition: %s" % [tuple(e) for e in failed[:5]]
    creates = journal.counts("create")
    assert set(creates.values()) == {1}, "a resource created twice: %s" % creates
    by_name = {n: pid for a, _u, n, pid in journal.entries() if a == "create"}
    assert by_name["last"] != owner.proc.pid, "the stopped engine created 'last'"
    return outcome


# Every case, by the name the test and tools/fault-matrix use.
CASES: dict[str, Callable[[Cluster, Journal], Outcome]] = {
    "create": kill_during_create,
    "update": kill_during_update,
    "delete": kill_during_delete,
    "restart-all": kill_all_and_restart,
    "sigterm": sigterm_during_create,
}
