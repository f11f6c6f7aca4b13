"""take_over: a live engine finishes what a dead one left IN_PROGRESS.

Each test stores a stack as a dead engine leaves it (some resources done,
one IN_PROGRESS, the lock naming an engine with no service row), moves the
lock to the live engine as the sweep does, and checks what the takeover
redoes (Blocking counts every handle_* call) and how the stack ends.
"""

from __future__ import annotations

import datetime
import json
import time

from heatlite.db import events, models, stack_locks, stack_rows, stacks
from heatlite.db import resources as resource_rows
from heatlite.db import snapshots as snapshot_rows
from heatlite.engine import status
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.walk import takeover
from tests.unit.engine.conftest import hot, wait_idle
from tests.unit.engine.walk.blocking import Blocking
from tests.unit.engine.walk.conftest import blocking_engine, handed_off_create

DEAD = "dead-engine"
CHAIN = hot({"a": {"type": "Test::Blocking"},
             "b": {"type": "Test::Blocking", "depends_on": ["a"]},
             "c": {"type": "Test::Blocking", "depends_on": ["b"]}})
NO_ROLLBACK = {"disable_rollback": True}


def created(svc, ctxt, name, template=CHAIN):
    ident = svc.create_stack(ctxt, name, template, {}, {}, NO_ROLLBACK)
    wait_idle(svc, ident["stack_id"])
    assert stacks.get(ident["stack_id"]).status == status.COMPLETE
    return ident["stack_id"]


def left_by_dead_engine(stack_id, action, resource_states, values=None):
    """Rewrite the rows as a dead engine leaves them, its lock included."""
    stacks.update(stack_id, dict(values or {}, action=action, status=status.IN_PROGRESS))
    for name, state in resource_states.items():
        row = resource_rows.get_by_name(stack_id, name)
        resource_rows.update(row.id, {"action": state[0], "status": state[1]})
    stack_locks.release(stack_id, stack_locks.get_engine_id(stack_id) or "")
    assert stack_locks.create(stack_id, DEAD) is None
    Blocking.calls.clear()


def take_over(svc, stack_id):
    assert stack_locks.steal(stack_id, DEAD, svc.engine_id)
    op = takeover.take_over(svc.context, stack_id, DEAD)
    assert op is not None and op.wait(20)
    return stack_rows.get(stack_id, show_deleted=True)


def states(stack_id):
    return {r.name: (r.action, r.status) for r in resource_rows.get_all_by_stack(stack_id)}


def reasons(stack_id):
    return [e.resource_status_reason for e in events.list(stack_id, sort_dir="asc")]


