"""Stored resources resolve through the stored environment in every operation."""

from __future__ import annotations

import json
import types

from heatlite.db import resources
from heatlite.db import stacks
from heatlite.engine.resources.random_string import RandomString
from heatlite.engine.resources.template_resource import TemplateResource
from heatlite.engine.rpc.update_service import StackUpdateService
from heatlite.engine.stack import plugin_lookup
from heatlite.engine.walk import delete as delete_mod
from heatlite.engine.walk.stored_plugins import StoredPlugins
from tests.unit.engine.conftest import hot, wait_idle

ALIAS_ENV = {"resource_registry": {"My::Random": "OS::Heat::RandomString"}}
CHILD = json.dumps(hot({"inner": {"type": "OS::Heat::RandomString"}}))


def raw(environment=None, files=None):
    return types.SimpleNamespace(template={}, environment=environment, files=files)


def test_aliases_provider_templates_and_unknown_types(service):
    plugins = StoredPlugins(service.registry, [
        raw({"resource_registry": {"My::Random": "OS::Heat::RandomString",
                                   "My::Child": "child.yaml"}}, {"child.yaml": CHILD})])
    assert plugins.by_type("My::Random") is RandomString
    assert issubclass(plugins.by_type("My::Child"), TemplateResource)
    unknown = plugins.by_type("My::Nothing")
    assert unknown.__name__ == delete_mod.unknown_type("x").__name__


def test_sources_are_tried_in_order(service):
    first = raw({"resource_registry": {"My::T": "OS::Heat::RandomString"}})
    second = raw({"resource_registry": {"My::T": "OS::Heat::None", "My::U": "OS::Heat::None"}})
    plugins = StoredPlugins(service.registry, [first, second])
    assert plugins.by_type("My::T") is RandomString
    assert plugins.by_type("My::U") is service.registry.get("OS::Heat::None")


def test_provider_templates_share_one_implementation(service):
    plugins = StoredPlugins(service.registry, [raw(
        {"resource_registry": {"A": "a.yaml", "B": "b.yaml"}},
        {"a.yaml": CHILD, "b.yaml": json.dumps(hot({}))})])
    a, b = plugins.by_type("A"), plugins.by_type("B")
    assert a is not b
    assert plugin_lookup.implementation(a) is plugin_lookup.implementation(b)
    assert plugin_lookup.implementation(RandomString) is RandomString


def create(service, ctxt, name, template, env, files=None):
    ident = service.create_stack(ctxt, name, template, env, files, None)
    wait_idle(service, ident["stack_id"])
    assert stacks.get(ident["stack_id"]).status == "COMPLETE"
    return ident


def test_aliased_resources_and_group_members_are_deleted(service, ctxt):
    template = hot({"r": {"type": "My::Random"},
                    "g": {"type": "OS::Heat::ResourceGroup",
                          "properties": {"count": 2, "resource_def": {"type": "My::Random"}}}})
    ident = create(service, ctxt, "alias", template, ALIAS_ENV)
    service.delete_stack(ctxt, ident)
    wait_idle(service, ident["stack_id"])
    row = stacks.get(ident["stack_id"], show_deleted=True)
    assert (row.action, row.status) == ("DELETE", "COMPLETE"), row.status_reason


def update(service, ctxt, ident, template, env, files=None):
    StackUpdateService(service).update_stack(ctxt, ident, template, env, files, {})
    wait_idle(service, ident["stack_id"])
    return stacks.get(ident["stack_id"])


def test_alias_renamed_updates_in_place_and_remapped_replaces(service, ctxt):
    env = {"resource_registry": {"My::Random": "OS::Heat::RandomString",
                                 "My::Other": "OS::Heat::RandomString"}}
    ident = create(service, ctxt, "renamed", hot({"r": {"type": "My::Random"}}), env)
    before = resources.get_by_name(ident["stack_id"], "r")

    row = update(service, ctxt, ident, hot({"r": {"type": "My::Other"}}), env)
    assert row.status == "COMPLETE", row.status_reason
    after = resources.get_by_name(ident["stack_id"], "r")
    assert after.physical_resource_id == before.physical_resource_id
    assert after.type == "My::Other"

    remapped = {"resource_registry": {"My::Other": "OS::Heat::None"}}
    row = update(service, ctxt, ident, hot({"r": {"type": "My::Other"}}), remapped)
    assert row.status == "COMPLETE", row.status_reason
    replaced = resources.get_by_name(ident["stack_id"], "r")
    assert replaced.physical_resource_id != before.physical_resource_id


def test_template_resource_updates_its_stack_with_new_content(service, ctxt):
    env = {"resource_registry": {"My::Child": "child.yaml"}}
    ident = create(service, ctxt, "provider", hot({"c": {"type": "My::Child"}}), env,
                   {"child.yaml": CHILD})
    child_id = resources.get_by_name(ident["stack_id"], "c").physical_resource_id
    two = json.dumps(hot({"inner": {"type": "OS::Heat::RandomString"},
                          "more": {"type": "OS::Heat::RandomString"}}))
    row = update(service, ctxt, ident, hot({"c": {"type": "My::Child"}}), env,
                 {"child.yaml": two})
    assert row.status == "COMPLETE", row.status_reason
    assert resources.get_by_name(ident["stack_id"], "c").physical_resource_id == child_id
    assert {r.name for r in resources.get_all_by_stack(child_id)} == {"inner", "more"}
    assert stacks.get(child_id).action == "UPDATE"
