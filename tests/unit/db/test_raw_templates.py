"""heatlite.db.raw_templates on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import raw_templates, resources, stacks
from tests.unit.db.fixtures import new_stack


def test_round_trip_and_update(db):
    big = {"resources": {"r%d" % i: {"type": "OS::Heat::None"} for i in range(3000)}}
    template_id = raw_templates.create(big, {"f.yaml": "x: ü"}, {"parameters": {}})
    row = raw_templates.get(template_id)
    assert row.template == big
    assert row.files == {"f.yaml": "x: ü"}
    assert row.environment == {"parameters": {}}
    raw_templates.update(template_id, {"environment": {"parameters": {"a": 1}}})
    raw_templates.update(template_id, {"environment": {"parameters": {"a": 1}}})
    assert raw_templates.get(template_id).environment == {"parameters": {"a": 1}}
    assert raw_templates.get(template_id).template == big


def test_missing_template_is_not_found(db):
    template_id = raw_templates.create({}, None, None)
    assert raw_templates.get(template_id).files is None
    raw_templates.delete(template_id)
    with pytest.raises(exception.NotFound) as info:
        raw_templates.get(template_id)
    assert str(info.value) == "raw template with id %s not found" % template_id
    with pytest.raises(exception.NotFound):
        raw_templates.update(template_id, {"files": {}})
    with pytest.raises(exception.NotFound):
        raw_templates.delete(template_id)


def test_update_unknown_column_is_a_bug(db):
    template_id = raw_templates.create({}, {}, {})
    with pytest.raises(ValueError):
        raw_templates.update(template_id, {"tenant": "x"})


def test_only_templates_nothing_refers_to_are_deleted(db):
    stack = new_stack("s1")
    held = raw_templates.create({"held": True}, None, None)
    spare = raw_templates.create({"spare": True}, None, None)
    (row,) = resources.create_many([{"stack_id": stack.id, "name": "r",
                                     "current_template_id": held}])
    gone = raw_templates.delete_unreferenced([stack.raw_template_id, held, spare, None])
    assert gone == 1
    with pytest.raises(exception.NotFound):
        raw_templates.get(spare)
    assert raw_templates.get(held).template == {"held": True}
    assert raw_templates.get(stack.raw_template_id).id == stack.raw_template_id
    assert raw_templates.delete_unreferenced([]) == 0


def test_a_row_s_template_goes_with_the_last_row_referring_to_it(db):
    stack = new_stack("s1")
    old = raw_templates.create({"old": True}, None, None)
    first, second, own = resources.create_many([
        {"stack_id": stack.id, "name": "a", "current_template_id": old},
        {"stack_id": stack.id, "name": "b", "current_template_id": old},
        {"stack_id": stack.id, "name": "c", "current_template_id": stack.raw_template_id}])
    resources.delete(first.id)
    assert raw_templates.get(old).template == {"old": True}
    resources.delete(second.id)
    with pytest.raises(exception.NotFound):
        raw_templates.get(old)
    resources.delete(own.id)
    assert raw_templates.get(stack.raw_template_id).id == stack.raw_template_id


def test_the_template_an_update_leaves_stays_while_the_stack_names_it(db):
    stack = new_stack("s1")
    prev = raw_templates.create({"prev": True}, None, None)
    stacks.update(stack.id, {"prev_raw_template_id": prev})
    assert raw_templates.delete_unreferenced([prev]) == 0
    assert raw_templates.get(prev).template == {"prev": True}
    stacks.update(stack.id, {"prev_raw_template_id": None})
    assert raw_templates.delete_unreferenced([prev]) == 1
