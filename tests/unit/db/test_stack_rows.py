"""Plain one-row stack reads (heatlite.db.stack_rows)."""

from __future__ import annotations

from heatlite.db import stack_rows, stacks
from tests.unit.db import fixtures


def test_get_matches_the_orm_row(db):
    made = fixtures.new_stack("s1", tags=("x",), owner_id=None, timeout=7,
                              outputs=[{"output_key": "k", "output_value": [1]}])
    orm_row = stacks.get(made.id)
    row = stack_rows.get(made.id)
    for name in stack_rows.StackRow.__slots__:
        assert getattr(row, name) == getattr(orm_row, name), name
    assert row.outputs == [{"output_key": "k", "output_value": [1]}]


def test_get_hides_deleted_unless_asked(db):
    made = fixtures.new_stack("s1")
    stacks.soft_delete(made.id)
    assert stack_rows.get(made.id) is None
    assert stack_rows.get(made.id, show_deleted=True).deleted_at is not None
    assert stack_rows.get("missing") is None
