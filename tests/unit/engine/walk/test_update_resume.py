"""walk/update_resume.py: an update (or rollback) a dead engine left half
done is finished by another engine, on real SQLite.

Each test creates a stack through engine-1, stores the update's start as
engine-1 would (UPDATE IN_PROGRESS, both templates), writes the rows as
engine-1 left them when it died, and has engine-2 (a second
EngineContext) resume it holding the lock. A counting plugin records
every handle_* call, so a resource touched twice shows.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from heatlite.common import exception
from heatlite.db import events, raw_templates, stack_locks, stacks
from heatlite.db import resources as resource_rows
from heatlite.engine import properties, resource
from heatlite.engine.resources import builtin_types
from heatlite.engine.resources.registry import Registry
from heatlite.engine.rpc.service import EngineService
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.stack import hooks
from heatlite.engine.walk import update_resume
from heatlite.engine.walk.engine_context import EngineContext
from heatlite.engine.walk.threads import ThreadGroupManager
from heatlite.engine.walk.update import insert_row
from tests.unit.engine.conftest import hot, wait_idle

DEAD, LIVE = "engine-1", "engine-2"
CALLS: list[tuple[str, str]] = []


class Counted(resource.Resource):
    """Records each handle_* call; ``size`` cannot change in place."""

    PROPERTIES = {
        "value": properties.Schema(properties.STRING, "in place", update_allowed=True),
        "size": properties.Schema(properties.STRING, "a change replaces"),
    }

    def handle_create(self) -> Any:
        CALLS.append((self.ctx.name, "create"))
        self.resource_id_set("%s-%d" % (self.ctx.name, len(CALLS)))

    def handle_update(self, prop_diff: Any) -> Any:
        CALLS.append((self.ctx.name, "update"))

    def handle_delete(self) -> Any:
        CALLS.append((self.ctx.name, "delete"))


class Redriven(Counted):
    """Counted, whose interrupted create, update and delete are run again."""

    RESUME_AFTER_TAKEOVER = resource.resumable(resource.REDRIVE, "CREATE", "UPDATE", "DELETE")


class Checked(Counted):
    """Counted, whose interrupted update is waited on: ``started`` says
    whether the dead engine's handle_update got under way."""

    RESUME_AFTER_TAKEOVER = resource.resumable(resource.CHECK, "UPDATE")
    started = True
    cookies: list[Any] = []

    def takeover_cookie(self, action: str) -> Any:
        if not Checked.started:
            return resource.NOT_STARTED
        return ("left by", self.resource_id)

    def handle_update(self, prop_diff: Any) -> Any:
        super().handle_update(prop_diff)
        return ("handled", dict(prop_diff))

    def check_update_complete(self, cookie: Any) -> bool:
        Checked.cookies.append(cookie)
        return True


REGISTRY = Registry([("builtin", builtin_types()),
                     ("test", {"Test::Counted": Counted, "Test::Redriven": Redriven,
                               "Test::Checked": Checked})])


def counted(value: str, size: str = "s", **extra: Any) -> dict[str, Any]:
    return dict({"type": "Test::Counted", "properties": {"value": value, "size": size}},
                **extra)


V1 = hot({"a": counted("1"), "b": counted("1", depends_on=["a"]), "c": counted("1"),
          "gone": counted("1")})
# a and c in place, b replaced, gone removed, d added.
V2 = hot({"a": counted("2"), "b": counted("1", "L", depends_on=["a"]), "c": counted("2"),
          "d": counted("1")})


@pytest.fixture
def engine1(conf) -> Iterator[EngineService]:
    CALLS.clear()
    svc = EngineService(conf, "host-1", DEAD, registry=REGISTRY)
    svc.start()
    try:
        yield svc
    finally:
        svc.stop(10)


@pytest.fixture
def engine2(conf) -> EngineContext:
    return EngineContext(conf, LIVE, REGISTRY, ThreadGroupManager(), hooks.HookBoard(),
                         alive=lambda engine_id: engine_id == LIVE)


