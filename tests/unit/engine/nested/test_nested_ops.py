"""The nested-stack runner's own state: its raw template cache and ``wait``."""

from __future__ import annotations

import pytest

from heatlite.common import exception
from heatlite.db import raw_templates, stack_rows, stacks
from heatlite.engine.nested.nested_ops import NestedRun
from tests.unit.engine.conftest import hot, wait_idle

LEAF = "heat_template_version: 2018-08-31\n" \
       "resources:\n  v:\n    type: OS::Heat::Value\n    properties: {value: leafy}\n" \
       "outputs:\n  out: {value: {get_attr: [v, value]}}\n"


def test_raw_template_cache_reads_once_and_is_bounded(service, monkeypatch):
    monkeypatch.setattr(service.nested._raw_templates, "size", 2)
    ids = [raw_templates.create({"n": i}, {"f": str(i)}, {}) for i in range(3)]
    first = service.nested.raw_template(ids[0])
    assert (first.template, first.files) == ({"n": 0}, {"f": "0"})
    assert service.nested.raw_template(ids[0]) is first
    service.nested.raw_template(ids[1])
    service.nested.raw_template(ids[2])  # evicts the least recently used: ids[0]
    assert service.nested.raw_template(ids[0]) is not first
    with pytest.raises(exception.NotFound, match="raw template with id"):
        service.nested.raw_template(max(ids) + 100)


def test_wait_returns_the_child_row_with_its_outputs(service, ctxt):
    ident = service.create_stack(ctxt, "p", hot({"leaf": {"type": "leaf.yaml"}}, outputs={
        "o": {"value": {"get_attr": ["leaf", "out"]}},
        "ref": {"value": {"get_resource": "leaf"}}}), {}, {"leaf.yaml": LEAF}, None)
    wait_idle(service, ident["stack_id"])
    (child,) = stack_rows.children(ident["stack_id"])
    row = service.nested.wait(NestedRun(child.id, "CREATE", None))
    assert row.id == child.id and row.outputs[0]["output_value"] == "leafy"
    parent = stacks.get(ident["stack_id"])
    outs = {o["output_key"]: o["output_value"] for o in parent.outputs}
    assert outs["o"] == "leafy"
    assert outs["ref"] == "arn:openstack:heat::tenant-a:stacks/%s/%s" % (child.name, child.id)
    assert service.nested.wait(None) is None
    with pytest.raises(exception.NestedStackFailed):
        service.nested.wait(NestedRun(child.id, "UPDATE", None))
