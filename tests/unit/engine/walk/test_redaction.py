"""heatlite.engine.walk.redaction: hidden values masked wherever they sit."""

from __future__ import annotations

from heatlite.db import events, raw_templates, resources, stacks
from heatlite.engine import status
from heatlite.engine.walk import redaction
from heatlite.engine.walk.recorder import Recorder
from tests.unit.db.fixtures import new_stack


def test_redact_masks_whole_and_embedded_values():
    props = {"value": "s3cret", "conn": "mysql://u:s3cret@db/x", "n": 4711,
             "list": [{"k": "s3cret"}], "other": "fine", "flag": True}
    assert redaction.redact(props, {"s3cret", "4711"}) == {
        "value": "******", "conn": "mysql://u:******@db/x", "n": "******",
        "list": [{"k": "******"}], "other": "fine", "flag": True}
    assert redaction.redact(props, set()) is props


def test_stack_hidden_values_from_environment_and_defaults(conf):
    stack = new_stack("redact")
    template = {"heat_template_version": "2018-08-31",
                "parameters": {"pw": {"type": "string", "hidden": True},
                               "token": {"type": "string", "hidden": True,
                                         "default": "tok-default"},
                               "user": {"type": "string"}}}
    template_id = raw_templates.create(template, None,
                                       {"parameters": {"pw": "given-pw", "user": "bob"}})
    stacks.update(stack.id, {"raw_template_id": template_id})
    assert redaction.stack_hidden_values(stack.id) == {"given-pw", "tok-default"}


def test_recorder_events_never_hold_a_hidden_value(conf):
    template = {"heat_template_version": "2018-08-31",
                "parameters": {"pw": {"type": "string", "hidden": True}}}
    template_id = raw_templates.create(template, None, {"parameters": {"pw": "given-pw"}})
    stack = new_stack("redact", action=status.CREATE, status=status.IN_PROGRESS)
    stacks.update(stack.id, {"raw_template_id": template_id})
    (row,) = resources.create_many([{"stack_id": stack.id, "name": "r",
                                     "type": "OS::Heat::Value", "action": status.INIT,
                                     "status": status.COMPLETE}])
    rec = Recorder(stack.id, stack.name, 1000, 200)
    rec.resource(row.id, "r", "OS::Heat::Value", (status.INIT, status.COMPLETE),
                 status.CREATE, status.IN_PROGRESS, "state changed", None,
                 {"value": "given-pw"}, {"properties_data": {"value": "given-pw"}})
    rec.resource_event("r", "OS::Heat::Value", (status.CREATE, status.IN_PROGRESS),
                       "signal", None, {"value": "x given-pw"})
    assert sorted(e.resource_properties["value"] for e in events.list(stack.id)) == [
        "******", "x ******"]
    assert resources.get(row.id).properties_data == {"value": "given-pw"}


def test_responses_mask_hidden_parameters_of_environment_and_snapshot():
    template = {"parameters": {"pw": {"type": "string", "hidden": True}, "user": {}}}
    env = {"parameters": {"pw": "given-pw", "user": "bob"}, "resource_registry": {}}
    masked = redaction.masked_environment(env, template)
    assert masked == {"parameters": {"pw": "******", "user": "bob"}, "resource_registry": {}}
    assert env["parameters"]["pw"] == "given-pw"
    data = {"template": template, "environment": env, "resources": {}}
    assert redaction.masked_snapshot_data(data)["environment"] == masked
    assert redaction.masked_environment({"parameters": {}}, template) == {"parameters": {}}