class Started:
    """A stack whose update engine-1 stored as started, then died."""

    def __init__(self, svc: EngineService, ctxt: Any, disable_rollback: bool = True,
                 old: dict[str, Any] = V1, new: dict[str, Any] = V2) -> None:
        ident = svc.create_stack(ctxt, "s", old, {}, {},
                                 {"disable_rollback": disable_rollback})
        wait_idle(svc, ident["stack_id"])
        self.id = ident["stack_id"]
        self.old = stacks.get(self.id).raw_template_id
        updater = StackUpdateService(svc)
        prep = updater._prepare(ctxt, ident, new, {}, {}, {}, None)
        self.new, _ = updater._begin(prep.row, prep, "UPDATE")
        CALLS.clear()

    def rows(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for row in resource_rows.get_all_by_stack(self.id):
            out.setdefault(row.name, []).append(row)
        return out

    def row(self, name: str) -> Any:
        (only,) = self.rows()[name]
        return only

    def set(self, name: str, **values: Any) -> None:
        resource_rows.update(self.row(name).id, values)

    def updated(self, name: str, props: dict[str, Any]) -> None:
        """As engine-1 left a resource it updated in place to the new template."""
        CALLS.append((name, "update"))
        self.set(name, action="UPDATE", status="COMPLETE", properties_data=props,
                 current_template_id=self.new)

    def resume(self, engine: EngineContext) -> Any:
        assert stack_locks.create(self.id, LIVE) is None
        op = update_resume.resume_update(
            engine, stacks.get(self.id), lambda: stack_locks.release(self.id, LIVE),
            dead_engine=DEAD)
        assert op.wait(30)
        return stacks.get(self.id)


def calls(name: str) -> list[str]:
    return [what for who, what in CALLS if who == name]


def gone(template_id: int) -> bool:
    try:
        raw_templates.get(template_id)
    except exception.NotFound:
        return True
    return False


def assert_ended_clean(started: Started, template_id: int, dropped: int | None) -> None:
    row = stacks.get(started.id)
    assert row.raw_template_id == template_id and row.prev_raw_template_id is None
    assert not gone(template_id)
    if dropped is not None:
        assert gone(dropped)
    assert stack_locks.get_engine_id(started.id) is None


def test_an_update_goes_on_without_redoing_what_completed(engine1, engine2, ctxt):
    started = Started(engine1, ctxt)
    started.updated("a", {"value": "2", "size": "s"})
    # b's replacement was stored but not created yet.
    old_b = started.row("b")
    started.set("b", action="UPDATE", status="COMPLETE",
                status_reason=str(resource.UpdateReplace("b")))
    insert_row(started.id, "b", "Test::Counted", ["a"], started.new)
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert calls("a") == ["update"]
    assert calls("b") == ["create", "delete"]
    assert calls("c") == ["update"] and calls("d") == ["create"]
    assert calls("gone") == ["delete"]
    rows = started.rows()
    assert sorted(rows) == ["a", "b", "c", "d"]
    assert all(len(v) == 1 and v[0].current_template_id == started.new
               and v[0].status == "COMPLETE" for v in rows.values())
    assert rows["b"][0].id != old_b.id
    assert_ended_clean(started, started.new, started.old)


def test_a_resource_left_in_progress_fails_naming_the_dead_engine(engine1, engine2, ctxt):
    started = Started(engine1, ctxt)
    started.updated("a", {"value": "2", "size": "s"})
    started.set("c", action="UPDATE", status="IN_PROGRESS")
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "FAILED")
    assert "Engine %s went down during resource UPDATE" % DEAD in row.status_reason
    c = started.row("c")
    assert (c.action, c.status) == ("UPDATE", "FAILED") and DEAD in c.status_reason
    assert calls("a") == ["update"] and calls("c") == []
    stored_event = events.list(started.id, filters={"resource_name": "c",
                                                    "resource_status": "FAILED"})
    assert stored_event and DEAD in stored_event[0].resource_status_reason
    # The stack keeps the template it failed on; the one it left stays
    # only because rows not reached (b, c, gone) still refer to it.
    assert_ended_clean(started, started.new, None)
    assert not gone(started.old)


