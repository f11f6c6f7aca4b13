"""heatlite.db.stack_listing on the ``db`` fixture's backend: order, paging, filters."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import stack_listing, stack_rows, stacks
from tests.unit.db.fixtures import at, new_stack


listing = stack_listing.list_summaries


def names(rows):
    return [row.name for row in rows]


# -- list: order and pages ------------------------------------------------------------

def _three():
    a = new_stack("alpha", created_at=at(1), status="FAILED")
    b = new_stack("bravo", created_at=at(3), updated_at=at(10))
    c = new_stack("charlie", created_at=at(2), updated_at=at(5), status="IN_PROGRESS")
    return a, b, c


def test_list_default_is_newest_first(db):
    _three()
    assert names(listing("tenant-a")) == ["bravo", "charlie", "alpha"]


def test_list_sort_keys_api_and_column_names(db):
    _three()
    assert names(listing("tenant-a", sort_keys=["stack_name"])) == \
        ["alpha", "bravo", "charlie"]
    assert names(listing("tenant-a", sort_keys="name", sort_dir="desc")) == \
        ["charlie", "bravo", "alpha"]
    assert names(listing("tenant-a", sort_keys=["creation_time"], sort_dir="asc")) == \
        ["alpha", "charlie", "bravo"]
    assert names(listing("tenant-a", sort_keys=["stack_status", "name"])) == \
        ["bravo", "alpha", "charlie"]


def test_list_sort_by_updated_time_puts_nulls_lowest(db):
    _three()
    assert names(listing("tenant-a", sort_keys=["updated_time"])) == \
        ["alpha", "charlie", "bravo"]
    assert names(listing("tenant-a", sort_keys=["updated_at"], sort_dir="desc")) == \
        ["bravo", "charlie", "alpha"]
    assert names(listing("tenant-a", sort_keys=["updated_at"],
                             sort_dir="desc-nullsfirst")) == ["alpha", "bravo", "charlie"]
    assert names(listing("tenant-a", sort_keys=["updated_at"],
                             sort_dir="asc-nullslast")) == ["charlie", "bravo", "alpha"]


def test_list_unknown_sort_keys_are_ignored_as_in_heat(db):
    _three()
    assert names(listing("tenant-a", sort_keys=["bogus"])) == \
        ["bravo", "charlie", "alpha"]
    assert names(listing("tenant-a", sort_keys=["bogus"], sort_dir="asc")) == \
        ["alpha", "charlie", "bravo"]


def test_list_bad_sort_dir_is_bad_request(db):
    with pytest.raises(exception.BadRequest) as info:
        listing("tenant-a", sort_dir="sideways")
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
    full = listing("tenant-a", sort_keys=sort_keys, sort_dir=sort_dir)
    assert len(full) == 7
    walked, marker = [], None
    while True:
        page = listing("tenant-a", sort_keys=sort_keys, sort_dir=sort_dir,
                           limit=3, marker=marker)
        assert len(page) <= 3
        if not page:
            break
        walked.extend(page)
        marker = page[-1].id
    assert [s.id for s in walked] == [s.id for s in full]


def test_list_limit_and_unknown_marker(db):
    _three()
    assert names(listing("tenant-a", limit=2)) == ["bravo", "charlie"]
    assert names(listing("tenant-a", limit="1")) == ["bravo"]
    assert names(listing("tenant-a", marker="no-such-stack")) == \
        ["bravo", "charlie", "alpha"]
    with pytest.raises(exception.BadRequest):
        listing("tenant-a", limit="many")
    with pytest.raises(exception.BadRequest):
        listing("tenant-a", limit=-1)


# -- list: filters --------------------------------------------------------------------

def test_list_tenant_scope(db):
    new_stack("mine", tenant="tenant-a")
    new_stack("theirs", tenant="tenant-b")
    assert names(listing("tenant-a")) == ["mine"]
    assert sorted(names(listing(None))) == ["mine", "theirs"]
    assert names(listing(None, filters={"tenant": "tenant-b"})) == ["theirs"]


def test_list_filters_exact_and_any_of(db):
    a, b, c = _three()
    assert names(listing("tenant-a", filters={"name": "bravo"})) == ["bravo"]
    assert names(listing("tenant-a", filters={"stack_name": ["alpha", "bravo"]})) == \
        ["bravo", "alpha"]
    assert names(listing("tenant-a", filters={"id": c.id})) == ["charlie"]
    assert names(listing("tenant-a", filters={"action": "CREATE",
                                                  "username": "nobody"})) == []


def test_list_status_filter_bare_or_combined(db):
    _three()
    stacks.update(stacks.get_by_name("tenant-a", "bravo").id, {"action": "UPDATE"})
    assert names(listing("tenant-a", filters={"status": "FAILED"})) == ["alpha"]
    assert names(listing("tenant-a", filters={"status": "CREATE_FAILED"})) == ["alpha"]
    assert names(listing("tenant-a", filters={"status": "UPDATE_FAILED"})) == []
    assert names(listing("tenant-a", filters={"status": "UPDATE_COMPLETE"})) == ["bravo"]
    assert names(listing("tenant-a", filters={
        "stack_status": ["CREATE_IN_PROGRESS", "COMPLETE"]})) == ["bravo", "charlie"]


def test_list_unknown_filter_is_bad_request(db):
    with pytest.raises(exception.BadRequest):
        listing("tenant-a", filters={"colour": "red"})


def test_list_nested_and_deleted(db):
    parent = new_stack("parent")
    child = new_stack("parent-child", owner_id=parent.id, nested_depth=1)
    gone = new_stack("gone")
    stacks.soft_delete(gone.id)
    assert names(listing("tenant-a")) == ["parent"]
    assert sorted(names(listing("tenant-a", show_nested=True))) == \
        ["parent", "parent-child"]
    assert sorted(names(listing("tenant-a", show_deleted=True))) == ["gone", "parent"]
    assert names(listing("tenant-a", show_nested=True,
                             filters={"owner_id": parent.id})) == ["parent-child"]
    assert [s.id for s in stack_rows.children(parent.id)] == [child.id]
    assert stack_listing.count("tenant-a") == 1
    assert stack_listing.count("tenant-a", show_nested=True, show_deleted=True) == 3


def test_list_tag_filters(db):
    new_stack("ab", tags=("a", "b"))
    new_stack("a", tags=("a",))
    new_stack("c", tags=("c",))
    new_stack("none")

    def listed(**kwargs):
        return sorted(names(listing("tenant-a", **kwargs)))

    assert listed(tags=["a", "b"]) == ["ab"]
    assert listed(tags=["a"]) == ["a", "ab"]
    assert listed(tags_any=["b", "c"]) == ["ab", "c"]
    assert listed(not_tags=["a", "b"]) == ["a", "c", "none"]
    assert listed(not_tags_any=["a", "c"]) == ["none"]
    assert stack_listing.count("tenant-a", tags_any=["a"]) == 2


def test_hidden_stack_tags_hide_unless_show_hidden(db):
    new_stack("hidden", tags=("data-processing-cluster",))
    new_stack("shown")
    assert names(listing("tenant-a")) == ["shown"]
    assert sorted(names(listing("tenant-a", show_hidden=True))) == ["hidden", "shown"]
    assert stack_listing.count_live("tenant-a") == 1
    db.set_override("hidden_stack_tags", [])
    assert sorted(names(listing("tenant-a"))) == ["hidden", "shown"]


def test_count_live_counts_live_top_level_stacks_of_the_tenant(db):
    parent = new_stack("p")
    new_stack("p-c", owner_id=parent.id)
    stacks.soft_delete(new_stack("gone").id)
    new_stack("other", tenant="tenant-b")
    assert stack_listing.count_live("tenant-a") == 1


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
def test_summaries_carry_the_stack_columns_and_pages_follow_the_order(db, kwargs):
    parent = new_stack("parent", tags=("a", "b"), created_at=at(1), timeout=5)
    new_stack("child", owner_id=parent.id, nested_depth=1, created_at=at(2),
              stack_user_project_id="sup")
    new_stack("hidden", tags=("data-processing-cluster",), created_at=at(3))
    gone = new_stack("gone", created_at=at(4), updated_at=at(9), username="u")
    stacks.soft_delete(gone.id)
    new_stack("other", tags=("a",), created_at=at(5), status="FAILED", updated_at=at(7))
    page = listing("tenant-a", **kwargs)
    assert page
    for summary in page:
        record = stacks.get(summary.id, show_deleted=True)
        assert _summary_fields(summary) == _summary_fields(record)
    if "limit" in kwargs:
        whole = listing("tenant-a", **dict(kwargs, limit=None))
        assert [s.id for s in page] == [s.id for s in whole[:kwargs["limit"]]]
        after = listing("tenant-a", marker=page[-1].id, **kwargs)
        start = len(page)
        assert [s.id for s in after] == [s.id for s in whole[start:start + kwargs["limit"]]]


def test_one_shape_of_listing_serves_every_tenant(db):
    # The statement of a listing shape is kept; the tenant stays a parameter.
    new_stack("mine", tenant="tenant-a")
    new_stack("theirs", tenant="tenant-b")
    for _ in range(2):
        assert names(listing("tenant-a", limit=5)) == ["mine"]
        assert names(listing("tenant-b", limit=5)) == ["theirs"]
        assert sorted(names(listing(None, limit=5))) == ["mine", "theirs"]
        assert stack_listing.count("tenant-b") == 1


def test_list_summaries_keep_each_stacks_tags_in_order(db):
    for i in range(30):
        new_stack("s%04d" % i, tags=tuple("t%d-%d" % (i, k) for k in (3, 1, 2)[:i % 4]))
    rows = listing("tenant-a")
    assert len(rows) == 30
    for row in rows:
        i = int(row.name[1:])
        assert [t.tag for t in row.tags] == ["t%d-%d" % (i, k) for k in (3, 1, 2)[:i % 4]]
    page = listing("tenant-a", limit=7, sort_keys=["name"], sort_dir="asc",
                   marker=rows[-1].id)
    assert [[t.tag for t in r.tags] for r in page] == \
        [["t%d-%d" % (i, k) for k in (3, 1, 2)[:i % 4]] for i in range(1, 8)]