def test_create_redoes_nothing_complete_and_redrives_the_interrupted(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-create")
    left_by_dead_engine(sid, status.CREATE, {"b": (status.CREATE, status.IN_PROGRESS),
                                             "c": (status.INIT, status.COMPLETE)})
    row = take_over(blocking_service, sid)
    assert (row.action, row.status) == (status.CREATE, status.COMPLETE)
    assert Blocking.calls == {("b", "CREATE"): 1, ("c", "CREATE"): 1}
    assert stack_locks.get_engine_id(sid) is None
    said = reasons(sid)
    assert "Engine %s went down; operation resumed by engine engine-1" % DEAD in said
    assert ("Engine %s went down during resource CREATE; re-driven by engine engine-1"
            % DEAD) in said


def test_a_plugin_that_cannot_tell_fails_naming_the_dead_engine(blocking_service, ctxt):
    template = hot({"a": {"type": "Test::Blocking"},
                    "b": {"type": "Test::Unresumable", "depends_on": ["a"]},
                    "c": {"type": "Test::Blocking", "depends_on": ["b"]}})
    sid = created(blocking_service, ctxt, "tk-fail", template)
    left_by_dead_engine(sid, status.CREATE, {"b": (status.CREATE, status.IN_PROGRESS),
                                             "c": (status.INIT, status.COMPLETE)})
    row = take_over(blocking_service, sid)
    went_down = "Engine %s went down during resource CREATE" % DEAD
    assert (row.action, row.status) == (status.CREATE, status.FAILED)
    assert row.status_reason == "Resource CREATE failed: %s" % went_down
    assert states(sid) == {"a": (status.CREATE, status.COMPLETE),
                           "b": (status.CREATE, status.FAILED),
                           "c": (status.INIT, status.COMPLETE)}
    assert sum(Blocking.calls.values()) == 0
    assert stack_locks.get_engine_id(sid) is None


def completes(svc, sid, action, done, redone):
    """The dead engine finished ``done`` and left b IN_PROGRESS: the
    takeover runs exactly ``redone`` and the stack completes, unlocked."""
    left = {name: (action, status.COMPLETE) for name in done}
    left["b"] = (action, status.IN_PROGRESS)
    left_by_dead_engine(sid, action, left)
    row = take_over(svc, sid)
    assert (row.action, row.status) == (action, status.COMPLETE)
    assert Blocking.calls == {(name, action): 1 for name in redone}
    assert stack_locks.get_engine_id(sid) is None


def test_delete_goes_on_from_where_it_stopped(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-delete")
    completes(blocking_service, sid, status.DELETE, done="c", redone="ba")
    assert stacks.get(sid) is None


def test_suspend_and_resume_skip_what_was_done(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-suspend")
    completes(blocking_service, sid, status.SUSPEND, done="c", redone="ba")
    completes(blocking_service, sid, status.RESUME, done="a", redone="bc")


def test_check_redoes_only_what_an_earlier_check_did(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-check")
    started = models.utcnow()
    left_by_dead_engine(sid, status.CHECK, {"a": (status.CHECK, status.COMPLETE),
                                            "b": (status.CHECK, status.IN_PROGRESS),
                                            "c": (status.CHECK, status.COMPLETE)},
                        {"updated_at": started})
    earlier = started - datetime.timedelta(minutes=5)
    resource_rows.update(resource_rows.get_by_name(sid, "c").id, {"updated_at": earlier})
    resource_rows.update(resource_rows.get_by_name(sid, "a").id,
                         {"updated_at": started + datetime.timedelta(seconds=1)})
    row = take_over(blocking_service, sid)
    assert (row.action, row.status) == (status.CHECK, status.COMPLETE)
    assert Blocking.calls == {("b", "CHECK"): 1, ("c", "CHECK"): 1}


def test_snapshot_is_finished_and_stored(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-snap")
    snap = snapshot_rows.create({"tenant": "tenant-a", "name": "s", "stack_id": sid,
                                 "action": "CREATE", "status": status.IN_PROGRESS,
                                 "data": {}})
    left_by_dead_engine(sid, status.SNAPSHOT, {"a": (status.SNAPSHOT, status.IN_PROGRESS)},
                        {"updated_at": models.utcnow()})
    row = take_over(blocking_service, sid)
    assert (row.action, row.status) == (status.SNAPSHOT, status.COMPLETE)
    saved = snapshot_rows.get(snap.id)
    assert saved.status == status.COMPLETE and saved.data["status"] == status.COMPLETE


def test_adopt_keeps_what_was_adopted_and_says_why_the_rest_cannot_be(blocking_service,
                                                                       ctxt):
    sid = created(blocking_service, ctxt, "tk-adopt")
    left_by_dead_engine(sid, status.ADOPT, {"a": (status.ADOPT, status.COMPLETE),
                                            "b": (status.INIT, status.COMPLETE),
                                            "c": (status.INIT, status.COMPLETE)})
    row = take_over(blocking_service, sid)
    assert (row.action, row.status) == (status.ADOPT, status.FAILED)
    assert "adopt document is not kept" in row.status_reason
    assert states(sid)["a"] == (status.ADOPT, status.COMPLETE)
    assert sum(Blocking.calls.values()) == 0
    assert stack_locks.get_engine_id(sid) is None


def test_a_stack_no_longer_in_progress_is_only_unlocked(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-settled")
    assert stack_locks.create(sid, DEAD) is None
    assert stack_locks.steal(sid, DEAD, "engine-1")
    assert takeover.take_over(blocking_service.context, sid, DEAD) is None
    assert stack_locks.get_engine_id(sid) is None


def test_an_update_is_handed_to_update_resume(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-update")
    left_by_dead_engine(sid, status.UPDATE, {"b": (status.UPDATE, status.IN_PROGRESS)})
    row = take_over(blocking_service, sid)
    assert (row.action, row.status) == (status.UPDATE, status.FAILED)
    assert stack_locks.get_engine_id(sid) is None


def group(count):
    return hot({"g": {"type": "OS::Heat::ResourceGroup",
                      "properties": {"count": count,
                                     "resource_def": {"type": "Test::Blocking"}}}})


def test_a_group_resumes_its_own_nested_stack(blocking_service, ctxt):
    sid = created(blocking_service, ctxt, "tk-group", group(3))
    child = resource_rows.get_by_name(sid, "g").physical_resource_id
    left_by_dead_engine(sid, status.CREATE, {"g": (status.CREATE, status.IN_PROGRESS)})
    stacks.update(child, {"action": status.CREATE, "status": status.IN_PROGRESS})
    member = resource_rows.get_by_name(child, "2")
    resource_rows.update(member.id, {"action": status.CREATE, "status": status.IN_PROGRESS})
    assert stack_locks.create(child, DEAD) is None
    row = take_over(blocking_service, sid)
    assert (row.action, row.status) == (status.CREATE, status.COMPLETE)
    assert Blocking.calls == {("2", "CREATE"): 1}  # members 0 and 1 untouched
    assert [c.id for c in stack_rows.children(sid)] == [child]  # no second child
    assert (stack_rows.get(child).action, stack_rows.get(child).status) == (
        status.CREATE, status.COMPLETE)
    assert stack_locks.get_engine_id(sid) is None and stack_locks.get_engine_id(child) is None
    assert "Engine %s went down; operation resumed by engine engine-1" % DEAD in reasons(child)


def taken_over_by_engine2(conf, sid):
    """engine-2 takes the stack engine-1 left over and finishes it. Not
    started: the start-up clean-up of dead engines' stacks is not what
    these tests are about."""
    other = blocking_engine(conf, "engine-2", start=False)
    try:
        assert stack_locks.steal(sid, "engine-1", "engine-2")
        resumed = takeover.take_over(other.context, sid, "engine-1")
        assert resumed is not None and resumed.wait(30)
    finally:
        other.stop(10)


def test_hand_off_then_another_engine_completes_the_create(blocking_service, conf, ctxt):
    sid = handed_off_create(blocking_service, ctxt, "tk-handoff", CHAIN, "b")
    blocking_service.service.retire()  # the stopping engine is dead at once
    taken_over_by_engine2(conf, sid)
    row = stack_rows.get(sid)
    assert (row.action, row.status) == (status.CREATE, status.COMPLETE)
    assert Blocking.calls == {("a", "CREATE"): 1, ("b", "CREATE"): 1, ("c", "CREATE"): 1}
    assert stack_locks.get_engine_id(sid) is None


def test_delete_after_an_interrupted_create_leaves_no_child_stack(blocking_service, ctxt):
    nested = json.dumps(hot({"m": {"type": "Test::Blocking"}}))
    sid = created(blocking_service, ctxt, "tk-orphan",
                  hot({"n": {"type": "OS::Heat::Stack",
                             "properties": {"template": nested}}}))
    child = resource_rows.get_by_name(sid, "n").physical_resource_id
    # As if the engine died after storing the child, before its resource
    # recorded it: nothing names the child but its owner_id.
    resource_rows.update(resource_rows.get_by_name(sid, "n").id,
                         {"physical_resource_id": None})
    ident = {"tenant": "tenant-a", "stack_name": "tk-orphan", "stack_id": sid, "path": ""}
    blocking_service.delete_stack(ctxt, ident)
    wait_idle(blocking_service, sid)
    assert stacks.get(sid) is None
    assert stack_rows.get(child) is None
    assert Blocking.calls[("m", "DELETE")] == 1


MEMBERS = 6


def sized_group(size, **policy):
    group = {"type": "OS::Heat::ResourceGroup",
             "properties": {"count": MEMBERS,
                            "resource_def": {"type": "Test::Sized",
                                             "properties": {"size": size}}}}
    if policy:
        group["update_policy"] = {"rolling_update": policy}
    return hot({"g": group})


def others_replaced(child, held):
    """Every member but ``held`` has its replacement row, COMPLETE."""
    for name, rows in member_rows(child).items():
        if name == held:
            continue
        if len(rows) != 2 or max(rows, key=lambda r: r.id).status != status.COMPLETE:
            return False
    return True


def group_update_handed_off(svc, ctxt, name, held, settle_others=False, **policy):
    """A group of MEMBERS members whose update replaces every member,
    handed off by engine-1 while member ``held``'s replacement is being
    created (``settle_others``: once every other replacement is made);
    engine-1 then retires (dead at once). (stack id, child id)."""
    sid = created(svc, ctxt, name, sized_group("s", **policy))
    child = resource_rows.get_by_name(sid, "g").physical_resource_id
    Blocking.calls.clear()
    Blocking.hold(held)
    ident = {"tenant": "tenant-a", "stack_name": name, "stack_id": sid, "path": ""}
    StackUpdateService(svc).update_stack(ctxt, ident, sized_group("L", **policy), {}, {},
                                         NO_ROLLBACK)
    assert Blocking.started(held)
    if settle_others:
        deadline = time.monotonic() + 20
        while not others_replaced(child, held):
            assert time.monotonic() < deadline, "the other replacements never completed"
            time.sleep(0.01)
    op = svc.threads.get(sid)
    assert op is not None and op.hand_off()
    Blocking.release(held)
    assert op.wait(20)
    for stack_id in (sid, child):
        row = stack_rows.get(stack_id)
        assert (row.action, row.status) == (status.UPDATE, status.IN_PROGRESS)
        assert stack_locks.get_engine_id(stack_id) == "engine-1"
    assert states(sid)["g"] == (status.UPDATE, status.IN_PROGRESS)
    svc.service.retire()
    return sid, child


def member_rows(child):
    rows = {}
    for row in resource_rows.get_all_by_stack(child):
        rows.setdefault(row.name, []).append(row)
    return rows


def assert_group_updated(sid, child):
    """Both stacks UPDATE_COMPLETE at the new size, old members gone, no lock."""
    for stack_id in (sid, child):
        row = stack_rows.get(stack_id)
        assert (row.action, row.status) == (status.UPDATE, status.COMPLETE), row.status_reason
        assert row.prev_raw_template_id is None
    members = member_rows(child)
    assert sorted(members, key=int) == [str(i) for i in range(MEMBERS)]
    for name, rows in members.items():
        (only,) = rows
        assert (only.action, only.status) == (status.CREATE, status.COMPLETE), name
        assert only.properties_data == {"size": "L"}
    assert stack_locks.get_engine_id(sid) is None and stack_locks.get_engine_id(child) is None
    assert [c.id for c in stack_rows.children(sid)] == [child]
    assert "Engine engine-1 went down; operation resumed by engine engine-2" in reasons(child)


def test_a_handed_off_group_update_is_finished_by_another_engine(blocking_service, conf,
                                                                 ctxt):
    sid, child = group_update_handed_off(blocking_service, ctxt, "tk-group-up", "3")
    taken_over_by_engine2(conf, sid)
    assert_group_updated(sid, child)
    # Each member's replacement created once, each old member deleted once.
    assert Blocking.calls == {**{(str(i), "CREATE"): 1 for i in range(MEMBERS)},
                              **{(str(i), "DELETE"): 1 for i in range(MEMBERS)}}


def test_a_group_update_cut_short_replaces_only_what_was_not(blocking_service, conf,
                                                             ctxt):
    """As a kill -9 leaves it: members 0, 2 and 3 replaced, member 1's
    replacement being created, members 4 and 5 not started."""
    sid, child = group_update_handed_off(blocking_service, ctxt, "tk-group-kill", "3",
                                         settle_others=True)
    for name, rows in member_rows(child).items():
        old, new = sorted(rows, key=lambda r: r.id)
        if name == "1":
            resource_rows.update(new.id, {"action": status.CREATE,
                                          "status": status.IN_PROGRESS})
        elif name in ("4", "5"):
            resource_rows.delete(new.id)
            resource_rows.update(old.id, {"action": status.CREATE,
                                          "status": status.COMPLETE})
    Blocking.calls.clear()
    taken_over_by_engine2(conf, sid)
    assert_group_updated(sid, child)
    # 0, 2 and 3 are not created again; 1 is re-driven; 4 and 5 replaced.
    assert Blocking.calls == {**{(name, "CREATE"): 1 for name in "145"},
                              **{(str(i), "DELETE"): 1 for i in range(MEMBERS)}}
    assert ("Engine engine-1 went down during resource CREATE; re-driven by engine "
            "engine-2") in reasons(child)


def test_a_rolling_group_update_finishes_its_batch_then_the_others(blocking_service, conf,
                                                                    ctxt):
    """Handed off in its first batch (members 5 and 4): the batch in flight
    is finished, the remaining batches planned again from the members."""
    sid, child = group_update_handed_off(blocking_service, ctxt, "tk-group-roll", "5",
                                         max_batch_size=2)
    assert set(Blocking.calls) <= {("5", "CREATE"), ("4", "CREATE")}
    taken_over_by_engine2(conf, sid)
    assert_group_updated(sid, child)
    assert Blocking.calls == {**{(str(i), "CREATE"): 1 for i in range(MEMBERS)},
                              **{(str(i), "DELETE"): 1 for i in range(MEMBERS)}}
