"""heatlite.db.stacks on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from heatlite.common import exception
from heatlite.db import events, models, raw_templates, resources, stack_listing, stacks
from tests.unit.db.fixtures import at, new_stack


def names(rows):
    return [row.name for row in rows]


# -- create / get --------------------------------------------------------------

def test_create_fills_defaults_and_tags(db):
    stack = new_stack("s1", tags=("b", "a"), user_id="u1", timeout=10)
    assert len(stack.id) == 36
    assert stack.deleted_at is None and stack.deleted_marker == models.LIVE
    assert stack.nested_depth == 0
    assert stack.created_at.tzinfo is None
    assert abs(stack.created_at - models.utcnow()) < timedelta(minutes=1)
    loaded = stacks.get(stack.id)
    assert loaded is not None
    assert [t.tag for t in loaded.tags] == ["b", "a"]
    assert (loaded.user_id, loaded.timeout, loaded.action, loaded.status) == \
        ("u1", 10, "CREATE", "COMPLETE")


def test_get_scopes_by_tenant_and_stack_user_project(db):
    stack = new_stack("s1", tenant="tenant-a", stack_user_project_id="sup")
    assert stacks.get(stack.id, tenant="tenant-a") is not None
    assert stacks.get(stack.id, tenant="sup") is not None
    assert stacks.get(stack.id, tenant="tenant-b") is None
    assert stacks.get(stack.id) is not None
    assert stacks.get("no-such-id") is None


def test_duplicate_live_name_in_tenant_is_stack_exists(db):
    new_stack("dup", tenant="tenant-a")
    with pytest.raises(exception.StackExists) as info:
        new_stack("dup", tenant="tenant-a")
    assert str(info.value) == "The Stack (dup) already exists."
    assert info.value.http_status == 409
    # Another tenant may use the name.
    assert new_stack("dup", tenant="tenant-b").tenant == "tenant-b"


def test_soft_delete_frees_name_drops_tags_and_resources(db):
    stack = new_stack("s1", tags=("x",))
    resources.create_many([{"stack_id": stack.id, "name": "r"}])
    stacks.soft_delete(stack.id)
    assert stacks.get(stack.id) is None
    gone = stacks.get(stack.id, show_deleted=True)
    assert gone is not None and gone.deleted_at is not None
    assert gone.tags == []
    assert resources.get_all_by_stack(stack.id) == []
    again = new_stack("s1")
    assert again.id != stack.id
    # Deleting twice, or deleting what never existed, is NotFound.
    with pytest.raises(exception.NotFound):
        stacks.soft_delete(stack.id)
    with pytest.raises(exception.NotFound):
        stacks.soft_delete("missing")


def test_get_by_name_sees_live_stacks_only(db):
    stack = new_stack("s1", tenant="tenant-a")
    assert stacks.get_by_name("tenant-a", "s1").id == stack.id
    assert stacks.get_by_name("tenant-b", "s1") is None
    stacks.soft_delete(stack.id)
    assert stacks.get_by_name("tenant-a", "s1") is None


def test_concurrent_creates_of_one_name_let_exactly_one_win(db):
    template_id = raw_templates.create({}, {}, {})
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt():
        try:
            stacks.create({"name": "race", "tenant": "tenant-a",
                           "raw_template_id": template_id})
            result = "created"
        except exception.StackExists:
            result = "exists"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created"] + ["exists"] * 7
    assert stack_listing.count("tenant-a") == 1


def test_concurrent_writers_all_succeed(db):
    """Threads creating stacks and events at once neither fail nor lose rows."""
    errors: list[BaseException] = []

    def work(n):
        try:
            stack = new_stack("conc-%d" % n)
            for i in range(10):
                events.create({"stack_id": stack.id, "resource_name": "r%d" % i},
                              max_events=1000)
                stacks.update(stack.id, {"status_reason": "step %d" % i})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    listed = stack_listing.list_summaries("tenant-a")
    assert len(listed) == 6
    for stack in listed:
        assert events.count(stack.id) == 10
        assert stack.status_reason == "step 9"


# -- update ---------------------------------------------------------------------

def test_update_changes_columns_and_replaces_tags(db):
    stack = new_stack("s1", tags=("a", "b"))
    stacks.update(stack.id, {"status": "IN_PROGRESS", "action": "UPDATE",
                             "updated_at": at(5), "outputs": {"o": [1, 2]}},
                  tags=["c"])
    loaded = stacks.get(stack.id)
    assert (loaded.action, loaded.status) == ("UPDATE", "IN_PROGRESS")
    assert loaded.updated_at == at(5)
    assert loaded.outputs == {"o": [1, 2]}
    assert [t.tag for t in loaded.tags] == ["c"]
    stacks.update(stack.id, {"status": "COMPLETE"})
    assert [t.tag for t in stacks.get(stack.id).tags] == ["c"]


def test_update_same_values_is_not_an_error(db):
    stack = new_stack("s1")
    stacks.update(stack.id, {"status": "COMPLETE"})
    stacks.update(stack.id, {"status": "COMPLETE"})
    assert stacks.get(stack.id).status == "COMPLETE"


def test_update_rename_onto_taken_name_is_stack_exists(db):
    new_stack("one")
    two = new_stack("two")
    with pytest.raises(exception.StackExists):
        stacks.update(two.id, {"name": "one"})
    assert stacks.get(two.id).name == "two"


def test_update_missing_or_deleted_stack_is_not_found(db):
    with pytest.raises(exception.NotFound) as info:
        stacks.update("missing", {"status": "FAILED"})
    assert "missing" in str(info.value)
    stack = new_stack("s1")
    stacks.soft_delete(stack.id)
    with pytest.raises(exception.NotFound):
        stacks.update(stack.id, {"status": "FAILED"})


def test_update_unknown_column_is_a_bug(db):
    stack = new_stack("s1")
    with pytest.raises(ValueError):
        stacks.update(stack.id, {"colour": "red"})


def test_purge_deleted_removes_old_rows_and_unused_templates(db):
    old = new_stack("old")
    keep = new_stack("keep")
    events.create({"stack_id": old.id, "resource_name": "r"})
    stacks.soft_delete(old.id)
    assert stacks.purge_deleted(models.utcnow() - timedelta(days=1)) == 0
    assert stacks.purge_deleted(models.utcnow() + timedelta(seconds=1)) == 1
    assert stacks.get(old.id, show_deleted=True) is None
    assert events.count(old.id) == 0
    with pytest.raises(exception.NotFound):
        raw_templates.get(old.raw_template_id)
    assert raw_templates.get(keep.raw_template_id).id == keep.raw_template_id


def test_purge_deleted_removes_the_template_an_update_was_leaving(db):
    old = new_stack("old")
    prev = raw_templates.create({"prev": True}, None, None)
    stacks.update(old.id, {"prev_raw_template_id": prev})
    stacks.soft_delete(old.id)
    assert stacks.purge_deleted(models.utcnow() + timedelta(seconds=1)) == 1
    with pytest.raises(exception.NotFound):
        raw_templates.get(prev)


# -- update_with_event, list_summaries, get with tags ---------------------------------

def _stack_event(status):
    return {"resource_name": "s", "resource_action": "UPDATE", "resource_status": status,
            "resource_type": "OS::Heat::Stack", "resource_properties": {}}


def test_update_with_event_writes_both(db):
    stack = new_stack("s1")
    assert stacks.update_with_event(stack.id, {"action": "UPDATE", "status": "COMPLETE",
                                               "outputs": [{"output_key": "o"}]},
                                    _stack_event("COMPLETE"), max_events=10) == 1
    loaded = stacks.get(stack.id)
    assert (loaded.action, loaded.status, loaded.outputs) == \
        ("UPDATE", "COMPLETE", [{"output_key": "o"}])
    (event,) = events.list(stack.id)
    assert (event.stack_id, event.resource_status) == (stack.id, "COMPLETE")
    assert stacks.update_with_event(stack.id, {"status": "FAILED"},
                                    _stack_event("FAILED")) is None


def test_update_with_event_missing_deleted_or_clash(db):
    one = new_stack("one")
    two = new_stack("two")
    with pytest.raises(exception.NotFound, match="missing"):
        stacks.update_with_event("missing", {"status": "FAILED"}, _stack_event("FAILED"))
    with pytest.raises(exception.StackExists):
        stacks.update_with_event(two.id, {"name": "one"}, _stack_event("COMPLETE"))
    with pytest.raises(ValueError):
        stacks.update_with_event(two.id, {"colour": "red"}, _stack_event("COMPLETE"))
    stacks.soft_delete(one.id)
    with pytest.raises(exception.NotFound):
        stacks.update_with_event(one.id, {"status": "FAILED"}, _stack_event("FAILED"))
    assert events.count(one.id) == events.count(two.id) == 0
    assert stacks.get(two.id).name == "two"


def test_get_and_get_by_name_load_every_tag(db):
    stack = new_stack("tagged", tags=("a", "b", "c"))
    assert [t.tag for t in stacks.get(stack.id).tags] == ["a", "b", "c"]
    assert [t.tag for t in stacks.get_by_name("tenant-a", "tagged").tags] == ["a", "b", "c"]


def test_get_by_name_prefers_the_tenants_own_stack_and_keeps_its_tags(db):
    # tenant-b reaches "shared" of tenant-a as its stack-user project, and
    # has a live "shared" of its own: its own wins, with its own tags only.
    new_stack("shared", tenant="tenant-a", stack_user_project_id="tenant-b",
              tags=("theirs-1", "theirs-2"))
    own = new_stack("shared", tenant="tenant-b", tags=("mine",))
    found = stacks.get_by_name("tenant-b", "shared")
    assert found.id == own.id and found.tenant == "tenant-b"
    assert [t.tag for t in found.tags] == ["mine"]
    stacks.soft_delete(own.id)
    reached = stacks.get_by_name("tenant-b", "shared")
    assert reached.tenant == "tenant-a"
    assert [t.tag for t in reached.tags] == ["theirs-1", "theirs-2"]


def test_get_returns_every_column(db):
    stack = new_stack("cols", tenant="tenant-a", username="alice", timeout=7,
                      stack_user_project_id="sup")
    got = stacks.get(stack.id, tenant="tenant-a", show_deleted=True)
    for column in models.Stack.__table__.columns:
        if column.name != "deleted_marker":
            assert getattr(got, column.name) == getattr(stack, column.name), column.name


def test_soft_delete_drops_the_templates_only_its_rows_used(db):
    stack, other = new_stack("s1"), new_stack("s2")
    old = raw_templates.create({"old": True}, None, None)
    shared = raw_templates.create({"shared": True}, None, None)
    resources.create_many([
        {"stack_id": stack.id, "name": "a", "current_template_id": old},
        {"stack_id": stack.id, "name": "b", "current_template_id": stack.raw_template_id},
        {"stack_id": stack.id, "name": "c", "current_template_id": shared},
        {"stack_id": other.id, "name": "d", "current_template_id": shared}])
    stacks.soft_delete(stack.id)
    with pytest.raises(exception.NotFound):
        raw_templates.get(old)
    # The deleted stack still shows its template; another stack's row holds one.
    assert raw_templates.get(stack.raw_template_id).id == stack.raw_template_id
    assert raw_templates.get(shared).template == {"shared": True}
    assert resources.delete_by_stack(other.id) == 1
    with pytest.raises(exception.NotFound):
        raw_templates.get(shared)
