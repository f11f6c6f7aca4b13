"""Each resource row refers to the raw template it was last written with.

Its type resolves through that template first, so a row an update did not
reach (kept after a failure) still means what it meant, and the template
stays while a row refers to it.
"""

from __future__ import annotations

import types

import pytest

from heatlite.common import exception
from heatlite.db import raw_templates, resources, stacks
from heatlite.engine.resources.random_string import RandomString
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.walk.stored_plugins import StoredPlugins
from tests.unit.engine.conftest import hot, wait_idle

ALIAS_ENV = {"resource_registry": {"My::TestResource": "OS::Heat::TestResource"}}


def chain(fail=False, with_alias=True):
    """test1 <- my_res (an alias) <- test2; without the alias test2 needs test1."""
    res = {"test1": {"type": "OS::Heat::TestResource",
                     "properties": {"value": "foo", "fail": fail}},
           "test2": {"type": "OS::Heat::TestResource",
                     "depends_on": "my_res" if with_alias else "test1"}}
    if with_alias:
        res["my_res"] = {"type": "My::TestResource", "depends_on": "test1"}
    return hot(res)


def create(service, ctxt, name, template, env):
    ident = service.create_stack(ctxt, name, template, env, None, None)
    wait_idle(service, ident["stack_id"])
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    return ident


def update(service, ctxt, ident, template, env, args=None):
    StackUpdateService(service).update_stack(ctxt, ident, template, env, None, args or {})
    wait_idle(service, ident["stack_id"])
    return stacks.get(ident["stack_id"])


def row_templates(stack_id):
    return {row.name: row.current_template_id for row in resources.get_all_by_stack(stack_id)}


def gone(template_id):
    with pytest.raises(exception.NotFound):
        raw_templates.get(template_id)
    return True


def failed_update_dropping_the_alias(service, ctxt, name):
    ident = create(service, ctxt, name, chain(), ALIAS_ENV)
    first = stacks.get(ident["stack_id"]).raw_template_id
    assert set(row_templates(ident["stack_id"]).values()) == {first}
    row = update(service, ctxt, ident, chain(fail=True, with_alias=False), {})
    assert (row.action, row.status) == ("UPDATE", "FAILED")
    return ident, first, row.raw_template_id


def test_delete_after_a_failed_update_that_dropped_an_alias(service, ctxt):
    ident, first, second = failed_update_dropping_the_alias(service, ctxt, "dropped")
    # my_res was not reached: it keeps the template that knows its alias.
    assert row_templates(ident["stack_id"])["my_res"] == first
    assert "My::TestResource" in raw_templates.get(first).environment["resource_registry"]
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"], show_deleted=True)
    assert (row.action, row.status) == ("DELETE", "COMPLETE"), row.status_reason
    assert gone(first)


def test_a_kept_row_s_template_goes_once_the_row_is_cleaned_up(service, ctxt):
    ident, first, second = failed_update_dropping_the_alias(service, ctxt, "kept")
    row = update(service, ctxt, ident, chain(with_alias=False), {})
    assert (row.action, row.status) == ("UPDATE", "COMPLETE"), row.status_reason
    assert set(row_templates(ident["stack_id"])) == {"test1", "test2"}
    assert set(row_templates(ident["stack_id"]).values()) == {row.raw_template_id}
    assert gone(first) and gone(second)


def next_template(first):
    """The id of the raw template stored next after ``first``: ids grow, and
    in these tests only the stack's own operations store templates."""
    return first + 1


def test_a_rollback_brings_rows_back_to_the_old_template(service, ctxt):
    ident = create(service, ctxt, "rolled", chain(), ALIAS_ENV)
    first = stacks.get(ident["stack_id"]).raw_template_id
    new = chain(fail=True)
    new["resources"]["extra"] = {"type": "OS::Heat::TestResource"}
    row = update(service, ctxt, ident, new, ALIAS_ENV, {"disable_rollback": False})
    assert (row.action, row.status) == ("ROLLBACK", "COMPLETE"), row.status_reason
    assert row.raw_template_id == first
    # What the failed update made is gone, and so is its template.
    assert row_templates(ident["stack_id"]) == dict.fromkeys(("test1", "my_res", "test2"), first)
    assert gone(next_template(first))


def test_a_row_s_own_template_comes_before_the_given_ones(service):
    own = types.SimpleNamespace(id=7, template={}, files=None, environment={
        "resource_registry": {"My::T": "OS::Heat::RandomString"}})
    given = types.SimpleNamespace(template={}, files=None, environment={
        "resource_registry": {"My::T": "OS::Heat::None"}})
    loaded = []

    def load(template_id):
        loaded.append(template_id)
        if template_id != own.id:
            raise exception.NotFound(message="raw template with id %s not found"
                                     % template_id)
        return own

    plugins = StoredPlugins(service.registry, [given], load)
    none = service.registry.get("OS::Heat::None")
    assert plugins.by_row(types.SimpleNamespace(
        type="My::T", name="r", current_template_id=7)) is RandomString
    assert plugins.by_row(types.SimpleNamespace(
        type="My::T", name="r", current_template_id=7)) is RandomString
    assert plugins.by_row(types.SimpleNamespace(
        type="My::T", name="r", current_template_id=None)) is none
    assert plugins.by_row(types.SimpleNamespace(
        type="My::T", name="r", current_template_id=8)) is none
    assert loaded == [7, 8]  # each template read once
