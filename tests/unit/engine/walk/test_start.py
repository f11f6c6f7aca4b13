"""walk.start: the one path top-level and nested stacks start DELETE and
SUSPEND/RESUME/CHECK through."""

import json

from heatlite.db import raw_templates, stacks
from heatlite.engine import status
from heatlite.engine.walk import start
from tests.unit.engine.conftest import hot, wait_idle

TEMPLATE = hot({"r": {"type": "OS::Heat::RandomString"}})


def _created(service, ctxt, name):
    ident = service.create_stack(ctxt, name, TEMPLATE, {}, {}, {})
    wait_idle(service, ident["stack_id"])
    return stacks.get(ident["stack_id"])


def test_stack_action_records_in_progress_and_links_the_operation(service, ctxt):
    row = _created(service, ctxt, "act")
    linked = []
    op = start.stack_action(service.context, row, status.SUSPEND,
                            lambda: stacks.get(row.id), service.stored_plugins,
                            link=linked.append)
    assert linked == [op] and op.action == status.SUSPEND
    wait_idle(service, row.id)
    done = stacks.get(row.id)
    assert (done.action, done.status) == (status.SUSPEND, status.COMPLETE)


def test_delete_runs_before_under_the_lock_then_deletes(service, ctxt):
    row = _created(service, ctxt, "del")
    seen = []
    op = start.delete(service.context, row, lambda: stacks.get(row.id),
                      service.stored_plugins, raw_templates.get,
                      before=lambda fresh, stored: seen.append(fresh.id))
    assert seen == [row.id] and op is not None and op.action == status.DELETE
    wait_idle(service, row.id)
    assert stacks.get(row.id) is None


def test_delete_of_a_stack_gone_meanwhile_starts_nothing(service, ctxt):
    row = _created(service, ctxt, "gone")
    assert start.delete(service.context, row, lambda: None, service.stored_plugins,
                        raw_templates.get) is None
    assert service.threads.get(row.id) is None
    assert stacks.get(row.id).action == status.CREATE


def _nested(policy=None):
    child = json.dumps(hot({"c": {"type": "OS::Heat::RandomString"}}))
    snippet = {"type": "OS::Heat::Stack", "properties": {"template": child}}
    if policy is not None:
        snippet["deletion_policy"] = policy
    return hot({"n": snippet})


def test_delete_takes_each_row_policy_from_its_own_template(service, ctxt):
    # The row was created from a template that retains it; the stack then
    # points at a template without the policy (as a failed update leaves
    # it), the row still at its own: the child stack must be retained.
    ident = service.create_stack(ctxt, "keep", _nested("Retain"), {}, {}, {})
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"])
    res = service.list_stack_resources(ctxt, ident)[0]
    child_id = res["physical_resource_id"]
    newer = raw_templates.create(_nested(), {}, {})
    stacks.update(row.id, {"raw_template_id": newer})
    read = []

    def raw_template(template_id):
        read.append(template_id)
        return raw_templates.get(template_id)

    start.delete(service.context, stacks.get(row.id), lambda: stacks.get(row.id),
                 service.stored_plugins, raw_template)
    wait_idle(service, row.id)
    assert stacks.get(row.id) is None
    assert stacks.get(child_id) is not None
    assert read == [newer, row.raw_template_id]  # the stack's, then the row's, once each