def typed(template: dict[str, Any], **types: str) -> dict[str, Any]:
    """``template`` with the named resources of another type."""
    out = copy.deepcopy(template)
    for name, type_name in types.items():
        out["resources"][name]["type"] = type_name
    return out


def went_on(started: Started, name: str) -> list[str]:
    """The events saying how the takeover went on with resource ``name``."""
    return [e.resource_status_reason for e in events.list(
        started.id, filters={"resource_name": name})
        if "went down" in (e.resource_status_reason or "")]


def test_an_update_left_in_progress_is_redriven(engine1, engine2, ctxt):
    started = Started(engine1, ctxt, old=typed(V1, c="Test::Redriven"),
                      new=typed(V2, c="Test::Redriven"))
    started.updated("a", {"value": "2", "size": "s"})
    started.set("c", action="UPDATE", status="IN_PROGRESS")
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert calls("a") == ["update"] and calls("c") == ["update"]
    c = started.row("c")
    assert (c.action, c.status) == ("UPDATE", "COMPLETE")
    assert c.properties_data == {"value": "2", "size": "s"}
    assert c.current_template_id == started.new
    assert went_on(started, "c") == [
        "Engine %s went down during resource UPDATE; re-driven by engine %s" % (DEAD, LIVE)]
    assert_ended_clean(started, started.new, started.old)


def test_a_replacement_left_creating_is_created_again(engine1, engine2, ctxt):
    started = Started(engine1, ctxt, old=typed(V1, b="Test::Redriven"),
                      new=typed(V2, b="Test::Redriven"))
    started.updated("a", {"value": "2", "size": "s"})
    old_b = started.row("b")
    started.set("b", action="UPDATE", status="COMPLETE",
                status_reason=str(resource.UpdateReplace("b")))
    new_b = insert_row(started.id, "b", "Test::Redriven", ["a"], started.new)
    resource_rows.update(new_b.id, {"action": "CREATE", "status": "IN_PROGRESS"})
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    # The replacement is created (again), the replaced row deleted, once each.
    assert calls("b") == ["create", "delete"] and calls("a") == ["update"]
    (b,) = started.rows()["b"]
    assert b.id == new_b.id and (b.action, b.status) == ("CREATE", "COMPLETE")
    assert b.id != old_b.id and b.properties_data == {"value": "1", "size": "L"}
    assert any("CREATE; re-driven" in reason for reason in went_on(started, "b"))
    assert_ended_clean(started, started.new, started.old)


def test_a_clean_up_delete_left_in_progress_is_redriven(engine1, engine2, ctxt):
    started = Started(engine1, ctxt, old=typed(V1, gone="Test::Redriven"))
    for name in ("a", "c"):
        started.updated(name, {"value": "2", "size": "s"})
    CALLS.clear()
    # The delete of "gone" was under way (b and d are left to the walk).
    started.set("gone", action="DELETE", status="IN_PROGRESS")
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert calls("gone") == ["delete"] and calls("a") == [] and calls("c") == []
    assert "gone" not in started.rows()
    assert not events.list(started.id, filters={"resource_name": "gone",
                                                "resource_status": "FAILED"})
    assert_ended_clean(started, started.new, started.old)


@pytest.mark.parametrize("handled", [True, False])
def test_a_checked_update_is_waited_on_or_started(engine1, engine2, ctxt, handled):
    """CHECK: check_update_complete goes on with the plugin's takeover
    cookie, or handle_update runs (with the diff) when that says the
    update never got under way."""
    Checked.started = handled
    Checked.cookies = []
    started = Started(engine1, ctxt, old=typed(V1, c="Test::Checked"),
                      new=typed(V2, c="Test::Checked"))
    started.set("c", action="UPDATE", status="IN_PROGRESS")
    physical_id = started.row("c").physical_resource_id
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    if handled:
        assert calls("c") == [] and Checked.cookies == [("left by", physical_id)]
    else:
        assert calls("c") == ["update"]
        assert Checked.cookies == [("handled", {"value": "2"})]
    c = started.row("c")
    assert (c.action, c.status) == ("UPDATE", "COMPLETE")
    assert c.properties_data == {"value": "2", "size": "s"}
    assert went_on(started, "c") == [
        "Engine %s went down during resource UPDATE; checked by engine %s" % (DEAD, LIVE)]


