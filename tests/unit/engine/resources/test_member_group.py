"""Group arithmetic and stored-attribute reads of member_group."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine.resources import member_group as mg


def test_batches_follow_heats_arithmetic():
    assert list(mg.batches(4, 4, 2, 1)) == [(4, 2), (4, 2)]
    assert list(mg.batches(3, 0, 1, 0)) == [(1, 1), (2, 1), (3, 1)]
    assert list(mg.batches(2, 2, 5, 0)) == [(2, 2)]
    assert list(mg.batches(1, 3, 1, 0))[-1][0] == 1


def test_rolling_members_keep_newest_and_renew_some():
    old = [("a", {"v": 1}), ("b", {"v": 1}), ("c", {"v": 1})]
    names = iter(["d"])
    out = mg.rolling_members(old, lambda n: {"v": 2}, 2, 1, lambda: next(names))
    assert out == [("b", {"v": 2}), ("c", {"v": 1})]
    out = mg.rolling_members(old, lambda n: {"v": 1}, 4, 1, lambda: next(names))
    assert out[-1] == ("d", {"v": 1}) and len(out) == 4


def test_group_template_and_name_order():
    assert mg.group_template([("0", {"type": "T"})]) == {
        "heat_template_version": "2015-04-30", "resources": {"0": {"type": "T"}}}
    assert sorted(["10", "2", "x"], key=mg.name_key) == ["2", "10", "x"]


def test_stored_attribute_reads():
    attrs = {"_members": [{"name": "0", "refid": "r0", "attrs": {"a": 1}},
                          {"name": "1", "refid": "r1",
                           "attrs": {"_outputs": {"a": 2}}}],
             "removed_rsrc_list": ["5"], "_group": "g"}
    read = mg.MemberGroup.stored_attribute
    assert read(attrs, "refs") == ["r0", "r1"]
    assert read(attrs, "refs_map") == {"0": "r0", "1": "r1"}
    assert read(attrs, "attributes") == {"a": {"0": 1, "1": 2}}
    assert read(attrs, "resource.1") == "r1"
    assert read(attrs, "resource.0.a") == 1
    assert read(attrs, "a") == [1, 2]
    assert read(attrs, "removed_rsrc_list") == ["5"]
    with pytest.raises(exception.NotFound) as err:
        read(attrs, "resource.7")
    assert str(err.value) == "Member '7' not found in group resource 'g'."


def test_stored_attribute_paths_reach_into_members():
    attrs = {"_members": [{"name": "0", "refid": "r0", "attrs": {"v": {"k": "a"}}},
                          {"name": "1", "refid": "r1", "attrs": {"v": {"k": "b"}}}],
             "removed_rsrc_list": ["5"]}
    read = mg.MemberGroup.stored_attribute_at
    # [g, resource.0, v] is [g, resource.0.v]; a further path goes inside.
    assert read(attrs, "resource.0", ["v"]) == {"k": "a"}
    assert read(attrs, "resource.1.v", ["k"]) == "b"
    assert read(attrs, "resource.1", []) == "r1"
    # attributes and member attributes: the path inside each member's value.
    assert read(attrs, "attributes", ["v", "k"]) == {"0": "a", "1": "b"}
    assert read(attrs, "v", ["k"]) == ["a", "b"]
    # refs is a list like any value; refs_map and removed ignore a path (Heat).
    assert read(attrs, "refs", [1]) == "r1"
    assert read(attrs, "refs_map", ["0"]) == {"0": "r0", "1": "r1"}
    assert read(attrs, "removed_rsrc_list", [0]) == ["5"]
    with pytest.raises(exception.NotFound, match="Member '7' not found"):
        read(attrs, "resource.7", ["v"])


def test_member_bookkeeping_is_not_an_attribute():
    member = {"name": "0", "attrs": {"a": 1, "_members": [], "_group": "inner",
                                     "_outputs": {"o": 2}}}
    assert mg.member_attrs(member) == {"a": 1, "o": 2}
