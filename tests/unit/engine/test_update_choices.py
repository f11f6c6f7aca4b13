"""Which rows an update keeps, replaces and cleans up, as Heat decides it."""

from __future__ import annotations

from heatlite.db import resources
from heatlite.db import stacks
from heatlite.engine.rpc.update_service import StackUpdateService
from tests.unit.engine.conftest import hot, wait_idle


def testing(**props):
    return {"type": "OS::Heat::TestResource", "properties": props}


def create(service, ctxt, name, template, env=None):
    ident = service.create_stack(ctxt, name, template, env or {}, None, None)
    wait_idle(service, ident["stack_id"])
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    return ident


def update(service, ctxt, ident, template, env=None, args=None):
    StackUpdateService(service).update_stack(ctxt, ident, template, env or {}, None,
                                             args or {})
    wait_idle(service, ident["stack_id"])
    return stacks.get(ident["stack_id"])


def test_a_failed_replacement_leaves_the_original_to_keep(service, ctxt):
    first = hot({"r": testing(update_replace_value="1")})
    ident = create(service, ctxt, "manual-rollback", first)
    original = resources.get_by_name(ident["stack_id"], "r").physical_resource_id

    failing = hot({"r": testing(update_replace_value="2", fail=True)})
    assert update(service, ctxt, ident, failing).status == "FAILED"
    # The replaced original survives its failed replacement.
    assert len(resources.get_all_by_stack(ident["stack_id"])) == 2

    row = update(service, ctxt, ident, first)
    assert row.status == "COMPLETE", row.status_reason
    rows = resources.get_all_by_stack(ident["stack_id"])
    assert [r.physical_resource_id for r in rows] == [original]


def test_a_failed_update_keeps_what_unupdated_resources_still_need(service, ctxt):
    template = hot({"t1": testing(value="x"),
                    "mid": dict(testing(), depends_on="t1"),
                    "t2": dict(testing(), depends_on="mid")})
    ident = create(service, ctxt, "held", template)
    failing = hot({"t1": testing(value="y", fail=True),
                   "t2": dict(testing(), depends_on="t1")})
    assert update(service, ctxt, ident, failing).status == "FAILED"
    # t2 was never updated, so "mid", which it required, is not deleted.
    assert {r.name for r in resources.get_all_by_stack(ident["stack_id"])} == {
        "t1", "mid", "t2"}

    row = update(service, ctxt, ident, hot({"t1": testing(value="y"),
                                            "t2": dict(testing(), depends_on="t1")}))
    assert row.status == "COMPLETE", row.status_reason
    assert {r.name for r in resources.get_all_by_stack(ident["stack_id"])} == {"t1", "t2"}


def test_restricted_replacement_is_refused_as_a_replacement(service, ctxt):
    ident = create(service, ctxt, "restricted", hot({"bar": testing(value="1")}))
    env = {"resource_registry": {"resources": {
        "bar": {"restricted_actions": ["update", "replace"]}}}}
    # A new value with update_replace: the plugin replaces, so "replace" is refused.
    row = update(service, ctxt, ident,
                 hot({"bar": testing(value="2", update_replace=True)}), env)
    assert row.status == "FAILED"
    assert "replace is restricted for resource." in row.status_reason


def test_patch_after_a_failed_update_reuses_the_stored_template(service, ctxt):
    template = hot({"r": testing(fail={"get_param": "do_fail"})},
                   parameters={"do_fail": {"type": "boolean", "default": False}})
    ident = create(service, ctxt, "patch", hot({}))
    failed = update(service, ctxt, ident, template, {"parameters": {"do_fail": True}})
    assert failed.status == "FAILED"
    row = update(service, ctxt, ident, None, {"parameters": {"do_fail": False}},
                 {"existing": True})
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