def test_a_failure_with_rollback_enabled_rolls_the_stack_back(engine1, engine2, ctxt):
    started = Started(engine1, ctxt, disable_rollback=False)
    started.updated("a", {"value": "2", "size": "s"})
    started.set("c", action="UPDATE", status="IN_PROGRESS")
    row = started.resume(engine2)
    assert (row.action, row.status) == ("ROLLBACK", "COMPLETE"), row.status_reason
    # a goes back (the rollback's own update); d, made meanwhile, goes; c,
    # failed as unknown, is replaced at the old definition, as Heat rolls
    # back over a failed resource.
    assert calls("a") == ["update", "update"] and calls("c") == ["create", "delete"]
    assert calls("d") == ["create", "delete"] and calls("gone") == []
    rows = started.rows()
    assert sorted(rows) == ["a", "b", "c", "gone"]
    assert rows["a"][0].properties_data == {"value": "1", "size": "s"}
    assert_ended_clean(started, started.old, started.new)


def test_an_update_interrupted_in_its_clean_up_finishes_it(engine1, engine2, ctxt):
    started = Started(engine1, ctxt)
    for name in ("a", "c"):
        started.updated(name, {"value": "2", "size": "s"})
    d = insert_row(started.id, "d", "Test::Counted", [], started.new)
    resource_rows.update(d.id, {"action": "CREATE", "status": "COMPLETE",
                                "properties_data": {"value": "1", "size": "s"}})
    old_b = started.row("b")
    started.set("b", action="UPDATE", status="COMPLETE",
                status_reason=str(resource.UpdateReplace("b")))
    new_b = insert_row(started.id, "b", "Test::Counted", ["a"], started.new)
    resource_rows.update(new_b.id, {"action": "CREATE", "status": "COMPLETE",
                                    "properties_data": {"value": "1", "size": "L"}})
    # The clean-up was deleting the old b.
    resource_rows.update(old_b.id, {"action": "DELETE", "status": "IN_PROGRESS"})
    CALLS.clear()
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    # Only deletes: the leftovers (old b failed as unknown, then deleted).
    assert sorted(CALLS) == [("b", "delete"), ("gone", "delete")]
    rows = started.rows()
    assert sorted(rows) == ["a", "b", "c", "d"] and rows["b"][0].id == new_b.id
    assert_ended_clean(started, started.new, started.old)


def test_a_running_rollback_is_finished(engine1, engine2, ctxt):
    started = Started(engine1, ctxt, disable_rollback=False)
    started.updated("a", {"value": "2", "size": "s"})
    d = insert_row(started.id, "d", "Test::Counted", [], started.new)
    resource_rows.update(d.id, {"action": "CREATE", "status": "COMPLETE",
                                "physical_resource_id": "d-0",
                                "properties_data": {"value": "1", "size": "s"}})
    # c failed; the rollback started (as rollback.rollback_update stores it).
    started.set("c", action="UPDATE", status="FAILED", status_reason="boom")
    stacks.update(started.id, {"action": "ROLLBACK", "status": "IN_PROGRESS",
                               "raw_template_id": started.old,
                               "prev_raw_template_id": started.new})
    row = started.resume(engine2)
    assert (row.action, row.status) == ("ROLLBACK", "COMPLETE"), row.status_reason
    assert calls("a") == ["update", "update"] and calls("d") == ["delete"]
    rows = started.rows()
    assert sorted(rows) == ["a", "b", "c", "gone"]
    assert all(len(v) == 1 and v[0].current_template_id == started.old
               for v in rows.values())
    assert rows["a"][0].properties_data == {"value": "1", "size": "s"}
    assert_ended_clean(started, started.old, started.new)


