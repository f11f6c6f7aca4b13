"""walk.start: the one path top-level and nested stacks start DELETE and
SUSPEND/RESUME/CHECK through."""

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
