"""heatlite.db.stacks on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from heatlite.common import exception
from heatlite.db import events, models, raw_templates, resources, stacks
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
    assert stacks.count("tenant-a") == 1


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
    listed = stacks.list("tenant-a")
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


# -- list: order and pages ------------------------------------------------------------

def _three():
    a = new_stack("alpha", created_at=at(1), status="FAILED")
    b = new_stack("bravo", created_at=at(3), updated_at=at(10))
    c = new_stack("charlie", created_at=at(2), updated_at=at(5), status="IN_PROGRESS")
    return a, b, c


def test_list_default_is_newest_first(db):
    _three()
    assert names(stacks.list("tenant-a")) == ["bravo", "charlie", "alpha"]


def test_list_sort_keys_api_and_column_names(db):
    _three()
    assert names(stacks.list("tenant-a", sort_keys=["stack_name"])) == \
        ["alpha", "bravo", "charlie"]
    assert names(stacks.list("tenant-a", sort_keys="name", sort_dir="desc")) == \
        ["charlie", "bravo", "alpha"]
    assert names(stacks.list("tenant-a", sort_keys=["creation_time"], sort_dir="asc")) == \
        ["alpha", "charlie", "bravo"]
    assert names(stacks.list("tenant-a", sort_keys=["stack_status", "name"])) == \
        ["bravo", "alpha", "charlie"]


def test_list_sort_by_updated_time_puts_nulls_lowest(db):
    _three()
    assert names(stacks.list("tenant-a", sort_keys=["updated_time"])) == \
        ["alpha", "charlie", "bravo"]
    assert names(stacks.list("tenant-a", sort_keys=["updated_at"], sort_dir="desc")) == \
        ["bravo", "charlie", "alpha"]
    assert names(stacks.list("tenant-a", sort_keys=["updated_at"],
                             sort_dir="desc-nullsfirst")) == ["alpha", "bravo", "charlie"]
    assert names(stacks.list("tenant-a", sort_keys=["updated_at"],
                             sort_dir="asc-nullslast")) == ["charlie", "bravo", "alpha"]


def test_list_unknown_sort_keys_are_ignored_as_in_heat(db):
    _three()
    assert names(stacks.list("tenant-a", sort_keys=["bogus"])) == \
        ["bravo", "charlie", "alpha"]
    assert names(stacks.list("tenant-a", sort_keys=["bogus"], sort_dir="asc")) == \
        ["alpha", "charlie", "bravo"]


def test_list_bad_sort_dir_is_bad_request(db):
    with pytest.raises(exception.BadRequest) as info:
        stacks.list("tenant-a", sort_dir="sideways")
    assert info.value.http_status == 400
    assert str(info.value).startswith("Unknown sort direction, must be one of: ")


@pytest.mark.parametrize("sort_keys,sort_dir", [
    (None, None), (["updated_time"], "asc"), (["updated_time"], "desc"),
    (["updated_at"], "desc-nullsfirst"), (["stack_status", "name"], "desc"),
])
def test_marker_pages_walk_the_whole_order(db, sort_keys, sort_dir):
    for i in range(7):
        new_stack("s%d" % i, created_at=at(i % 3),
                  updated_at=None if i % 2 else at(20 - i),
                  status=("COMPLETE", "FAILED")[i % 2])
    full = stacks.list("tenant-a", sort_keys=sort_keys, sort_dir=sort_dir)
    assert len(full) == 7
    walked, marker = [], None
    while True:
        page = stacks.list("tenant-a", sort_keys=sort_keys, sort_dir=sort_dir,
                           limit=3, marker=marker)
        assert len(page) <= 3
        if not page:
            break
        walked.extend(page)
        marker = page[-1].id
    assert [s.id for s in walked] == [s.id for s in full]


def test_list_limit_and_unknown_marker(db):
    _three()
    assert names(stacks.list("tenant-a", limit=2)) == ["bravo", "charlie"]
    assert names(stacks.list("tenant-a", limit="1")) == ["bravo"]
    assert names(stacks.list("tenant-a", marker="no-such-stack")) == \
        ["bravo", "charlie", "alpha"]
    with pytest.raises(exception.BadRequest):
        stacks.list("tenant-a", limit="many")
    with pytest.raises(exception.BadRequest):
        stacks.list("tenant-a", limit=-1)


# -- list: filters --------------------------------------------------------------------

def test_list_tenant_scope(db):
    new_stack("mine", tenant="tenant-a")
    new_stack("theirs", tenant="tenant-b")
    assert names(stacks.list("tenant-a")) == ["mine"]
    assert sorted(names(stacks.list(None))) == ["mine", "theirs"]
    assert names(stacks.list(None, filters={"tenant": "tenant-b"})) == ["theirs"]


def test_list_filters_exact_and_any_of(db):
    a, b, c = _three()
    assert names(stacks.list("tenant-a", filters={"name": "bravo"})) == ["bravo"]
    assert names(stacks.list("tenant-a", filters={"stack_name": ["alpha", "bravo"]})) == \
        ["bravo", "alpha"]
    assert names(stacks.list("tenant-a", filters={"id": c.id})) == ["charlie"]
    assert names(stacks.list("tenant-a", filters={"action": "CREATE",
                                                  "username": "nobody"})) == []


def test_list_status_filter_bare_or_combined(db):
    _three()
    stacks.update(stacks.get_by_name("tenant-a", "bravo").id, {"action": "UPDATE"})
    assert names(stacks.list("tenant-a", filters={"status": "FAILED"})) == ["alpha"]
    assert names(stacks.list("tenant-a", filters={"status": "CREATE_FAILED"})) == ["alpha"]
    assert names(stacks.list("tenant-a", filters={"status": "UPDATE_FAILED"})) == []
    assert names(stacks.list("tenant-a", filters={"status": "UPDATE_COMPLETE"})) == ["bravo"]
    assert names(stacks.list("tenant-a", filters={
        "stack_status": ["CREATE_IN_PROGRESS", "COMPLETE"]})) == ["bravo", "charlie"]


def test_list_unknown_filter_is_bad_request(db):
    with pytest.raises(exception.BadRequest):
        stacks.list("tenant-a", filters={"colour": "red"})


def test_list_nested_and_deleted(db):
    parent = new_stack("parent")
    child = new_stack("parent-child", owner_id=parent.id, nested_depth=1)
    gone = new_stack("gone")
    stacks.soft_delete(gone.id)
    assert names(stacks.list("tenant-a")) == ["parent"]
    assert sorted(names(stacks.list("tenant-a", show_nested=True))) == \
        ["parent", "parent-child"]
    assert sorted(names(stacks.list("tenant-a", show_deleted=True))) == ["gone", "parent"]
    assert names(stacks.list("tenant-a", show_nested=True,
                             filters={"owner_id": parent.id})) == ["parent-child"]
    assert [s.id for s in stacks.children(parent.id)] == [child.id]
    assert stacks.count("tenant-a") == 1
    assert stacks.count("tenant-a", show_nested=True, show_deleted=True) == 3


def test_list_tag_filters(db):
    new_stack("ab", tags=("a", "b"))
    new_stack("a", tags=("a",))
    new_stack("c", tags=("c",))
    new_stack("none")

    def listed(**kwargs):
        return sorted(names(stacks.list("tenant-a", **kwargs)))

    assert listed(tags=["a", "b"]) == ["ab"]
    assert listed(tags=["a"]) == ["a", "ab"]
    assert listed(tags_any=["b", "c"]) == ["ab", "c"]
    assert listed(not_tags=["a", "b"]) == ["a", "c", "none"]
    assert listed(not_tags_any=["a", "c"]) == ["none"]
    assert stacks.count("tenant-a", tags_any=["a"]) == 2


def test_hidden_stack_tags_hide_unless_show_hidden(db):
    new_stack("hidden", tags=("data-processing-cluster",))
    new_stack("shown")
    assert names(stacks.list("tenant-a")) == ["shown"]
    assert sorted(names(stacks.list("tenant-a", show_hidden=True))) == ["hidden", "shown"]
    assert stacks.count_live("tenant-a") == 1
    db.set_override("hidden_stack_tags", [])
    assert sorted(names(stacks.list("tenant-a"))) == ["hidden", "shown"]


def test_count_live_counts_live_top_level_stacks_of_the_tenant(db):
    parent = new_stack("p")
    new_stack("p-c", owner_id=parent.id)
    stacks.soft_delete(new_stack("gone").id)
    new_stack("other", tenant="tenant-b")
    assert stacks.count_live("tenant-a") == 1


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


def _summary_fields(row):
    return (row.id, row.name, row.tenant, row.username, row.action, row.status,
            row.status_reason, row.owner_id, row.stack_user_project_id, row.nested_depth,
            row.timeout, row.disable_rollback, row.created_at, row.updated_at,
            row.deleted_at, [t.tag for t in row.tags])


@pytest.mark.parametrize("kwargs", [
    {}, {"sort_keys": ["stack_name"], "sort_dir": "asc"}, {"limit": 2},
    {"sort_keys": ["updated_time"], "sort_dir": "desc-nullsfirst", "limit": 3},
    {"show_nested": True, "show_deleted": True}, {"filters": {"status": "COMPLETE"}},
    {"tags_any": ["a"]}, {"not_tags": ["a", "b"]}, {"show_hidden": True},
])
def test_list_summaries_match_list(db, kwargs):
    parent = new_stack("parent", tags=("a", "b"), created_at=at(1), timeout=5)
    new_stack("child", owner_id=parent.id, nested_depth=1, created_at=at(2),
              stack_user_project_id="sup")
    new_stack("hidden", tags=("data-processing-cluster",), created_at=at(3))
    gone = new_stack("gone", created_at=at(4), updated_at=at(9), username="u")
    stacks.soft_delete(gone.id)
    new_stack("other", tags=("a",), created_at=at(5), status="FAILED", updated_at=at(7))
    full = stacks.list("tenant-a", **kwargs)
    summaries = stacks.list_summaries("tenant-a", **kwargs)
    assert [_summary_fields(s) for s in summaries] == [_summary_fields(s) for s in full]
    if full and "limit" in kwargs:
        marker = full[-1].id
        assert [s.id for s in stacks.list_summaries("tenant-a", marker=marker, **kwargs)] \
            == [s.id for s in stacks.list("tenant-a", marker=marker, **kwargs)]


def test_list_summaries_of_many_stacks_keep_their_tags(db):
    # More stacks than one IN list of tag lookups holds.
    for i in range(stacks._IN_CHUNK + 3):
        new_stack("s%04d" % i, tags=("t%d" % i,))
    rows = stacks.list_summaries("tenant-a")
    assert len(rows) == stacks._IN_CHUNK + 3
    assert all([t.tag for t in r.tags] == ["t%d" % int(r.name[1:])] for r in rows)