def test_a_create_rollback_is_finished(engine1, engine2, ctxt):
    ident = engine1.create_stack(ctxt, "c", V1, {}, {}, {"disable_rollback": False})
    wait_idle(engine1, ident["stack_id"])
    stack_id = ident["stack_id"]
    resource_rows.update(next(r.id for r in resource_rows.get_all_by_stack(stack_id)
                              if r.name == "a"), {"action": "DELETE", "status": "IN_PROGRESS"})
    stacks.update(stack_id, {"action": "ROLLBACK", "status": "IN_PROGRESS"})
    CALLS.clear()
    assert stack_locks.create(stack_id, LIVE) is None
    op = update_resume.resume_update(engine2, stacks.get(stack_id),
                                     lambda: stack_locks.release(stack_id, LIVE), DEAD)
    assert op.wait(30)
    row = stacks.get(stack_id)
    assert (row.action, row.status) == ("ROLLBACK", "COMPLETE"), row.status_reason
    assert sorted(CALLS) == [("a", "delete"), ("b", "delete"), ("c", "delete"),
                             ("gone", "delete")]
    assert resource_rows.get_all_by_stack(stack_id) == []
    assert stack_locks.get_engine_id(stack_id) is None


def test_an_update_whose_previous_template_is_unknown_fails_saying_so(engine1, engine2,
                                                                      ctxt):
    started = Started(engine1, ctxt)
    stacks.update(started.id, {"prev_raw_template_id": None})
    started.set("c", action="UPDATE", status="IN_PROGRESS")
    row = started.resume(engine2)
    assert (row.action, row.status) == ("UPDATE", "FAILED")
    assert "cannot be resumed" in row.status_reason and DEAD in row.status_reason
    assert CALLS == []
    # Nothing is left IN_PROGRESS, with nobody to drive it.
    c = started.row("c")
    assert (c.action, c.status) == ("UPDATE", "FAILED") and c.status_reason == row.status_reason
    assert stack_locks.get_engine_id(started.id) is None


class Blocking(Counted):
    """Counted, but c's update waits for the test."""

    release = threading.Event()
    entered = threading.Event()

    def handle_update(self, prop_diff: Any) -> Any:
        if self.ctx.name == "c":
            Blocking.entered.set()
            assert Blocking.release.wait(30)
        return super().handle_update(prop_diff)


def test_a_handed_off_update_is_resumed_by_another_engine(conf, ctxt, engine2):
    """Graceful stop (contract (c)): engine-1 hands the update off while c
    runs; c finishes, nothing else starts, no final state, lock kept."""
    CALLS.clear()
    Blocking.release.clear()
    Blocking.entered.clear()
    registry = Registry([("builtin", builtin_types()),
                         ("test", {"Test::Counted": Blocking})])
    svc = EngineService(conf, "host-1", DEAD, registry=registry)
    svc.start()
    try:
        ident = svc.create_stack(ctxt, "h", hot({"c": counted("1"),
                                                 "e": counted("1", depends_on=["c"])}),
                                 {}, {}, {})
        wait_idle(svc, ident["stack_id"])
        CALLS.clear()
        StackUpdateService(svc).update_stack(
            ctxt, ident, hot({"c": counted("2"), "e": counted("2", depends_on=["c"])}),
            {}, {}, {})
        assert Blocking.entered.wait(30)
        op = svc.threads.get(ident["stack_id"])
        assert op.hand_off()
        Blocking.release.set()
        assert op.wait(30)
    finally:
        Blocking.release.set()
        svc.stop(10)
    stack_id = ident["stack_id"]
    row = stacks.get(stack_id)
    assert (row.action, row.status) == ("UPDATE", "IN_PROGRESS")
    assert stack_locks.get_engine_id(stack_id) == DEAD
    assert calls("c") == ["update"] and calls("e") == []
    assert stack_locks.steal(stack_id, DEAD, LIVE)
    engine2.registry = registry
    op = update_resume.resume_update(engine2, row,
                                     lambda: stack_locks.release(stack_id, LIVE), DEAD)
    assert op.wait(30)
    row = stacks.get(stack_id)
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert calls("c") == ["update"] and calls("e") == ["update"]
    assert row.prev_raw_template_id is None
    assert stack_locks.get_engine_id(stack_id) is None
