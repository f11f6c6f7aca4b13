"""heatlite.db.raw_templates on the ``db`` fixture's backend (shared with functional)."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import raw_templates


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
