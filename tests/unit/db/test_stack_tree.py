"""Tree queries over nested stacks."""

from __future__ import annotations

from heatlite.db import raw_templates, resources, stack_tree, stacks


def _stack(sid, owner=None, tenant="t"):
    tid = raw_templates.create({}, {}, {})
    return stacks.create({"id": sid, "name": "n-" + sid[-4:], "raw_template_id": tid,
                          "tenant": tenant, "owner_id": owner,
                          "nested_depth": 0 if owner is None else 1})


def test_root_tree_and_counts(db):
    root = _stack("00000000-0000-0000-0000-000000000001")
    child = _stack("00000000-0000-0000-0000-000000000002", owner=root.id)
    grand = _stack("00000000-0000-0000-0000-000000000003", owner=child.id)
    resources.create_many([{"stack_id": s, "name": "r%d" % i}
                           for i, s in enumerate([root.id, child.id, grand.id, grand.id])])
    assert stack_tree.root_id(grand) == root.id
    assert set(stack_tree.tree_ids(root.id)) == {root.id, child.id, grand.id}
    assert stack_tree.count_tree_resources(root.id) == 4
    assert stack_tree.count_resources([grand.id]) == 2
    assert stack_tree.count_resources([]) == 0


def test_count_tree_of_walks_up_then_down(db):
    root = _stack("00000000-0000-0000-0000-000000000001")
    child = _stack("00000000-0000-0000-0000-000000000002", owner=root.id)
    grand = _stack("00000000-0000-0000-0000-000000000003", owner=child.id)
    other = _stack("00000000-0000-0000-0000-000000000004")
    resources.create_many([{"stack_id": s, "name": "r%d" % i}
                           for i, s in enumerate([root.id, child.id, grand.id, grand.id,
                                                  other.id])])
    for member in (root, child, grand):
        assert stack_tree.count_tree_of(member.id) == 4
    assert stack_tree.count_tree_of(other.id) == 1
    assert stack_tree.count_tree_of("00000000-0000-0000-0000-00000000dead") == 0


def test_count_tree_of_skips_deleted_children(db):
    root = _stack("00000000-0000-0000-0000-000000000001")
    child = _stack("00000000-0000-0000-0000-000000000002", owner=root.id)
    resources.create_many([{"stack_id": root.id, "name": "a"},
                           {"stack_id": child.id, "name": "b"}])
    stacks.soft_delete(child.id)
    assert stack_tree.count_tree_of(root.id) == 1


def test_count_tree_of_stops_at_a_missing_owner(db):
    orphan = _stack("00000000-0000-0000-0000-000000000005",
                    owner="00000000-0000-0000-0000-00000000beef")
    resources.create_many([{"stack_id": orphan.id, "name": "a"}])
    assert stack_tree.count_tree_of(orphan.id) == 1
