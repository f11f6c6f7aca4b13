"""ResourceChain: member definitions and their order."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.engine import properties
from heatlite.engine.resource import ResourceContext
from heatlite.engine.resources import resource_chain as rc


def chain(props):
    values = properties.Properties(rc.ResourceChain.PROPERTIES, props).checked()
    return rc.ResourceChain(ResourceContext(
        name="c", stack_name="s", stack_id="i", uuid="5f0c8d2e-0000-4000-8000-000000000001",
        action="CREATE", properties=values))


def test_sequential_and_concurrent():
    seq = chain({"resources": ["A", "B"], "resource_properties": {"x": 1}})
    assert seq.member_definitions() == [
        ("0", {"type": "A", "properties": {"x": 1}}),
        ("1", {"type": "B", "properties": {"x": 1}, "depends_on": ["0"]})]
    con = chain({"resources": ["A", "B"], "concurrent": True})
    assert con.member_definitions() == [("0", {"type": "A"}), ("1", {"type": "B"})]


def test_template_names_refused():
    with pytest.raises(exception.StackValidationFailed, match="not supported"):
        chain({"resources": ["x.yaml"]}).validate()
